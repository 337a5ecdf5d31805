/**
 * `node:crypto`, loaded on first use. A static import costs every run the load of crypto's internal modules (a few
 * milliseconds of a one-file pre-commit run), though only a run with findings (fingerprints) or a PKCS#12 file needs it.
 */
import { createRequire } from "node:module";

type Crypto = typeof import("node:crypto");

// Not named `require`: the bundle declares that name at the top of every chunk.
const load = createRequire(import.meta.url);
let loaded: Crypto | undefined;

export function crypto(): Crypto {
  loaded ??= load("node:crypto") as Crypto;
  return loaded;
}
