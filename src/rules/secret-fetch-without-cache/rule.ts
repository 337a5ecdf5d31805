import { posix } from "node:path";
import {
  isReference,
  literal,
  type LambdaFunction,
  type SecretFetch,
  type SourceDocument,
} from "../../model/entities.js";
import type { Project } from "../../model/project.js";
import { CACHING_MODULES } from "../../knowledge/secret-caching-modules.js";
import { defineRule } from "../../knowledge/rule-contract.js";

type MessageId = "inHandler" | "viaFunction";

/** The extensions a Lambda runtime loads a handler's module from (TypeScript: built by SAM/esbuild from the source). */
const HANDLER_EXTENSIONS = [".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];

/**
 * The source files a function's handler can be in, relative to the scan's working folder: `Handler:
 * src/app.lambda_handler` with `CodeUri: functions/orders/` in `infra/template.yaml` is the function `lambda_handler` of
 * `infra/functions/orders/src/app.py` (or `.js`, `.mjs`...). Python also loads dotted modules (`pkg.app.handler`).
 */
export function handlerFiles(fn: LambdaFunction): { files: string[]; exportName: string } | undefined {
  const handler = literal(fn.handler);
  const codePath = literal(fn.codePath);
  if (
    handler === undefined ||
    codePath === undefined ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(codePath) ||
    posix.isAbsolute(codePath)
  )
    return undefined;
  const dot = handler.lastIndexOf(".");
  if (dot <= 0 || dot === handler.length - 1) return undefined;
  const module = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  const folder = posix.join(posix.dirname(fn.file.path), codePath);
  const modules = [...new Set([module, module.replace(/\./g, "/")])];
  const files = modules.flatMap((m) =>
    HANDLER_EXTENSIONS.map((extension) => posix.normalize(posix.join(folder, m + extension))),
  );
  return { files, exportName };
}

export default defineRule({
  meta: {
    id: "secret-fetch-without-cache",
    title: "Lambda handler reads a secret from Secrets Manager on every invocation",
    severity: "note",
    securitySeverity: 2.0,
    // SARIF precision from measured false positives (ACCURACY.md): a heuristic over handler code, not measured on labelled data.
    precision: "medium",
    appliesTo: ["source"],
    entities: ["lambda-function", "rotation-schedule", "document"],
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
  // Source files reach the project level as document summaries; of the entities, the functions of templates and the
  // rotation schedules that name a function.
  create(context) {
    /** Files with uncached fetches, by path: matched against the handlers templates name once everything is read. */
    const withFetches = new Map<string, SourceDocument>();
    /** Fetches in handlers the files mark themselves, reported at the end unless a rotation schedule names the function. */
    const marked: { document: SourceDocument; fetch: SecretFetch }[] = [];
    const reported = new Set<SecretFetch>();
    const report = (fetch: SecretFetch, handler: string, via: string | undefined) => {
      if (reported.has(fetch)) return;
      reported.add(fetch);
      context.report({
        node: fetch.node,
        messageId: via ? "viaFunction" : "inHandler",
        data: { handler, api: fetch.node.value, via: via ?? "" },
      });
    };
    return {
      document(d) {
        const fetches = d.source?.secretFetches;
        if (!fetches || fetches.length === 0) return;
        if ((d.source?.imports ?? []).some((module) => CACHING_MODULES.some((pattern) => pattern.test(module)))) return;
        // A rotation function reads the current and pending versions it is rotating: a cached value would be stale.
        if (d.source?.rotationSteps) return;
        withFetches.set(d.file.path, d);
        for (const fetch of fetches)
          if (fetch.handler !== undefined && !fetch.memoised) marked.push({ document: d, fetch });
      },
      // A handler named in a template: the function it names, and the file's functions that one calls. Templates are
      // not this rule's platform (its findings are in source files): their functions are read from the project.
      projectEnd() {
        if (withFetches.size === 0) return;
        const rotation = rotationFunctions(context.project);
        const rotationFiles = new Set([...rotation].flatMap((fn) => handlerFiles(fn)?.files ?? []));
        for (const { document, fetch } of marked) {
          if (!rotationFiles.has(document.file.path)) report(fetch, fetch.handler as string, fetch.via);
        }
        for (const fn of context.project.all("lambda-function")) {
          if (rotation.has(fn)) continue;
          const target = handlerFiles(fn);
          if (!target) continue;
          const document = target.files.map((file) => withFetches.get(file)).find((d) => d !== undefined);
          const source = document?.source;
          const handler = source?.functions?.find((f) => f.exports.includes(target.exportName));
          if (!source || !handler) continue;
          const label = `${target.exportName} (function ${fn.resource})`;
          for (const fetch of source.secretFetches ?? []) {
            if (fetch.memoised || fetch.function === undefined) continue;
            if (fetch.function === handler.name) report(fetch, label, undefined);
            else if (handler.calls.includes(fetch.function)) report(fetch, label, fetch.function);
          }
        }
      },
    };
  },
});

/** The functions a rotation schedule names as its rotation function (by reference within its template or module). */
function rotationFunctions(project: Project): Set<LambdaFunction> {
  const out = new Set<LambdaFunction>();
  for (const schedule of project.all("rotation-schedule")) {
    const value = schedule.rotationLambdaArn?.value;
    if (!isReference(value)) continue;
    const target = project.resolve(schedule.unit, value.target);
    if (target?.kind === "lambda-function") out.add(target);
  }
  return out;
}
