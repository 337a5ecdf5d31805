import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseSchedule } from "./schedule.js";
import { cpuNow } from "../test-support/cpu-now.js";

describe("parseSchedule: rate()", () => {
  it.each([
    ["rate(30 days)", 30],
    ["rate(1 day)", 1],
    ["rate(90 days)", 90],
    ["rate(4 hours)", 4 / 24],
    ["rate(12 hours)", 0.5],
    ["rate(1 hour)", 1 / 24],
    ["rate(1 minute)", 1 / 1440],
    ["rate(2 DAYS)", 2],
    ["  rate( 45 days )  ", 45],
  ])("%s is %d days", (expression, days) => {
    expect(parseSchedule(expression)).toEqual({ kind: "rate", maxGapDays: days });
  });

  it.each([
    ["rate(0 days)", "rate value 0 is not a positive whole number"],
    ["rate(-1 days)", "rate value -1 is not a positive whole number"],
    ["rate(1.5 days)", "rate value 1.5 is not a positive whole number"],
    ["rate(2 weeks)", "rate unit weeks is not one of minutes, hours, days"],
    ["rate(days)", "a rate expression is rate(value unit), e.g. rate(30 days)"],
    ["rate()", "a rate expression is rate(value unit), e.g. rate(30 days)"],
    ["rate(30 days", "expected rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)"],
  ])("%s is invalid: %s", (expression, reason) => {
    expect(parseSchedule(expression)).toEqual({ kind: "invalid", reason });
  });
});

