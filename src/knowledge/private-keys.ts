/**
 * Private keys in text, in every container the secret scanners know: PEM blocks (PKCS#1 `RSA`, `EC`, `DSA`, PKCS#8
 * `PRIVATE KEY` and `ENCRYPTED PRIVATE KEY`, `OPENSSH`), PGP armour (`PGP PRIVATE KEY BLOCK`), PuTTY key files
 * (`PuTTY-User-Key-File-2/3`), and a raw secp256k1 key written as `0x` and 64 hex digits. A block may be written
 * inside a string: with `\n` escapes (JSON, YAML double quotes) or cut into concatenated string pieces.
 *
 * A key encrypted under a passphrase (`ENCRYPTED`, `Proc-Type: 4,ENCRYPTED`, an OpenSSH cipher other than `none`,
 * a PuTTY `Encryption` other than `none`) is reported with `medium` confidence: it is a key, but useless without a
 * passphrase that is not in the text.
 */
import type { CredentialMatch } from "./credential-detector.js";
import { isPlaceholder } from "./placeholders.js";

/**
 * `-----BEGIN <label>PRIVATE KEY-----` (or `PRIVATE KEY BLOCK` for PGP), its body, up to the matching END line, the
 * next `-----` or the end of the text. The label is at most four upper-case words.
 */
const PEM =
  /-----BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY( BLOCK)?-----([\s\S]*?)(?:-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----|(?=-----)|$)/g;

/**
 * One line of a block written in code: the quotes, `+`, `,`, `;`, parentheses and `\` line continuations around a
 * piece of a concatenated string (`"MIIE...\n" +`) are not part of the key.
 */
