// Module hooks for bench/startup.mjs: prints every module URL as it is loaded, one per line, on stderr.
export async function load(url, context, nextLoad) {
  process.stderr.write(`loaded ${url}\n`);
  return nextLoad(url, context);
}
