#!/bin/sh
# Makes tests/fixtures/export/demo-seed7-r.csv: R survey's estimates from the data and the .R script that
# `scilit export data --syntax` writes for the demo city (seed 7, 600 respondents, 60,000 adults, raked by the
# demo's scheme, lonely PSUs "adjust"). The test tests/integration/interchange/export-design.test.ts compares
# `scilit estimate` with these numbers, and re-runs R on a fresh export where R is installed.
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
node "$root/bin/scilit.mjs" demo --dir "$work" --respondents 600 --population 60000 --seed 7 >/dev/null
node "$root/bin/scilit.mjs" export data --db "$work/demo.sqlite" --out "$work/scilit-data.csv" --syntax --lonely-psu adjust >/dev/null
(cd "$work" && Rscript scilit-data.R) > "$root/tests/fixtures/export/demo-seed7-r.csv"
cp "$work/scilit-data.R" "$root/tests/fixtures/export/demo-seed7.R"
rm -rf "$work"
