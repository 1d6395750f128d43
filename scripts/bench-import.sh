#!/usr/bin/env bash
# Import at scale (issue 15): a generated account of 2,000 VPCs, 16,000 vSwitches and
# 50,000 route entries (examples/recording.rs) served by the stand-in `aliyun`
# (scripts/aliyun-standin.sh), collected with `netreach collect aliyun`, imported, then
# checked. Prints a Markdown table: wall time of each step (median of RUNS), peak memory
# of the import, and the two targets: import under 3x the time of `check` on the result,
# import memory under 10 bytes per input byte.
#
#   scripts/bench-import.sh                 # 500 VPCs in each of 4 regions
#   VPCS=250 REGIONS=8 scripts/bench-import.sh
#
# Environment: RUNS (default 5), BENCH_DIR (default /tmp/netreach-bench-import).
# Needs: cargo, python3, GNU time (/usr/bin/time).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
VPCS=${VPCS:-500}
REGIONS=${REGIONS:-4}
BENCH_DIR=${BENCH_DIR:-/tmp/netreach-bench-import}
BIN=$PWD/target/release/netreach
REC=$PWD/target/release/examples/recording

cargo build --release --quiet --bin netreach --example recording
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/bin"
cp scripts/aliyun-standin.sh "$BENCH_DIR/bin/aliyun"
chmod +x "$BENCH_DIR/bin/aliyun"
"$REC" "$BENCH_DIR/recording" "$VPCS" "$REGIONS"

export PATH="$BENCH_DIR/bin:$PATH" STANDIN_DIR="$BENCH_DIR/recording"

# name | command; each run under GNU time: elapsed seconds and peak RSS (KiB)
measure() {
  local name=$1 command=$2
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "$name %e %M %U %S" -a -o "$BENCH_DIR/times.txt" sh -c "$command" > /dev/null 2>&1 || true
  done
}
: > "$BENCH_DIR/times.txt"
for run in $(seq "$RUNS"); do
  rm -rf "$BENCH_DIR/export"
  /usr/bin/time -f "collect %e %M %U %S" -a -o "$BENCH_DIR/times.txt" \
    "$BIN" collect aliyun --output "$BENCH_DIR/export" 2> "$BENCH_DIR/collect.err" || {
      cat "$BENCH_DIR/collect.err"; exit 1; }
done
input_bytes=$(find "$BENCH_DIR/export" -name '*.json' -printf '%s\n' | awk '{s+=$1} END {print s}')
measure import "$BIN import aliyun $BENCH_DIR/export --output $BENCH_DIR/inventory.json"
"$BIN" import aliyun "$BENCH_DIR/export" --output "$BENCH_DIR/inventory.json" 2> "$BENCH_DIR/import.err"
measure check "$BIN check $BENCH_DIR/inventory.json --format json"

python3 - "$BENCH_DIR/times.txt" "$input_bytes" "$BENCH_DIR/inventory.json" <<'PY'
import json, statistics, sys
times, input_bytes, inventory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = {}
for line in open(times):
    fields = line.split()
    # GNU time adds "Command exited with non-zero status 1" (check: a pair fails)
    if len(fields) != 5 or fields[0] not in ("collect", "import", "check"):
        continue
    name, seconds, kib, user, system = fields
    rows.setdefault(name, []).append((float(seconds), int(kib), float(user) + float(system)))
inv = json.load(open(inventory))
routes = sum(len(t.get("routes", [])) for t in inv["route_tables"])
print(f"input: {input_bytes:,} bytes in the collected directory; imported {len(inv['vpcs']):,} VPCs, "
      f"{len(inv['vswitches']):,} vSwitches, {routes:,} route entries, {len(inv['data_sources'])} data sources, "
      f"{len(inv['resource_groups'])} resource groups")
print()
print("| step | median wall time | median CPU time (user + sys) | peak RSS |")
print("|---|---|---|---|")
med = {}
for name in ("collect", "import", "check"):
    values = rows.get(name, [])
    wall = statistics.median(v[0] for v in values)
    cpu = statistics.median(v[2] for v in values)
    rss = max(v[1] for v in values)
    med[name] = (wall, rss, cpu)
    print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {rss / 1024:.0f} MiB |")
print()
ratio = med["import"][0] / med["check"][0] if med["check"][0] > 0 else float("inf")
cpu_ratio = med["import"][2] / med["check"][2] if med["check"][2] > 0 else float("inf")
per_byte = med["import"][1] * 1024 / input_bytes
print(f"- import / check: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (target: under 3x) {'met' if ratio < 3 else 'NOT met'}")
print(f"- import peak RSS per input byte: {per_byte:.2f} (target: under 10) {'met' if per_byte < 10 else 'NOT met'}")
PY
