/**
 * AWS schedule expressions, as Secrets Manager rotation (and EventBridge) reads them: `rate(...)` and the six-field
 * `cron(...)` dialect. Platform-neutral knowledge: CloudFormation's `ScheduleExpression` and Terraform's
 * `schedule_expression` are the same string.
 *
 * `parseSchedule` answers one question: the longest time between two consecutive firings. For `cron(...)` it does
 * not reason about the fields symbolically; it lists the days the expression fires on and the times of day it fires
 * at, which is exact and cheap: about a millisecond for the 28-year cycle of a `*` year, a few for a year range of
 * two centuries.
 */

export type ScheduleReading =
  | {
      kind: "rate";
      /** The interval, in days (fractional for hours and minutes: `rate(12 hours)` is 0.5). */
      maxGapDays: number;
    }
  | {
      kind: "cron";
      /** The longest time between two consecutive firings, in days (fractional when the gap is not whole days). */
      maxGapDays: number;
      /** Set when the year field ends: the last year the expression fires in. The gap after it is not counted. */
      lastYear?: number;
    }
  | {
      /** Reads, but fires fewer than two times in all, so there is no interval to measure (e.g. 30 February). */
      kind: "sparse";
      firings: 0 | 1;
      reason: string;
    }
  | {
      kind: "invalid";
      /** Why, in a phrase without a final period, e.g. `Hours value 24 is out of range 0-23`. */
      reason: string;
    };

const MINUTES_PER_DAY = 1440;

/** Reads `rate(...)` or `cron(...)` and computes the longest interval between two firings. */
export function parseSchedule(expression: string): ScheduleReading {
  const text = expression.trim();
  const match = /^(rate|cron)\s*\((.*)\)$/is.exec(text);
  if (!match) return invalid("expected rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)");
  const body = (match[2] ?? "").trim();
  return match[1]?.toLowerCase() === "rate" ? parseRate(body) : parseCron(body);
}

const invalid = (reason: string): ScheduleReading => ({ kind: "invalid", reason });

// ---------------------------------------------------------------------------------------------------------------
// rate(value unit)

const RATE_UNITS: Record<string, number> = { minute: 1 / MINUTES_PER_DAY, hour: 1 / 24, day: 1 };

function parseRate(body: string): ScheduleReading {
  const parts = body.split(/\s+/);
  if (parts.length !== 2 || parts[0] === "")
    return invalid("a rate expression is rate(value unit), e.g. rate(30 days)");
  const [value, unit] = parts as [string, string];
  if (!/^\d+$/.test(value) || Number(value) === 0) return invalid(`rate value ${value} is not a positive whole number`);
  // Own keys only: `rate(900 __proto__)` and `rate(1 constructors)` are unreadable, not Object.prototype members.
  const unitKey = unit.toLowerCase().replace(/s$/, "");
  const factor = Object.hasOwn(RATE_UNITS, unitKey) ? RATE_UNITS[unitKey] : undefined;
  if (factor === undefined) return invalid(`rate unit ${unit} is not one of minutes, hours, days`);
  return { kind: "rate", maxGapDays: Number(value) * factor };
}

// ---------------------------------------------------------------------------------------------------------------
// cron(Minutes Hours Day-of-month Month Day-of-week Year)

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Names accepted for values, e.g. JAN=1. */
  names?: readonly string[];
  /** Ranges such as FRI-MON or 22-2 wrap past the maximum (as in Quartz); a year range cannot. */
  wraps: boolean;
}

const MINUTES: FieldSpec = { name: "Minutes", min: 0, max: 59, wraps: true };
const HOURS: FieldSpec = { name: "Hours", min: 0, max: 23, wraps: true };
const DAY_OF_MONTH: FieldSpec = { name: "Day-of-month", min: 1, max: 31, wraps: true };
const MONTH: FieldSpec = {
  name: "Month",
  min: 1,
  max: 12,
  names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  wraps: true,
};
const DAY_OF_WEEK: FieldSpec = {
  name: "Day-of-week",
  min: 1,
  max: 7,
  names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
  wraps: true,
};
const YEAR: FieldSpec = { name: "Year", min: 1970, max: 2199, wraps: false };

class CronError extends Error {}

/** Which days of a month the Day-of-month field selects. */
interface DayOfMonthSpec {
  days: Set<number>;
  last: boolean;
  lastWeekday: boolean;
  /** `15W`: the weekday nearest to the 15th, within the same month. */
  nearestWeekday: number[];
}

/** Which days of a month the Day-of-week field selects (weekdays 1 = Sunday ... 7 = Saturday). */
interface DayOfWeekSpec {
  weekdays: Set<number>;
  /** `5L`: the last Thursday of the month. */
  lastOf: number[];
  /** `2#1`: the first Monday of the month. */
  nth: [weekday: number, n: number][];
}

