#!/usr/bin/env bash
# The GitHub Action's install step, run in the action's own folder (github.action_path). Two commands:
#
#   action-install.sh key   writes `key=...` and `dir=...` to GITHUB_OUTPUT: the actions/cache key of node_modules/ and dist/, a
#                           hash of everything they are made from (lockfile, package.json, sources, build scripts and a
#                           shipped dist/), so a cached build is never used for other sources.
#   action-install.sh       installs what the scan needs, once:
#     - dist/ shipped (a release tag carries the built dist/, RELEASING.md): `npm ci --omit=dev`, the run-time
#       dependencies only, nothing built;
#     - no dist/ (the action pinned to a commit of main): `npm ci` then one build, then the development
#       dependencies (the build's tools) are pruned so that the cache holds only what the scan loads.
#   `--ignore-scripts` everywhere: `npm ci` would otherwise run `prepare` (a first build, which the action then did
#   again) and the grammar packages' native builds, which the scan never loads (it reads their .wasm from dist/).
set -eo pipefail

npm_flags=(--no-audit --no-fund --loglevel=error --ignore-scripts)
mode=build
if [[ -f dist/cli/main.js ]]; then mode=release; fi

if [[ "${1:-}" == "key" ]]; then
  sources=(package-lock.json package.json tsconfig.json tsconfig.build.json scripts src)
  if [[ "$mode" == release ]]; then sources=(package-lock.json package.json dist); fi
  # In node, not sha256sum: macOS runners have no sha256sum.
  hash="$(node -e '
    const { createHash } = require("node:crypto");
    const { existsSync, readdirSync, readFileSync, statSync } = require("node:fs");
    const files = (path) => (statSync(path).isDirectory() ? readdirSync(path).sort().flatMap((name) => files(`${path}/${name}`)) : [path]);
    const hash = createHash("sha256");
    for (const file of process.argv.slice(1).filter((path) => existsSync(path)).flatMap(files)) hash.update(`${file}\0`).update(readFileSync(file));
    console.log(hash.digest("hex").slice(0, 32));
  ' "${sources[@]}")"
  line="key=secretwarden-${RUNNER_OS:-$(uname -s)}-node$(node -p 'process.versions.node.split(".")[0]')-$mode-$hash"
  # dir: the action's folder as the shell sees it, for the cache's paths (github.action_path can end in "/./" for a
  # local `uses: ./`, which actions/cache refuses).
  # On Windows, Git Bash's `pwd -W` gives the C:/... form the cache action expects.
  line+=$'\n'"dir=$(pwd -W 2>/dev/null || pwd)"
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "$line" >> "$GITHUB_OUTPUT"; else echo "$line"; fi
  exit 0
fi

if [[ "$mode" == release ]]; then
  npm ci --omit=dev "${npm_flags[@]}"
else
  npm ci "${npm_flags[@]}"
  npm run build --silent
  npm prune --omit=dev "${npm_flags[@]}"
fi
