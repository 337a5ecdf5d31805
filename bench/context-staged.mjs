#!/usr/bin/env node
// Pre-commit latency with context (issue 15): a one-file `--staged` run in a generated repository of infrastructure
// files (bench/context-repo.mjs), against `node -e 0` and the listing of the repository, measured by hyperfine in one
// run so that the machine's load weighs on all alike.
//
//   npm run build && node bench/context-staged.mjs [--files 1000] [--runs 15] [--dir /tmp/secretwarden-context-bench]
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateContextRepo } from "./context-repo.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const files = Number(option("--files", "1000"));
const runs = option("--runs", "15");
const dir = option("--dir", "/tmp/secretwarden-context-bench");
const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (spawnSync("hyperfine", ["--version"]).status !== 0) {
  console.error("hyperfine is not installed");
  process.exit(2);
}

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
// [label, command, prepare]: the file is staged alone before each timed run (git's own time is not counted).
const commands = [
  ["node -e 0", "node -e 0", "git reset -q"],
  ["git ls-files --stage -z (listing)", "git ls-files --stage -z", "git reset -q"],
];
for (const [label, file] of cases) {
  commands.push([
    `staged, ${label}`,
    `node ${cli} --staged --fail-on none --no-progress`,
    `git reset -q && git add ${file}`,
  ]);
  commands.push([
    `staged --no-context, ${label}`,
    `node ${cli} --staged --no-context --fail-on none --no-progress`,
    `git reset -q && git add ${file}`,
  ]);
}
const exported = join(dir, "..", "secretwarden-context-bench.json");
const hyperfine = spawnSync(
  "hyperfine",
  [
    "--warmup",
    "2",
    "--runs",
    runs,
    "--shell",
    "bash",
    "--export-json",
    exported,
    ...commands.flatMap(([label, , prepare]) => [`--command-name=${label}`, `--prepare=${prepare}`]),
    ...commands.map(([, command]) => command),
  ],
  { cwd: dir, stdio: "inherit" },
);
if (hyperfine.status !== 0) process.exit(hyperfine.status ?? 2);
const results = JSON.parse(readFileSync(exported, "utf8")).results;
const base = results[0].median;
for (const r of results)
  console.log(
    `${r.command.padEnd(52)} median ${(r.median * 1000).toFixed(0)} ms  ${(r.median / base).toFixed(2)}× node -e 0`,
  );
