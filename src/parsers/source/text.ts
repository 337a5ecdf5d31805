/**
 * Configuration and plain text read line by line, without a parser: dotenv, `.properties`, ini/cfg/conf, TOML,
 * shell scripts, Dockerfiles, and any other text file (`name = "value"`, `name: "value"`, `<password>...</password>`).
 */
import type { CodeLiteral, SourceLanguage } from "../../model/entities.js";
import type { SourceFile } from "../../core/positioned.js";
import { codeLiteral } from "./literal.js";

const NAME = "[A-Za-z_][\\w.-]*";
const QUOTED = `"((?:[^"\\\\\\n]|\\\\.)*)"|'([^'\\n]*)'`;

/**
 * `KEY=value` at the start of a line, after `export`/`ENV`/`ARG`/`set`...: the value quoted, or unquoted to the end
 * of the line (a ` #` comment after it is not part of it). `key: value` too in `.properties` and YAML-like text.
 */
const CONFIG_LINE = new RegExp(
  `^[ \\t]*(?:(?:export|readonly|local|declare(?:[ \\t]+-\\w+)?|ENV|ARG|set|SET|setx|\\$env:)[ \\t]+)?(${NAME})[ \\t]*(=|:|[ \\t](?=[^=:\\s]))[ \\t]*(?:${QUOTED}|([^\\s"'#;][^\\n]*?))[ \\t]*(?:[ \\t][#;].*)?$`,
  "gm",
);

/**
 * Shell: `NAME=value` as a word inside a command (`echo export TOKEN=abc >> ~/.bashrc`, `env TOKEN=abc cmd`,
 * `echo "password=abc" >> ~/.pgpass`, `mysql --password=abc`), after a blank, a quote, `;`, `&`, `|`, `(` or `--`. The
 * value is a quoted string or a word up to a blank, a quote or an operator.
 */
const SHELL_WORD = new RegExp(
  `(?<=^|[\\s"'\`;&|(]|--)(?:export[ \\t]+)?(${NAME})=(?:${QUOTED}|([^\\s"'\`;&|<>()]+))`,
  "gm",
);

/** `aws configure set aws_secret_access_key value` (also `--profile p`, `default.name`): the CLI writes it to a file. */
const AWS_CONFIGURE_SET = new RegExp(
  `\\baws[ \\t]+configure[ \\t]+set[ \\t]+(?:--profile[ \\t]+[^\\s;&|]+[ \\t]+)?(${NAME})[ \\t]+(?:${QUOTED}|([^\\s"'\`;&|<>()]+))`,
  "g",
);

/** `name = "value"`, `name: 'value'`, `name := "value"`, `"name" => "value"`, `name == "value"`, anywhere in a line. */
const QUOTED_ASSIGNMENT = new RegExp(
  `(?<![\\w.-])["']?(${NAME})["']?[ \\t]*(?::{1,3}=|\\.=|\\+=|=>|===|!==|==|!=|\\?=|=|:)[ \\t]*(?:${QUOTED})`,
  "g",
);
/**
 * In other code and plain text, also a C array (`char password[32] = "..."`, `secret[] = "..."`), an Objective-C or
 * C# verbatim string (`password = @"..."`) and a backtick-quoted value (`api_key: \`...\``). Not in configuration
 * and shell, where a backtick runs a command.
 */
const CODE_ASSIGNMENT = new RegExp(
  `(?<![\\w.-])["']?(${NAME})["']?(\\[\\d{0,6}\\])?[ \\t]*(?::{1,3}=|\\.=|\\+=|=>|===|!==|==|!=|\\?=|=|:)[ \\t]*(@?)(?:${QUOTED}|\`([^\`\\n]*)\`)`,
  "g",
);
/**
 * Go, in a file that does not parse: `db_pass := value` unquoted to the end of the word (a quote or `,` after it is
 * not part of it). Kept only when the value holds a character no Go expression has outside a string (`$`, `@`, `#`,
 * `?`, a backslash), so that `token := getToken()` in a file with another syntax error stays an expression.
 */
