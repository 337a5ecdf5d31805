import fc from "fast-check";
import type { Node as TsNode, Parser as TsParser } from "web-tree-sitter";
import { beforeAll, describe, expect, it } from "vitest";
import { SourceFile } from "../../core/positioned.js";
import { treeSitterParser } from "../tree-sitter.js";
import { parseHcl } from "./hcl.js";
import { EXPRESSIONS } from "./syntax.js";
import { maskableRuns, maskLongWhitespace } from "./whitespace.js";
import { cpuNow } from "../../test-support/cpu-now.js";

let parser: TsParser;
beforeAll(async () => {
  parser = await treeSitterParser("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm");
});

/** Every node of the tree except comments, with its extent: what the conversion can see. */
function shape(text: string): string[] {
  const tree = parser.parse(text);
  if (!tree) throw new Error("no tree");
  const out: string[] = [];
  const visit = (node: TsNode, depth: number): void => {
    if (node.type === "comment") return;
    out.push(
      `${"  ".repeat(depth)}${node.type}${node.isMissing ? " MISSING" : ""} ${node.startIndex}-${node.endIndex}`,
    );
    for (const child of node.children) if (child) visit(child, depth + 1);
  };
  visit(tree.rootNode, 0);
  tree.delete();
  return out;
}

const SPACES = " ".repeat(20);

