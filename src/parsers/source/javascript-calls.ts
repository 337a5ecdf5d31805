/**
 * What a JavaScript or TypeScript call says about its string arguments, shared by the reader over TypeScript's tree
 * (`javascript.ts`) and the light reader (`javascript-light.ts`). Kept apart from both so that the light reader's chunk
 * never pulls in the `typescript` package.
 */
import type { LiteralBinding } from "../../model/entities.js";
import { secretValueWrapper } from "./secret-values.js";

/** A file that reads a secret from Secrets Manager: its fetches need TypeScript's tree (`javascript-fetches.ts`). */
export const JS_FETCH_HINT = /GetSecretValueCommand|getSecretValue\s*\(/;

/** A setter whose argument is the secret: `setPassword("...")`, `withApiKey("...")`, `client.setAuthToken("...")`. */
const SETTER = /^(?:set|with)(?=[A-Z_])/;

/** A first argument that names the second: `setProperty("DB_PASSWORD", "...")`, `headers.set("x-api-key", "...")`. */
const ARGUMENT_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * The named literals of one call, given its callee's name (`nameOf`), its callee as written, and the string content of
 * its first two arguments (undefined where an argument is no string). `add` is the reader's own, with its node type.
 */
export function callLiterals<S extends { value: string }>(
  callee: string | undefined,
  calleeText: string,
  argumentCount: number,
  first: S | undefined,
  second: S | undefined,
  add: (name: string | undefined, binding: LiteralBinding, found: S | undefined) => void,
): void {
  const wrapper = secretValueWrapper(calleeText);
  if (wrapper) {
    add(wrapper, "secret-value", first);
    return;
  }
  if (callee && SETTER.test(callee)) add(callee, "argument", first);
  if (first && argumentCount === 2 && ARGUMENT_NAME.test(first.value)) add(first.value, "argument", second);
}
