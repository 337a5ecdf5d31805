/** The parsing and formatting of `npm run accuracy` (scripts/accuracy.mjs), on tiny invented reports; nothing is run. */
import { describe, expect, it } from "vitest";
import {
  atFloor,
  END_MARKER,
  FLOORS,
  generatedSection,
  markdownTable,
  parseScoreTable,
  replaceGenerated,
  secretlintReport,
  START_MARKER,
  totals,
  totalsLine,
  type ScoreRow,
} from "../../scripts/accuracy.mjs";

const row = (
  key: string,
  positives: number,
  detected: number,
  negatives: number,
  falsePositives: number,
): ScoreRow => ({
  key,
  positives,
  detected,
  recall: positives ? `${((100 * detected) / positives).toFixed(1)}%` : "-",
  negatives,
  falsePositives,
  fpRate: negatives ? `${((100 * falsePositives) / negatives).toFixed(1)}%` : "-",
});

const SECRETS = [row("jwt", 4, 3, 2, 0), row("npm-token", 2, 2, 1, 1)];
const IAC = [row("kms-key-rotation-disabled (terraform)", 3, 3, 2, 0)];

describe("parseScoreTable", () => {
  it("reads score.mjs --json: the rows, then its totals line, which must agree with them", () => {
    const text = `${JSON.stringify(SECRETS, null, 2)}\nsecrets corpus: recall 83.3% (5/6), false positives on 33.3% of negatives (1/3)\n`;
    expect(parseScoreTable(text)).toEqual(SECRETS);
    expect(parseScoreTable(JSON.stringify(SECRETS))).toEqual(SECRETS);
  });

  it("refuses totals that do not add up, and rows without counts", () => {
    const wrong = `${JSON.stringify(SECRETS)}\nsecrets corpus: recall 100.0% (6/6), false positives on 33.3% of negatives (1/3)\n`;
    expect(() => parseScoreTable(wrong)).toThrow(
      'score.mjs --json: the rows add up to recall 83.3% (5/6), false positives on 33.3% of negatives (1/3), but it printed "secrets corpus: recall 100.0% (6/6), false positives on 33.3% of negatives (1/3)"',
    );
    expect(() => parseScoreTable('[{"key": "jwt", "positives": "4"}]')).toThrow(
      'score.mjs --json: row "jwt" has no number positives',
    );
  });
});

describe("totals", () => {
  it("sums the rows and prints them as score.mjs does", () => {
    expect(totals(SECRETS)).toEqual({
      positives: 6,
      detected: 5,
      recall: "83.3%",
      negatives: 3,
      falsePositives: 1,
      fpRate: "33.3%",
    });
    expect(totalsLine(totals(SECRETS))).toBe("recall 83.3% (5/6), false positives on 33.3% of negatives (1/3)");
    expect(totals([])).toEqual({
      positives: 0,
      detected: 0,
      recall: "-",
      negatives: 0,
      falsePositives: 0,
      fpRate: "-",
    });
  });

  it("writes a Markdown table with the totals as its last row", () => {
    expect(markdownTable(SECRETS, "kind")).toBe(
      [
        "| kind | positives | detected | recall | negatives | false + | fp rate |",
        "|---|---:|---:|---:|---:|---:|---:|",
        "| jwt | 4 | 3 | 75.0% | 2 | 0 | 0.0% |",
        "| npm-token | 2 | 2 | 100.0% | 1 | 1 | 100.0% |",
        "| **total** | 6 | 5 | **83.3%** | 3 | 1 | **33.3%** |",
      ].join("\n"),
    );
  });
});

describe("atFloor", () => {
  const report = {
    schemaVersion: 1,
    findings: [
      { ruleId: "hardcoded-credential", file: "a.env", line: 1, confidence: "low" as const },
      { ruleId: "hardcoded-credential", file: "a.env", line: 2, confidence: "medium" as const },
      { ruleId: "hardcoded-credential", file: "b.sh", line: 1, confidence: "high" as const },
      { ruleId: "secret-without-rotation", file: "c.yaml", line: 3 },
    ],
  };
  const lines = (floor: "high" | "medium" | "low") => atFloor(report, floor).findings.map((f) => `${f.file}:${f.line}`);

  it("keeps the findings at or above the floor and every finding without a confidence, as --min-confidence does", () => {
    expect(FLOORS.map((f) => f.floor)).toEqual(["high", "medium", "low"]);
    expect(lines("high")).toEqual(["b.sh:1", "c.yaml:3"]);
    expect(lines("medium")).toEqual(["a.env:2", "b.sh:1", "c.yaml:3"]);
    expect(lines("low")).toEqual(["a.env:1", "a.env:2", "b.sh:1", "c.yaml:3"]);
    expect(atFloor(report, "high").schemaVersion).toBe(1);
  });
});