describe("maskLongWhitespace", () => {
  it("turns a run of 16 or more whitespace characters in code into a comment of the same length, keeping its ends", () => {
    const text = `x = f(a,${SPACES}b)\n`;
    const masked = maskLongWhitespace(text);
    expect(masked).toBe(`x = f(a, /*${" ".repeat(14)}*/ b)\n`);
    expect(masked).toHaveLength(text.length);
    expect(maskLongWhitespace(`x = f(a,${" ".repeat(15)}b)\n`)).toBe(`x = f(a,${" ".repeat(15)}b)\n`);
    // Newlines inside the run stay where they were.
    expect(maskLongWhitespace(`x = [a,${"\n".repeat(20)}b]`)).toBe(`x = [a,\n/*${"\n".repeat(14)}*/\nb]`);
  });

  it("leaves strings, heredocs and comments alone, and masks code inside interpolations", () => {
    const cases: [string, [number, number][]][] = [
      [`x = "a${SPACES}b"`, []],
      [`x = "\\"${SPACES}"`, []],
      [`x = "$\${${SPACES}}"`, []],
      [`x = "\${f(a,${SPACES}b)}"`, [[11, 31]]],
      [`x = "%{ if a }${SPACES}%{ endif }"`, []],
      [`x = "\${{a = "${SPACES}"}.a}"${SPACES}`, [[39, 59]]],
      [`x = 1 #${SPACES}\ny = 2`, []],
      [`x = 1 //${SPACES}\ny = 2`, []],
      [`x = /*${SPACES}*/ 1`, []],
      [`x = <<EOT\n${SPACES}a\nEOT\ny =${SPACES}1`, [[39, 59]]],
      // A marker after leading whitespace closes a heredoc too (the grammar's scanner does not tell `<<` from `<<-`).
      [
        `x = <<EOT\n${SPACES}EOT\n${SPACES}EOT\ny =${SPACES}1`,
        [
          [33, 54],
          [61, 81],
        ],
      ],
      [`x = <<-EOT\n  a \${f(b,${SPACES}c)}\n  EOT\ny = 1`, [[21, 41]]],
    ];
    for (const [text, runs] of cases) expect(maskableRuns(text), JSON.stringify(text)).toEqual(runs);
  });

  it("follows the grammar's scanner on heredoc markers: a marker followed by more text does not close it", () => {
    // `EOT x` is literal text of the heredoc; the heredoc closes on the next line.
    expect(maskableRuns(`x = <<EOT\nEOT x${SPACES}\nEOT\ny =${SPACES}1`)).toEqual([[43, 63]]);
    // To close it, the scanner reads the spaces after the marker up to the newline: they stay spaces.
    expect(maskableRuns(`x = <<EOT\na\nEOT${SPACES}\n${SPACES}y = 1`)).toEqual([[35, 56]]);
  });

  it("stops masking where the text stops being valid HCL (a newline in a string, a marker that is not ASCII)", () => {
    expect(maskableRuns(`x =${SPACES}"a\nb"${SPACES}1`)).toEqual([[3, 23]]);
    expect(maskableRuns(`x =${SPACES}<<ÉOT\nÉOT\ny =${SPACES}1`)).toEqual([[3, 23]]);
  });

  it("ends on any text, keeps its length, and changes nothing but whitespace into comment delimiters", () => {
    const piece = fc.constantFrom(
      ...'ab=(){}[],."\\$%~#/*<-\n\t \u2028É'.split(""),
      " ".repeat(17),
      "\n".repeat(16),
      "<<EOT\n",
      "\nEOT\n",
      "${",
      "%{",
      "$${",
      "/*",
      "*/",
      "//",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join("");
        const masked = maskLongWhitespace(text);
        expect(masked).toHaveLength(text.length);
        for (let i = 0; i < text.length; i++)
          if (masked[i] !== text[i]) expect(`${text[i]} -> ${masked[i]}`).toMatch(/^\s -> [/*]$/);
      }),
      { numRuns: 3_000, seed: 5 },
    );
  });

  it("is linear: 5 MB of runs and tokens in well under a second", () => {
    const text = `locals {\n  x = concat(${"var.a,                    ".repeat(200_000)}var.b)\n}\n`;
    const start = cpuNow();
    const masked = maskLongWhitespace(text);
    expect(cpuNow() - start).toBeLessThan(1_000);
    expect(masked).toHaveLength(text.length);
  });
});

/** Terraform that exercises every lexical context: blocks, calls, strings, escapes, templates, heredocs, comments. */
const SAMPLE = `# a comment
terraform {
  required_version = ">= 1.5"
}

resource "aws_secretsmanager_secret" "db" {
  name        = "prod/\${var.env}/db"   // trailing
  description = "say \\"hi\\" $\${literal} %%{literal}"
  kms_key_id  = aws_kms_key.main.arn
  tags = merge(var.tags, { Name = "db", "odd key" = 1 })
  /* block
     comment */
  policy = <<-EOT
    {
      "Statement": [{ "Effect": "Allow", "Resource": "\${aws_s3_bucket.b.arn}" }]
    }
  EOT
  script = <<EOF
%{ for s in var.list ~}
echo \${s}
%{ endfor ~}
EOF${"  "}
}

locals {
  list   = [for x in var.items : upper(x) if x != ""]
  cond   = var.a ? "yes" : "no"
  nested = "\${join(",", [for k, v in var.map : "\${k}=\${v}"])}"
  math   = (1 + 2) * 3 / 4 - 5 % 6
  splat  = aws_instance.web[*].id
}
`;

/** `text` with every ASCII whitespace run widened by `extra(index, run)`: some runs become long enough to mask. */
function widen(text: string, extra: (index: number, run: string) => string): string {
  let index = 0;
  return text.replace(/[ \t\n]+/g, (run) => run + extra(index++, run));
}

const isBroken = (lines: string[]): boolean => lines.some((line) => /\b(ERROR|MISSING)\b/.test(line));

describe("masked and unmasked text parse to the same tree", () => {
  it("on the sample with every whitespace run widened (spaces, tabs; newlines where there was one)", () => {
    for (const [horizontal, vertical] of [
      [" ", " "],
      ["\t", "\n"],
      [" \t", "\n \t"],
    ] as const) {
      const text = widen(SAMPLE, (_, run) => (run.includes("\n") ? vertical : horizontal).repeat(24));
      const unmasked = shape(text);
      expect(isBroken(unmasked)).toBe(false);
      expect(maskableRuns(text).length).toBeGreaterThan(40);
      expect(shape(maskLongWhitespace(text))).toEqual(unmasked);
    }
  });

  it("on random widenings of the sample", () => {
    const horizontal = fc.constantFrom("", "", " ".repeat(18), "\t".repeat(17), " \t".repeat(9));
    const vertical = fc.constantFrom("", "\n".repeat(16), "\n  ".repeat(6), "\r\n".repeat(9));
    fc.assert(
      fc.property(fc.array(fc.tuple(horizontal, vertical), { minLength: 97, maxLength: 97 }), (fillers) => {
        const text = widen(SAMPLE, (index, run) => {
          const [h, v] = fillers[index % fillers.length] as [string, string];
          return run.includes("\n") ? v + h : h;
        });
        const unmasked = shape(text);
        expect(isBroken(unmasked)).toBe(false);
        expect(shape(maskLongWhitespace(text))).toEqual(unmasked);
      }),
      { numRuns: 150, seed: 3 },
    );
  });

  // Error recovery weighs the number of skipped tokens, which masking changes (one comment for many spaces): a broken
  // file may be recovered differently, but it stays broken, so it is an error entry either way.
  it("a broken file (the sample cut anywhere) stays broken when masked", () => {
    fc.assert(
      fc.property(fc.nat(SAMPLE.length), fc.constantFrom(" ".repeat(18), "\n".repeat(16)), (cut, filler) => {
        const text = widen(SAMPLE.slice(0, cut), () => filler);
        if (!isBroken(shape(text))) return;
        expect(isBroken(shape(maskLongWhitespace(text)))).toBe(true);
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it("parseHcl reads values, expression texts and positions from the file, not from the masked copy", async () => {
    const text = `locals {\n  x = concat(var.a,${" ".repeat(40)}var.b)\n  y = "\${upper(var.c,${"\t".repeat(20)}var.d)}"\n}\n`;
    const parsed = await parseHcl(new SourceFile("main.tf", text));
    expect(parsed.error).toBeUndefined();
    const body = parsed.blocks[0]?.body;
    const x = body?.kind === "object" ? body.entries.find((e) => e.key.value === "x")?.value : undefined;
    const y = body?.kind === "object" ? body.entries.find((e) => e.key.value === "y")?.value : undefined;
    expect(x && EXPRESSIONS.get(x)).toEqual({
      kind: "call",
      name: "concat",
      text: `concat(var.a,${" ".repeat(40)}var.b)`,
    });
    expect(y?.kind === "scalar" && y.value).toBe(`\${upper(var.c,${"\t".repeat(20)}var.d)}`);
    expect(x && text.slice(x.start, x.end)).toBe(`concat(var.a,${" ".repeat(40)}var.b)`);
  });

  it("an expression's text is put on one line whatever its line breaks (LF, CRLF, lone CR)", async () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = `locals {${eol}  x = concat(${eol}    var.a,${eol}    var.b${eol}  )${eol}}${eol}`;
      const parsed = await parseHcl(new SourceFile("main.tf", text));
      const body = parsed.blocks[0]?.body;
      const x = body?.kind === "object" ? body.entries[0]?.value : undefined;
      expect(x && EXPRESSIONS.get(x), JSON.stringify(eol)).toEqual({
        kind: "call",
        name: "concat",
        text: "concat( var.a, var.b )",
      });
    }
  });
});
