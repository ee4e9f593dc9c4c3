#!/usr/bin/env bash
# The corpus PDFs through the pdftotext on this machine (both modes): each fresh text must extract
# to the expected output committed for that mode, so the PDF route is tested with the real tool and
# not only with the texts made when the PDFs were.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/cookielint}"
if ! command -v pdftotext >/dev/null; then
  apt-get install -y -qq poppler-utils >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; }
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for pdf in corpus/pdf/*.pdf; do
  stem="$(basename "$pdf")"
  for mode in default layout; do
    expected="corpus/pdf/$stem.$mode.expected.json"
    [ -f "$expected" ] || continue
    text="$work/$stem.$mode.txt"
    if [ "$mode" = layout ]; then pdftotext -layout "$pdf" "$text"; else pdftotext "$pdf" "$text"; fi
    "$bin" extract "$text" --format json > "$work/actual.json"
    if python3 .ci/subset.py "$expected" "$work/actual.json"; then
      echo "$stem ($mode): ok"
    else
      echo "$stem ($mode): differs from $expected"
      status=1
    fi
  done
done
exit $status
