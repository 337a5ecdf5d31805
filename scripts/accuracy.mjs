#!/usr/bin/env node
// `npm run accuracy`: scores secretwarden against the labelled corpora in ../shared/corpus (relative to this
// repository's root) and regenerates the generated section of ACCURACY.md.
//
//   1. builds dist/ when a source file is newer than dist/cli/main.js (or dist/ is missing);
//   2. scans ../shared/corpus/iac/cases and ../shared/corpus/secrets/cases with
//      `--min-confidence low --format json --fail-on none --no-config` and scores each report with
//      `node ../shared/corpus/score.mjs <kind> <report> --json`;
//   3. scores the secrets report again at each confidence floor (high only, medium and up, low and up) by leaving out
//      the findings below it, as `--min-confidence` would;
//   4. when secretlint is installed (`secretlint` on PATH, in node_modules/.bin, or the file $SECRETLINT names), runs
//      it with @secretlint/secretlint-rule-preset-recommend over the secrets corpus and scores it the same way;
//   5. prints the tables and writes them between the marker comments of ACCURACY.md; what follows the end marker
//      (the hand-written measurements on real repositories) is kept.
//
// Not part of `npm test` (it takes about a minute). The pure functions below are exported for
// test/scripts/accuracy.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const START_MARKER =
  "<!-- accuracy:generated:start (npm run accuracy rewrites everything up to the end marker) -->";
export const END_MARKER = "<!-- accuracy:generated:end -->";

/** The confidence floors the secrets corpus is scored at, strictest first, with the label the table shows. */
export const FLOORS = [
  { floor: "high", label: "high only" },
  { floor: "medium", label: "medium and high (the default)" },
  { floor: "low", label: "low, medium and high" },
];

const RANK = { low: 0, medium: 1, high: 2 };

/**
 * The findings a scan with `--min-confidence floor` would report: those at or above the floor, and every finding
 * without a confidence (findings of rules that do not detect credentials).
 */
export function atFloor(report, floor) {
  const findings = (report.findings ?? []).filter(
    (f) => f.confidence === undefined || RANK[f.confidence] >= RANK[floor],
  );
  return { ...report, findings };
}

