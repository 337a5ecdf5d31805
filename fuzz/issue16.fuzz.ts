// The issue-16 families (see issue16.ts): FUZZ_RUNS cases per family of broken files and prototype names (default
// 100,000), a share of them for the big-input families; seed FUZZ_SEED. Every case is judged, not only up to the first
// failure, so that the counts of lost findings, leaks, runs over budget and crashes are printed for BENCHMARKS.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ISSUE16_FAMILIES, judge, type PlantedCase, type Verdict } from "./issue16.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() : Number(process.env.FUZZ_SEED);
/** Only the families whose name contains this text (e.g. FUZZ_FAMILY=broken). */
const ONLY = process.env.FUZZ_FAMILY;
/**
 * Where every failing case is written, whole, to be replayed without fast-check: `<dir>/<family>-s<seed>-<n>.<ext>` (the
 * file as generated) and `<same>.meta.json` beside it (path, planted lines, verdict). Default /tmp/fuzz-lost; `FUZZ_SAVE=` off.
 */
const SAVE = process.env.FUZZ_SAVE ?? "/tmp/fuzz-lost";

function save(family: string, index: number, input: PlantedCase, verdict: Verdict): string | undefined {
  if (SAVE === "") return undefined;
  mkdirSync(SAVE, { recursive: true });
  const slug = family.replace(/[^a-zA-Z0-9]+/g, "-").toLowerCase();
  const base = join(SAVE, `${slug}-s${SEED}-${index}`);
  const ext = input.path.slice(input.path.lastIndexOf("."));
  writeFileSync(`${base}${ext}`, input.text);
  writeFileSync(
    `${base}.meta.json`,
    JSON.stringify({ family, seed: SEED, index, path: input.path, planted: input.planted, verdict }, null, 2),
  );
  return `${base}${ext}`;
}

describe(`fuzz, issue 16 families: ${RUNS} cases per parser family, seed ${SEED}`, () => {
  for (const [name, family] of Object.entries(ISSUE16_FAMILIES)) {
    if (ONLY !== undefined && !name.includes(ONLY)) continue;
    const runs = Math.max(family.min, Math.round(RUNS * family.weight));
    it(`${name} (${runs} cases)`, async () => {
      const counts = { cases: 0, lost: 0, leaked: 0, overBudget: 0, crashed: 0, slowestMs: 0, slowestCpuMs: 0 };
      const examples: { kind: string; input: PlantedCase; verdict: Verdict }[] = [];
      const started = performance.now();
      for (const input of fc.sample(family.arbitrary, { numRuns: runs, seed: SEED })) {
        const verdict = await judge(input);
        const index = counts.cases;
        counts.cases++;
        counts.slowestMs = Math.max(counts.slowestMs, Math.round(verdict.ms));
        counts.slowestCpuMs = Math.max(counts.slowestCpuMs, Math.round(verdict.cpuMs));
        const anyFailed =
          verdict.lost.length + verdict.leaked.length > 0 || verdict.overBudget || verdict.crashed !== undefined;
        if (anyFailed) save(name, index, input, verdict);
        for (const kind of ["lost", "leaked", "overBudget", "crashed"] as const) {
          const failed = kind === "lost" || kind === "leaked" ? verdict[kind].length > 0 : Boolean(verdict[kind]);
          if (!failed) continue;
          counts[kind]++;
          if (examples.filter((e) => e.kind === kind).length < 2) examples.push({ kind, input, verdict });
        }
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`[issue16] ${name}: ${JSON.stringify(counts)} in ${seconds} s (seed ${SEED})`);
      for (const e of examples)
        console.log(
          `[issue16]   ${e.kind}: ${e.input.path} ${JSON.stringify(e.verdict.lost.concat(e.verdict.leaked))} ${e.verdict.crashed ?? ""}\n${e.input.text.slice(0, 600)}`,
        );
      expect({
        lost: counts.lost,
        leaked: counts.leaked,
        overBudget: counts.overBudget,
        crashed: counts.crashed,
      }).toEqual({ lost: 0, leaked: 0, overBudget: 0, crashed: 0 });
    });
  }
});
