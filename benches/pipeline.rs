//! The whole pipeline on generated inventories (`netreach::generate`), stage
//! by stage, at three sizes, so that `docs/performance.md` can say how each
//! stage grows (issue 9). `scripts/bench.sh` runs this and turns the medians
//! into the table and the log-log growth exponents.
//!
//! Sizes (regions, VPCs × vSwitches, resource groups × data sources = pairs):
//!
//! - `small`: 2, 20 × 4, 4 × 40 = 160 pairs (the `small` preset, ~45 KB);
//! - `medium`: 3, 200 × 8, 10 × 500 = 5,000 pairs (the `medium` preset, ~0.6 MB);
//! - `large-reduced`: 6, 1,000 × 8, 20 × 2,000 = 40,000 pairs (~2.5 MB): half
//!   the network of the `large` preset and a sixth of its pairs, so that one
//!   iteration of every stage stays within seconds.
//!
//! Times are the on-CPU time of the benchmarking thread (see [`ThreadCpu`]):
//! this machine is shared, and wall time there measures the neighbours.
//!
//! Groups, each timed alone on the output of the stages before it:
//! `load` (bytes → `Inventory`), `validate`, `route` (derived routes),
//! `check` (every pair through `Engine::check_pair`, one at a time, each
//! report dropped once counted, as the streaming CLI does), `render-json` (the
//! `check --format json` report of those pairs), `audit` (`overlap::audit`)
//! and `render-dot` (the whole diagram, no highlight).
//!
//! Then the network alone grows (3 regions, 10 × 500 = 5,000 pairs; 200, 1,000
//! and 2,000 VPCs × 8 vSwitches): `network-route`, `network-audit` and
//! `network-check`, which separate the cost of a bigger network from the cost
//! of more regions and of more pairs.

use std::hint::black_box;
use std::time::Duration;

use std::time::Instant;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use netreach::analysis::{analyse_sources, Analysis};
use netreach::generate::{generate, GenSpec};
use netreach::import::native::{load, Loaded, Source};
use netreach::overlap::Scope;
use netreach::reach::{Engine, PairReport};
use netreach::route::Routing;
use netreach::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

/// On-CPU time of the benchmarking thread (Linux `/proc/thread-self/schedstat`,
/// nanoseconds), so that other processes on a busy shared machine do not
/// inflate the figures; wall time where that file cannot be read. Every stage
/// measured here runs on one thread.
struct ThreadCpu;

static WALL_TIME: WallTime = WallTime;

fn on_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

impl Measurement for ThreadCpu {
    type Intermediate = (Option<u64>, Instant);
    type Value = Duration;

    fn start(&self) -> Self::Intermediate {
        (on_cpu_ns(), Instant::now())
    }

    fn end(&self, (cpu, wall): Self::Intermediate) -> Duration {
        let elapsed = wall.elapsed();
        match (cpu, on_cpu_ns()) {
            (Some(before), Some(after)) if after >= before => Duration::from_nanos(after - before),
            _ => elapsed,
        }
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        WALL_TIME.formatter()
    }
}

