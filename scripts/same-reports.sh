#!/usr/bin/env bash
# Checks that two netreach binaries write the same bytes for every report: `check`
# (text, json, sarif, junit) and `audit` (text, json) of the generated `medium` and
# `large` accounts, `fix` (json, text) of `medium`, and `check` (json, text) and
# `render` (DOT) of every sample. Used to hold a refactor to byte-identical output
# (issue 14) and a faster design to the same reports (issue 19).
#
#   scripts/same-reports.sh OLD_BINARY NEW_BINARY [WORKDIR]
#
# The inventories come from this checkout's generator (`cargo run --release
# --example generate`). Prints the files that differ; exits 0 when none does.
set -uo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: same-reports.sh OLD_BINARY NEW_BINARY [WORKDIR]}
new=${2:?usage: same-reports.sh OLD_BINARY NEW_BINARY [WORKDIR]}
work=${3:-$(mktemp -d)}
mkdir -p "$work"
for preset in medium large; do
    [ -f "$work/$preset.json" ] || cargo run --quiet --release --example generate -- "$preset" > "$work/$preset.json"
done
reports() {
    local bin=$1 out=$2
    mkdir -p "$out"
    for inv in medium large; do
        for format in text json sarif junit; do
            "$bin" check "$work/$inv.json" --format "$format" > "$out/$inv.check.$format" 2>/dev/null
            echo "exit $?" >> "$out/$inv.check.$format"
        done
        "$bin" audit "$work/$inv.json" --format json > "$out/$inv.audit.json" 2>/dev/null
        "$bin" audit "$work/$inv.json" > "$out/$inv.audit.txt" 2>/dev/null
    done
    "$bin" fix "$work/medium.json" > "$out/medium.fix.json" 2>/dev/null
    "$bin" fix "$work/medium.json" --format text > "$out/medium.fix.txt" 2>/dev/null
    for sample in samples/*.json; do
        name=$(basename "$sample" .json)
        [ "$name" = expected ] && continue
        "$bin" check "$sample" --format json > "$out/sample.$name.json" 2>/dev/null
        "$bin" check "$sample" > "$out/sample.$name.txt" 2>/dev/null
        "$bin" render "$sample" > "$out/sample.$name.dot" 2>/dev/null
    done
}
reports "$old" "$work/old"
reports "$new" "$work/new"
if diff -rq "$work/old" "$work/new"; then
    echo "same reports ($(ls "$work/new" | wc -l) files, in $work)"
else
    exit 1
fi
