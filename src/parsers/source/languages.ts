/**
 * Which application source and configuration files are read, and as what. Cheap: names only, no parser is loaded.
 */
import type { SourceLanguage } from "../../model/entities.js";

const BY_EXTENSION: Record<string, SourceLanguage> = {
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "typescript",
  py: "python",
  go: "go",
  java: "java",
  rb: "ruby",
  rake: "ruby",
  gemspec: "ruby",
  cs: "csharp",
  php: "php",
  md: "markdown",
  markdown: "markdown",
  mdx: "markdown",
  env: "dotenv",
  properties: "properties",
  ini: "ini",
  cfg: "ini",
  cnf: "ini",
  conf: "ini",
  toml: "toml",
  sh: "shell",
  bash: "shell",
  zsh: "shell",
  ksh: "shell",
  dockerfile: "dockerfile",
  c: "code",
  h: "code",
  cc: "code",
  cpp: "code",
  cxx: "code",
  hpp: "code",
  m: "code",
  mm: "code",
  swift: "code",
  kt: "code",
  kts: "code",
  scala: "code",
  groovy: "code",
  gradle: "code",
  rs: "code",
  dart: "code",
  lua: "code",
  pl: "code",
  pm: "code",
  r: "code",
  cls: "code",
  pyi: "code",
  ex: "code",
  exs: "code",
  erl: "code",
  clj: "code",
  fs: "code",
  vb: "code",
  ps1: "code",
  psm1: "code",
  vue: "code",
  svelte: "code",
};

/** Never application text worth reading: media, archives, compiled code, fonts, data dumps. */
const BINARY_EXTENSIONS = new Set([
  "png",
  "jpg",
  "jpeg",
  "gif",
  "bmp",
  "ico",
  "webp",
  "tif",
  "tiff",
  "psd",
  "svg",
  "pdf",
  "zip",
  "gz",
  "tgz",
  "bz2",
  "xz",
  "7z",
  "rar",
  "tar",
  "jar",
  "war",
  "ear",
  "class",
  "pyc",
  "pyo",
  "so",
  "dll",
  "dylib",
  "exe",
  "o",
  "a",
  "lib",
  "obj",
  "bin",
  "wasm",
  "woff",
  "woff2",
  "ttf",
  "otf",
  "eot",
  "mp3",
  "mp4",
  "m4a",
  "wav",
  "ogg",
  "avi",
  "mov",
  "webm",
  "flac",
  "node",
  "db",
  "sqlite",
  "sqlite3",
  "parquet",
  "avro",
  "orc",
  "pkl",
  "npy",
  "npz",
  "h5",
  "onnx",
  "pt",
  "dat",
  "iso",
  "dmg",
  "img",
  "snap",
  "lockb",
]);

/** Lock files, source maps and minified bundles: generated, huge, and never where someone typed a credential. */
const GENERATED =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|Gemfile\.lock|Cargo\.lock|poetry\.lock|Pipfile\.lock|go\.sum|bun\.lock|uv\.lock|[^/]*\.lock)$|\.map$|[.-]min\.(js|mjs|cjs|css)$|\.(bundle|chunk)\.(js|mjs|cjs)$|\.d\.[cm]?ts$/i;

/** Whether a path is generated text (third-party folders are judged in `scan/third-party.ts`). */
export const isGenerated = (path: string): boolean => GENERATED.test(path);

/**
 * The language of an application source or configuration file, by name; undefined for binary files. Any other
 * file is `text`: only well-known credential formats and `NAME=value` assignments are looked for in it.
 */
export function sourceLanguageOf(path: string): SourceLanguage | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const lower = base.toLowerCase();
  if (/^\.env(\..+)?$/.test(lower) || /^\.?envrc$/.test(lower)) return "dotenv";
  if (/^(dockerfile|containerfile)(\..+)?$/.test(lower)) return "dockerfile";
  const dot = lower.lastIndexOf(".");
  if (dot <= 0) return "text";
  const extension = lower.slice(dot + 1);
  if (BINARY_EXTENSIONS.has(extension)) return undefined;
  // Own keys only: a file named `x.constructor` is text, not Object.prototype.constructor.
  return (Object.hasOwn(BY_EXTENSION, extension) ? BY_EXTENSION[extension] : undefined) ?? "text";
}

/** The languages read through web-tree-sitter's WebAssembly grammars (`treesitter.ts`). */
const TREE_SITTER_LANGUAGES = ["python", "go", "java", "ruby", "csharp", "php"] as const;

export type TreeSitterLanguage = (typeof TREE_SITTER_LANGUAGES)[number];

const TREE_SITTER: ReadonlySet<string> = new Set(TREE_SITTER_LANGUAGES);

export const isTreeSitterLanguage = (language: SourceLanguage | undefined): language is TreeSitterLanguage =>
  language !== undefined && TREE_SITTER.has(language);
