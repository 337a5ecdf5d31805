import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { statusChanges } from "./git.js";

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
const names = (out: string) => new Set(out.split("\0").filter((name) => name !== ""));

/** Both answers as `indexSnapshot` gets them (one status), and as the two commands it replaced give them. */
function compare(dir: string) {
  const status = statusChanges(
    git(dir, "--no-optional-locks", "status", "--porcelain=v2", "-z", "--untracked-files=no"),
  );
  return {
    status: { staged: [...status.staged].sort(), differs: [...status.differs].sort() },
    diff: {
      staged: [
        ...names(git(dir, "diff", "--cached", "--no-relative", "--name-only", "--diff-filter=ACMR", "-z")),
      ].sort(),
      differs: [...names(git(dir, "diff-files", "--no-relative", "--name-only", "-z"))].sort(),
    },
  };
}

describe("statusChanges", () => {
  it("lists what `git diff --cached --diff-filter=ACMR` and `git diff-files` list, in a repository without commits", () => {
    const dir = mkdtempSync(join(tmpdir(), "secretwarden-git-status-"));
    temporary.push(dir);
    git(dir, "init", "-q");
    writeFileSync(join(dir, "a.yaml"), "a\n");
    writeFileSync(join(dir, "with space.tf"), "b\n");
    git(dir, "add", ".");
    writeFileSync(join(dir, "a.yaml"), "a changed\n");
    const { status, diff } = compare(dir);
    expect(status).toEqual({ staged: ["a.yaml", "with space.tf"], differs: ["a.yaml"] });
    expect(status).toEqual(diff);
  });

  it("agrees on renames, odd names, intent-to-add, deletions, type changes and merge conflicts", () => {
    const dir = mkdtempSync(join(tmpdir(), "secretwarden-git-status-"));
    temporary.push(dir);
    git(dir, "init", "-q", "-b", "main");
    const files = {
      "old name.yaml": "Resources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n",
      "conflict.tf": "x = 1\n",
      "deleted.tf": "d = 1\n",
      "kept.tf": "k = 1\n",
      "typed.tf": "t = 1\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    git(dir, "checkout", "-qb", "other");
    writeFileSync(join(dir, "conflict.tf"), "x = 2\n");
    git(dir, "commit", "-qam", "other");
    git(dir, "checkout", "-q", "main");
    writeFileSync(join(dir, "conflict.tf"), "x = 3\n");
    git(dir, "commit", "-qam", "main");
    expect(() => git(dir, "merge", "-q", "other")).toThrow();

    git(dir, "mv", "old name.yaml", "new\tname.yaml");
    writeFileSync(join(dir, 'a "quoted"\nname.tf'), "q = 1\n");
    git(dir, "add", 'a "quoted"\nname.tf');
    writeFileSync(join(dir, "intent.tf"), "i = 1\n");
    git(dir, "add", "-N", "intent.tf");
    writeFileSync(join(dir, "kept.tf"), "k = 2\n");
    git(dir, "add", "kept.tf");
    unlinkSync(join(dir, "kept.tf"));
    git(dir, "rm", "-q", "deleted.tf");
    unlinkSync(join(dir, "typed.tf"));
    execFileSync("ln", ["-s", "kept.tf", "typed.tf"], { cwd: dir });
    git(dir, "add", "typed.tf");

    const { status, diff } = compare(dir);
    expect(status).toEqual(diff);
    expect(status.staged).toEqual(['a "quoted"\nname.tf', "kept.tf", "new\tname.yaml"]);
    expect(status.differs).toEqual(["conflict.tf", "intent.tf", "kept.tf"]);
  });
});
