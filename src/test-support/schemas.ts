/** Validators for what secretwarden writes: the SARIF 2.1.0 schema and our own JSON report schema. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvDraft04 from "ajv-draft-04";
import type { ErrorObject } from "ajv";

const require = createRequire(import.meta.url);

function readJson(relativeToThisFile: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(relativeToThisFile, import.meta.url), "utf8")) as Record<string, unknown>;
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("\n");
}

// ajv-draft-04 is CommonJS with `exports.default`; depending on the loader's interop the default
// import is either the class or the module object that holds it.
type Ajv04Class = typeof ajvDraft04.default;
const Ajv04: Ajv04Class = typeof ajvDraft04 === "function" ? (ajvDraft04 as unknown as Ajv04Class) : ajvDraft04.default;

/**
 * The SARIF schema uses `uri`, `uri-reference` and `date-time`. Ajv ignores unknown formats when
 * strict is off, which would let an unencoded space through, so these are checked here (RFC 3986
 * characters and well-formed percent escapes only).
 */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
export const sarifValidator = (() => {
  // unicodeRegExp: false because the published schema's language pattern
  // "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" has a stray "]" that the `u` flag rejects.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri-reference", URI_REFERENCE);
  ajv.addFormat("uri", (value: string) => URI_REFERENCE.test(value) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value));
  ajv.addFormat("date-time", (value: string) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)));
  return ajv.compile(
    JSON.parse(
      readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
    ) as Record<string, unknown>,
  );
})();

export const reportValidator = new Ajv2020({ allErrors: true, strict: true }).compile(
  readJson("../reporters/report.schema.json"),
);
