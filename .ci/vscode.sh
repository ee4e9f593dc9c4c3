#!/usr/bin/env bash
# The VS Code extension: installs its locked dependencies, runs its unit tests and the handshake
# test against the cookielint program given as $1, and packages the .vsix.
set -euo pipefail
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/../editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
COOKIELINT_BIN="$binary" npm test --silent 2>&1 | grep -E '^# (tests|pass|fail|skipped)|^not ok' || true
COOKIELINT_BIN="$binary" CI=true node --test out/test/ >/dev/null
npx --no-install vsce package --skip-license --out cookielint.vsix >/dev/null
listing="$(python3 -c 'import sys, zipfile; print("\n".join(" " + n for n in zipfile.ZipFile(sys.argv[1]).namelist()))' cookielint.vsix)"
for member in extension/package.json extension/out/src/extension.js extension/out/src/settings.js \
    extension/node_modules/vscode-languageclient/package.json; do
  grep -q " $member\$" <<<"$listing" || { echo "the .vsix lacks $member"; exit 1; }
done
echo "VS Code extension: unit tests and handshake pass; packaged $(du -k cookielint.vsix | cut -f1) KB"
