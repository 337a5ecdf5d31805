/**
 * Values of a Kubernetes `kind: Secret` manifest, read from the text line by line (manifests are often indented with
 * tabs or otherwise invalid YAML): the base64 `data:` values, decoded and judged, and the plain `stringData:` values.
 * Every value of a Secret is meant to be secret; what is left out is a placeholder, a template, an empty or tiny
 * value, and a word under a key that names no secret (`username: admin`).
 */
import type { Confidence } from "../core/finding.js";
import { isPlaceholder } from "./placeholders.js";
import { isSecretLikeName } from "./secret-names.js";
import { looksRandom } from "./value-shape.js";

export interface SecretManifestValue {
  start: number;
  end: number;
  /** The decoded value (for `data:`) or the plain one (for `stringData:`). */
  value: string;
  confidence: Confidence;
}

const KIND_SECRET = /^[ \t]*kind[ \t]*:[ \t]*["']?secret["']?[ \t]*$/im;
const SECTION = /^([ \t]*)(data|stringData)[ \t]*:[ \t]*$/;
const ENTRY = /^([ \t]*)["']?([\w.-]+)["']?[ \t]*:[ \t]*(.*)$/;

/** A YAML document of the text, as offsets: split at `---` lines. */
function documents(text: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (const m of text.matchAll(/^---[^\n]*$/gm)) {
    out.push([from, m.index ?? 0]);
    from = (m.index ?? 0) + m[0].length;
  }
  out.push([from, text.length]);
  return out;
}

const printable = (s: string): boolean =>
  s.length > 0 && [...s].every((c) => c === "\n" || c === "\t" || (c >= " " && c <= "~"));

/** Judges one value: `data` values are decoded first. Undefined when it is no credential. */
function judge(key: string, raw: string, encoded: boolean): { value: string; confidence: Confidence } | undefined {
  if (raw === "" || /\{\{|\$\{|^ENC\[/.test(raw)) return undefined;
  let value = raw;
  if (encoded) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return undefined;
    const decoded = Buffer.from(raw, "base64").toString("latin1");
    if (!printable(decoded.trim())) {
      // Binary: a random key, when it is long enough not to be a flag.
      return decoded.length >= 16 ? { value: raw, confidence: "medium" } : undefined;
    }
    value = decoded.trim();
  }
  if (isPlaceholder(value)) return undefined;
  // Under a key that names no secret (`region`, `username`), only a pair (`user:password`, a docker config) or a
  // long random-looking value is one.
  if (isSecretLikeName(key) || /^[^:\s]+:\S+$/.test(value) || (value.length >= 16 && looksRandom(value)))
    return { value, confidence: "medium" };
  return undefined;
}

/** The values of every `kind: Secret` document of a text. */
export function secretManifestValues(text: string): SecretManifestValue[] {
  if (!KIND_SECRET.test(text)) return [];
  const out: SecretManifestValue[] = [];
  for (const [from, to] of documents(text)) {
    const doc = text.slice(from, to);
    if (!KIND_SECRET.test(doc)) continue;
    const lines = doc.split("\n");
    let offset = from;
    let section: { indent: number; encoded: boolean } | undefined;
    let block: { key: string; start: number; parts: string[]; indent: number } | undefined;
    const flush = () => {
      if (!block || !section || block.start < 0) {
        block = undefined;
        return;
      }
      const raw = block.parts.join("");
      const found = judge(block.key, raw, section.encoded);
      if (found) out.push({ start: block.start, end: block.start + (block.parts[0]?.length ?? 0), ...found });
      block = undefined;
    };
    for (const line of lines) {
      const width = line.length - line.trimStart().length;
      if (block && line.trim() !== "" && width > block.indent) {
        if (block.start < 0) block.start = offset + width;
        block.parts.push(line.trim());
        offset += line.length + 1;
        continue;
      }
      flush();
      const head = SECTION.exec(line);
      if (head) section = { indent: (head[1] as string).length, encoded: head[2] === "data" };
      else if (section && line.trim() !== "" && !line.trimStart().startsWith("#")) {
        const entry = ENTRY.exec(line);
        if (!entry || (entry[1] as string).length <= section.indent) section = undefined;
        else {
          const key = entry[2] as string;
          const rest = (entry[3] as string).replace(/(?<![ \t])[ \t]+#.*$/, "").trim();
          if (/^[|>][-+]?$/.test(rest)) block = { key, start: -1, parts: [], indent: (entry[1] as string).length };
          else {
            const unquoted = rest.replace(/^(["'])(.*)\1$/, "$2");
            const found = judge(key, unquoted, section.encoded);
            const start = offset + line.indexOf(unquoted, (entry[1] as string).length + key.length);
            if (found && unquoted !== "") out.push({ start, end: start + unquoted.length, ...found });
          }
        }
      }
      offset += line.length + 1;
    }
    flush();
  }
  return out;
}
