/**
 * The report set and its context. Files named on the command line, staged (`--staged`) or passed by the pre-commit
 * framework (one batch of `pre-commit run --all-files` at a time) are the report set: findings are reported there only.
 * The cross-file rules judge them against the rest of the repository, the context: the other files of a Terraform file's
 * module folder (always), and the templates, policies, plans and Terraform files under the repository root that can
 * link to what the report set defines. Context is found by cheap text tests over the files (see `LINKS`), parsed only
 * when it can matter, and never reported on, so a file's findings are those of a scan of the whole repository.
 *
 * What can link across files is what `Project` links (rotation schedules and secret resource policies to secrets by
 * literal name or ARN), what the rules of scope `project` read of the whole project (every secret and audit control
 * for the audit note; the services every kept policy names, for the suggestions of unknown actions), and the Lambda
 * handlers templates name in source files. Everything else links within a unit (a template, a module folder).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { literal, type Entity, type SourceDocument } from "../model/entities.js";
import { secretNamesOf, type Project } from "../model/project.js";
import { isTerraformPath, isTfvarsPath } from "../parsers/load.js";
import { ruleSettings, DEFAULT_MAX_FILE_SIZE } from "../engine/config.js";
import { reportsAny } from "../engine/run.js";
import type { ScanResult } from "../engine/types.js";
import { RULES } from "../rules/index.js";
import { sourceLanguageOf } from "../parsers/source/languages.js";
import { syntaxOf } from "./formats.js";
import {
  decode,
  discover,
  isSkipped,
  readCandidateSync,
  walkSkips,
  type DiscoveredFile,
  type LoadedFile,
} from "./discover.js";
import {
  pathFilter,
  projectOf,
  reportOf,
  scan,
  scanUnits,
  wantedBy,
  type ScanOptions,
  type UnitResultCache,
} from "./scan.js";
import { repositoryOrder } from "./path-order.js";

/** What a context file must say to be worth parsing, by what it would link to in the report set. */
const LINKS = {
  /**
   * A rotation schedule of a secret in the report set: CloudFormation's `AWS::SecretsManager::RotationSchedule`,
   * Terraform's `aws_secretsmanager_secret_rotation` (or, before provider 5, `rotation_rules` in the secret's block).
   * Not any rotation: a key's `EnableKeyRotation` links to nothing elsewhere.
   */
  rotation: /RotationSchedule|secretsmanager_secret_rotation|rotation_rules|rotation_lambda_arn/i,
  /** A CloudTrail trail or AWS Config rule: the audit note is about the whole repository. */
  audit: /trail|config_?rule/i,
  /**
   * A secret a resource policy of the report set names; every secret, when the audit note is given. A secret is an
   * `AWS::SecretsManager::Secret` or an `aws_secretsmanager_secret`, whose type a file spells whole (not a
   * `SecretTargetAttachment`, not an `aws_secretsmanager_secret_version`).
   */
  secret: /SecretsManager::Secret\b|aws_secretsmanager_secret\b/i,
  /** A policy whose services join the project's IAM catalogue, which an unknown action's suggestion comes from. */
  action: /action/i,
  /** A Lambda function whose handler is a source file of the report set (and the rotation schedule naming it). */
  handler: /handler/i,
} as const;

type Link = keyof typeof LINKS;

/**
 * What one report-set entity needs of the context: links, each narrowed to files that also spell one of its names when
 * given (a secret's name: a schedule or policy naming it by name or ARN spells it, see `spells`).
 */
interface Need {
  link: Link;
  names?: string[];
}

/**
 * Signs that a file assembles a value from parts: `${...}` (CloudFormation `Sub`, Terraform interpolation), a join, a
 * format, a mapping or a reference (a parameter's default). Such a file may spell only part of a name it links to.
 */
