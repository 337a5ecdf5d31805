/**
 * The README's fenced code blocks, found by the heading of their section, so that the tests exercise what a reader
 * copies: editing a snippet changes what is tested, and removing one fails the test that needs it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, ROOT, type CliRun } from "./cli.js";

export interface Block {
  /** The info string's first word: `yaml`, `sh`, `json`. */
  lang: string;
  /** The rest of the info string: `pre-commit`, `workflow`, `config`. */
  tag: string;
  body: string;
}

export const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The text of the `## heading` section, up to the next heading of the same or a higher level. */
export function readmeSection(heading: string): string {
  const lines = README.split("\n");
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`README has no section "## ${heading}"`);
  let end = start + 1;
  let fenced = false;
  for (; end < lines.length; end++) {
    const line = lines[end] as string;
    if (line.startsWith("```")) fenced = !fenced;
    if (!fenced && /^#{1,2} /.test(line)) break;
  }
  return lines.slice(start + 1, end).join("\n");
}

/** The fenced blocks of a section, in order. */
export function readmeBlocks(heading: string): Block[] {
  return [...readmeSection(heading).matchAll(/^```(\S*)[ \t]*(.*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] ?? "",
    tag: (m[2] ?? "").trim(),
    body: m[3] ?? "",
  }));
}

/** The one block of a section in a language (and with a tag, when given); fails when there is not exactly one. */
export function readmeBlock(heading: string, lang: string, tag?: string): string {
  const found = readmeBlocks(heading).filter((b) => b.lang === lang && (tag === undefined || b.tag === tag));
  if (found.length !== 1)
    throw new Error(
      `README section "${heading}" has ${found.length} ${lang}${tag ? ` ${tag}` : ""} blocks, expected 1`,
    );
  return (found[0] as Block).body;
}

/** The command lines of a shell block: comments dropped, one command a line. */
export function commandLines(block: string): string[] {
  return block
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "");
}

/**
 * Runs a README command line `npx secretwarden ARGS` with the built CLI (`node dist/cli/main.js ARGS`), as a user
 * in `cwd` would. The README's commands have no quoting, so splitting on spaces is what the shell does.
 */
export function runReadmeCommand(line: string, cwd: string): CliRun {
  const [npx, name, ...args] = line.split(/\s+/);
  if (npx !== "npx" || name !== "secretwarden") throw new Error(`not an "npx secretwarden" command: ${line}`);
  return cli(args, { cwd });
}
