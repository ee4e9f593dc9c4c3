#!/usr/bin/env bash
# Batch throughput: extract and extract+lint on one thread and on all cores, over a synthetic
# corpus (every layout and language), and rumdl over the same Markdown files, in one run.
#
#   bench/batch.sh [COUNT]        (default 20000 policies, about 23 MB)
#
# Prints MB/s and documents/s (median of 3 runs each) and the cookielint/rumdl time ratio, then
# the in-memory rates of pulldown-cmark alone and of cookielint on the Markdown files.
# Needs: cargo; rumdl (`pip install rumdl`) for the comparison, skipped when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release -q --bin cookielint --example generate_corpus --example markdown_ceiling
./target/release/examples/generate_corpus "$count" "$work/all" 2>/dev/null
mkdir "$work/md"
find "$work/all" -name '*.md' -exec cp -t "$work/md" {} +
bin=./target/release/cookielint
bytes() { find "$1" -type f -not -name '.*' -printf '%s\n' | awk '{s+=$1} END {print s}'; }
docs() { find "$1" -type f -not -name '.*' | wc -l; }

# median wall seconds of 3 runs of a command
median() {
  local times=()
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p
}

report() { # label dir seconds
  local b d
  b=$(bytes "$2"); d=$(docs "$2")
  printf '%-34s %8.3f s  %7.1f MB/s  %8.0f documents/s\n' "$1" "$3" "$(echo "$b / 1000000 / $3" | bc -l)" "$(echo "$d / $3" | bc -l)"
}

cores=$(nproc)
echo "corpus: $(docs "$work/all") policies, $(bytes "$work/all") bytes; Markdown subset: $(docs "$work/md") files, $(bytes "$work/md") bytes; $cores cores"
for jobs in 1 "$cores"; do
  report "extract, $jobs thread(s)" "$work/all" "$(median "$bin" batch -q -j "$jobs" "$work/all" -o /dev/null)"
  report "extract+lint, $jobs thread(s)" "$work/all" "$(median "$bin" batch -q --lint -j "$jobs" "$work/all" -o /dev/null)"
done
# The same without worker processes: what isolating each document costs, apart from extracting.
report "extract, 1 thread, in-process" "$work/all" "$(median "$bin" batch -q --in-process -j 1 "$work/all" -o /dev/null)"
report "extract, $cores thread(s), in-process" "$work/all" "$(median "$bin" batch -q --in-process -j "$cores" "$work/all" -o /dev/null)"
ours=$(median "$bin" batch -q --lint "$work/md" -o /dev/null)
report "Markdown, cookielint extract+lint" "$work/md" "$ours"
rumdl_bin="$(command -v rumdl || true)"
# The pyenv shim costs ~80 ms per call: use the real binary when there is one.
if [ -n "$rumdl_bin" ] && command -v pyenv >/dev/null 2>&1; then
  rumdl_bin="$(pyenv which rumdl 2>/dev/null || echo "$rumdl_bin")"
fi
if [ -n "$rumdl_bin" ]; then
  theirs=$(median "$rumdl_bin" check --no-cache "$work/md")
  report "Markdown, rumdl check" "$work/md" "$theirs"
  printf 'cookielint time / rumdl time: %.2f\n' "$(echo "$ours / $theirs" | bc -l)"
else
  echo "rumdl not installed (pip install rumdl): comparison skipped"
fi
# In memory, without reading files or writing JSON: where the time goes, against the parser alone.
./target/release/examples/markdown_ceiling "$work/md"
