#!/usr/bin/env node
// Pre-commit latency with context (issue 15): a one-file `--staged` run in a generated repository of infrastructure
// files (bench/context-repo.mjs), against `node -e 0` and the listing of the repository, in interleaved rounds so that
// the machine's load weighs on all alike.
//
//   npm run build && node bench/context-staged.mjs [--files 1000] [--runs 15] [--dir /tmp/secretwarden-context-bench]
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateContextRepo } from "./context-repo.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const files = Number(option("--files", "1000"));
const runs = Number(option("--runs", "15"));
const dir = option("--dir", "/tmp/secretwarden-context-bench");
const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

rmSync(dir, { recursive: true, force: true });
generateContextRepo(dir, { files });
const git = (...rest) =>
  execFileSync("git", ["-c", "user.name=b", "-c", "user.email=b@example.com", "-c", "commit.gpgsign=false", ...rest], {
    cwd: dir,
    encoding: "utf8",
  });
git("init", "-q");
git("add", "-A");
git("commit", "-qm", "generated");

// The file staged: one that names nothing of the kind, a CloudFormation secret, a Terraform secret (its module is read).
const cases = [
  ["queue (names no secret)", "services/service-number-00042/infrastructure/queue.yaml"],
  ["CloudFormation secret", "services/service-number-00042/infrastructure/secret.yaml"],
  ["Terraform secret", "services/service-number-00042/infrastructure/terraform/secret.tf"],
];
for (const [, file] of cases) {
  if (!existsSync(join(dir, file))) throw new Error(`${file} was not generated: use --files 500 or more`);
  appendFileSync(join(dir, file), "# edited\n");
}
// V8's code cache (src/cli/compile-cache.ts) in a folder of the bench's own, filled by the warm-up rounds: what every
// pre-commit run after the first meets. The rows "no compile cache" are a run without it (the first run of a Node
// version or a release, or SECRETWARDEN_DISABLE_COMPILE_CACHE).
const cache = `${dir}-compile-cache`;
rmSync(cache, { recursive: true, force: true });
const cached = { ...process.env, SECRETWARDEN_COMPILE_CACHE: cache };
const uncached = { ...process.env, SECRETWARDEN_DISABLE_COMPILE_CACHE: "1" };
// [label, command, staged file, environment]: the file is staged alone before each timed run (git's own time is not
// counted).
const commands = [
  ["node -e 0", [process.execPath, "-e", "0"]],
  ["git ls-files --stage -z (listing)", ["git", "ls-files", "--stage", "-z"]],
];
for (const [label, file] of cases) {
  const staged = [process.execPath, cli, "--staged", "--fail-on", "none", "--no-progress"];
  commands.push([`staged, ${label}`, staged, file, cached]);
  commands.push([`staged --no-context, ${label}`, [...staged, "--no-context"], file, cached]);
  commands.push([`staged, no compile cache, ${label}`, staged, file, uncached]);
}

// Interleaved rounds, each command once per round (starting one further each round), not one command's runs in a
// block: a machine whose load drifts then weighs on all alike, and each run is compared with the `node -e 0` of its own
// round.
const warmup = 2;
const times = commands.map(() => []);
const ratios = commands.map(() => []);
for (let round = 0; round < warmup + runs; round++) {
  const wall = [];
  for (let k = 0; k < commands.length; k++) {
    const index = (round + k) % commands.length;
    const [label, [command, ...rest], staged, env] = commands[index];
    git("reset", "-q");
    if (staged) git("add", staged);
    const started = process.hrtime.bigint();
    const run = spawnSync(command, rest, { cwd: dir, stdio: "ignore", env });
    wall[index] = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`${label} exited with ${run.status}`);
  }
  if (round < warmup) continue;
  for (const [index, ms] of wall.entries()) {
    times[index].push(ms);
    ratios[index].push(ms / wall[0]);
  }
}
git("reset", "-q");
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)];
console.log(
  `${runs} interleaved rounds after ${warmup} of warm-up; ratio: the median of each run's to its round's node -e 0`,
);
for (const [index, [label]] of commands.entries())
  console.log(
    `${label.padEnd(60)} median ${quantile(times[index], 0.5).toFixed(0).padStart(4)} ms` +
      `  p25 ${quantile(times[index], 0.25).toFixed(0).padStart(4)} ms  ${quantile(ratios[index], 0.5).toFixed(2)}× node -e 0`,
  );
