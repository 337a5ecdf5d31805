// Preloaded by bench/startup.mjs: reports every module a run loads, ESM through a loader hook and CommonJS
// (packages loaded with createRequire) through Module._load, one `loaded <url>` line each on stderr.
import Module, { register } from "node:module";
import { pathToFileURL } from "node:url";

register("./trace-hooks.mjs", import.meta.url);
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try {
    process.stderr.write(`loaded ${pathToFileURL(Module._resolveFilename(request, parent, isMain)).href}\n`);
  } catch {
    // built-in modules and unresolvable requests are not interesting here
  }
  // biome-ignore lint/complexity/noArguments: a require hook passes every argument on, whatever Node gives
  return load.apply(this, arguments);
};