describe("parseSchedule: cron()", () => {
  it.each([
    // Monthly on the 1st: January to February is 31 days.
    ["cron(0 0 1 * ? *)", 31],
    // Quarterly: 1 July to 1 October, and 1 October to 1 January, are 92 days.
    ["cron(0 0 1 1/3 ? *)", 92],
    ["cron(0 0 1 */2 ? *)", 62],
    // 1 July to 1 January is 184 days, 1 January to 1 July 181 or 182: the longer gap counts.
    ["cron(0 0 1 1,7 ? *)", 184],
    ["cron(0 0 1 JAN-MAR ? *)", 306],
    // A range that wraps past December, as in Quartz: February to November, in a leap year.
    ["cron(0 0 1 NOV-FEB ? *)", 274],
    // The 31st exists in 7 months only: 31 March to 31 May is 61 days.
    ["cron(0 0 31 * ? *)", 61],
    ["cron(0 0 1/10 * ? *)", 10],
    ["cron(0 8 ? * MON *)", 7],
    ["cron(0 8 ? * mon *)", 7],
    ["cron(0 8 ? * 2 *)", 7],
    ["cron(0 0 ? * MON-FRI *)", 3],
    ["cron(0 0 ? * 2,4,6 *)", 3],
    // A weekday range that wraps past Saturday: FRI, SAT, SUN, MON.
    ["cron(0 0 ? * FRI-MON *)", 4],
    ["cron(0 0 ? * 1/3 *)", 3],
    // L alone in Day-of-week is Saturday.
    ["cron(0 0 ? * L *)", 7],
    // Last day of the month: 31 July to 31 August.
    ["cron(0 0 L * ? *)", 31],
    // Last weekday: Friday 28 June 2024 (the 30th is a Sunday) to Wednesday 31 July 2024.
    ["cron(0 0 LW * ? *)", 33],
    // Weekday nearest the 15th: a Friday 14th to a 15th that is a weekday, 32 days later.
    ["cron(0 0 15W * ? *)", 32],
    // First Monday: 5 weeks when the next month starts on a Tuesday.
    ["cron(0 0 ? * 2#1 *)", 35],
    ["cron(0 0 ? * MON#1,MON#3 *)", 21],
    ["cron(0 0 ? * 5L *)", 35],
    ["cron(0 0 ? * THUL *)", 35],
    ["cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *)", 98],
    // 29 February: every 4 years in the 28-year cycle (2100 is outside it).
    ["cron(0 0 29 2 ? *)", 1461],
    // The fifth Sunday of February needs a leap year starting February on a Sunday: once in 28 years.
    ["cron(0 0 ? 2 1#5 *)", 10227],
    ["cron(0 */4 * * ? *)", 4 / 24],
    ["cron(0 0,12 * * ? *)", 0.5],
    ["cron(0 4/12 * * ? *)", 0.5],
    // Hours 22, 23, 0, 1 and 2: 20 hours from 02:00 to 22:00.
    ["cron(0 22-2 * * ? *)", 20 / 24],
    ["cron(30 0 * * ? *)", 1],
    ["cron(0,30 * * * ? *)", 30 / 1440],
    // Two firings a day on the 1st only: 23:00 on 1 July to 00:00 on 1 September is 62 days less 23 hours.
    ["cron(0 0,23 1 */2 ? *)", 62 - 23 / 24],
  ])("%s: at most %d days between firings", (expression, days) => {
    expect(parseSchedule(expression)).toEqual({ kind: "cron", maxGapDays: days });
  });

  it.each([
    ["cron(0 0 1 * ? 2025-2027)", 31, 2027],
    ["cron(0 0 1 1 ? 2025,2030)", 1826, 2030],
    // Across 2100, which is not a leap year: 29 February 2096 to 29 February 2104.
    ["cron(0 0 29 2 ? 2096-2104)", 2921, 2104],
    // Every fifth year from 2025 to 2195: 1 January 2040 to 1 January 2045 holds two 29 Februaries.
    ["cron(0 0 1 1 ? 2025/5)", 1827, 2195],
    // Two firings on one day, then none: the time after the last firing is not counted.
    ["cron(0 0,12 1 1 ? 2030)", 0.5, 2030],
  ])("%s: at most %d days between firings, the last in %d", (expression, days, lastYear) => {
    expect(parseSchedule(expression)).toEqual({ kind: "cron", maxGapDays: days, lastYear });
  });

  it.each([
    ["cron(0 0 30 2 ? *)", 0, "the expression never fires"],
    ["cron(0 0 31 4 ? *)", 0, "the expression never fires"],
    ["cron(0 0 1 1 ? 2030)", 1, "the expression fires only once"],
  ])("%s fires %d times: no interval", (expression, firings, reason) => {
    expect(parseSchedule(expression)).toEqual({ kind: "sparse", firings, reason });
  });

  it.each([
    [
      "cron(0 0 1 * *)",
      "a cron expression has 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), this one has 5",
    ],
    [
      "cron(0 0 1 * ? * *)",
      "a cron expression has 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), this one has 7",
    ],
    ["cron(0 0 1 * * *)", "one of Day-of-month and Day-of-week must be ?"],
    ["cron(0 0 1 * MON *)", "one of Day-of-month and Day-of-week must be ?"],
    ["cron(0 0 ? * ? *)", "Day-of-month and Day-of-week cannot both be ?"],
    ["cron(? 0 1 * ? *)", "? is allowed only in Day-of-month and Day-of-week, not in Minutes"],
    ["cron(60 0 * * ? *)", "Minutes value 60 is out of range 0-59"],
    ["cron(0 24 * * ? *)", "Hours value 24 is out of range 0-23"],
    ["cron(0 0 32 * ? *)", "Day-of-month value 32 is out of range 1-31"],
    ["cron(0 0 0 * ? *)", "Day-of-month value 0 is out of range 1-31"],
    ["cron(0 0 1 13 ? *)", "Month value 13 is out of range 1-12"],
    ["cron(0 0 1 FOO ? *)", "Month value FOO is not valid (1-12 or JAN-DEC)"],
    ["cron(0 0 ? * 0 *)", "Day-of-week value 0 is out of range 1-7"],
    ["cron(0 0 ? * 8 *)", "Day-of-week value 8 is out of range 1-7"],
    ["cron(0 0 ? * MONDAY *)", "Day-of-week value MONDAY is not valid (1-7 or SUN-SAT)"],
    ["cron(0 0 1 * ? 1969)", "Year value 1969 is out of range 1970-2199"],
    ["cron(0 0 1 * ? 2030-2025)", "Year range 2030-2025 ends before it starts"],
    ["cron(0 */0 * * ? *)", "Hours step /0 is not a whole number from 1 to 24"],
    ["cron(0 0 1/x * ? *)", "Day-of-month step /x is not a whole number from 1 to 31"],
    ["cron(0 0 1,,2 * ? *)", "Day-of-month value (empty) is not valid"],
    ["cron(0 0 -1 * ? *)", "Day-of-month value -1 is not valid"],
    ["cron(0 0 ? * 2#6 *)", "Day-of-week item 2#6: the number after # must be 1 to 5"],
    ["cron(0 0 1#2 * ? *)", "Day-of-month item 1#2 is not valid (L, LW and 15W are; # belongs to Day-of-week)"],
    ["cron(0 0 L-3 * ? *)", "Day-of-month item L-3 is not valid (L, LW and 15W are; # belongs to Day-of-week)"],
    ["cron(0 0 32W * ? *)", "Day-of-month value 32 is out of range 1-31"],
    ["every 30 days", "expected rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)"],
    ["", "expected rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)"],
    ["at(2025-01-01T00:00:00)", "expected rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)"],
  ])("%s is invalid: %s", (expression, reason) => {
    expect(parseSchedule(expression)).toEqual({ kind: "invalid", reason });
  });

  it("reads an expression in a few milliseconds at most", () => {
    const started = cpuNow();
    for (const expression of ["cron(* * * * ? *)", "cron(0 0 ? * MON-FRI *)", "cron(0 0 * * ? 1970-2199)"])
      parseSchedule(expression);
    expect(cpuNow() - started).toBeLessThan(200);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties, against a brute-force reading that shares no code with parseSchedule.

interface SimpleCron {
  minutes: number[];
  hours: number[];
  /** Days of the month, or undefined for `?`. */
  dom?: number[];
  /** Weekdays 1 = Sunday ... 7 = Saturday, or undefined for `?`. */
  dow?: number[];
  /** Months, or undefined for `*`. */
  months?: number[];
  /** First and last year, or undefined for `*`. */
  years?: [number, number];
}

const list = (min: number, max: number, size: number) =>
  fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: size });

const simpleCron: fc.Arbitrary<SimpleCron> = fc
  .record({
    minutes: list(0, 59, 2),
    hours: list(0, 23, 3),
    days: fc.oneof(fc.record({ dom: list(1, 31, 3) }), fc.record({ dow: list(1, 7, 3) })),
    months: fc.option(list(1, 12, 4), { nil: undefined }),
    years: fc.option(fc.tuple(fc.integer({ min: 2020, max: 2040 }), fc.integer({ min: 0, max: 4 })), {
      nil: undefined,
    }),
  })
  .map(({ minutes, hours, days, months, years }) => ({
    minutes,
    hours,
    ...days,
    ...(months ? { months } : {}),
    ...(years ? { years: [years[0], years[0] + years[1]] as [number, number] } : {}),
  }));

const text = (c: SimpleCron) =>
  `cron(${c.minutes.join(",")} ${c.hours.join(",")} ${c.dom?.join(",") ?? "?"} ${c.months?.join(",") ?? "*"} ${c.dow?.join(",") ?? "?"} ${c.years ? c.years.join("-") : "*"})`;

/**
 * Every firing, as minutes since 1970, day by day through `Date`. A `*` year is simulated for two 28-year cycles
 * (2025 to 2080), and only gaps that start in the first cycle are counted: the second cycle repeats the first.
 */
function bruteForceMaxGap(c: SimpleCron): number | undefined {
  const [fromYear, toYear] = c.years ?? [2025, 2080];
  const cycleEnd = Date.UTC(2053, 0, 1) / 60_000;
  const firings: number[] = [];
  for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(toYear + 1, 0, 1); t += 86_400_000) {
    const day = new Date(t);
    if (c.months && !c.months.includes(day.getUTCMonth() + 1)) continue;
    if (c.dom && !c.dom.includes(day.getUTCDate())) continue;
    if (c.dow && !c.dow.includes(day.getUTCDay() + 1)) continue;
    for (let hour = 0; hour < 24; hour++) {
      if (!c.hours.includes(hour)) continue;
      for (let minute = 0; minute < 60; minute++)
        if (c.minutes.includes(minute)) firings.push(t / 60_000 + hour * 60 + minute);
    }
  }
  let max: number | undefined;
  for (let i = 1; i < firings.length; i++) {
    const from = firings[i - 1] as number;
    if (c.years || from < cycleEnd) max = Math.max(max ?? 0, (firings[i] as number) - from);
  }
  return max === undefined ? undefined : max / 1440;
}

describe("parseSchedule: properties", () => {
  it("agrees with a brute-force simulation of every firing", () => {
    fc.assert(
      fc.property(simpleCron, (c) => {
        const reading = parseSchedule(text(c));
        const expected = bruteForceMaxGap(c);
        if (expected === undefined) expect(reading.kind).toBe("sparse");
        else expect(reading.kind === "cron" ? reading.maxGapDays : reading).toBeCloseTo(expected, 9);
      }),
      { numRuns: 60 },
    );
  });

  it("never finds a longer gap when a list field of a yearly repeating cron gets one more value", () => {
    const field = fc.constantFrom("minutes", "hours", "days", "months");
    fc.assert(
      fc.property(simpleCron, field, fc.integer({ min: 0, max: 59 }), (c, which, extra) => {
        const before = parseSchedule(text(c));
        fc.pre(before.kind === "cron" && c.years === undefined);
        const more: SimpleCron = { ...c };
        if (which === "minutes") more.minutes = [...new Set([...c.minutes, extra])];
        else if (which === "hours") more.hours = [...new Set([...c.hours, extra % 24])];
        else if (which === "months") more.months = c.months ? [...new Set([...c.months, (extra % 12) + 1])] : undefined;
        else if (c.dom) more.dom = [...new Set([...c.dom, (extra % 31) + 1])];
        else more.dow = [...new Set([...(c.dow ?? []), (extra % 7) + 1])];
        const after = parseSchedule(text(more));
        expect(after.kind).toBe("cron");
        if (before.kind === "cron" && after.kind === "cron")
          expect(after.maxGapDays).toBeLessThanOrEqual(before.maxGapDays);
      }),
      { numRuns: 200 },
    );
  });
});
