#!/usr/bin/env node
// Differential test for refactorings that must not change what is found (issue 17): scans examples/, test/fixtures/
// and both labelled corpora in ../shared/corpus (relative to the repository root) with the built CLI, and writes or
// compares a normalised report.
//
//   node scripts/differential.mjs write   /tmp/<you>-before.json   # from the code before the change
//   node scripts/differential.mjs compare /tmp/<you>-before.json   # after it; exit 1 on a difference that counts
//   node scripts/differential.mjs compare /tmp/<you>-before.json --jobs 1   # the same with `--jobs 1` (or any N)
//
// Normalised: per target, the findings in report order, each with ruleId, file, line, column, endLine, endColumn,
// fingerprint, severity, resource, kind and message. `compare` fails on any difference in order, count or a field
// other than `message`; a different message fails too unless the finding is a Terraform one (a .tf or .tf.json file,
// or a plan), whose wording may now be Terraform's: those are listed, not failed. A corpus that is absent is skipped
// with a message. Keep snapshots out of git (they hold paths of this machine's corpora). Needs `npm run build` first.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TARGETS = [
  { name: "examples", path: "examples" },
  { name: "fixtures", path: "test/fixtures" },
  { name: "corpus-iac", path: "../shared/corpus/iac/cases" },
  { name: "corpus-secrets", path: "../shared/corpus/secrets/cases" },
];
const FIELDS = [
  "ruleId",
  "file",
  "line",
  "column",
  "endLine",
  "endColumn",
  "fingerprint",
  "severity",
  "resource",
  "kind",
];

function scan(target) {
  const dir = mkdtempSync(join(tmpdir(), "differential-"));
  const output = join(dir, "report.json");
  try {
    const run = spawnSync(
      process.execPath,
      [
        join(root, "dist/cli/main.js"),
        target.path,
        "--format",
        "json",
        "--output",
        output,
        "--fail-on",
        "none",
        "--min-confidence",
        "low",
        "--no-config",
        "--no-progress",
        ...(jobs !== undefined ? ["--jobs", jobs] : []),
      ],
      { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 },
    );
    if (run.status !== 0) throw new Error(`scan of ${target.path} exited ${run.status}: ${run.stderr}`);
    const report = JSON.parse(readFileSync(output, "utf8"));
    return report.findings.map((finding) => {
      const normalised = {};
      for (const field of [...FIELDS, "message"]) if (finding[field] !== undefined) normalised[field] = finding[field];
      return normalised;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function snapshot() {
  const result = {};
  for (const target of TARGETS) {
    if (!existsSync(join(root, target.path))) {
      console.log(`skipped ${target.name}: ${target.path} is absent`);
      continue;
    }
    result[target.name] = scan(target);
    console.log(`${target.name}: ${result[target.name].length} findings`);
  }
  return result;
}

const isTerraform = (file) => /\.tf(\.json)?$/.test(file) || /(^|\/)[^/]*plan[^/]*\.json$/i.test(file);

function compare(before, after) {
  let failures = 0;
  const wording = [];
  for (const [name, old] of Object.entries(before)) {
    const now = after[name];
    if (now === undefined) {
      console.log(`skipped ${name}: absent now`);
      continue;
    }
    if (old.length !== now.length) {
      console.log(`${name}: ${old.length} findings before, ${now.length} now`);
      failures++;
    }
    for (let i = 0; i < Math.min(old.length, now.length); i++) {
      const a = old[i];
      const b = now[i];
      const fields = FIELDS.filter((field) => a[field] !== b[field]);
      if (fields.length > 0) {
        console.log(
          `${name} #${i}: ${fields.map((f) => `${f} ${JSON.stringify(a[f])} -> ${JSON.stringify(b[f])}`).join(", ")}`,
        );
        failures++;
      } else if (a.message !== b.message) {
        if (isTerraform(a.file)) wording.push({ name, a, b });
        else {
          console.log(`${name} #${i} ${a.ruleId} ${a.file}:${a.line}: message\n  - ${a.message}\n  + ${b.message}`);
          failures++;
        }
      }
    }
  }
  for (const { name, a, b } of wording) {
    console.log(`terraform wording ${name} ${a.ruleId} ${a.file}:${a.line}\n  - ${a.message}\n  + ${b.message}`);
  }
  console.log(`${failures} difference(s) that count, ${wording.length} Terraform message(s) reworded`);
  return failures === 0;
}

const [mode, file, jobsFlag, jobs] = process.argv.slice(2);
if (!["write", "compare"].includes(mode) || !file || (jobsFlag !== undefined && (jobsFlag !== "--jobs" || !jobs))) {
  console.error("usage: differential.mjs write|compare SNAPSHOT.json [--jobs N]");
  process.exit(2);
}
if (!existsSync(join(root, "dist/cli/main.js"))) {
  console.error("dist/cli/main.js is missing: run `npm run build` first");
  process.exit(2);
}
const current = snapshot();
if (mode === "write") {
  writeFileSync(file, JSON.stringify(current));
  console.log(`wrote ${file}`);
} else {
  process.exit(compare(JSON.parse(readFileSync(file, "utf8")), current) ? 0 : 1);
}