describe("secretlintReport", () => {
  it("turns each secretlint message into a kindless credential finding at its line", () => {
    const results = [
      {
        filePath: "/corpus/cases/a.env",
        messages: [{ ruleId: "@secretlint/secretlint-rule-npm", loc: { start: { line: 2, column: 7 } } }],
      },
      {
        filePath: "C:\\corpus\\cases\\b.txt",
        messages: [{ ruleId: "@secretlint/secretlint-rule-basicauth", line: 5 }, { ruleId: "no-location" }],
      },
      { filePath: "/corpus/cases/c.txt", messages: [] },
    ];
    expect(secretlintReport(results)).toEqual({
      findings: [
        {
          ruleId: "hardcoded-credential",
          file: "/corpus/cases/a.env",
          line: 2,
          message: "@secretlint/secretlint-rule-npm",
        },
        {
          ruleId: "hardcoded-credential",
          file: "C:/corpus/cases/b.txt",
          line: 5,
          message: "@secretlint/secretlint-rule-basicauth",
        },
      ],
    });
    expect(() => secretlintReport({ results: [] })).toThrow("secretlint --format json did not print an array");
  });
});

describe("generatedSection and replaceGenerated", () => {
  const floors = [
    { floor: "high" as const, label: "high only", rows: [row("jwt", 4, 1, 2, 0), row("npm-token", 2, 2, 1, 0)] },
    { floor: "medium" as const, label: "medium and high (the default)", rows: SECRETS },
    { floor: "low" as const, label: "low, medium and high", rows: SECRETS },
  ];

  it("holds the totals, the floors, secretlint beside ours and both tables, between the markers", () => {
    const section = generatedSection({
      iac: IAC,
      secrets: SECRETS,
      floors,
      secretlint: { version: "9.9.9", rows: [row("jwt", 4, 1, 2, 1), row("npm-token", 2, 0, 1, 0)] },
    });
    expect(section.startsWith(`${START_MARKER}\n`)).toBe(true);
    expect(section.endsWith(`\n${END_MARKER}`)).toBe(true);
    expect(section).toContain("**IaC corpus**: recall 100.0% (3/3), false positives on 0.0% of negatives (0/2).");
    expect(section).toContain("**Secrets corpus**: recall 83.3% (5/6), false positives on 33.3% of negatives (1/3).");
    expect(section).toContain(
      "| `high` | high only | 50.0% (3/6) | 0.0% (0/3) |\n| `medium` | medium and high (the default) | 83.3% (5/6) | 33.3% (1/3) |",
    );
    expect(section).toContain(
      "| secretwarden (`--min-confidence low`) | 83.3% (5/6) | 33.3% (1/3) |\n| secretlint (preset-recommend) | 16.7% (1/6) | 33.3% (1/3) |",
    );
    expect(section).toContain("secretlint 9.9.9 with `@secretlint/secretlint-rule-preset-recommend`");
    expect(section).toContain(markdownTable(IAC, "concept (platform)"));
    expect(section).toContain(markdownTable(SECRETS, "kind"));
  });

  it("says in one line that secretlint is not installed", () => {
    const section = generatedSection({ iac: IAC, secrets: SECRETS, floors, secretlint: { reason: "not installed." } });
    expect(section).toContain("\nsecretlint: not installed.\n");
    expect(section).not.toContain("| secretlint (preset-recommend)");
  });

  it("replaces only what is between the markers, keeping the hand-written parts before and after", () => {
    const document = `# Accuracy\n\nIntro by hand.\n\n${START_MARKER}\nold tables\n${END_MARKER}\n\n## Real repositories\n\n| repo | commit |\n`;
    expect(replaceGenerated(document, `${START_MARKER}\nnew\n${END_MARKER}`)).toBe(
      `# Accuracy\n\nIntro by hand.\n\n${START_MARKER}\nnew\n${END_MARKER}\n\n## Real repositories\n\n| repo | commit |\n`,
    );
  });

  it("appends the section to a document without markers, and writes a new document with a hand-written part", () => {
    const section = `${START_MARKER}\nnew\n${END_MARKER}`;
    expect(replaceGenerated("# Notes\n\nkept\n\n", section)).toBe(`# Notes\n\nkept\n\n${section}\n`);
    const created = replaceGenerated(undefined, section);
    expect(created.startsWith("# Accuracy\n")).toBe(true);
    expect(created).toContain(`\n${section}\n\n## Real repositories\n`);
    // Regenerating a new document changes nothing.
    expect(replaceGenerated(created, section)).toBe(created);
  });
});