const unquoted = (line: string): string => line.replace(/^[\s"'`+,;()\\]+|[\s"'`+,;()\\]+$/g, "");

/** Lines of a block: `\n` escapes (a key inside a JSON or YAML string) are line breaks too. */
const blockLines = (raw: string): string[] =>
  raw
    .replace(/\\r\\n|\\n|\\r/g, "\n")
    .split(/\r?\n|\r/)
    .map(unquoted)
    .filter((line) => line !== "");

const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

interface PemBody {
  body: string;
  encrypted: boolean;
}

/**
 * The base64 body of a PEM block, or undefined when there is none: `...`, `<your key here>` and an empty block are
 * placeholders. Armour headers (`Proc-Type:`, `DEK-Info:`, PGP's `Version:`, `Comment:`) and PGP's `=XXXX` checksum
 * line are not part of it.
 */
function pemBody(raw: string): PemBody | undefined {
  let encrypted = false;
  const lines = blockLines(raw).filter((line) => {
    if (!/^[A-Za-z][A-Za-z0-9-]*:\s/.test(line)) return true;
    if (/^Proc-Type:\s*4,\s*ENCRYPTED/i.test(line)) encrypted = true;
    return false;
  });
  if (lines.length > 1 && /^=[A-Za-z0-9+/]{4}$/.test(lines[lines.length - 1] as string)) lines.pop();
  const body = lines.join("");
  if (!BASE64_BODY.test(body) || isPlaceholder(body)) return undefined;
  return { body, encrypted };
}

/** An OpenSSH key (`openssh-key-v1`) says its cipher in clear: `none` when the key is not encrypted. */
function isEncryptedOpenSsh(body: string): boolean {
  const bytes = Buffer.from(body, "base64");
  const magic = "openssh-key-v1\0";
  if (bytes.toString("latin1", 0, magic.length) !== magic || bytes.length < magic.length + 4) return false;
  const length = bytes.readUInt32BE(magic.length);
  return bytes.toString("latin1", magic.length + 4, magic.length + 4 + length) !== "none";
}

function pemBlocks(text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  for (const match of text.matchAll(PEM)) {
    const label = match[1] ?? "";
    const found = pemBody(match[3] ?? "");
    if (found === undefined) continue;
    const start = match.index ?? 0;
    const pgp = label.startsWith("PGP");
    const encrypted =
      found.encrypted || label.includes("ENCRYPTED") || (label.startsWith("OPENSSH") && isEncryptedOpenSsh(found.body));
    const description = encrypted ? "encrypted private key" : pgp ? "PGP private key" : "private key";
    out.push({
      start,
      end: start + match[0].length,
      value: found.body,
      description,
      ...(encrypted ? { confidence: "medium" as const } : {}),
    });
  }
  return out;
}

/** How far after its first line a PuTTY key file's `Private-MAC` may be: a 16384-bit RSA key fits. */
const PUTTY_WINDOW = 16_000;
const PUTTY = /PuTTY-User-Key-File-[23]:/g;

/**
 * A PuTTY key file (`.ppk`, versions 2 and 3): headers, `Public-Lines: n` and the public key, `Private-Lines: m`
 * and the private key, then `Private-MAC: <hex>`. The match runs from the first line to the MAC.
 */
function puttyKeys(text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  for (const match of text.matchAll(PUTTY)) {
    const start = match.index ?? 0;
    const window = text.slice(start, start + PUTTY_WINDOW);
    const mac = /Private-MAC:[ \t]*[0-9a-fA-F]{40,128}/.exec(window);
    if (!mac) continue;
    const lines = blockLines(window.slice(0, mac.index));
    const encryption = lines.map((line) => /^Encryption:\s*(\S+)/.exec(line)?.[1]).find((v) => v !== undefined);
    const header = lines.findIndex((line) => /^Private-Lines:\s*\d+$/.test(line));
    if (header < 0 || encryption === undefined) continue;
    const count = Number(/(?<!\d)\d+$/.exec(lines[header] as string)?.[0]);
    const body = lines.slice(header + 1, header + 1 + count).join("");
    if (count === 0 || !BASE64_BODY.test(body) || isPlaceholder(body)) continue;
    const encrypted = encryption.toLowerCase() !== "none";
    out.push({
      start,
      end: start + mac.index + mac[0].length,
      value: body,
      description: encrypted ? "encrypted PuTTY private key" : "PuTTY private key",
      ...(encrypted ? { confidence: "medium" as const } : {}),
    });
  }
  return out;
}

/** The order of the secp256k1 group: a private key is a number from 1 to n - 1. */
const SECP256K1_ORDER = BigInt("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
const SECP256K1 = /(?<![A-Za-z0-9_])0x([0-9a-fA-F]{64})(?![A-Za-z0-9_])/g;
/** A name or a word just before the value that says it is a key (`PRIVATE_KEY=0x...`, `privKey: "0x...`). */
const KEY_WORD_BEFORE =
  /(?:priv(?:ate)?[_\s.-]?key|secret|wallet|signer|mnemonic|deployer)[\w"']{0,20}\s*(?:=|:|=>|\()\s*["'`]?$/i;

/**
 * A secp256k1 private key (Ethereum, Bitcoin) as `0x` and 64 hex digits within the curve's order. A 32-byte hash
 * (a transaction hash, a `bytes32` constant) looks the same: `low` confidence, `medium` when a key word names it.
 */
function secp256k1Keys(text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  for (const match of text.matchAll(SECP256K1)) {
    const hex = match[1] as string;
    const value = BigInt(`0x${hex}`);
    if (value === 0n || value >= SECP256K1_ORDER || /(.)\1{7}/.test(hex)) continue;
    const start = match.index ?? 0;
    const named = KEY_WORD_BEFORE.test(text.slice(Math.max(0, start - 60), start));
    out.push({
      start,
      end: start + match[0].length,
      value: hex,
      description: "secp256k1 private key",
      confidence: named ? "medium" : "low",
    });
  }
  return out;
}

/** Every private key in the text, in text order (the caller drops overlaps). */
export function findPrivateKeys(text: string): CredentialMatch[] {
  return [...pemBlocks(text), ...puttyKeys(text), ...secp256k1Keys(text)].sort((a, b) => a.start - b.start);
}
