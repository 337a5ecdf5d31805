/**
 * The evaluator against an independent one: `@cloud-copilot/iam-simulate` (AGPL, a devDependency used here only, never
 * by built code) decides the same generated requests. Policies and requests are concrete (literal ARNs and accounts,
 * no template values), so the evaluator must answer `yes` or `no` and agree with the simulator, except where it says
 * `conditional` on purpose (see below).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { SourceFile } from "../core/positioned.js";
import { loadDocumentFile } from "../parsers/load.js";
import type { PolicyDocument } from "../model/entities.js";
import { authorize, baseContext, type Level, type Requester } from "./policy-evaluation.js";
import { subjectArnOf, type SubjectArn } from "./arn-match.js";

const A = "111111111111";
const B = "222222222222";
const SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:prod/app/db-AbCdEf`;
const OTHER_SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:dev/app/db-XyZ123`;
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const PRINCIPALS = [
  `arn:aws:iam::${A}:role/app`,
  `arn:aws:iam::${A}:role/other`,
  `arn:aws:iam::${B}:role/app`,
  `arn:aws:iam::${B}:user/alice`,
];

const SECRET_ACTION_PATTERNS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:Get*",
  "secretsmanager:*",
  "*",
  "secretsmanager:Describe*",
  "SecretsManager:getsecretvalue",
  "secretsmanager:GetSecret?alue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:*Value",
  "s3:GetObject",
];
const SECRET_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:DescribeSecret",
  "secretsmanager:PutSecretValue",
];
const SECRET_RESOURCES = [
  "*",
  `arn:aws:secretsmanager:us-east-1:${A}:secret:prod/app/*`,
  `arn:aws:secretsmanager:*:${A}:secret:prod/*`,
  `arn:aws:secretsmanager:us-east-1:${A}:secret:dev/*`,
  `arn:aws:secretsmanager:us-east-1:${A}:secret:prod/app/db-??????`,
  `arn:aws:secretsmanager:us-east-1:${A}:secret:prod/app/db`,
  `arn:aws:secretsmanager:us-east-1:${B}:secret:*`,
  SECRET,
  `arn:aws:secretsmanager:us-west-2:${A}:secret:prod/app/db-*`,
  `arn:aws:secretsmanager:us-east-1:*:secret:*`,
  `arn:aws:secretsmanager:us-east-1:${A}:secret:Prod/*`,
  "arn:aws:s3:::bucket/*",
];

const KMS_ACTION_PATTERNS = [
  "kms:Decrypt",
  "kms:*",
  "*",
  "kms:De*",
  "kms:Encrypt",
  "KMS:decrypt",
  "kms:GenerateDataKey*",
];
const KMS_RESOURCES = [
  "*",
  KEY,
  `arn:aws:kms:us-east-1:${A}:key/*`,
  `arn:aws:kms:*:${B}:key/*`,
  `arn:aws:kms:us-east-1:${A}:alias/app`,
];

const PRINCIPAL_ELEMENTS: unknown[] = [
  "*",
  { AWS: "*" },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: `arn:aws:iam::${A}:role/app` },
  { AWS: B },
  { AWS: `arn:aws:iam::${B}:root` },
  { AWS: `arn:aws:iam::${B}:role/app` },
  { AWS: [`arn:aws:iam::${B}:user/alice`, `arn:aws:iam::${A}:role/other`] },
  { Service: "lambda.amazonaws.com" },
];

/** Conditions the evaluator decides from the request (the caller's account), and one it cannot (an organization). */
const CONDITIONS: (Record<string, unknown> | undefined)[] = [
  undefined,
  undefined,
  undefined,
  { StringEquals: { "aws:PrincipalAccount": A } },
  { StringNotEquals: { "aws:PrincipalAccount": B } },
  { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app" } },
  { Bool: { "aws:SecureTransport": "false" } },
  { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
];

const ROOT_STATEMENT = (account: string) => ({
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: "kms:*",
  Resource: "*",
});

interface Pools {
  actions: string[];
  resources: string[];
}

function statementArb(pools: Pools, withPrincipal: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      effect: fc.constantFrom("Allow", "Allow", "Deny"),
      notAction: fc.boolean(),
      actions: fc.subarray(pools.actions, { minLength: 1, maxLength: 3 }),
      notResource: fc.constantFrom(false, false, true),
      resources: fc.subarray(pools.resources, { minLength: 1, maxLength: 2 }),
      notPrincipal: fc.constantFrom(false, false, false, true),
      principal: fc.constantFrom(...PRINCIPAL_ELEMENTS),
      condition: fc.constantFrom(...CONDITIONS),
    })
    .map((s) => {
      const statement: Record<string, unknown> = { Effect: s.effect };
      statement[s.notAction ? "NotAction" : "Action"] = s.actions.length === 1 ? s.actions[0] : s.actions;
      statement[s.notResource ? "NotResource" : "Resource"] = s.resources.length === 1 ? s.resources[0] : s.resources;
      if (withPrincipal) {
        // `NotPrincipal: "*"` excludes everyone; keep the generated cases meaningful.
        const notPrincipal = s.notPrincipal && s.principal !== "*";
        statement[notPrincipal ? "NotPrincipal" : "Principal"] = s.principal;
      }
      if (s.condition) statement.Condition = s.condition;
      return statement;
    });
}