const GO_UNQUOTED = new RegExp(`^[ \\t]*(${NAME})[ \\t]*:?=[ \\t]*([^\\s"'\`,;]+)`, "gm");

/** `password "value";` alone on its line: a statement with the separator left out, ended by `;`. */
const UNSEPARATED_STATEMENT = new RegExp(`^[ \\t]*(${NAME})[ \\t]+(?:${QUOTED})[ \\t]*;[ \\t]*$`, "gm");
/** `setProperty("DB_PASSWORD", "value")`, `put("token", "value")`: a quoted name, a comma, a quoted value. */
const KEY_VALUE_ARGUMENTS = new RegExp(`["'](${NAME})["'][ \\t]*,[ \\t]*(?:${QUOTED})`, "g");
/** `"value" == name`: a comparison written the other way round. */
const REVERSED_COMPARISON = new RegExp(`(?:${QUOTED})[ \\t]*(?:===|!==|==|!=)[ \\t]*(${NAME})(?![\\w(])`, "g");

/** `<password>value</password>` and `<add key="password" value="..."/>` in XML configuration. */
const XML_ELEMENT = new RegExp(`<(${NAME})>\\s*([^<>\\s][^<>\\n]*?)\\s*</\\1>`, "g");
const XML_KEY_VALUE = new RegExp(
  `\\b(?:key|name)[ \\t]*=[ \\t]*"(${NAME})"[ \\t]+value[ \\t]*=[ \\t]*"([^"\\n]*)"`,
  "gi",
);

const CONFIG_LANGUAGES: ReadonlySet<SourceLanguage> = new Set([
  "dotenv",
  "properties",
  "ini",
  "toml",
  "shell",
  "dockerfile",
]);

