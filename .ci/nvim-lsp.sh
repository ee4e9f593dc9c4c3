#!/usr/bin/env bash
# A real editor against the built server: headless Neovim opens a corpus policy and must receive
# the expected diagnostics (rule names and lines) and a hover, then, after typing a Duration
# column into one table, diagnostics without that table's missing-duration.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
fi
cargo build --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
export COOKIELINT_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/cookielint"
export COOKIELINT_DOC="$PWD/corpus/en-markdown-tabs-observatory.md"
export COOKIELINT_OUT="$tmp/result.json"
timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile tests/nvim/lsp_diagnostics.lua" </dev/null >/dev/null 2>&1 || true
python3 - "$COOKIELINT_OUT" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
got = sorted((d["code"], d["line"]) for d in result["diagnostics"])
want = [("missing-duration", 9), ("missing-duration", 15)]
print("neovim received:", got)
assert result["arrived"], "no diagnostics arrived"
assert got == want, f"expected {want}"
assert "sko_sessionid" in result["hover"] and "necessary" in result["hover"], result["hover"]
after = sorted((d["code"], d["line"]) for d in result["after_edit"])
print("after typing a Duration column into the second table:", after)
assert result["followed"], "the diagnostics did not follow the edit"
assert after == [("missing-duration", 9)], after
print("neovim LSP check passed")
PY
