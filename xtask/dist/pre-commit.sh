#!/usr/bin/env bash
# The pre-commit hooks: `pre-commit try-repo` runs each hook of .pre-commit-hooks.yaml from the
# clone in a scratch git repository holding one valid and one invalid body; the valid body alone
# passes (exit status 0), the invalid one fails (1), and the whole repository fails naming it.
#
# Run by `cargo xtask dist` after wheel.sh. Environment: CLONE, SCRATCH, TOOLS (a virtual
# environment with pre-commit installed); CARGO_TARGET_DIR, when set, lets the hook's build
# reuse the wheel's.
set -euo pipefail

repo="$SCRATCH/pre-commit-repo"
rm -rf "$repo"
mkdir -p "$repo/captures"
cd "$repo"
git init --quiet
git config user.email dist@callspec.invalid
git config user.name "cargo xtask dist"
# A Bandwidth Voice API v2 call state that conforms, and the same with `state` a number.
valid='{"callId":"c-1","parentCallId":null,"applicationId":"7fc9698a-b04a-468b-9e8f-91238c0d0086","accountId":"5555555","to":"+15553334444","from":"+15551112222","direction":"inbound","state":"disconnected","startTime":"2019-10-21T16:45:11.293Z","disconnectCause":"hangup","lastUpdate":"2019-10-21T16:55:12.971Z"}'
printf '%s\n' "$valid" > captures/valid.json
printf '%s\n' "${valid/\"state\":\"disconnected\"/\"state\":42}" > captures/invalid.json
git add captures
git commit --quiet -m "two bodies"

export PRE_COMMIT_HOME="$SCRATCH/pre-commit-home"
pre_commit="$TOOLS/bin/pre-commit"

# expect STATUS HOOK ARGS...: runs try-repo and checks its exit status.
expect() {
    local want="$1" hook="$2"
    shift 2
    local status=0
    "$pre_commit" try-repo "$CLONE" "$hook" --verbose "$@" > "$SCRATCH/pre-commit.out" 2>&1 || status=$?
    if [ "$status" -ne "$want" ]; then
        echo "dist/pre-commit: $hook $*: exit status $status, expected $want" >&2
        cat "$SCRATCH/pre-commit.out" >&2
        exit 1
    fi
    echo "dist/pre-commit: $hook $*: exit status $status, as expected"
}

echo "dist/pre-commit: callspec-validate (language: python; the first run builds the wheel)"
expect 0 callspec-validate --files captures/valid.json
expect 1 callspec-validate --files captures/invalid.json
expect 1 callspec-validate --all-files
if ! grep -q 'captures/invalid.json' "$SCRATCH/pre-commit.out"; then
    echo "dist/pre-commit: the failing run does not name captures/invalid.json" >&2
    cat "$SCRATCH/pre-commit.out" >&2
    exit 1
fi

echo "dist/pre-commit: callspec-validate-system (language: system, the wheel's callspec on the PATH)"
PATH="$SCRATCH/venv-wheel/bin:$PATH" expect 0 callspec-validate-system --files captures/valid.json
PATH="$SCRATCH/venv-wheel/bin:$PATH" expect 1 callspec-validate-system --all-files
echo "dist/pre-commit: ok"
