/**
 * Third-party code committed to a repository: dependency folders and installed packages. Nobody typed a credential
 * there, and one copy of botocore holds hundreds of `"input_token": "NextToken"` pagination entries. Decided by
 * names only, so that the walk costs no extra stat: a folder by its own name, or by the names it lists.
 */

/** Folders that hold dependencies or an environment by their name alone, at any depth. */
const THIRD_PARTY_FOLDER =
  /^(node_modules|vendor|third_party|third-party|bower_components|jspm_packages|\.venv|venv|site-packages|dist-packages|\.tox|\.yarn|\.pnpm-store|botocore|boto3)$/i;

/**
 * Compiled caches and package metadata (a development install's `mypkg.egg-info`): not third-party, and nothing
 * anyone typed either; passed over without being counted.
 */
const GENERATED_FOLDER = /^(__pycache__|[^/]+\.dist-info|[^/]+\.egg-info)$/i;

/**
 * The metadata folder pip writes beside every package it installs (`boto3-1.29.7.dist-info`, or
 * `PyYAML-5.4.1-py3.9.egg-info` for an old-style install). The version is required: a project's own
 * `mypkg.egg-info`, written next to its sources by a development install, has none.
 */
const INSTALLED_PACKAGE_METADATA = /^[A-Za-z0-9][A-Za-z0-9_.+]*-\d[^/]*\.(dist-info|egg-info)$/;

/** A folder skipped by its name: third-party, or generated. */
export function skippedFolderKind(name: string): "third-party" | "generated" | undefined {
  if (THIRD_PARTY_FOLDER.test(name)) return "third-party";
  return GENERATED_FOLDER.test(name) ? "generated" : undefined;
}

/**
 * Whether a folder holding an entry of this name is an install target (`site-packages`, a Lambda layer's `python/`,
 * `pip install --target dependencies/python`): everything in it, packages and modules alike, was installed.
 */
export function marksInstalledPackages(entryName: string): boolean {
  return INSTALLED_PACKAGE_METADATA.test(entryName);
}

/** Whether a relative path (forward slashes) lies in a folder skipped by its name. */
export function isInThirdPartyFolder(path: string): boolean {
  const end = path.lastIndexOf("/");
  return end >= 0 && inSkippedFolder(path.slice(0, end));
}

/**
 * Each folder's answer, once: the files of a folder share it, and testing every folder of every path was a third of
 * listing a repository's files for a one-file pre-commit run (3.5 ms for 1,000 names). Bounded for a long-lived process.
 */
const skippedFolders = new Map<string, boolean>();
const MOST_FOLDERS = 100_000;

function inSkippedFolder(folder: string): boolean {
  let skipped = skippedFolders.get(folder);
  if (skipped === undefined) {
    const cut = folder.lastIndexOf("/");
    skipped =
      skippedFolderKind(folder.slice(cut + 1)) !== undefined || (cut >= 0 && inSkippedFolder(folder.slice(0, cut)));
    if (skippedFolders.size >= MOST_FOLDERS) skippedFolders.clear();
    skippedFolders.set(folder, skipped);
  }
  return skipped;
}
