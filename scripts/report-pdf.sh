#!/usr/bin/env bash
# Converts an Excel report to PDF (LibreOffice, headless) and to PNG pages (pdftoppm, 60 dpi) to look at.
# Usage: scripts/report-pdf.sh REPORT.xlsx [OUT_DIR]   → OUT_DIR/REPORT.pdf and OUT_DIR/REPORT-N.png
set -euo pipefail
in="${1:?usage: scripts/report-pdf.sh REPORT.xlsx [OUT_DIR]}"
out="${2:-$(dirname "$in")}"
mkdir -p "$out"
base="$(basename "${in%.*}")"
# A private profile: a LibreOffice already open on the desktop would otherwise swallow the conversion.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
libreoffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$in" >/dev/null
pdftoppm -png -r 60 "$out/$base.pdf" "$out/$base"
pages=$(ls "$out/$base"-*.png | wc -l)
echo "$out/$base.pdf: $pages pages (PNG: $out/$base-*.png)"