const policyArb = (pools: Pools, withPrincipal: boolean) =>
  fc
    .array(statementArb(pools, withPrincipal), { minLength: 1, maxLength: 3 })
    .map((Statement) => ({ Version: "2012-10-17", Statement }));

interface Case {
  principal: string;
  action: string;
  resource: string;
  identity: { Version: string; Statement: Record<string, unknown>[] }[];
  resourcePolicy?: { Version: string; Statement: Record<string, unknown>[] };
}

const secretCases: fc.Arbitrary<Case> = fc.record(
  {
    principal: fc.constantFrom(...PRINCIPALS),
    action: fc.constantFrom(...SECRET_ACTIONS),
    resource: fc.constantFrom(SECRET, SECRET, OTHER_SECRET),
    // Identity-only, resource-policy-only, both; same-account and cross-account principals.
    identity: fc.array(policyArb({ actions: SECRET_ACTION_PATTERNS, resources: SECRET_RESOURCES }, false), {
      maxLength: 2,
    }),
    resourcePolicy: fc.option(
      policyArb({ actions: SECRET_ACTION_PATTERNS, resources: ["*", ...SECRET_RESOURCES.slice(1, 4)] }, true),
      { nil: undefined },
    ),
  },
  { requiredKeys: ["principal", "action", "resource", "identity"] },
);

const keyCases: fc.Arbitrary<Case> = fc.record(
  {
    principal: fc.constantFrom(...PRINCIPALS),
    action: fc.constant("kms:Decrypt"),
    resource: fc.constant(KEY),
    identity: fc.array(policyArb({ actions: KMS_ACTION_PATTERNS, resources: KMS_RESOURCES }, false), { maxLength: 2 }),
    // A key always has a key policy; most trust their own account (AWS's default statement), some also another one.
    resourcePolicy: fc
      .record({
        root: fc.constantFrom(undefined, ROOT_STATEMENT(A), ROOT_STATEMENT(A), ROOT_STATEMENT(B)),
        policy: policyArb({ actions: KMS_ACTION_PATTERNS, resources: ["*", "*", KEY] }, true),
      })
      .map(({ root, policy }) => ({ ...policy, Statement: root ? [root, ...policy.Statement] : policy.Statement })),
  },
  { requiredKeys: ["principal", "action", "resource", "identity", "resourcePolicy"] },
);

async function documentOf(policy: object, name: string): Promise<PolicyDocument> {
  const loaded = await loadDocumentFile(new SourceFile(`${name}.json`, JSON.stringify(policy)), "json");
  const document = loaded.entities[0];
  if (document?.kind !== "policy") throw new Error(`not a policy: ${JSON.stringify(policy)}`);
  return document;
}