/** The 28 years from 2025 repeat exactly (weekdays and leap years) until 2100, which is not a leap year. */
const CYCLE_START = 2025;
const CYCLE_YEARS = 28;
const CYCLE_DAYS = 10227;

function parseCron(body: string): ScheduleReading {
  const fields = body.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 6) {
    return invalid(
      `a cron expression has 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), this one has ${fields.length}`,
    );
  }
  const [minutesText, hoursText, domText, monthText, dowText, yearText] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  try {
    const minutes = parseList(minutesText, MINUTES);
    const hours = parseList(hoursText, HOURS);
    const months = parseList(monthText, MONTH);
    const domAny = domText === "?";
    const dowAny = dowText === "?";
    if (domAny && dowAny) throw new CronError("Day-of-month and Day-of-week cannot both be ?");
    if (!domAny && !dowAny) throw new CronError("one of Day-of-month and Day-of-week must be ?");
    const dom = domAny ? undefined : parseDayOfMonth(domText);
    const dow = dowAny ? undefined : parseDayOfWeek(dowText);
    const periodic = yearText === "*";
    const years = periodic
      ? range(CYCLE_START, CYCLE_START + CYCLE_YEARS - 1)
      : [...parseList(yearText, YEAR)].sort((a, b) => a - b);

    const times = [...hours].flatMap((h) => [...minutes].map((m) => h * 60 + m)).sort((a, b) => a - b);
    const days = firingDays(
      years,
      [...months].sort((a, b) => a - b),
      dom,
      dow,
    );
    return measure(days, times, periodic);
  } catch (error) {
    if (error instanceof CronError) return invalid(error.message);
    throw error;
  }
}

/** The longest gap between consecutive firings, given the days (as day numbers) and the times of day (minutes). */
function measure(days: number[], times: number[], periodic: boolean): ScheduleReading {
  const firings = days.length * times.length;
  if (firings === 0) return { kind: "sparse", firings: 0, reason: "the expression never fires" };
  if (firings === 1 && !periodic) return { kind: "sparse", firings: 1, reason: "the expression fires only once" };
  const first = times[0] as number;
  const last = times[times.length - 1] as number;
  let maxGap = 0;
  for (let i = 1; i < times.length; i++) maxGap = Math.max(maxGap, (times[i] as number) - (times[i - 1] as number));
  // From the last firing of one day to the first firing of the next day the expression fires on.
  const acrossDays = (from: number, to: number) => (to - from) * MINUTES_PER_DAY - (last - first);
  for (let i = 1; i < days.length; i++) maxGap = Math.max(maxGap, acrossDays(days[i - 1] as number, days[i] as number));
  // A periodic schedule continues into the next cycle, exactly as it started this one.
  if (periodic)
    maxGap = Math.max(maxGap, acrossDays(days[days.length - 1] as number, (days[0] as number) + CYCLE_DAYS));
  const maxGapDays = maxGap / MINUTES_PER_DAY;
  if (periodic) return { kind: "cron", maxGapDays };
  return {
    kind: "cron",
    maxGapDays,
    lastYear: new Date((days[days.length - 1] as number) * 86_400_000).getUTCFullYear(),
  };
}

/** Every day (days since 1970-01-01, UTC) in the given years and months that the day fields select, in order. */
function firingDays(
  years: number[],
  months: number[],
  dom: DayOfMonthSpec | undefined,
  dow: DayOfWeekSpec | undefined,
): number[] {
  const out: number[] = [];
  for (const year of years) {
    for (const month of months) {
      const firstDay = Date.UTC(year, month - 1, 1) / 86_400_000;
      const length = daysInMonth(year, month);
      const weekdayOfFirst = new Date(firstDay * 86_400_000).getUTCDay() + 1;
      const weekday = (day: number) => ((weekdayOfFirst - 1 + day - 1) % 7) + 1;
      const selected = dom
        ? daysOfMonth(dom, length, weekday)
        : daysOfWeek(dow as DayOfWeekSpec, length, weekdayOfFirst);
      for (const day of [...selected].sort((a, b) => a - b)) out.push(firstDay + day - 1);
    }
  }
  return out;
}

function daysOfMonth(spec: DayOfMonthSpec, length: number, weekday: (day: number) => number): Set<number> {
  const out = new Set<number>();
  for (const day of spec.days) if (day <= length) out.add(day);
  if (spec.last) out.add(length);
  if (spec.lastWeekday) {
    const w = weekday(length);
    out.add(w === 7 ? length - 1 : w === 1 ? length - 2 : length);
  }
  for (const day of spec.nearestWeekday) {
    if (day > length) continue;
    const w = weekday(day);
    if (w === 7) out.add(day === 1 ? 3 : day - 1);
    else if (w === 1) out.add(day === length ? day - 2 : day + 1);
    else out.add(day);
  }
  return out;
}

