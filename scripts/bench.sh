#!/usr/bin/env bash
# Reproduces the figures of docs/performance.md (issues 9 and 19: the issue 19 targets
# are printed as a table of ratios against the parse-only floor of the same run).
#
#   scripts/bench.sh              # everything: CLI runs, then `cargo bench --bench pipeline`
#   SKIP_CRITERION=1 scripts/bench.sh   # only the CLI runs against the parse-only floor
#   SKIP_CLI=1 scripts/bench.sh         # only the criterion stages and growth exponents
#   PROFILE=1 scripts/bench.sh          # also: where `check --format json` spends its time (perf)
#   ONLY=large-check-json,xlarge-audit SKIP_CRITERION=1 scripts/bench.sh   # some CLI runs only
#   SKIP_CLI=1 CRITERION_FILTER=network scripts/bench.sh   # some criterion groups only
#
# Environment: RUNS (timed runs per command, default 5), RSS_RUNS (runs under
# /usr/bin/time for peak memory when hyperfine does the timing, default 3), BENCH_DIR (where the
# generated inventories and outputs go, default /tmp/netreach-bench; they are
# large and never belong in the repository).
#
# Needs: cargo, python3 (statistics and the table), GNU time (/usr/bin/time,
# for peak memory); uses hyperfine for the timings when it is installed, else
# a loop of /usr/bin/time. Prints Markdown tables on stdout.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/netreach-bench}
mkdir -p "$BENCH_DIR"
BIN=target/release/netreach
FLOOR=target/release/examples/parse_floor
GEN=target/release/examples/generate

echo "## Machine"
echo
echo "- nproc: $(nproc)"
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "- memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(rustc --version)"
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
echo

