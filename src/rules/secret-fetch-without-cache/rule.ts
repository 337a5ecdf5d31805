import { defineRule } from "../define.js";

/**
 * Modules that cache secret values for the caller: the AWS caching clients (`aws-secretsmanager-caching` for Python,
 * `aws-secretsmanager-caching-*` ports) and Powertools for AWS Lambda parameters. A file that imports one is assumed
 * to read through it; a direct `GetSecretValue` call beside it is not reported.
 */
const CACHING_MODULES = [
  /^aws_secretsmanager_caching(\.|$)/,
  /^aws-secretsmanager-caching/,
  /^@aws-lambda-powertools\/parameters(\/|$)/,
  /^aws_lambda_powertools(\.utilities(\.parameters)?)?$/,
  /^aws_lambda_powertools\.utilities\.parameters/,
];

type MessageId = "inHandler" | "viaFunction";

export default defineRule({
  meta: {
    id: "secret-fetch-without-cache",
    title: "Lambda handler reads a secret from Secrets Manager on every invocation",
    severity: "note",
    securitySeverity: 2.0,
    appliesTo: ["source"],
    messages: {
      inHandler:
        "Lambda handler {{handler}} calls {{api}} on every invocation, with no cache: each call adds latency and a paid API request, " +
        "and a burst of invocations can exceed the Secrets Manager request quota. Fetch the secret once outside the handler and reuse it, " +
        "or read it through the AWS Parameters and Secrets Lambda Extension, Powertools parameters or the Secrets Manager caching client, " +
        "with a TTL so that a rotated value is picked up.",
      viaFunction:
        "Lambda handler {{handler}} calls {{via}}, which calls {{api}} on every invocation, with no cache: each call adds latency and a " +
        "paid API request, and a burst of invocations can exceed the Secrets Manager request quota. Keep the value {{via}} returns in " +
        "module scope and reuse it, or read it through the AWS Parameters and Secrets Lambda Extension, Powertools parameters or the " +
        "Secrets Manager caching client, with a TTL so that a rotated value is picked up.",
    } satisfies Record<MessageId, string>,
    tags: ["performance", "availability"],
    docs: {
      description:
        "A Lambda function that calls GetSecretValue inside its handler makes one Secrets Manager request per invocation: it " +
        "adds tens of milliseconds to each request, costs an API call each time, and under load can be throttled by the " +
        "GetSecretValue request quota, failing requests that have nothing to do with the secret. Caching is the AWS best " +
        "practice for reading secrets from Lambda.",
      remediation:
        "Fetch the secret in module scope (once per execution environment) or memoise it in a module-scope variable, with a " +
        "time to live if the secret rotates; or use the AWS Parameters and Secrets Lambda Extension, Powertools for AWS Lambda " +
        "parameters (`getSecret`, `parameters.get_secret`), or the Secrets Manager caching client.",
    },
  },
  create(context) {
    return {
      document(d) {
        const fetches = d.source?.secretFetches;
        if (!fetches || fetches.length === 0) return;
        if ((d.source?.imports ?? []).some((module) => CACHING_MODULES.some((pattern) => pattern.test(module)))) return;
        for (const fetch of fetches) {
          if (fetch.handler === undefined || fetch.memoised) continue;
          const data = { handler: fetch.handler, api: fetch.node.value, via: fetch.via ?? "" };
          context.report({ node: fetch.node, messageId: fetch.via ? "viaFunction" : "inHandler", data });
        }
      },
    };
  },
});
