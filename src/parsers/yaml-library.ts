/**
 * The parts of the `yaml` package secretwarden uses, as static named imports: the CLI bundle inlines `yaml` and its
 * CommonJS interop resolves static names, while the namespace of a dynamic `import("yaml")` came out empty there.
 * Import this module dynamically (it is the lazy boundary): the template parser and the configuration loader do.
 */
export { CST, Lexer, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments, parseDocument } from "yaml";
export type { CollectionTag, Node, ScalarTag } from "yaml";
