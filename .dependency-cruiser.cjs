/**
 * Layer rules (issue 17), checked by `npm run lint:layers` as the first step of `npm test`.
 *
 *   model       neutral entities and the platform dialects
 *   knowledge   shared facts and detectors; imports model
 *   parsers     CloudFormation, Terraform, policies, source -> model; imports model, knowledge
 *   rules       one folder each; import model, knowledge, engine/types.ts and rules/define.ts only, never another rule
 *   engine      runs rules over the model
 *   access, inventory   read the model; import no rule
 *
 * Where the code does not hold a rule yet, the rule lists today's exceptions by name, each with the reason, so that no
 * new violation can appear. Remove an exception when the code it names is fixed.
 */

/** Test files and test helpers may reach across layers. */
const TESTS = "\\.test\\.ts$|^src/test-support/|/fixtures/";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles.",
      from: {
        pathNot: [
          // Known cycles (issue 17, left for the core/knowledge split): the credential detectors register the
          // provider tables, which use the detectors' helpers; CloudFormation's template and IAM builders call each other.
          "^src/knowledge/(credential-patterns|credential-providers|provider-detector|providers-apps|providers-cloud|providers-developer|kubernetes-secret|value-shape|private-keys)\\.ts$",
          "^src/parsers/cloudformation/(iam|template)\\.ts$",
        ],
      },
      to: { circular: true },
    },
    {
      name: "no-rule-to-rule",
      severity: "error",
      comment: "A rule folder never imports another rule folder: shared pieces live in src/knowledge or src/model.",
      from: { path: "^src/rules/([^/]+)/" },
      to: { path: "^src/rules/[^/]+/", pathNot: "^src/rules/$1/" },
    },
    {
      name: "rules-import-model-knowledge-contract",
      severity: "error",
      comment:
        "Rule code imports only the model, knowledge, the rule contract (rules/define.ts, engine/types.ts), its own folder and Node built-ins.",
      from: { path: "^src/rules/([^/]+)/", pathNot: TESTS },
      to: {
        dependencyTypesNot: ["core"],
        pathNot: [
          "^src/rules/$1/",
          "^src/model/",
          "^src/knowledge/",
          "^src/rules/define\\.ts$",
          "^src/engine/types\\.ts$",
          // Known exceptions (issue 17: a core layer will hold positions and the source-code parsers' literals):
          // positioned.ts is the PNode/SourceFile contract every layer uses until src/core exists.
          "^src/parsers/positioned\\.ts$",
          // hardcoded-credential/source.ts reads configuration files' literals with the source parser's reader.
          "^src/parsers/source/config-literals\\.ts$",
        ],
      },
    },
    {
      name: "access-inventory-import-no-rule",
      severity: "error",
      comment: "access/ and inventory/ read the model; they import nothing from src/rules.",
      from: { path: "^src/(access|inventory)/", pathNot: TESTS },
      to: {
        path: "^src/rules/",
        pathNot: [
          // Known exception until src/core holds the rule contract: access/load.ts types its project-keeping rule with it.
          "^src/rules/define\\.ts$",
        ],
      },
    },
    {
      name: "access-inventory-do-not-scan",
      severity: "error",
      comment: "access/ and inventory/ take a project from the engine; they do not run the scan or the CLI.",
      from: { path: "^src/(access|inventory)/", pathNot: TESTS },
      to: {
        path: "^src/(scan|cli)/",
        pathNot: [
          // Known exception until one pipeline exists (issue 17): loadProject runs the scan with a rule that keeps the project.
          "^src/scan/scan\\.ts$",
        ],
      },
    },
    {
      name: "no-test-support-in-src",
      severity: "error",
      comment: "Only tests import src/test-support.",
      from: { path: "^src/", pathNot: TESTS },
      to: { path: "^src/test-support/" },
    },
    {
      name: "model-imports-only-model",
      severity: "error",
      comment: "The model stands on nothing but itself.",
      from: { path: "^src/model/", pathNot: TESTS },
      to: {
        pathNot: [
          "^src/model/",
          // Known exceptions until src/core holds positions and the Platform/Severity types:
          "^src/parsers/positioned\\.ts$",
          "^src/engine/types\\.ts$",
        ],
      },
    },
    {
      name: "knowledge-imports-model-and-knowledge",
      severity: "error",
      comment: "Knowledge imports the model and other knowledge only.",
      from: { path: "^src/knowledge/", pathNot: TESTS },
      to: {
        dependencyTypesNot: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"],
        pathNot: [
          "^src/knowledge/",
          "^src/model/",
          // Known exceptions until src/core holds positions and the Platform type:
          "^src/parsers/positioned\\.ts$",
          "^src/engine/types\\.ts$",
        ],
      },
    },
    {
      name: "parsers-import-no-rule-engine-scan",
      severity: "error",
      comment: "Parsers normalise into the model: they import no rule, engine, scan, access or inventory code.",
      from: { path: "^src/parsers/", pathNot: TESTS },
      to: {
        path: "^src/(rules|engine|scan|access|inventory|cli|reporters)/",
        pathNot: [
          // Known exception until src/core holds Platform/Severity/Finding:
          "^src/engine/types\\.ts$",
        ],
      },
    },
    {
      name: "engine-imports-no-rule",
      severity: "error",
      comment: "The engine runs the rules it is given; it imports nothing from src/rules.",
      from: { path: "^src/engine/", pathNot: TESTS },
      to: {
        path: "^src/rules/",
        pathNot: [
          // Known exception until src/core holds the rule contract (Rule, RuleContext, Visitors): engine/run.ts and
          // engine/config.ts import it from rules/define.ts.
          "^src/rules/define\\.ts$",
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.d\\.ts$" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
