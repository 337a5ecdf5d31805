/**
 * Which unit a worker of the pool takes next. Each worker loads the parsers of the kinds of file it meets (TypeScript
 * alone is 0.3-0.5 s of CPU in every thread that reads one JavaScript file, each tree-sitter grammar is compiled
 * again in every thread, V8 optimises the same parser code again in every thread): so a worker keeps to the kinds it
 * has claimed, and takes another worker's kind only when nothing else waits. Units come in as discovery finds them,
 * not all at once, so the kinds are claimed as they appear. The order only decides which thread scans a unit, never
 * what its result is.
 */
import { syntaxOf } from "./formats.js";
import { sourceLanguageOf } from "../parsers/source/languages.js";
import type { ScanUnit } from "./unit.js";

/** The parser a unit needs, as far as its first file's name tells: `yaml`, `json`, `hcl`, or a source language. */
export function kindOf(unit: ScanUnit): string {
  const path = unit.sources[0]?.path ?? "";
  const syntax = syntaxOf(path);
  if (syntax !== "source") return syntax ?? "";
  const language = sourceLanguageOf(path) ?? "text";
  // One reader (TypeScript's) for both.
  return language === "typescript" ? "javascript" : language;
}

/** Units of one kind waiting, in the order added: its owner takes from the front, the others from the back. */
class Waiting {
  private readonly items: number[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(index: number): void {
    this.items.push(index);
  }

  shift(): number | undefined {
    if (this.size === 0) return undefined;
    const index = this.items[this.head++] as number;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return index;
  }

  pop(): number | undefined {
    return this.size === 0 ? undefined : this.items.pop();
  }
}

/** The units waiting for a worker, by kind, and which worker claimed which kind. `W` stands for a worker. */
export class Dispatch<W> {
  private readonly waiting = new Map<string, Waiting>();
  private readonly owners = new Map<string, W>();
  /** Units given back by a worker that stopped: taken first, by any worker. */
  private readonly again: number[] = [];
  private count = 0;

  /** Units waiting. */
  get size(): number {
    return this.count;
  }

  add(index: number, kind: string): void {
    let queue = this.waiting.get(kind);
    if (!queue) {
      queue = new Waiting();
      this.waiting.set(kind, queue);
    }
    queue.push(index);
    this.count++;
  }

  /** Units a worker had and did not finish: they go first, to whichever worker asks. */
  giveBack(indices: readonly number[]): void {
    this.again.unshift(...indices);
    this.count += indices.length;
  }

  /**
   * The next unit for `worker`: one given back, else one of a kind it claimed, else one of a kind nobody claimed (the
   * kind with the most units waiting, which it claims), else one from the back of the kind with the most waiting.
   */
  take(worker: W): number | undefined {
    const index = this.again.shift() ?? this.next(worker);
    if (index !== undefined) this.count--;
    return index;
  }

  private next(worker: W): number | undefined {
    let unclaimed: [string, Waiting] | undefined;
    let largest: Waiting | undefined;
    for (const entry of this.waiting) {
      const [kind, queue] = entry;
      if (queue.size === 0) continue;
      const owner = this.owners.get(kind);
      if (owner === worker) return queue.shift();
      if (owner === undefined && queue.size > (unclaimed?.[1].size ?? 0)) unclaimed = entry;
      if (queue.size > (largest?.size ?? 0)) largest = queue;
    }
    if (unclaimed) {
      this.owners.set(unclaimed[0], worker);
      return unclaimed[1].shift();
    }
    return largest?.pop();
  }

  /** `to` takes over the kinds `from` claimed (a worker replacing one that stopped), or nobody does. */
  handOver(from: W, to: W | undefined): void {
    for (const [kind, owner] of this.owners) {
      if (owner !== from) continue;
      if (to === undefined) this.owners.delete(kind);
      else this.owners.set(kind, to);
    }
  }
}
