#!/usr/bin/env bash
# The Python package: `pip wheel .` builds the wheel with maturin from PyPI (pyproject.toml's
# build-system), the wheel goes into a fresh virtual environment, and the `callspec` it puts on
# the PATH checks the bundled captures (exit status 1: they hold invalid records on purpose).
#
# Run by `cargo xtask dist` from a fresh clone. Environment: CLONE (the clone), SCRATCH (a
# scratch directory), PYTHON (the interpreter to make virtual environments with).
set -euo pipefail
cd "$CLONE"

echo "dist/wheel: pip wheel . (maturin from PyPI, a release build of crates/callspec-cli)"
rm -rf "$SCRATCH/wheels"
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$SCRATCH/wheels" .
wheels=("$SCRATCH"/wheels/callspec-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
    echo "dist/wheel: expected one callspec wheel in $SCRATCH/wheels, found: ${wheels[*]}" >&2
    exit 1
fi
echo "dist/wheel: built $(basename "${wheels[0]}")"

echo "dist/wheel: installing it into a fresh virtual environment"
venv="$SCRATCH/venv-wheel"
rm -rf "$venv"
"$PYTHON" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --no-index "${wheels[0]}"

export PATH="$venv/bin:$PATH"
found="$(command -v callspec)"
if [ "$found" != "$venv/bin/callspec" ]; then
    echo "dist/wheel: callspec on the PATH is $found, not the wheel's $venv/bin/callspec" >&2
    exit 1
fi
callspec --version

echo "dist/wheel: callspec validate corpus/captures"
status=0
callspec validate corpus/captures > "$SCRATCH/wheel-validate.out" 2>&1 || status=$?
tail -n 1 "$SCRATCH/wheel-validate.out"
if [ "$status" -ne 1 ]; then
    echo "dist/wheel: exit status $status, expected 1 (the captures hold invalid records)" >&2
    cat "$SCRATCH/wheel-validate.out" >&2
    exit 1
fi
if ! tail -n 1 "$SCRATCH/wheel-validate.out" | grep -q '^checked [0-9]* records: '; then
    echo "dist/wheel: no summary line at the end of the output" >&2
    exit 1
fi
echo "dist/wheel: ok"