/** Named literals of a configuration or text file, in text order, one per span. */
export function textLiterals(file: SourceFile, language: SourceLanguage, parsedAs?: SourceLanguage): CodeLiteral[] {
  const text = file.text;
  const found: { name: string; value: string; start: number; end: number }[] = [];
  // The characters a kept literal covers. Checking a new span against every kept one was quadratic (50,000 `key: value`
  // lines took seconds); the spans of one pattern do not overlap each other, so with a fixed number of patterns this
  // check reads each character a bounded number of times.
  const covered = new Uint8Array(text.length + 1);
  const taken = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (covered[i]) return true;
    return false;
  };
  const push = (name: string, value: string, start: number, end: number) => {
    if (taken(start, end)) return;
    covered.fill(1, start, end);
    found.push({ name, value, start, end });
  };
  const config = CONFIG_LANGUAGES.has(language) || language === "text";
  if (config) {
    for (const m of text.matchAll(CONFIG_LINE)) {
      const name = m[1] as string;
      const separator = m[2] as string;
      // `key value` (no separator) only where the syntax has it: `.properties` and Dockerfile `ENV KEY value`.
      if (/^[ \t]$/.test(separator) && language !== "properties" && !/^\s*(ENV|ARG)\s/.test(m[0])) continue;
      // After `:` in text and shell, an unquoted value is prose or YAML, not an assignment.
      const unquoted = m[5];
      if (
        separator === ":" &&
        unquoted !== undefined &&
        language !== "properties" &&
        language !== "ini" &&
        language !== "text"
      )
        continue;
      const raw = m[3] ?? m[4] ?? unquoted;
      if (raw === undefined) continue;
      const whole = m[0];
      // `name => "value"`, `name == "value"`, `` name: `value` ``: an arrow, a comparison or a backtick string, read below.
      if (unquoted !== undefined && /^[=:>`]/.test(unquoted)) continue;
      const quotedForm = m[3] !== undefined ? `"${m[3]}"` : m[4] !== undefined ? `'${m[4]}'` : (unquoted as string);
      const offset = (m.index ?? 0) + whole.indexOf(quotedForm, whole.indexOf(name) + name.length);
      push(name, raw, offset, offset + quotedForm.length);
    }
  }
  if (language === "shell") {
    // Both: the name, then the value double-quoted, single-quoted or a bare word, at the end of the match.
    for (const pattern of [SHELL_WORD, AWS_CONFIGURE_SET]) {
      for (const m of text.matchAll(pattern)) {
        const raw = m[2] ?? m[3] ?? m[4];
        if (raw === undefined) continue;
        const quotedForm = m[2] !== undefined ? `"${m[2]}"` : m[3] !== undefined ? `'${m[3]}'` : raw;
        const offset = (m.index ?? 0) + m[0].length - quotedForm.length;
        push(m[1] as string, raw, offset, offset + quotedForm.length);
      }
    }
  }
  if (language === "text" || language === "code") {
    for (const m of text.matchAll(XML_ELEMENT)) {
      const offset = (m.index ?? 0) + m[0].indexOf(m[2] as string, (m[1] as string).length + 2);
      push(m[1] as string, m[2] as string, offset, offset + (m[2] as string).length);
    }
    for (const m of text.matchAll(XML_KEY_VALUE)) {
      const offset = (m.index ?? 0) + m[0].lastIndexOf(`"${m[2]}"`);
      push(m[1] as string, m[2] as string, offset, offset + (m[2] as string).length + 2);
    }
  }
  const code = language === "text" || language === "code";
  for (const m of text.matchAll(code ? CODE_ASSIGNMENT : QUOTED_ASSIGNMENT)) {
    const name = m[1] as string;
    const [dq, sq, bt] = code ? [m[4], m[5], m[6]] : [m[2], m[3], undefined];
    const raw = dq ?? sq ?? bt;
    if (raw === undefined) continue;
    // A C array and an `@"..."` string hold a string in double quotes; `'...'` there is a character, no string.
    if (code && (m[2] !== undefined || m[3] === "@") && dq === undefined) continue;
    const quotedForm = dq !== undefined ? `"${dq}"` : sq !== undefined ? `'${sq}'` : `\`${bt}\``;
    const offset = (m.index ?? 0) + m[0].lastIndexOf(quotedForm);
    push(name, raw, offset, offset + quotedForm.length);
  }
  if (code || language === "ini") {
    for (const m of text.matchAll(UNSEPARATED_STATEMENT)) {
      const raw = m[2] ?? m[3];
      if (raw === undefined) continue;
      const quotedForm = m[2] !== undefined ? `"${m[2]}"` : `'${m[3]}'`;
      const offset = (m.index ?? 0) + m[0].indexOf(quotedForm, m[0].indexOf(m[1] as string) + (m[1] as string).length);
      push(m[1] as string, raw, offset, offset + quotedForm.length);
    }
  }
  if (language === "text" || language === "code") {
    for (const m of text.matchAll(KEY_VALUE_ARGUMENTS)) {
      const raw = m[2] ?? m[3];
      if (raw === undefined) continue;
      const quotedForm = m[2] !== undefined ? `"${m[2]}"` : `'${m[3]}'`;
      const offset = (m.index ?? 0) + m[0].lastIndexOf(quotedForm);
      push(m[1] as string, raw, offset, offset + quotedForm.length);
    }
  }
  if (parsedAs === "go") {
    for (const m of text.matchAll(GO_UNQUOTED)) {
      const raw = m[2] as string;
      if (!/[$@#?\\]/.test(raw)) continue;
      const offset = (m.index ?? 0) + m[0].length - raw.length;
      push(m[1] as string, raw, offset, offset + raw.length);
    }
  }
  for (const m of text.matchAll(REVERSED_COMPARISON)) {
    const raw = m[1] ?? m[2];
    if (raw === undefined) continue;
    const quotedForm = m[1] !== undefined ? `"${m[1]}"` : `'${m[2]}'`;
    const offset = m.index ?? 0;
    push(m[3] as string, raw, offset, offset + quotedForm.length);
  }
  const seen = new Map<string, number>();
  return found
    .sort((a, b) => a.start - b.start)
    .map((f) => codeLiteral(file, f.name, "assignment", f.value, f.start, f.end, seen));
}