const TOTALS_LINE =
  /^(?:iac|secrets) corpus: recall [^(]*\((\d+)\/(\d+)\), false positives on [^(]*\((\d+)\/(\d+)\)\s*$/;

/**
 * Parses `score.mjs --json` output: an array of rows `{key, positives, detected, recall, negatives, falsePositives,
 * fpRate}`, then score.mjs's own totals line, which must agree with the rows' sums.
 */
export function parseScoreTable(text) {
  const lines = text.trimEnd().split("\n");
  const last = lines[lines.length - 1] ?? "";
  const said = TOTALS_LINE.exec(last);
  const rows = JSON.parse(said ? lines.slice(0, -1).join("\n") : text);
  if (!Array.isArray(rows)) throw new Error("score.mjs --json did not print an array");
  for (const row of rows) {
    for (const field of ["positives", "detected", "negatives", "falsePositives"]) {
      if (typeof row[field] !== "number")
        throw new Error(`score.mjs --json: row ${JSON.stringify(row.key)} has no number ${field}`);
    }
  }
  if (said) {
    const t = totals(rows);
    const [detected, positives, falsePositives, negatives] = said.slice(1).map(Number);
    if (
      t.detected !== detected ||
      t.positives !== positives ||
      t.falsePositives !== falsePositives ||
      t.negatives !== negatives
    ) {
      throw new Error(`score.mjs --json: the rows add up to ${totalsLine(t)}, but it printed "${last}"`);
    }
  }
  return rows;
}

/** Sums of a score table, with the two rates as score.mjs prints them. */
export function totals(rows) {
  const sum = (field) => rows.reduce((n, row) => n + row[field], 0);
  const positives = sum("positives");
  const detected = sum("detected");
  const negatives = sum("negatives");
  const falsePositives = sum("falsePositives");
  return {
    positives,
    detected,
    recall: percent(detected, positives),
    negatives,
    falsePositives,
    fpRate: percent(falsePositives, negatives),
  };
}

export function percent(part, whole) {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : "-";
}

/** `recall 81.6% (1872/2294), false positives on 0.8% of negatives (5/593)`. */
export function totalsLine(t) {
  return `recall ${t.recall} (${t.detected}/${t.positives}), false positives on ${t.fpRate} of negatives (${t.falsePositives}/${t.negatives})`;
}

/** A score table as Markdown, its totals as the last row. */
export function markdownTable(rows, firstColumn) {
  const t = totals(rows);
  return [
    `| ${firstColumn} | positives | detected | recall | negatives | false + | fp rate |`,
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.key} | ${r.positives} | ${r.detected} | ${r.recall} | ${r.negatives} | ${r.falsePositives} | ${r.fpRate} |`,
    ),
    `| **total** | ${t.positives} | ${t.detected} | **${t.recall}** | ${t.negatives} | ${t.falsePositives} | **${t.fpRate}** |`,
  ].join("\n");
}

/**
 * secretlint's `--format json` output (one entry per file: `filePath` and `messages` with `loc.start`) as a report
 * score.mjs reads: every message is a `hardcoded-credential` finding at its line, without a kind (so that a negative
 * scoped to one kind counts any secretlint message as a false positive, as score.mjs does for kindless findings).
 */
export function secretlintReport(results) {
  if (!Array.isArray(results)) throw new Error("secretlint --format json did not print an array");
  const findings = [];
  for (const result of results) {
    for (const message of result.messages ?? []) {
      const line = message.loc?.start?.line ?? message.line;
      if (typeof line !== "number") continue;
      findings.push({
        ruleId: "hardcoded-credential",
        file: String(result.filePath).replace(/\\/g, "/"),
        line,
        message: String(message.ruleId ?? ""),
      });
    }
  }
  return { findings };
}

/**
 * The generated section: the IaC and secrets tables, the secrets totals per confidence floor, and secretlint beside
 * ours (or one line saying it is not installed).
 */
export function generatedSection({ iac, secrets, floors, secretlint }) {
  const ours = totals(secrets);
  const lines = [
    START_MARKER,
    "",
    "## Labelled corpora",
    "",
    "Generated by `npm run accuracy` (`scripts/accuracy.mjs`) from the corpora in `../shared/corpus`: each corpus is",
    "scanned with `--min-confidence low --format json --fail-on none --no-config` and scored with",
    "`node ../shared/corpus/score.mjs <iac|secrets> <report> --json`. Do not edit this section by hand.",
    "",
    `**IaC corpus**: ${totalsLine(totals(iac))}.`,
    "",
    `**Secrets corpus**: ${totalsLine(ours)}.`,
    "",
    "### Secrets corpus by confidence floor",
    "",
    "What `--min-confidence` trades: the same report, leaving out the credential findings below each floor.",
    "",
    "| --min-confidence | reports | recall | false positives |",
    "|---|---|---:|---:|",
    ...floors.map(({ floor, label, rows }) => {
      const t = totals(rows);
      return `| \`${floor}\` | ${label} | ${t.recall} (${t.detected}/${t.positives}) | ${t.fpRate} (${t.falsePositives}/${t.negatives}) |`;
    }),
    "",
    "### Beside secretlint",
    "",
  ];
  if (secretlint.rows) {
    const theirs = totals(secretlint.rows);
    lines.push(
      `secretlint ${secretlint.version} with \`@secretlint/secretlint-rule-preset-recommend\`, over the same secrets corpus, scored the`,
      "same way (each of its messages counts as a credential finding at its line):",
      "",
      "| tool | recall | false positives |",
      "|---|---:|---:|",
      `| secretwarden (\`--min-confidence low\`) | ${ours.recall} (${ours.detected}/${ours.positives}) | ${ours.fpRate} (${ours.falsePositives}/${ours.negatives}) |`,
      `| secretlint (preset-recommend) | ${theirs.recall} (${theirs.detected}/${theirs.positives}) | ${theirs.fpRate} (${theirs.falsePositives}/${theirs.negatives}) |`,
    );
  } else {
    lines.push(`secretlint: ${secretlint.reason}`);
  }
  lines.push(
    "",
    "### IaC corpus by concept and platform",
    "",
    markdownTable(iac, "concept (platform)"),
    "",
    "### Secrets corpus by kind",
    "",
    markdownTable(secrets, "kind"),
    "",
    END_MARKER,
  );
  return lines.join("\n");
}

const NEW_DOCUMENT_HEAD = [
  "# Accuracy",
  "",
  "How often secretwarden finds what it should (recall) and reports what it should not (false positives): on the",
  "labelled corpora (generated below by `npm run accuracy`), and by hand on real repositories (further down).",
  "",
  "",
].join("\n");

const NEW_DOCUMENT_TAIL = [
  "",
  "",
  "## Real repositories",
  "",
  "Written by hand: each repository's commit, every finding at error and warning level classified, and the reason",
  "for each false positive. `npm run accuracy` never changes this section.",
  "",
].join("\n");

/**
 * The document with its generated section replaced: what is before the start marker and after the end marker is
 * kept as written; a document without the markers gets the section appended; no document, a new one.
 */
export function replaceGenerated(document, section) {
  if (document === undefined) return `${NEW_DOCUMENT_HEAD}${section}${NEW_DOCUMENT_TAIL}`;
  const start = document.indexOf(START_MARKER);
  const end = document.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) return `${document.replace(/\s*$/, "")}\n\n${section}\n`;
  return document.slice(0, start) + section + document.slice(end + END_MARKER.length);
}

// ---------------------------------------------------------------------------------------------
// Running (not exercised by the tests)

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = "../shared/corpus";
const CLI = join(ROOT, "dist/cli/main.js");