const accountOf = (arn: string): string => arn.split(":")[4] as string;

/** Ours. */
async function evaluate(c: Case): Promise<Level> {
  const principalArn = subjectArnOf(c.principal) as SubjectArn;
  const requester: Requester = {
    kind: "principal",
    account: { kind: "literal", account: accountOf(c.principal) },
    arn: principalArn,
  };
  const identity = await Promise.all(c.identity.map((p, i) => documentOf(p, `identity-${i}`)));
  const resourcePolicies = c.resourcePolicy ? [await documentOf(c.resourcePolicy, "resource")] : [];
  const decision = authorize(
    {
      request: {
        principal: requester,
        action: c.action,
        resource: {
          arn: subjectArnOf(c.resource) as SubjectArn,
          account: { kind: "literal", account: accountOf(c.resource) },
        },
        context: baseContext(requester),
      },
      identity,
      resourcePolicies,
      service: c.action.startsWith("kms:") ? "kms" : "default",
    },
    { ownAccounts: [] },
  );
  return decision.level;
}

/** The oracle. */
async function simulate(c: Case): Promise<string> {
  const response = await runSimulation(
    {
      request: {
        principal: c.principal,
        action: c.action,
        resource: { resource: c.resource, accountId: accountOf(c.resource) },
        // What every request of such a principal carries; the evaluator derives the same from the requester.
        contextVariables: {
          "aws:PrincipalAccount": accountOf(c.principal),
          "aws:PrincipalArn": c.principal,
          "aws:SecureTransport": "true",
        },
      },
      identityPolicies: c.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
    },
    {},
  );
  if (response.resultType === "error")
    throw new Error(`the oracle rejected the case: ${JSON.stringify(response.errors)}\n${JSON.stringify(c)}`);
  return response.overallResult;
}

/**
 * Runs both on each case. The evaluator never answers `unknown` here (every value is literal). Where it answers
 * `conditional`, it disagrees on purpose: a condition it cannot decide statically (`aws:PrincipalOrgID`: which
 * organization an account is in is not in any template) is neither true nor false for it, while the simulator, given
 * no such key, takes it as false. Those cases are excluded from the comparison, and counted.
 */
async function compare(
  cases: fc.Arbitrary<Case>,
  seed: number,
  numRuns: number,
): Promise<{ compared: number; conditional: number; allowed: number }> {
  const counts = { compared: 0, conditional: 0, allowed: 0 };
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const ours = await evaluate(c);
      expect(ours, JSON.stringify(c)).not.toBe("unknown");
      if (ours === "conditional") {
        counts.conditional++;
        return;
      }
      const theirs = await simulate(c);
      counts.compared++;
      if (theirs === "Allowed") counts.allowed++;
      expect({ ours, case: c }).toEqual({ ours: theirs === "Allowed" ? "yes" : "no", case: c });
    }),
    { seed, numRuns },
  );
  return counts;
}

describe("the evaluator agrees with @cloud-copilot/iam-simulate", () => {
  it("on GetSecretValue, DescribeSecret and PutSecretValue: identity policies, resource policies, same and other accounts", async () => {
    const counts = await compare(secretCases, 20260417, 300);
    // Enough decided cases, and both answers among them: a generator that only produces denials would prove little.
    expect(counts.compared).toBeGreaterThanOrEqual(200);
    expect(counts.allowed).toBeGreaterThanOrEqual(30);
    expect(counts.compared - counts.allowed).toBeGreaterThanOrEqual(30);
  });

  it("on kms:Decrypt of a key: key policy trusting the account or naming the principal, with and without IAM policies", async () => {
    const counts = await compare(keyCases, 7, 200);
    expect(counts.compared).toBeGreaterThanOrEqual(120);
    expect(counts.allowed).toBeGreaterThanOrEqual(15);
  });
});