if [ "${SKIP_CLI:-0}" != 1 ]; then
  cargo build --release --quiet --bin netreach --example generate --example parse_floor
  for preset in large xlarge; do
    "$GEN" "$preset" > "$BENCH_DIR/$preset.json"
  done

  # The fixed cost (load, validate, route, audit) is `check` of one pair.
  first_source() { grep -o -m1 '"id":"ds-[^"]*"' "$1" | head -n1 | cut -d'"' -f4; }
  large_one=$(first_source "$BENCH_DIR/large.json")
  xlarge_one=$(first_source "$BENCH_DIR/xlarge.json")

  # name | command (run through sh -c; exit status 1 means "some pair fails", not an error)
  commands=(
    "large-one-pair|$BIN check $BENCH_DIR/large.json --resource-group rg-0000 --data-source $large_one > /dev/null"
    "xlarge-one-pair|$BIN check $BENCH_DIR/xlarge.json --resource-group rg-0000 --data-source $xlarge_one > /dev/null"
    "large-floor|$FLOOR $BENCH_DIR/large.json"
    "large-check-json|$BIN check $BENCH_DIR/large.json --format json > $BENCH_DIR/large.out.json"
    "xlarge-floor|$FLOOR $BENCH_DIR/xlarge.json"
    "xlarge-check-text|$BIN check $BENCH_DIR/xlarge.json > $BENCH_DIR/xlarge.out.txt"
    "xlarge-audit|$BIN audit $BENCH_DIR/xlarge.json > $BENCH_DIR/xlarge.audit.txt"
  )
  # ONLY=name1,name2 runs some of the commands (the floors are always run).
  if [ -n "${ONLY:-}" ]; then
    kept=()
    for entry in "${commands[@]}"; do
      name=${entry%%|*}
      case ",$ONLY," in *",$name,"*) kept+=("$entry") ;; *) case $name in *-floor) kept+=("$entry") ;; esac ;; esac
    done
    commands=("${kept[@]}")
  fi

  results="$BENCH_DIR/cli.tsv"
  : > "$results"
  for entry in "${commands[@]}"; do
    name=${entry%%|*}
    command=${entry#*|}
    # Peak memory, and the wall time when hyperfine is missing.
    loops=$RUNS
    if command -v hyperfine > /dev/null; then loops=${RSS_RUNS:-3}; fi
    for _ in $(seq "$loops"); do
      /usr/bin/time -f "%e %M %U %S" -o "$BENCH_DIR/time.txt" sh -c "$command" || [ $? -eq 1 ]
      # GNU time adds "Command exited with non-zero status 1" first: keep the last line.
      echo "$name rss $(tail -n1 "$BENCH_DIR/time.txt")" >> "$results"
    done
    if command -v hyperfine > /dev/null; then
      hyperfine --style none --warmup 1 --runs "$RUNS" -i \
        --export-json "$BENCH_DIR/$name.hyperfine.json" -n "$name" "$command" > /dev/null
      echo "$name hyperfine $BENCH_DIR/$name.hyperfine.json" >> "$results"
    fi
  done

  echo "## Whole-account check against the parse-only floor"
  echo
  python3 - "$results" "$BENCH_DIR" <<'PY'
import json, os, statistics, sys
results, bench_dir = sys.argv[1], sys.argv[2]
wall, rss, cpu, hyper = {}, {}, {}, {}
for line in open(results):
    name, kind, *rest = line.split()
    if kind == "rss":
        wall.setdefault(name, []).append(float(rest[0]))
        rss.setdefault(name, []).append(int(rest[1]))
        cpu.setdefault(name, []).append(float(rest[2]) + float(rest[3]))
    else:
        hyper[name] = json.load(open(rest[0]))["results"][0]["times"]
def median(name):
    return statistics.median(hyper.get(name) or wall[name])
size = lambda p: os.path.getsize(os.path.join(bench_dir, p))
print("| input | command | median wall (s) | ratio to floor | CPU, user + sys (s) | CPU ratio | peak RSS (MiB) | output |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for preset, check, out in [("large", "large-check-json", "large.out.json"),
                           ("xlarge", "xlarge-check-text", "xlarge.out.txt")]:
    if check not in wall:
        continue
    floor = median(f"{preset}-floor")
    mib = lambda n: statistics.median(rss[n]) / 1024
    used = lambda n: statistics.median(cpu[n])
    floor_cpu = used(f"{preset}-floor")
    print(f"| {preset} ({size(preset + '.json') / 1e6:.1f} MB) | parse-only floor | {floor:.3f} | 1.0 "
          f"| {floor_cpu:.2f} | 1.0 | {mib(preset + '-floor'):.0f} | |")
    command = "`check --format json`" if "json" in check else "`check` (text)"
    print(f"| {preset} | {command} | {median(check):.3f} | {median(check) / floor:.1f} "
          f"| {used(check):.2f} | {used(check) / max(floor_cpu, 0.01):.1f} | {mib(check):.0f} | {size(out) / 1e6:.0f} MB |")
print()
print("The fixed cost (load, validate, route, audit): `check` of one pair.")
print()
print("| input | median wall (s) | ratio to floor | CPU, user + sys (s) | peak RSS (MiB) |")
print("|---|---:|---:|---:|---:|")
for preset in ["large", "xlarge"]:
    name = f"{preset}-one-pair"
    if name in wall:
        ratio = median(name) / median(f"{preset}-floor")
        print(f"| {preset} | {median(name):.3f} | {ratio:.1f} | {statistics.median(cpu[name]):.2f} "
              f"| {statistics.median(rss[name]) / 1024:.0f} |")
print()
print("Targets of issue 19, each against the floor of its input measured in this run:")
print()
print("| target | measured | goal | status |")
print("|---|---:|---|---|")
def target(label, name, preset, goal):
    if name not in wall:
        return
    ratio = median(name) / median(f"{preset}-floor")
    cpu_ratio = statistics.median(cpu[name]) / max(statistics.median(cpu[f"{preset}-floor"]), 0.01)
    status = "met" if ratio <= goal else "missed"
    print(f"| {label} | {ratio:.1f}x wall ({cpu_ratio:.1f}x CPU) | <= {goal}x | {status} |")
target("large `check --format json`", "large-check-json", "large", 4)
target("xlarge `check` (text)", "xlarge-check-text", "xlarge", 12)
target("xlarge `audit`", "xlarge-audit", "xlarge", 2)
if "xlarge-check-text" in rss:
    gib = statistics.median(rss["xlarge-check-text"]) / 1024 / 1024
    print(f"| xlarge `check` (text) peak memory | {gib:.2f} GiB | <= 1 GiB | {'met' if gib <= 1 else 'missed'} |")
if "xlarge-one-pair" in rss:
    per_byte = statistics.median(rss["xlarge-one-pair"]) * 1024 / size("xlarge.json")
    print(f"| memory to load (xlarge, one pair) | {per_byte:.1f} bytes per input byte | <= 8 | {'met' if per_byte <= 8 else 'missed'} |")
timer = "hyperfine, after one warm-up run" if hyper else "/usr/bin/time"
runs = max(len(v) for v in (hyper or wall).values())
print(f"\nWall time: median of {runs} runs ({timer}). CPU time and peak RSS: medians over "
      f"{max(len(v) for v in rss.values())} runs under /usr/bin/time (user + system seconds, "
      "maximum resident set size).")
PY
  echo
fi

if [ "${SKIP_CRITERION:-0}" != 1 ]; then
  # CRITERION_FILTER (a criterion name filter, e.g. `network`) reruns some groups only;
  # the table then mixes them with the earlier results under target/criterion.
  cargo bench --bench pipeline -- ${CRITERION_FILTER:-} > "$BENCH_DIR/criterion.log" 2>&1
  echo "## Stages (criterion, benches/pipeline.rs)"
  echo
  python3 - <<'PY'
import json, math, os
root = "target/criterion"
groups = ["load", "validate", "route", "check", "render-json", "audit", "render-dot"]
sizes = ["small", "medium", "large-reduced"]
units = {"load": "bytes", "check": "pairs", "render-json": "pairs"}
def read(group, size):
    base = os.path.join(root, group, size, "new")
    try:
        median = json.load(open(os.path.join(base, "estimates.json")))["median"]["point_estimate"]
        throughput = json.load(open(os.path.join(base, "benchmark.json")))["throughput"]
    except OSError:
        return None
    return median / 1e9, list(throughput.values())[0]
def fmt(seconds):
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"
print("| stage | work measure | " + " | ".join(sizes) + " | exponent (least squares) | exponent (medium → large-reduced) |")
print("|---|---|" + "---:|" * len(sizes) + "---:|---:|")
for group in groups:
    points = [read(group, s) for s in sizes]
    if any(p is None for p in points):
        continue
    xs = [math.log(n) for _, n in points]
    ys = [math.log(t) for t, _ in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    last = (ys[2] - ys[1]) / (xs[2] - xs[1])
    cells = " | ".join(f"{fmt(t)} ({n:,})" for t, n in points)
    print(f"| {group} | {units.get(group, 'vSwitches')} | {cells} | {slope:.2f} | {last:.2f} |")
print("\nMedian on-CPU time of the benchmarking thread per iteration (work measure in brackets); "
      "the exponent is the slope of log(time) against log(work).")
print()
print("| stage, network only (5,000 pairs, 3 regions) | work measure | 200 VPCs | 1,000 VPCs | 2,000 VPCs | exponent (least squares) |")
print("|---|---|---:|---:|---:|---:|")
for group in ["network-route", "network-audit", "network-check"]:
    points = [read(group, s) for s in ["vpcs-200", "vpcs-1000", "vpcs-2000"]]
    if any(p is None for p in points):
        continue
    xs = [math.log(n) for _, n in points]
    ys = [math.log(t) for t, _ in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    cells = " | ".join(f"{fmt(t)} ({n:,})" for t, n in points)
    print(f"| {group} | vSwitches | {cells} | {slope:.2f} |")
PY
  echo
  # The audit target of issue 9: the overlap sweep over 100,000 ranges (benches/overlap.rs).
  cargo bench --bench overlap > "$BENCH_DIR/criterion-overlap.log" 2>&1
  echo "## Overlap sweep (criterion, benches/overlap.rs)"
  echo
  python3 - <<'PY'
import json, os
for name, label in [("sweep_100k-ranges", "sweep over 100,000 ranges"),
                    ("audit/one-tr-table-100k-ranges", "`overlap::audit`, one TR table joining 50,000 VPCs (100,000 ranges)")]:
    path = os.path.join("target/criterion", name, "new", "estimates.json")
    if os.path.exists(path):
        median = json.load(open(path))["median"]["point_estimate"] / 1e6
        print(f"- {label}: {median:.1f} ms (median)")
PY
fi

if [ "${PROFILE:-0}" = 1 ] && command -v perf > /dev/null; then
  # Sampled call stacks of one `check --format json` at large; the share of
  # samples (both cores) under each function, callees included.
  [ -s "$BENCH_DIR/large.json" ] || { cargo build --release --quiet --example generate; "$GEN" large > "$BENCH_DIR/large.json"; }
  cargo build --release --quiet --bin netreach
  perf record -q -F 299 --call-graph dwarf,16384 -o "$BENCH_DIR/perf.data" \
    "$BIN" check "$BENCH_DIR/large.json" --format json > /dev/null 2> "$BENCH_DIR/perf.err" || true
  echo "## Where the time goes (perf, large, \`check --format json\`)"
  echo
  perf report -i "$BENCH_DIR/perf.data" --children --sort symbol --stdio 2> /dev/null > "$BENCH_DIR/perf.txt"
  python3 - "$BENCH_DIR/perf.txt" <<'PY'
import re, sys
rows, own = {}, {}
for line in open(sys.argv[1]):
    m = re.match(r"\s+([0-9.]+)%\s+([0-9.]+)%\s+\[[^\]]+\]\s+(.*)$", line)
    if m:
        name = re.sub(r"(\s+-)+\s*$", "", m.group(3)).strip()
        rows.setdefault(name, float(m.group(1)))
        own.setdefault(name, float(m.group(2)))
def share(pattern):
    found = [v for k, v in rows.items() if re.search(pattern, k)]
    return max(found) if found else 0.0
parts = [
    ("load (bytes → Inventory)", r"import::native::load$"),
    ("validate", r"validate::check::validate$"),
    ("route::build", r"route::derive::build$"),
    ("overlap::audit (cidr-overlap findings)", r"overlap::audit$"),
    ("Engine::check_pair (all pairs)", r"Engine::check_pair$"),
    ("  of which Walk::vpc (VPC hops, both directions)", r"Walk::vpc$"),
    ("  of which Walk::start_return (return walks)", r"Walk::start_return$"),
    ("  of which longest-prefix match (prefix_trie get_lpm)", r"PrefixMap<P,T>::get_lpm$"),
    ("  of which route::split", r"route::split$"),
    ("  of which CIDR / address formatting", r"Ipv4Net as core::fmt::Display>::fmt$"),
    ("  of which String clones", r"<alloc::string::String as core::clone::Clone>::clone$"),
    ("serialization of pair reports (serde)", r"Serialize for netreach::reach::PairReport>::serialize$"),
    ("  of which JSON string escaping", r"format_escaped_str$"),
    ("dropping pair reports", r"drop_in_place<netreach::reach::PairReport>$"),
    ("page faults of fresh memory (kernel clear_page)", r"clear_page"),
]
print("| part | share of samples |")
print("|---|---:|")
for label, pattern in parts:
    print(f"| {label} | {share(pattern):.1f}% |")
allocator = sum(v for k, v in own.items() if re.match(r"(_?mi_|malloc|free|_int_malloc|_int_free|cfree)", k))
print(f"| allocator itself (self time of malloc/free, everywhere) | {allocator:.1f}% |")
print("\nShares are of all samples on both cores, callees included, so they overlap.")
PY
fi