const ASSEMBLES = /\$\{|\bjoin\b|\bformat(?:list)?\s*\(|findinmap|\bref\b/i;

/** The longest `/` part of a name: what a file that assembles the name (`${Env}/orders/db`) still spells. */
const longestPart = (name: string): string =>
  name.split("/").reduce((a, b) => (b.length > a.length ? b : a), "") || name;

/** Project-level notes: reported once for the whole repository, at its first secret. */
const PROJECT_NOTES = new Set(["audit-trail-missing"]);

/** A name a file can spell, or undefined when the name is not a literal (it then links by reference only). */
const literalName = (name: string | undefined): string | undefined =>
  name === undefined || name === "" || name.includes("${") ? undefined : name;

/**
 * Which context a report-set entity needs, from the entities a unit keeps for the rules of scope `project` (their
 * `needs`). An entity of a kind not listed here needs all context that says any of `LINKS`: a new project rule stays
 * right before this table learns about it.
 */
function needsOf(entity: Entity): Need[] | "all" {
  switch (entity.kind) {
    case "secret": {
      const name = literalName(literal(entity.name));
      return [...(name ? [{ link: "rotation" as const, names: [name] }] : []), { link: "audit" }];
    }
    case "policy": {
      if (entity.policyType === "secret-resource-policy") {
        const target = literal(entity.target);
        const names = (target === undefined ? [] : secretNamesOf(target)).flatMap((name) => literalName(name) ?? []);
        return names.length > 0 ? [{ link: "secret", names }] : [];
      }
      // A key policy is read with its key, in the same unit; any other policy is kept only for an unknown action.
      return entity.policyType === "key-policy" ? [] : [{ link: "action" }];
    }
    // Keys link to secrets within a unit; what reports on schedules, functions and trails is at secrets and sources.
    case "kms-key":
    case "rotation-schedule":
    case "lambda-function":
    case "audit-control":
      return [];
    default:
      return "all";
  }
}

/** Source files that read a secret: the templates naming their handler. */
const documentNeeds = (document: SourceDocument): Need[] =>
  (document.source?.secretFetches ?? []).length > 0 ? [{ link: "handler" }] : [];

/**
 * Before git's search for a secret narrows the files before the report set's first secret, this many of them are read
 * (while git searches for the other links): one of the first few usually holds one.
 */
const PROBE_READS = 32;

/** Above this many names for one link, any file that says the link is read: the test of a file stays bounded. */
const MAX_NAMES = 64;

/** A file before the report set's first secret that may hold one: `confirmed` once its text was tested. */
interface Earlier {
  candidate: Candidate;
  confirmed?: boolean;
}

/**
 * A test of whether a context file's text can matter for one of the needs: per link, its pattern and one of its names
 * (no names when one need of the link has none, or when there are too many). A file spells a name when it holds it
 * whole (a name, an ARN), or its longest part when the file assembles values (see `ASSEMBLES`): a rotation of
 * `prod/orders/api` is not read for the secret `prod/orders/db`, but one of `${Env}/orders/db` is.
 */
function matcher(needs: readonly Need[]): (text: string) => boolean {
  const tests = [...namesByLink(needs)].map(([link, whole]) => {
    return { pattern: LINKS[link], whole, parts: whole && [...new Set(whole.map(longestPart))] };
  });
  return (text) => {
    let assembles: boolean | undefined;
    return tests.some(
      (test) =>
        test.pattern.test(text) &&
        (test.whole === undefined ||
          test.whole.some((name) => text.includes(name)) ||
          ((assembles ??= ASSEMBLES.test(text)) && (test.parts ?? []).some((part) => text.includes(part)))),
    );
  };
}

/**
 * A Perl pattern that every file `matcher(needs)` keeps matches (in any case): per link, the longest part of each name
 * (a file holding a name holds its longest part), or the link's own pattern where a need has no names. A superset: each
 * file it finds is still tested with `matcher`.
 */
function grepPattern(needs: readonly Need[]): string {
  const alternatives = new Set<string>();
  for (const [link, names] of namesByLink(needs)) {
    // git searches line by line: for a name across lines, any file that says the link.
    if (names === undefined || names.some((name) => /[\n\r\0]/.test(name))) alternatives.add(LINKS[link].source);
    else for (const name of names) alternatives.add(perlLiteral(longestPart(name)));
  }
  return [...alternatives].join("|");
}

/** Per link, the names the needs narrow it to; undefined when one need has none, or when there are too many. */
function namesByLink(needs: readonly Need[]): Map<Link, string[] | undefined> {
  const names = new Map<Link, Set<string> | "any">();
  for (const need of needs) {
    const known = names.get(need.link);
    if (known === "any") continue;
    if (need.names === undefined) names.set(need.link, "any");
    else names.set(need.link, new Set([...(known ?? []), ...need.names]));
  }
  return new Map(
    [...names].map(([link, list]) => [link, list === "any" || list.size > MAX_NAMES ? undefined : [...list]]),
  );
}

/** `text` matched as it is by a Perl pattern: every ASCII punctuation character escaped. */
const perlLiteral = (text: string): string => text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);

/** A file of the git index or of a commit, as context. */
export interface StoredFile {
  /** Relative to cwd, forward slashes. */
  path: string;
  /** Relative to the repository's root, as git names it. */
  name: string;
  /** The whole content; undefined when it cannot be read. */
  bytes: () => Promise<Buffer | undefined>;
  /** Read from the work tree, which holds what the index does: `withoutMatch` answers for it. */
  onDisk?: boolean;
}

/** Where the context is read: the work tree, or the git index (`--staged`) or a commit (`--diff-base`'s base). */
export interface ContextSource {
  /**
   * Absolute: the git work trees of the report set's files (each file's own repository, never the current directory's
   * for a file outside it).
   */
  roots: string[];
  /** Absolute: the folders of report-set files in no repository. Their Terraform module folder is their only context. */
  folders?: string[];
  /** The files of the index or of a commit instead of the work tree (one repository: `roots[0]`). */
  stored?: {
    /** Every file, relative to the root: what the walk would pass over is judged from them (see `walkSkips`). */
    names: readonly string[];
    /** The files `wants` keeps, asked with each file's path relative to cwd. */
    files: (wants: (relative: string) => boolean) => StoredFile[];
    /**
     * The work tree files that certainly hold no match of a Perl pattern (any case), by their names in the repository,
     * found without reading them here (git's search); undefined when it cannot tell. It answers for the files `onDisk`
     * only, and searches only the files of `within` when given. Without it, every file is read to be tested. (Files
     * named on the command line are not searched so: their context is walked in the work tree, whose files are then read
     * faster than git starts; measured in BENCHMARKS.md.)
     */
    withoutMatch?: (pattern: string, within?: readonly string[]) => Promise<Set<string> | undefined>;
  };
}

/** A context candidate, relative to cwd: found in the work tree (read when needed) or in the index. */
interface Candidate {
  path: string;
  /** Its name in the repository, when `withoutMatch` answers for it. */
  grepped?: string;
  load: () => Promise<LoadedFile | undefined>;
  /**
   * Whether a whole scan would pass it over (ignored...): asked only of the few files the text tests keep, since the
   * ignore rules cost more per file than those tests.
   */
  excluded?: () => boolean;
}

const usable = (candidate: Candidate): boolean => !candidate.excluded?.();

/**
 * Scans `options` (paths, or `files` for `--staged` and `--diff-base`'s base) as the report set, with the context of
 * `source` (see `ContextSource`): first with
 * its Terraform module folders; then with the context its entities can link to; then, when the audit note is given,
 * with what decides where it sits (a secret in a file before the report set's first) and what it counts (every secret).
 */
export async function scanWithContext(options: ScanOptions, source: ContextSource): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  const wants = wantedBy(pathFilter(cwd, options.filters ?? []));
  let report: Set<string>;
  if (options.files) report = new Set(options.files.map((file) => file.path));
  else {
    const found = await discover({
      paths: options.paths?.length ? options.paths : ["."],
      cwd,
      maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      wants,
    });
    // A missing path is the scan's error to give.
    if (found.missing.length > 0) return scan(options);
    report = new Set(found.files.map((file) => file.path));
  }

  let listing: Promise<Candidate[]> | undefined;
  const candidates = () => (listing ??= list(source, cwd, wants, config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, report));
  const modules = (paths: Iterable<string>) => new Set([...paths].filter(isModuleFile).map(folderOf));
  const matesOf = async (folders: Set<string>) =>
    folders.size === 0
      ? []
      : (await candidates()).filter((c) => isModuleFile(c.path) && folders.has(folderOf(c.path)) && usable(c));

  let project: Project | undefined;
  // The last scan and the context it had: a pass that adds no file (a report set alone in its folder, no other
  // repository file naming its secret) gives the same result, and a scan is most of a one-file run's time.
  let last: { paths: string; result: ScanResult } | undefined;
  // A unit read again in a later pass (the report set, each context file) is not parsed and checked again.
  const unitCache: UnitResultCache = new Map();
  const withContext = async (context: Candidate[]) => {
    const unique = [...new Map(context.map((c) => [c.path, c])).values()];
    const paths = unique
      .map((c) => c.path)
      .sort()
      .join("\0");
    if (last?.paths === paths) return last.result;
    const result = await scan({
      ...(await withLoaded(unique)),
      onProject: (built) => (project = built),
    });
    last = { paths, result };
    return result;
  };
  const withLoaded = async (context: Candidate[]): Promise<ScanOptions> => ({
    ...options,
    context: (await Promise.all(context.map((c) => c.load()))).filter((file): file is LoadedFile => file !== undefined),
    keepAllEntities: false,
    unitCache,
  });
  const built = (): Project => project as Project;

  // 1. The report set with its module folders: the rules of scope `file` read a Terraform module as one unit.
  const mates = await matesOf(modules(report));
  // Its units and their project only: the rules of scope `project` run once the context is known (their findings here
  // would be thrown away, with the fingerprints `node:crypto` was loaded for), or on these units when none is needed.
  const firstOptions = await withLoaded(mates);
  const firstUnits = await scanUnits(firstOptions);
  project = projectOf(firstUnits, firstOptions);
  const needs: Need[] = [];
  for (const entity of built().entities) {
    if (!report.has(entity.file.path)) continue;
    const wanted = needsOf(entity);
    // Loops, not `push(...list)`: a file can give any number of entities and needs.
    if (wanted === "all") for (const link of Object.keys(LINKS) as Link[]) needs.push({ link });
    else for (const need of wanted) needs.push(need);
  }
  for (const document of built().documents)
    if (report.has(document.file.path)) for (const need of documentNeeds(document)) needs.push(need);
  if (needs.length === 0) return reportOf(firstUnits, firstOptions);

  // 2. The context those entities can link to, each file with its module folder. With a secret in the report set, also
  // the first files before its first secret that may hold one (they take the audit note, which sits at the
  // repository's first secret, away from the report set): usually they settle the note's place in this one pass.
  const taken = new Set([...report, ...mates.map((m) => m.path)]);
  // Compared in repository order, as the project orders its secrets (a run from a subfolder names other folders `../`).
  const order = repositoryOrder(cwd);
  const before = (a: string, b: string): boolean => order(a, b) < 0;
  const firstSecret = built()
    .all("secret")
    .map((secret) => secret.file.path)
    .filter((file) => report.has(file))
    .reduce<string | undefined>(
      (first, file) => (first === undefined || before(file, first) ? file : first),
      undefined,
    );
  const withMates = async (chosen: Candidate[]): Promise<Candidate[]> => {
    const chosenPaths = new Set(chosen.map((c) => c.path));
    return [
      ...chosen,
      ...(await matesOf(modules(chosenPaths))).filter((c) => !taken.has(c.path) && !chosenPaths.has(c.path)),
    ];
  };
  const mayHoldSecret = matcher([{ link: "secret" }]);
  /** The syntaxes the first scan read: their parsers are loaded. */
  const parsedSyntaxes = new Set([...report, ...mates.map((m) => m.path)].map((file) => syntaxOf(file)));
  /**
   * One pass over the context not taken yet: the files `wanted` matches, and those before `limit` that may hold a secret,
   * each read and tested only when taken (see `take`). Where git can search the work tree, the files it rules out are not
   * read here: the first earlier files are read while it searches (one of the first few usually holds a secret, and one
   * settles the note's place); when none of those does, git's search for a secret narrows the rest.
   */
  const select = async (
    wanted: readonly Need[],
    limit?: string,
  ): Promise<{ chosen: Candidate[]; earlier: Earlier[]; narrow: () => Promise<void> }> => {
    const matches = matcher(wanted);
    const all = (await candidates()).filter((candidate) => !taken.has(candidate.path));
    const grepped = all.flatMap((c) => (c.grepped === undefined ? [] : [c.grepped]));
    const search = grepped.length > 0 ? source.stored?.withoutMatch : undefined;
    // Named to git when they are the smaller part of the repository: git then reads nothing else.
    const within = grepped.length * 2 < (source.stored?.names.length ?? 0) ? grepped : undefined;
    const searching = search?.(grepPattern(wanted), within);
    // Any earlier secret settles the note's place: first those the parsers already loaded read (a Terraform report set's
    // probe is a Terraform file, not a template whose YAML parser would then load for it), each kind in repository order.
    // Ranked once each: every candidate before the limit is sorted here, thousands in a large repository.
    const earlier: Earlier[] = (limit === undefined ? [] : all.filter((c) => before(c.path, limit)))
      .map((candidate) => ({ candidate, rank: parsedSyntaxes.has(syntaxOf(candidate.path)) ? 0 : 1 }))
      .sort((a, b) => a.rank - b.rank || order(a.candidate.path, b.candidate.path))
      .map(({ candidate }) => ({ candidate }));
    // Without git's search every file is read below.
    if (searching) await confirmFirst(earlier, PROBE_READS);
    const noMatch = await searching;
    // An earlier file read here anyway is tested here (without git, every file is): confirmed, or dropped.
    const untested = new Map(earlier.flatMap((entry) => (entry.confirmed ? [] : [[entry.candidate.path, entry]])));
    const dropped = new Set<Earlier>();
    // One file at a time, and only the chosen ones' texts kept: the context of a large repository is not held in memory.
    const chosen: Candidate[] = [];
    for (const c of all) {
      if (c.grepped !== undefined && noMatch?.has(c.grepped)) continue;
      const file = await c.load();
      if (!file) continue;
      if (matches(file.text) && usable(c)) chosen.push({ path: c.path, load: async () => file });
      const entry = untested.get(c.path);
      if (entry && mayHoldSecret(file.text) && usable(c)) entry.confirmed = true;
      else if (entry) dropped.add(entry);
    }
    if (dropped.size > 0) earlier.splice(0, earlier.length, ...earlier.filter((entry) => !dropped.has(entry)));
    let narrowed = false;
    /** Drops the entries of `earlier` not read yet that git's search finds no secret in (once). */
    const narrow = async () => {
      if (narrowed || !search || earlier.every((entry) => entry.confirmed)) return;
      narrowed = true;
      const noSecret = await search(LINKS.secret.source, within);
      const kept = earlier.filter((entry) => {
        const name = entry.candidate.grepped;
        return entry.confirmed || name === undefined || !noSecret?.has(name);
      });
      earlier.splice(0, earlier.length, ...kept);
    };
    if (!earlier[0]?.confirmed) await narrow();
    return { chosen, earlier, narrow };
  };
  /**
   * Confirms the first entry of `earlier` that holds a secret, reading at most `reads` of them: those that hold none
   * before it are dropped. The first entry is then confirmed, or unconfirmed when the reads ran out.
   */
  const confirmFirst = async (earlier: Earlier[], reads: number): Promise<void> => {
    for (let left = reads; earlier.length > 0 && !earlier[0]?.confirmed && left > 0; left--) {
      const { candidate } = earlier[0] as Earlier;
      const file = await candidate.load();
      if (file && mayHoldSecret(file.text) && usable(candidate))
        earlier[0] = { candidate: { path: candidate.path, load: async () => file }, confirmed: true };
      else earlier.shift();
    }
  };
  /** The next `count` files of `earlier` that hold a secret, read as they are taken. */
  const take = async (earlier: Earlier[], count: number): Promise<Candidate[]> => {
    const out: Candidate[] = [];
    while (out.length < count && earlier.length > 0) {
      await confirmFirst(earlier, Number.POSITIVE_INFINITY);
      const next = earlier.shift();
      if (next?.confirmed) out.push(next.candidate);
    }
    return out;
  };
  const auditNeeded = needs.some((need) => need.link === "audit");
  const { chosen, earlier, narrow } = await select(needs, auditNeeded ? firstSecret : undefined);
  const noteElsewhere = () =>
    built()
      .all("secret")
      .some(
        (secret) => firstSecret !== undefined && before(secret.file.path, firstSecret) && !report.has(secret.file.path),
      );
  // One file first: the earlier files are those that define a secret, so the first settles the note's place.
  const PROBE = 1;
  let context = [...mates, ...(await withMates([...chosen, ...(await take(earlier, PROBE))]))];
  const second = await withContext(context);
  if (!auditNeeded || !noteGiven(built(), options) || noteElsewhere()) return second;

  // 3. No secret yet before the report set's first: the rest of the earlier files, a growing few at a time.
  await narrow();
  for (let size = PROBE * 4; earlier.length > 0; size *= 4) {
    context = [...context, ...(await withMates(await take(earlier, size)))];
    const result = await withContext(context);
    if (noteElsewhere()) return result;
  }
  // The report set holds the repository's first secret: the note is its, with every secret counted.
  for (const c of context) taken.add(c.path);
  context = [...context, ...(await withMates((await select([{ link: "secret" }])).chosen))];
  return withContext(context);
}

