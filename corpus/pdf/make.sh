#!/usr/bin/env bash
# Turns the HTML policies of this folder into PDFs (weasyprint, with a running header, page
# numbers and small pages so that tables break across pages), then into text with poppler's
# pdftotext in both modes, beside the PDFs. The texts that have an `.expected.json` are tested
# with the rest of the corpus; rerun this after changing an HTML source. Needs: pip install weasyprint; apt-get install poppler-utils.
set -euo pipefail
cd "$(dirname "$0")"
# source HTML and the name of the PDF made from it (the gallery is the corpus's own HTML policy)
for pair in ../en-html-gallery.html:en-gallery fr-bibliotheques.html:fr-bibliotheques; do
  html="${pair%%:*}"
  stem="${pair##*:}"
  python3 - "$html" "$stem.pdf" <<'PY'
import sys
import weasyprint
css = weasyprint.CSS(string="""
@page { size: A6; margin: 1.6cm 1cm;
        @top-center { content: "Politique cookies / Cookie policy"; font-size: 7pt }
        @bottom-center { content: "Page " counter(page) " / " counter(pages); font-size: 7pt } }
body { font-family: sans-serif; font-size: 7pt }
table { border-collapse: collapse; width: 100% }
td, th { border: 1px solid #999; padding: 2px; vertical-align: top }
""")
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], stylesheets=[css])
PY
  pdftotext "$stem.pdf" "$stem.pdf.default.txt"
  pdftotext -layout "$stem.pdf" "$stem.pdf.layout.txt"
done
