#!/usr/bin/env node
// Pre-commit latency: one CloudFormation file through the whole CLI, against a bare `node -e 0`, as medians of
// whole processes. Also lists which packages a one-file run loads, since lazy loading is what keeps it cheap.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 21);
const dir = mkdtempSync(join(tmpdir(), "secretwarden-bench-"));
const template = join(dir, "stack.yaml");
writeFileSync(
  template,
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n`,
);

function median(args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: "ignore" });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const bare = median(["-e", "0"]);
const one = median([cli, "--fail-on", "none", template]);
console.log(`node -e 0                 ${bare.toFixed(1)} ms`);
console.log(`secretwarden one file     ${one.toFixed(1)} ms  (${(one / bare).toFixed(2)}x; target <= 2.5x)`);

// Which packages does a one-file YAML run load? Lazy loading means: yaml, and nothing else of node_modules.
const traced = spawnSync(
  process.execPath,
  ["--import", fileURLToPath(new URL("./trace-register.mjs", import.meta.url)), cli, "--fail-on", "none", template],
  { encoding: "utf8" },
);
const urls = [...new Set(traced.stderr.split("\n").filter((l) => l.startsWith("loaded file:")).map((l) => l.slice(7)))];
const packages = new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter(Boolean));
const own = urls.filter((u) => !u.includes("/node_modules/")).length;
console.log(`modules loaded: ${urls.length} (${own} of secretwarden's own); packages: ${[...packages].join(", ") || "none"}`);