/// The three benchmark sizes, smallest first.
fn sizes() -> [(&'static str, GenSpec); 3] {
    let reduced = GenSpec {
        regions: 6,
        vpcs: 1_000,
        vswitches_per_vpc: 8,
        resource_groups: 20,
        data_sources: 2_000,
        ..GenSpec::large()
    };
    [
        ("small", GenSpec::small()),
        ("medium", GenSpec::medium()),
        ("large-reduced", reduced),
    ]
}

struct Prepared {
    name: &'static str,
    bytes: Vec<u8>,
    loaded: Loaded,
    valid: ValidInventory,
    routing: Routing,
    pairs: Vec<PairReport>,
}

fn source(bytes: &[u8]) -> Vec<Source> {
    vec![Source {
        name: "generated.json".into(),
        bytes: bytes.to_vec(),
    }]
}

fn check_all(valid: &ValidInventory, routing: &Routing) -> Vec<PairReport> {
    let engine = Engine::new(valid, routing);
    let mut pairs = Vec::with_capacity(valid.resource_groups.len() * valid.data_sources.len());
    for g in 0..valid.resource_groups.len() {
        for d in 0..valid.data_sources.len() {
            pairs.push(engine.check_pair(ResourceGroupIx::at(g), DataSourceIx::at(d)));
        }
    }
    pairs
}

/// Every pair checked and dropped at once, as a streaming `check` does: the
/// engine's cost without holding millions of reports.
fn count_reachable(valid: &ValidInventory, routing: &Routing) -> usize {
    let engine = Engine::new(valid, routing);
    let mut reachable = 0;
    for g in 0..valid.resource_groups.len() {
        for d in 0..valid.data_sources.len() {
            let pair = engine.check_pair(ResourceGroupIx::at(g), DataSourceIx::at(d));
            reachable += usize::from(pair.verdict == netreach::reach::Verdict::Reachable);
        }
    }
    reachable
}

fn prepare(name: &'static str, spec: &GenSpec) -> Prepared {
    let bytes = serde_json::to_vec(&generate(spec)).unwrap();
    let Analysis {
        loaded,
        valid,
        routing,
        ..
    } = analyse_sources(source(&bytes), Scope::Check)
        .unwrap_or_else(|_| panic!("{name}: the generated inventory does not load or validate"));
    let pairs = check_all(&valid, &routing);
    Prepared {
        name,
        bytes,
        loaded,
        valid,
        routing,
        pairs,
    }
}

fn pipeline(c: &mut Criterion<ThreadCpu>) {
    let prepared: Vec<Prepared> = sizes()
        .iter()
        .map(|(name, spec)| prepare(name, spec))
        .collect();

    let mut group = c.benchmark_group("load");
    for p in &prepared {
        group.throughput(Throughput::Bytes(p.bytes.len() as u64));
        // The copy of the bytes into a `Source` is part of what the CLI does too.
        group.bench_with_input(BenchmarkId::from_parameter(p.name), &p.bytes, |b, bytes| {
            b.iter(|| black_box(load(source(bytes)).is_ok()))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("validate");
    for p in &prepared {
        group.throughput(Throughput::Elements(
            p.loaded.inventory.vswitches.len() as u64
        ));
        group.bench_with_input(
            BenchmarkId::from_parameter(p.name),
            &p.loaded,
            |b, loaded| {
                b.iter(|| {
                    black_box(
                        netreach::validate::validate(&loaded.inventory, &loaded.sources).is_ok(),
                    )
                })
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("route");
    for p in &prepared {
        group.throughput(Throughput::Elements(p.valid.vswitches.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(p.name), &p.valid, |b, valid| {
            b.iter(|| black_box(netreach::route::build(valid)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    for p in &prepared {
        group.throughput(Throughput::Elements(p.pairs.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(p.name), |b| {
            b.iter(|| black_box(count_reachable(&p.valid, &p.routing)))
        });
    }
    group.finish();

    // The proof of fixes (semantics S10): the first pass over every pair, the rounds
    // of patched inventories and the final plan, as `check` and `fix` run it.
    let mut group = c.benchmark_group("prove");
    for p in &prepared {
        group.throughput(Throughput::Elements(p.pairs.len() as u64));
        let selected: Vec<(
            netreach::validate::ResourceGroupIx,
            netreach::validate::DataSourceIx,
        )> = p
            .valid
            .groups_by_id()
            .into_iter()
            .flat_map(|rg| p.valid.sources_by_id().into_iter().map(move |ds| (rg, ds)))
            .collect();
        group.bench_function(BenchmarkId::from_parameter(p.name), |b| {
            b.iter(|| {
                let plan = netreach::reach::prove::plan_for(
                    &p.loaded.inventory,
                    &p.valid,
                    &p.routing,
                    &selected,
                );
                black_box(plan.changes.len())
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("render-json");
    for p in &prepared {
        group.throughput(Throughput::Elements(p.pairs.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(p.name), |b| {
            b.iter(|| black_box(netreach::render::json::check(&p.pairs, &[]).len()))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("audit");
    for p in &prepared {
        group.throughput(Throughput::Elements(p.valid.vswitches.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(p.name), |b| {
            b.iter(|| black_box(netreach::overlap::audit(&p.valid, &p.routing, false).len()))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("render-dot");
    let options = netreach::render::dot::Options::default();
    for p in &prepared {
        group.throughput(Throughput::Elements(p.valid.vswitches.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(p.name), |b| {
            b.iter(|| {
                black_box(netreach::render::dot::render(&p.valid, &p.routing, &options).len())
            })
        });
    }
    group.finish();
}

/// The network grows, the work does not: 3 regions, 10 × 500 pairs, 200, 1,000
/// and 2,000 VPCs. `network-route` and `network-audit` should grow with the
/// vSwitches (linearly), `network-check` not at all (one pair's cost depends on its path, not on the
/// size of the rest of the network).
fn network(c: &mut Criterion<ThreadCpu>) {
    let prepared: Vec<(String, ValidInventory, Routing)> = [200usize, 1_000, 2_000]
        .iter()
        .map(|&vpcs| {
            let spec = GenSpec {
                vpcs,
                ..GenSpec::medium()
            };
            let bytes = serde_json::to_vec(&generate(&spec)).unwrap();
            let Analysis { valid, routing, .. } = analyse_sources(source(&bytes), Scope::Check)
                .unwrap_or_else(|_| panic!("{vpcs} VPCs: does not load or validate"));
            (format!("vpcs-{vpcs}"), valid, routing)
        })
        .collect();

    let mut group = c.benchmark_group("network-route");
    for (name, valid, _) in &prepared {
        group.throughput(Throughput::Elements(valid.vswitches.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), valid, |b, valid| {
            b.iter(|| black_box(netreach::route::build(valid)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("network-audit");
    for (name, valid, routing) in &prepared {
        group.throughput(Throughput::Elements(valid.vswitches.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| black_box(netreach::overlap::audit(valid, routing, false).len()))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("network-check");
    for (name, valid, routing) in &prepared {
        group.throughput(Throughput::Elements(valid.vswitches.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| black_box(count_reachable(valid, routing)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // Few samples and short windows: the large stages take seconds per
    // iteration on a 2-core machine, and the whole run must stay within minutes.
    config = Criterion::default()
        .with_measurement(ThreadCpu)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = pipeline, network
}
criterion_main!(benches);
