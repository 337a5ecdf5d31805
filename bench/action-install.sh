#!/usr/bin/env bash
# The GitHub Action's start on a fresh runner, simulated on this machine: a clone of this repository in an empty
# folder stands for the action's folder, and action.yml's steps run there as the runner runs them (the cache key, the
# install, then the scan step on a workspace). Four cases, each timed from the clone to the written SARIF:
#   release, cold        a release tag (dist/ shipped): `npm ci --omit=dev` with an empty npm cache (all downloaded)
#   release, npm cache   the same with the npm cache of the first run (packages from disk, not the network)
#   build, cold          a commit of main (no dist/): `npm ci`, one build, prune, with an empty npm cache
#   cache hit            actions/cache restored node_modules/ and dist/ (here: untarred from a local file), no install
# Usage: bash bench/action-install.sh [WORKDIR]   (default /tmp/secretwarden-action-bench; removed and made anew)
# Needs the npm registry for the cold cases. setup-node and the download of the actions/cache archive are not timed.
set -eo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/secretwarden-action-bench}"
rm -rf "$work"
mkdir -p "$work"
workspace="$work/workspace"
cp -r "$here/examples" "$workspace"

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Runs action.yml's steps in a fresh clone at $1 with the npm cache $2 (and dist/ copied in when $3 is "release").
simulate() {
  local action="$1" cache="$2" mode="$3"
  git clone -q "file://$here" "$action"
  if [[ "$mode" == release ]]; then cp -r "$here/dist" "$action/dist"; fi
  (
    cd "$action"
    export npm_config_cache="$cache" GITHUB_OUTPUT="$work/output" RUNNER_OS=Linux
    bash --noprofile --norc -eo pipefail scripts/action-install.sh key
    bash --noprofile --norc -eo pipefail scripts/action-install.sh
  )
  scan "$action"
}

scan() {
  (
    cd "$workspace"
    SECRETWARDEN="$1/dist/cli/main.js" SW_PATHS=. SW_SARIF=secretwarden.sarif SW_FAIL_ON=none GITHUB_OUTPUT="$work/output" \
      bash --noprofile --norc -eo pipefail "$1/scripts/action-scan.sh"
  )
}

start=$(now); simulate "$work/release-cold" "$work/npm-cache" release; end=$(now)
echo "release, cold (empty npm cache): $(seconds "$start" "$end") s"
start=$(now); simulate "$work/release-warm" "$work/npm-cache" release; end=$(now)
echo "release, npm cache warm: $(seconds "$start" "$end") s"
start=$(now); simulate "$work/build-cold" "$work/npm-cache-build" build; end=$(now)
echo "build from source, cold (empty npm cache): $(seconds "$start" "$end") s"

tar -C "$work/release-cold" -cf "$work/cache.tar" node_modules dist
du -sh "$work/cache.tar" | awk '{ print "cache archive (node_modules + dist, release): " $1 }'
tar -C "$work/build-cold" -cf "$work/cache-build.tar" node_modules dist
du -sh "$work/cache-build.tar" | awk '{ print "cache archive (node_modules + dist, build): " $1 }'
start=$(now)
git clone -q "file://$here" "$work/hit"
tar -C "$work/hit" -xf "$work/cache.tar"
scan "$work/hit"
end=$(now)
echo "cache hit (restore + scan): $(seconds "$start" "$end") s"
start=$(now); scan "$work/hit"; end=$(now)
echo "scan alone: $(seconds "$start" "$end") s"
cat "$work/output"
