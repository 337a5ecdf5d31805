/**
 * Layer rules (issue 17), checked by `npm run lint:layers` as the first step of `npm test`. src/README.md draws them.
 *
 *   core        SourceFile/PNode/positions, Platform, Finding, Severity, the rule contract; imports nothing of ours
 *   model       neutral entities, the project index, the platform dialects; imports core
 *   knowledge   shared facts and detectors, the rule contract bound to the model; imports core, model
 *   parsers     CloudFormation, Terraform, policies, source -> model; imports core, model, knowledge
 *   rules       one folder each; import core, model, knowledge and their own folder only, never another rule
 *   engine      runs rules over the model; imports the layers above, no rule
 *   scan        discovery, reading, the worker pool; imports the engine and the rule list, never the CLI
 *   access, inventory   read the project the CLI loads; import no rule, no scan
 *   reporters   read findings and rule metadata
 *
 * No rule lists an exception: should one be needed, name the file with the reason, so that no other violation can appear.
 */

/** Test files and test helpers may reach across layers. */
const TESTS = "\\.test\\.ts$|^src/test-support/|/fixtures/";
/** Packages from npm, whatever their kind. */
const NPM = ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"];

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-nothing-of-ours",
      severity: "error",
      comment: "src/core is what every layer stands on: it imports only itself and Node built-ins.",
      from: { path: "^src/core/", pathNot: TESTS },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "core-imports-npm-types-only",
      severity: "error",
      comment: "src/core may name an npm package's types, never load its code.",
      from: { path: "^src/core/", pathNot: TESTS },
      to: { dependencyTypes: NPM, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "model-imports-core-and-model",
      severity: "error",
      comment: "The model stands on core and on itself.",
      from: { path: "^src/model/", pathNot: TESTS },
      to: { pathNot: ["^src/core/", "^src/model/"] },
    },
    {
      name: "knowledge-imports-core-model-knowledge",
      severity: "error",
      comment: "Knowledge imports core, the model and other knowledge (and npm data packages) only.",
      from: { path: "^src/knowledge/", pathNot: TESTS },
      to: { dependencyTypesNot: ["core", ...NPM], pathNot: ["^src/core/", "^src/model/", "^src/knowledge/"] },
    },
    {
      name: "parsers-import-core-model-knowledge",
      severity: "error",
      comment:
        "Parsers normalise into the model: they import core, the model, knowledge and other parsers only (no rule, engine, scan, access or inventory code).",
      from: { path: "^src/parsers/", pathNot: TESTS },
      to: {
        dependencyTypesNot: ["core", ...NPM],
        pathNot: ["^src/core/", "^src/model/", "^src/knowledge/", "^src/parsers/"],
      },
    },
    {
      name: "no-rule-to-rule",
      severity: "error",
      comment: "A rule folder never imports another rule folder: shared pieces live in src/knowledge or src/model.",
      from: { path: "^src/rules/([^/]+)/" },
      to: { path: "^src/rules/[^/]+/", pathNot: "^src/rules/$1/" },
    },
    {
      name: "rules-import-core-model-knowledge",
      severity: "error",
      comment: "Rule code imports only core, the model, knowledge, its own folder and Node built-ins.",
      from: { path: "^src/rules/([^/]+)/", pathNot: TESTS },
      to: {
        dependencyTypesNot: ["core"],
        pathNot: ["^src/rules/$1/", "^src/core/", "^src/model/", "^src/knowledge/"],
      },
    },
    {
      name: "engine-imports-no-rule-scan-or-cli",
      severity: "error",
      comment:
        "The engine runs the rules it is given over what the parsers built: it imports nothing from src/rules, and nothing that stands on it (scan, cli, access, inventory, reporters).",
      from: { path: "^src/engine/", pathNot: TESTS },
      to: { path: ["^src/(rules|scan|cli|access|inventory|reporters)/", "^src/index\\.ts$"] },
    },
    {
      name: "scan-imports-no-cli",
      severity: "error",
      comment: "The scan stands on the engine; the CLI, access, inventory and the reporters stand on the scan.",
      from: { path: "^src/scan/", pathNot: TESTS },
      to: { path: ["^src/(cli|access|inventory|reporters)/", "^src/index\\.ts$"] },
    },
    {
      name: "access-inventory-import-no-rule",
      severity: "error",
      comment: "access/ and inventory/ read the model; they import nothing from src/rules.",
      from: { path: "^src/(access|inventory)/", pathNot: TESTS },
      to: { path: "^src/rules/" },
    },
    {
      name: "access-inventory-do-not-scan",
      severity: "error",
      comment: "access/ and inventory/ take a project from the engine; they do not run the scan or the CLI.",
      from: { path: "^src/(access|inventory)/", pathNot: TESTS },
      to: { path: "^src/(scan|cli)/" },
    },
    {
      name: "reporters-read-findings",
      severity: "error",
      comment: "Reporters read findings and rule metadata only: no parser, rule, scan or CLI code.",
      from: { path: "^src/reporters/", pathNot: TESTS },
      to: { path: "^src/(parsers|rules|scan|cli|access|inventory)/" },
    },
    {
      name: "no-test-support-in-src",
      severity: "error",
      comment: "Only tests import src/test-support.",
      from: { path: "^src/", pathNot: TESTS },
      to: { path: "^src/test-support/" },
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
