/**
 * `--account-per-folder`: in a monorepo of independent stacks (one folder per template or Terraform module), a role of
 * one folder is not a principal of another folder's account. Each top folder of a scanned path becomes a project of
 * its own, evaluated as its own account.
 */
import path from "node:path";
import { Project } from "../model/project.js";
import type { AccessReport } from "./effective-access.js";

/**
 * The account folder of a file (relative to cwd, forward slashes): the first folder below the scanned path that holds
 * it, or the scanned path itself for a file directly in it. `paths` are the scanned paths relative to cwd (`.` when
 * none).
 */
export function accountFolderOf(file: string, paths: readonly string[]): string {
  for (const scanned of paths.length > 0 ? paths : ["."]) {
    const base = path.posix.normalize(scanned.split(path.sep).join("/")).replace(/\/$/, "");
    const inside = base === "." ? file : file.startsWith(`${base}/`) ? file.slice(base.length + 1) : undefined;
    if (inside === undefined) continue;
    const slash = inside.indexOf("/");
    if (slash === -1) return base;
    const top = inside.slice(0, slash);
    return base === "." ? top : `${base}/${top}`;
  }
  return path.posix.dirname(file);
}

/** The project split by account folder, in folder order. */
export function projectsByFolder(project: Project, paths: readonly string[]): { folder: string; project: Project }[] {
  const entities = new Map<string, Project["entities"][number][]>();
  const documents = new Map<string, Project["documents"][number][]>();
  for (const entity of project.entities) {
    const folder = accountFolderOf(entity.file.path, paths);
    entities.set(folder, [...(entities.get(folder) ?? []), entity]);
  }
  for (const document of project.documents) {
    const folder = accountFolderOf(document.file.path, paths);
    documents.set(folder, [...(documents.get(folder) ?? []), document]);
  }
  const folders = [...new Set([...entities.keys(), ...documents.keys()])].sort();
  return folders.map((folder) => ({
    folder,
    project: new Project(entities.get(folder) ?? [], documents.get(folder) ?? []),
  }));
}

/** One report of several accounts: their secrets in file order, each note once. */
export function mergeAccessReports(reports: readonly AccessReport[]): AccessReport {
  const secrets = reports
    .flatMap((r) => r.secrets)
    .sort((a, b) =>
      a.secret.file.path < b.secret.file.path
        ? -1
        : a.secret.file.path > b.secret.file.path
          ? 1
          : a.secret.node.start - b.secret.node.start,
    );
  return {
    secrets,
    notEvaluated: reports.flatMap((r) => r.notEvaluated),
    notes: [...new Set(reports.flatMap((r) => r.notes))],
  };
}