function daysOfWeek(spec: DayOfWeekSpec, length: number, weekdayOfFirst: number): Set<number> {
  const out = new Set<number>();
  /** The first day of the month that is the given weekday. */
  const firstOf = (w: number) => 1 + ((w - weekdayOfFirst + 7) % 7);
  for (const w of spec.weekdays) for (let day = firstOf(w); day <= length; day += 7) out.add(day);
  for (const w of spec.lastOf) out.add(firstOf(w) + 7 * Math.floor((length - firstOf(w)) / 7));
  for (const [w, n] of spec.nth) {
    const day = firstOf(w) + 7 * (n - 1);
    if (day <= length) out.add(day);
  }
  return out;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

// ---------------------------------------------------------------------------------------------------------------
// Fields

/** A plain field: `*`, values, names, ranges (`MON-FRI`), steps (`*\/2`, `1/3`, `1-10/2`) and lists of them. */
function parseList(text: string, field: FieldSpec): Set<number> {
  if (text === "?") throw new CronError(`? is allowed only in Day-of-month and Day-of-week, not in ${field.name}`);
  const out = new Set<number>();
  for (const item of text.split(",")) for (const value of parseItem(item, field)) out.add(value);
  return out;
}

function parseItem(item: string, field: FieldSpec): number[] {
  const match = /^([^/]*)(?:\/(.*))?$/.exec(item);
  const base = match?.[1] ?? "";
  const stepText = match?.[2];
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) === 0 || Number(stepText) > field.max - field.min + 1) {
      throw new CronError(
        `${field.name} step /${stepText} is not a whole number from 1 to ${field.max - field.min + 1}`,
      );
    }
    step = Number(stepText);
  }
  let from: number;
  let to: number;
  if (base === "*") {
    [from, to] = [field.min, field.max];
  } else {
    const dash = base.indexOf("-", 1);
    from = parseValue(dash < 0 ? base : base.slice(0, dash), field);
    // `5/10` means from 5 to the end, every 10; `5` alone means just 5.
    to = dash < 0 ? (stepText === undefined ? from : field.max) : parseValue(base.slice(dash + 1), field);
  }
  if (to < from && !field.wraps) throw new CronError(`${field.name} range ${base} ends before it starts`);
  const span = field.max - field.min + 1;
  const count = to >= from ? to - from : to - from + span;
  const out: number[] = [];
  for (let offset = 0; offset <= count; offset += step) out.push(((from - field.min + offset) % span) + field.min);
  return out;
}

function parseValue(text: string, field: FieldSpec): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) {
    const hint = field.names
      ? ` (${field.min}-${field.max} or ${field.names[0]}-${field.names[field.names.length - 1]})`
      : "";
    throw new CronError(`${field.name} value ${text === "" ? "(empty)" : text} is not valid${hint}`);
  }
  const value = Number(text);
  if (value < field.min || value > field.max)
    throw new CronError(`${field.name} value ${value} is out of range ${field.min}-${field.max}`);
  return value;
}

/** Day-of-month: a plain field, or `L` (last day), `LW` (last weekday), `15W` (weekday nearest the 15th), in a list. */
function parseDayOfMonth(text: string): DayOfMonthSpec {
  const spec: DayOfMonthSpec = { days: new Set(), last: false, lastWeekday: false, nearestWeekday: [] };
  for (const item of text.split(",")) {
    const upper = item.toUpperCase();
    if (upper === "L") spec.last = true;
    else if (upper === "LW") spec.lastWeekday = true;
    else if (upper.endsWith("W")) spec.nearestWeekday.push(parseValue(item.slice(0, -1), DAY_OF_MONTH));
    else if (upper.includes("L") || upper.includes("W") || upper.includes("#")) {
      throw new CronError(`Day-of-month item ${item} is not valid (L, LW and 15W are; # belongs to Day-of-week)`);
    } else for (const day of parseItem(item, DAY_OF_MONTH)) spec.days.add(day);
  }
  return spec;
}

/** Day-of-week: a plain field (1 = SUN ... 7 = SAT), or `L` (Saturday), `5L`/`THUL` (last Thursday), `2#1`/`MON#1`. */
function parseDayOfWeek(text: string): DayOfWeekSpec {
  const spec: DayOfWeekSpec = { weekdays: new Set(), lastOf: [], nth: [] };
  for (const item of text.split(",")) {
    const upper = item.toUpperCase();
    const hash = upper.indexOf("#");
    if (upper === "L") spec.weekdays.add(7);
    else if (hash >= 0) {
      const n = upper.slice(hash + 1);
      if (!/^[1-5]$/.test(n)) throw new CronError(`Day-of-week item ${item}: the number after # must be 1 to 5`);
      spec.nth.push([parseValue(upper.slice(0, hash), DAY_OF_WEEK), Number(n)]);
    } else if (upper.endsWith("L")) spec.lastOf.push(parseValue(upper.slice(0, -1), DAY_OF_WEEK));
    else for (const day of parseItem(item, DAY_OF_WEEK)) spec.weekdays.add(day);
  }
  return spec;
}
