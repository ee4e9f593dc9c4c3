#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each and prints the executions of each.
# No sanitizer: the code is safe Rust, and ASan would cost 3x the executions. Needs the nightly
# toolchain, cargo-fuzz (`cargo install cargo-fuzz`) and Python 3.11 or newer (for the seeds and
# the dictionary). Crashes, timeouts (10 s on one input)
# and out-of-memory inputs are saved in fuzz/artifacts/TARGET/; turn each into a regression test
# (tests/regressions.rs) before fixing it.
#
# The document targets take inputs up to 1 MiB, start from the corpus documents and from large
# seeds of every shape that nests or leaves openers unclosed (make-seeds.py), and mutate with a
# dictionary of markup openers, every grammar word and the knowledge base's cookie names
# (make-dict.py). The grammar targets take lines up to 8 KiB.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      (default 60 s, all targets)
#   MAX_LEN=2048 fuzz/run.sh 900 extract_text   (shorter inputs: more executions per second)
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(extract_text extract_markdown extract_html duration names config lsp_messages update_equals_fresh)
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
# Seeds: the corpus documents for the document targets; their lines for the grammars.
mkdir -p "$seeds/docs" "$seeds/lines" "$seeds/config"
find ../corpus -type f \( -name '*.md' -o -name '*.txt' -o -name '*.html' \) -exec cp -t "$seeds/docs" {} +
i=0
while IFS= read -r line; do
  i=$((i + 1)); printf '%s' "$line" > "$seeds/lines/$i"
done < <(cat ../corpus/*.md ../corpus/*.txt | grep -v '^\s*$' | head -2000)
python3 make-seeds.py "$seeds/large"
python3 make-dict.py > "$seeds/documents.dict"
printf '[lint]\nselect = ["missing-duration"]\n' > "$seeds/config/1"
printf 'profile = "cnil"\n[limits]\nstatistics = "13 months"\n' > "$seeds/config/2"
for target in "${targets[@]}"; do
  case "$target" in
    duration|names) seeds_of=("$seeds/lines"); max_len=8192; dict=() ;;
    config) seeds_of=("$seeds/config"); max_len=8192; dict=() ;;
    *) seeds_of=("$seeds/docs" "$seeds/large"); max_len=1048576; dict=(-dict="$seeds/documents.dict") ;;
  esac
  mkdir -p "corpus/$target"
  log="$(mktemp)"
  cargo +nightly fuzz run --sanitizer none "$target" "corpus/$target" "${seeds_of[@]}" -- -max_total_time="$seconds" -max_len="${MAX_LEN:-$max_len}" "${dict[@]}" -timeout=10 -rss_limit_mb=4096 >"$log" 2>&1 || { tail -30 "$log"; echo "$target: CRASH (see fuzz/artifacts/$target)"; exit 1; }
  runs=$(grep -o 'Done [0-9]* runs' "$log" | awk '{print $2}')
  echo "$target: $runs executions in $seconds s (inputs up to ${MAX_LEN:-$max_len} bytes), no crash"
  rm -f "$log"
done
