#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each, seeded from corpus/ (inputs up to
# 8 KiB, no sanitizer: the code is safe Rust, and ASan would cost 3x the executions), and prints
# the number of executions of each. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). Crashes are saved in fuzz/artifacts/TARGET/; turn each into a
# regression test (tests/regressions.rs) before fixing it.
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
printf '[lint]\nselect = ["missing-duration"]\n' > "$seeds/config/1"
printf 'profile = "cnil"\n[limits]\nstatistics = "13 months"\n' > "$seeds/config/2"
for target in "${targets[@]}"; do
  case "$target" in
    duration|names) seed="$seeds/lines" ;;
    config) seed="$seeds/config" ;;
    *) seed="$seeds/docs" ;;
  esac
  mkdir -p "corpus/$target"
  log="$(mktemp)"
  cargo +nightly fuzz run --sanitizer none "$target" "corpus/$target" "$seed" -- -max_total_time="$seconds" -max_len="${MAX_LEN:-8192}" -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1 || { tail -30 "$log"; echo "$target: CRASH (see fuzz/artifacts/$target)"; exit 1; }
  runs=$(grep -o 'Done [0-9]* runs' "$log" | awk '{print $2}')
  echo "$target: $runs executions in $seconds s, no crash"
  rm -f "$log"
done