/** Whether a project-level note is given for `project` (wherever it sits). */
function noteGiven(project: Project, options: ScanOptions): boolean {
  const rules = (options.rules ?? RULES).filter((rule) => PROJECT_NOTES.has(rule.meta.id));
  return reportsAny(project, rules, ruleSettings(rules, options.config ?? {}));
}

const isModuleFile = (relative: string) => isTerraformPath(relative) || isTfvarsPath(relative);
const folderOf = (relative: string) => path.posix.dirname(relative);

/**
 * Whether a file can be context: a template, policy, plan or Terraform file (or a module's `.tfvars`). Application
 * source gives no entity, only the summaries the handler rule reads in the file it reports on. Before the text is read,
 * a plain text file may still be a policy.
 */
function mayBeContext(relative: string, text?: string): boolean {
  if (isTfvarsPath(relative) || syntaxOf(relative, text) !== "source") return true;
  return text === undefined && sourceLanguageOf(relative) === "text";
}

/**
 * Every file of the repositories (and module folders outside any) that the scan would read, but those of the report set;
 * contents read on demand.
 */
async function list(
  source: ContextSource,
  cwd: string,
  wants: (relative: string) => boolean,
  maxFileSize: number,
  report: Set<string>,
): Promise<Candidate[]> {
  const wanted = (relative: string) => !report.has(relative) && wants(relative) && mayBeContext(relative);
  if (source.stored) {
    const root = source.roots[0];
    // The exclusions of a whole scan: what the walk of the work tree would not read is no context either.
    const skips = root === undefined ? undefined : await walkSkips(root, source.stored.names);
    // A file in a folder the walk does not enter (an install target, an ignored folder) is no context: left out before
    // any text is read or searched (a vendored SDK's data can be most of a repository's bytes).
    const files = source.stored.files(wanted).filter((file) => !skips?.inSkippedFolder(file.name));
    return files.map((file) => ({
      path: file.path,
      ...(file.onDisk && source.stored?.withoutMatch ? { grepped: file.name } : {}),
      excluded: () => skips?.(file.name) ?? false,
      load: async () => {
        const bytes = await file.bytes();
        if (bytes === undefined || bytes.length > maxFileSize) return undefined;
        const text = decode(bytes);
        return text === undefined || !mayBeContext(file.path, text)
          ? undefined
          : { absolutePath: path.resolve(cwd, file.path), path: file.path, explicit: false, text };
      },
    }));
  }
  const toCwd = (absolute: string) => path.relative(cwd, absolute).split(path.sep).join("/") || ".";
  const found = source.roots.length
    ? (await discover({ paths: source.roots.map(toCwd), cwd, maxFileSize, wants: wanted })).files
    : [];
  // Outside a repository, a file's module folder alone: the unit the rules read it in.
  for (const folder of source.folders ?? []) {
    const names = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of names) {
      const relative = toCwd(path.join(folder, entry.name));
      if (entry.isFile() && isModuleFile(relative) && wanted(relative))
        found.push({ absolutePath: path.join(folder, entry.name), path: relative, explicit: false });
    }
  }
  return [...new Map(found.map((file) => [file.path, file])).values()].map((file: DiscoveredFile) => ({
    path: file.path,
    load: async () => {
      // Blocking reads: nothing else is waiting meanwhile, and each costs less than a file handle's open, stat and close.
      const read = readCandidateSync(file, maxFileSize);
      return isSkipped(read) || !mayBeContext(read.path, read.text) ? undefined : read;
    },
  }));
}
