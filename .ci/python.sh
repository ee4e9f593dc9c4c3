#!/usr/bin/env bash
# The Python package: `pip install .` in a fresh virtual environment (maturin builds the
# extension), then its tests with pytest against the cookielint program given as $1.
set -euo pipefail
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/.."
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check . pytest
# Run from the tests' folder so that `import cookielint` is the installed package.
(cd python/tests && COOKIELINT_BIN="$binary" CI=true "$venv/bin/python" -m pytest -q -p no:cacheprovider .)
