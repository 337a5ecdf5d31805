#!/usr/bin/env node
// Pre-commit latency: one CloudFormation file through the whole CLI, against a bare `node -e 0`, as medians of
// whole processes. Also lists which packages a one-file run loads, since lazy loading is what keeps it cheap, and
// where the CPU time of that run goes (a `--cpu-prof` profile, self time by module).
//
//   node bench/startup.mjs            (bench/run.mjs calls `latency()` as its first section)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLI, fmtMs, measure } from "./lib.mjs";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n`;

export function latency({ runs = 21, log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "secretwarden-bench-"));
  const template = join(dir, "stack.yaml");
  writeFileSync(template, TEMPLATE);

  // A JavaScript file with a credential in it: what a commit of application code costs. A plain assignment file is
  // read by the light reader (src/parsers/source/javascript-light.ts); TypeScript's parser loads only for the others.
  const script = join(dir, "app.js");
  writeFileSync(script, `const password = "${["Xk9mQ2", "vL7pR4wZt8"].join("")}";\nmodule.exports = { password };\n`);

  const bare = measure(process.execPath, ["-e", "0"], { runs, warmup: 3 }).median;
  // Run from the file's folder with its name, as a pre-commit hook runs from the repository root: a path outside the
  // current directory's repository would also read that repository as the file's context (issue 15).
  const one = measure(process.execPath, [CLI, "--fail-on", "none", "stack.yaml"], { runs, warmup: 3, cwd: dir }).median;
  const js = measure(process.execPath, [CLI, "--fail-on", "none", "app.js"], { runs, warmup: 3, cwd: dir }).median;
  log(`node -e 0                 ${fmtMs(bare)}`);
  log(`secretwarden one file     ${fmtMs(one)}  (${(one / bare).toFixed(2)}x; target <= 2.5x)`);
  log(`one JavaScript file       ${fmtMs(js)}  (${(js / bare).toFixed(2)}x; target <= 3.5x)`);

  // Which packages does a one-file run load? Lazy loading means: none of node_modules (no TypeScript for app.js).
  const { urls, own, packages } = loadedModules(dir, "stack.yaml");
  log(`modules loaded: ${urls.length} (${own} of secretwarden's own); packages: ${[...packages].join(", ") || "none"}`);
  const javascript = loadedModules(dir, "app.js");
  log(
    `JavaScript file, modules loaded: ${javascript.urls.length} (${javascript.own} own); packages: ${[...javascript.packages].join(", ") || "none"}`,
  );

  const profile = cpuProfile(dir);
  log(`CPU profile of the one-file run (self time, ${fmtMs(profile.totalMs)} sampled):`);
  for (const [bucket, ms] of profile.top)
    log(`  ${bucket.padEnd(44)} ${fmtMs(ms).padStart(8)}  ${((ms / profile.totalMs) * 100).toFixed(0).padStart(3)}%`);
  return {
    bareMs: bare,
    oneFileMs: one,
    ratio: one / bare,
    oneJavascriptFileMs: js,
    javascriptRatio: js / bare,
    javascriptPackages: [...javascript.packages],
    modules: urls.length,
    ownModules: own,
    packages: [...packages],
    profile: profile.top,
  };
}

/** The modules a one-file run over `name` loads (`trace-register.mjs`): all, secretwarden's own, packages. */
function loadedModules(dir, name) {
  const traced = spawnSync(
    process.execPath,
    ["--import", fileURLToPath(new URL("./trace-register.mjs", import.meta.url)), CLI, "--fail-on", "none", name],
    { encoding: "utf8", cwd: dir },
  );
  const urls = [
    ...new Set(
      traced.stderr
        .split("\n")
        .filter((l) => l.startsWith("loaded file:"))
        .map((l) => l.slice(7)),
    ),
  ];
  const packages = new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter(Boolean));
  return { urls, own: urls.filter((u) => !u.includes("/node_modules/")).length, packages };
}

/** Self time of a `--cpu-prof` run, grouped: secretwarden's modules by file, packages by name, Node's own code. */
function cpuProfile(dir) {
  const profDir = join(dir, "prof");
  const args = ["--cpu-prof", "--cpu-prof-dir", profDir, "--cpu-prof-interval", "100", CLI, "--fail-on", "none"];
  // The first run fills the compile cache for these Node options (src/cli/compile-cache.ts); the second is profiled.
  spawnSync(process.execPath, [...args, "stack.yaml"], { cwd: dir });
  rmSync(profDir, { recursive: true, force: true });
  spawnSync(process.execPath, [...args, "stack.yaml"], { cwd: dir });
  const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) return { totalMs: 0, top: [] };
  const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(join(profDir, file), "utf8"));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const buckets = new Map();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    const ms = (timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const { url, functionName } = node.callFrame;
    let bucket;
    if (!url)
      bucket =
        functionName === "(idle)"
          ? "(idle: waiting for I/O)"
          : functionName === "(garbage collector)"
            ? "(garbage collector)"
            : `(V8/native: ${functionName || "anonymous"})`;
    else if (url.startsWith("node:"))
      bucket = /loader|modules/.test(url) ? "node: module loader" : "node: other internals";
    else if (url.includes("/node_modules/")) bucket = `package ${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]}`;
    else bucket = `secretwarden ${url.replace(/^.*\/dist\//, "")}`;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
  }
  const top = [...buckets].sort((a, b) => b[1] - a[1]).slice(0, 10);
  return { totalMs: total, top };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) latency({ runs: Number(process.env.BENCH_RUNS ?? 21) });
