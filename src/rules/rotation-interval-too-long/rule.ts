import { literal, type Field } from "../../model/entities.js";
import { parseSchedule } from "../../knowledge/schedule.js";
import { defineRule } from "../../knowledge/rule-contract.js";
import { INFRASTRUCTURE } from "../../core/platform.js";

const DEFAULT_MAX_DAYS = 60;

/** Whole days as they are (`92`); anything else with one decimal (`30.5`, `61.0` for 61 days less an hour). */
function formatDays(days: number): string {
  return Number.isInteger(days) ? String(days) : days.toFixed(1);
}

export default defineRule({
  meta: {
    id: "rotation-interval-too-long",
    title: "Secret rotation interval is longer than the maximum",
    severity: "warning",
    securitySeverity: 4.0,
    // SARIF precision from measured false positives (ACCURACY.md): a number compared with the configured maximum.
    precision: "very-high",
    appliesTo: INFRASTRUCTURE,
    entities: ["rotation-schedule"],
    messages: {
      days: "Rotation schedule {{name}} rotates every {{days}} days ({{property}}{{via}}), more than the maximum of {{max}} days.",
      expression:
        "Rotation schedule {{name}} rotates on {{expression}}{{via}}: up to {{days}} days between rotations, more than the maximum of {{max}} days.",
      invalid:
        "Rotation schedule {{name}} has a {{property}} secretwarden cannot read, {{expression}}{{via}}: {{reason}}.",
    },
    related: { checkov: ["CKV_AWS_304"] },
    tags: ["CWE-324"],
    docs: {
      description:
        "Rotation bounds how long a leaked secret stays useful, but only as tightly as its interval: a schedule that rotates " +
        "once a quarter or once a year leaves a copied value working for months. The rule computes the longest time between " +
        "two rotations, also for cron() schedules, and compares it with a maximum (60 days by default).",
      remediation:
        "Set `RotationRules` to rotate at least every 60 days (30 is common): `AutomaticallyAfterDays: 30`, " +
        "`ScheduleExpression: rate(30 days)`, or a cron() that fires at least monthly such as `cron(0 4 1 * ? *)`. " +
        "Raise the `maxDays` option if your policy allows longer.",
    },
  },
  options: {
    schema: {
      properties: {
        maxDays: {
          type: "integer",
          minimum: 1,
          maximum: 1000,
          description:
            "The longest interval between two rotations, in days, that is not reported (Secrets Manager allows up to 1000).",
        },
      },
    },
    defaults: { maxDays: DEFAULT_MAX_DAYS },
  },
  create(context) {
    const configured = context.options.maxDays;
    const max = typeof configured === "number" && configured > 0 ? configured : DEFAULT_MAX_DAYS;
    return {
      rotationSchedule(schedule) {
        const name = schedule.resource;
        const after = literal(schedule.automaticallyAfterDays);
        if (schedule.automaticallyAfterDays && after !== undefined && after > max) {
          context.report({
            node: schedule.automaticallyAfterDays.node,
            entity: schedule,
            messageId: "days",
            data: {
              name,
              days: formatDays(after),
              max,
              property: context.words(schedule).rotationDaysProperty,
              via: schedule.automaticallyAfterDays.via ? `, ${schedule.automaticallyAfterDays.via}` : "",
            },
          });
        }
        const field = schedule.scheduleExpression;
        const expression = literal(field);
        // `!Sub 'rate(${Days} days)'` with a parameter that has no default keeps its placeholder: not a typo, unknown.
        if (!field || expression === undefined || expression.includes("${")) return;
        const reading = parseSchedule(expression);
        const data = { name, expression: expression.trim(), max, via: viaText(field) };
        if (reading.kind === "invalid") {
          const property = context.words(schedule).scheduleExpressionProperty;
          context.report({
            node: field.node,
            entity: schedule,
            messageId: "invalid",
            data: { ...data, property, reason: reading.reason },
          });
        } else if ((reading.kind === "rate" || reading.kind === "cron") && reading.maxGapDays > max) {
          context.report({
            node: field.node,
            entity: schedule,
            messageId: "expression",
            data: { ...data, days: formatDays(reading.maxGapDays) },
          });
        }
      },
    };
  },
});

const viaText = (field: Field<string>): string => (field.via ? ` (${field.via})` : "");
