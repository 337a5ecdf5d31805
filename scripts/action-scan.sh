#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml runs it with `shell: bash`, which GitHub runs as
# `bash --noprofile --norc -eo pipefail`). It lives in a file so that test/e2e/action.test.ts can run it the same way.
#
# Inputs come as environment variables (GitHub hands `${{ inputs.x }}` to `env:` unchanged, so no input text is ever
# parsed as shell code):
#   SECRETWARDEN        the built CLI (dist/cli/main.js)
#   SW_PATHS            files and folders to scan, one a line (spaces inside a name are kept)
#   SW_SARIF            where to write the SARIF report
#   SW_FAIL_ON          error | warning | note | none
#   SW_CATEGORY         code scanning category (--sarif-category), empty for the CLI's default
#   SW_MIN_CONFIDENCE   --min-confidence, empty for the configuration's or the CLI's default
#   SW_ARGS             more options, one a line: `--name value` (the value is the rest of the line, spaces kept)
#   GITHUB_OUTPUT       the file GitHub reads step outputs from
#
# Outputs, written whatever the scan's exit code: sarif-file (empty when no report was written), findings (active
# findings at or above fail-on; every active finding when fail-on is none), exit-code. The step then exits with the
# scan's own code: 1 only when fail-on is met, 2 when the scan could not run.
set -eo pipefail

fail_on="${SW_FAIL_ON:-none}"
sarif="${SW_SARIF:-secretwarden.sarif}"
if [[ "$sarif" == *$'\n'* ]]; then
  echo "::error::secretwarden: the sarif-file input must be one path, on one line" >&2
  exit 2
fi

args=(--format sarif --output "$sarif" --fail-on "$fail_on" --no-progress)
if [[ -n "$SW_CATEGORY" ]]; then args+=(--sarif-category "$SW_CATEGORY"); fi
if [[ -n "$SW_MIN_CONFIDENCE" ]]; then args+=(--min-confidence "$SW_MIN_CONFIDENCE"); fi

# Read line by line, never word-split: a folder named "my app" stays one argument. A Windows line end is dropped,
# and so are the blanks around a line (YAML block scalars indent them).
trim() {
  local line="${1%$'\r'}"
  line="${line#"${line%%[![:space:]]*}"}"
  printf '%s' "${line%"${line##*[![:space:]]}"}"
}
while IFS= read -r line || [[ -n "$line" ]]; do
  line="$(trim "$line")"
  if [[ -z "$line" ]]; then continue; fi
  if [[ "$line" == -* && "$line" == *" "* ]]; then
    args+=("${line%% *}" "$(trim "${line#* }")")
  else
    args+=("$line")
  fi
  # A --fail-on here comes after the input's and wins in the CLI: count the findings by it too.
  if [[ "$line" == "--fail-on "* || "$line" == "--fail-on="* ]]; then fail_on="$(trim "${line#--fail-on[ =]}")"; fi
done <<< "${SW_ARGS:-}"
paths=()
while IFS= read -r line || [[ -n "$line" ]]; do
  line="$(trim "$line")"
  if [[ -n "$line" ]]; then paths+=("$line"); fi
done <<< "${SW_PATHS:-.}"
# `--` ends the options: a path that starts with a dash is still a path.
if (( ${#paths[@]} > 0 )); then args+=(-- "${paths[@]}"); fi

# `|| status=$?`: under -e a failing command must not end the step before the outputs are written.
# A report left by an earlier run must not pass for this run's when this one writes none.
rm -f -- "$sarif"
status=0
node "$SECRETWARDEN" "${args[@]}" || status=$?

written=""
findings=0
if [[ -f "$sarif" ]]; then
  written="$sarif"
  # Active results (no suppression) whose level reaches fail-on, as the CLI counts them for its exit code.
  findings="$(SW_LEVEL="$fail_on" node -e '
    const rank = { note: 1, warning: 2, error: 3 };
    const floor = rank[process.env.SW_LEVEL] ?? 0;
    const sarif = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const results = (sarif.runs ?? []).flatMap((run) => run.results ?? []);
    const active = results.filter((r) => !(r.suppressions ?? []).length);
    console.log(active.filter((r) => (rank[r.level ?? "warning"] ?? 0) >= floor).length);
  ' "$sarif")" || findings=0
fi

{
  echo "sarif-file=$written"
  echo "findings=$findings"
  echo "exit-code=$status"
} >> "$GITHUB_OUTPUT"
exit "$status"