function fail(message) {
  process.stderr.write(`accuracy: ${message}\n`);
  process.exit(2);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28, ...options });
  if (result.error) fail(`${command} ${args.join(" ")}: ${result.error.message}`);
  return result;
}

/** The newest modification time of the files under a folder (tests and fixtures included: cheap, and conservative). */
function newest(folder) {
  let time = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

function buildIfNeeded() {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newest(join(ROOT, "src"))) return;
  process.stderr.write("accuracy: building (npm run build)\n");
  const built = run("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0) fail("npm run build failed");
}

function score(kind, reportPath) {
  const scored = run(process.execPath, [join(CORPUS, "score.mjs"), kind, reportPath, "--json"]);
  if (scored.status !== 0) fail(`score.mjs ${kind} failed: ${scored.stderr.trim()}`);
  return parseScoreTable(scored.stdout);
}

function scan(kind, reportPath) {
  const scanned = run(process.execPath, [
    CLI,
    join(CORPUS, kind, "cases"),
    "--min-confidence",
    "low",
    "--format",
    "json",
    "--fail-on",
    "none",
    "--no-config",
    "--output",
    reportPath,
  ]);
  if (scanned.status !== 0)
    fail(`secretwarden over ${CORPUS}/${kind}/cases exited ${scanned.status}: ${scanned.stderr.trim()}`);
  return JSON.parse(readFileSync(reportPath, "utf8"));
}

/** secretlint's executable: $SECRETLINT, then this project's node_modules/.bin, then PATH. */
function findSecretlint() {
  const candidates = [
    process.env.SECRETLINT,
    join(ROOT, "node_modules/.bin/secretlint"),
    ...(process.env.PATH ?? "")
      .split(delimiter)
      .filter(Boolean)
      .map((folder) => join(folder, "secretlint")),
  ];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

function runSecretlint(scratch) {
  const secretlint = findSecretlint();
  if (!secretlint) {
    return {
      reason:
        "not installed (no `secretlint` on PATH, in node_modules/.bin or at $SECRETLINT), so its figures are not shown.",
    };
  }
  const version = run(secretlint, ["--version"]).stdout.trim() || "(unknown version)";
  const output = join(scratch, "secretlint.json");
  const cases = resolve(ROOT, CORPUS, "secrets/cases");
  const rc = JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] });
  // With --output, secretlint exits 0 even when it finds something; 2 is its fatal error.
  const linted = run(
    secretlint,
    ["--format", "json", "--output", output, "--secretlintrcJSON", rc, "--maskSecrets", "**/*"],
    { cwd: cases },
  );
  if (linted.status !== 0 || !existsSync(output)) {
    return {
      reason: `installed at ${secretlint} but failed (exit ${linted.status}: ${(linted.stderr || linted.stdout).trim().split("\n")[0]}), so its figures are not shown.`,
    };
  }
  const reportPath = join(scratch, "secretlint-report.json");
  writeFileSync(reportPath, JSON.stringify(secretlintReport(JSON.parse(readFileSync(output, "utf8")))));
  return { version, rows: score("secrets", reportPath) };
}

function main() {
  if (!existsSync(resolve(ROOT, CORPUS, "score.mjs"))) {
    fail(
      `the labelled corpora are not at ${CORPUS} (${resolve(ROOT, CORPUS)}): check out the shared corpus beside this repository, so that ${CORPUS}/score.mjs exists`,
    );
  }
  buildIfNeeded();
  const scratch = mkdtempSync(join(tmpdir(), "secretwarden-accuracy-"));
  try {
    const iacReport = join(scratch, "iac.json");
    scan("iac", iacReport);
    const iac = score("iac", iacReport);
    const secretsReport = join(scratch, "secrets.json");
    const report = scan("secrets", secretsReport);
    const secrets = score("secrets", secretsReport);
    const floors = FLOORS.map(({ floor, label }) => {
      const path = join(scratch, `secrets-${floor}.json`);
      writeFileSync(path, JSON.stringify(atFloor(report, floor)));
      return { floor, label, rows: score("secrets", path) };
    });
    const secretlint = runSecretlint(scratch);
    const section = generatedSection({ iac, secrets, floors, secretlint });
    process.stdout.write(
      `${section
        .split("\n")
        .filter((line) => !line.startsWith("<!--"))
        .join("\n")
        .trim()}\n`,
    );
    const documentPath = join(ROOT, "ACCURACY.md");
    const before = existsSync(documentPath) ? readFileSync(documentPath, "utf8") : undefined;
    const after = replaceGenerated(before, section);
    if (after !== before) writeFileSync(documentPath, after);
    process.stderr.write(
      `accuracy: ${after === before ? "ACCURACY.md unchanged" : `wrote ${relative(process.cwd(), documentPath) || "ACCURACY.md"}`}\n`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
