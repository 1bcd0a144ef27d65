//! Simulation speed: Brunel (2000) model A (12,500 neurons, 15.6 M synapses, state C), 1 s of
//! network time at dt = 0.1 ms on 1 and 2 threads; the cortical microcircuit
//! (`models/microcircuit.ei`, 77,169 neurons, ~296 M synapses): network build, 0.1 s of
//! network time, and the run phase of 1 s (its own clock, the build excluded) on 2 threads;
//! and how the time grows with N (at fixed K) and with K (at fixed
//! N) on 1 and 2 threads. Figures and peer ratios: benches/README.md ("Simulation").
//!
//! Run: `cargo bench --bench simulate`. For peak memory of one full run:
//! `EIBAL_BRUNEL_ONCE=1 EIBAL_THREADS=2 /usr/bin/time -v target/release/deps/simulate-<hash>`
//! (prints the build and run times and the rates).

use criterion::{BenchmarkId, Criterion};
use eibal::model::builders;
use eibal::model::observe::Silent;
use eibal::sim::{self, RunOptions};
use std::hint::black_box;
use std::time::Duration;

fn on(threads: usize) -> RunOptions {
    RunOptions {
        threads,
        ..RunOptions::default()
    }
}

fn brunel_a(c: &mut Criterion) {
    let model = builders::brunel2000(5.0, 2.0, 1.0);
    let mut group = c.benchmark_group("brunel_a");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    for threads in [1, 2] {
        group.bench_with_input(
            BenchmarkId::new("build_and_simulate_1s_threads", threads),
            &threads,
            |b, &t| {
                b.iter(|| black_box(sim::run(&model, &on(t), &Silent).map(|r| r.spike_steps.len())))
            },
        );
    }
    group.finish();
}

fn microcircuit() -> eibal::Model {
    let text = std::fs::read_to_string("models/microcircuit.ei").expect("models/microcircuit.ei");
    eibal::lang::compile_source(&text, "models/microcircuit.ei", &[]).expect("compiles")
}

fn microcircuit_bench(c: &mut Criterion) {
    let mut model = microcircuit();
    model.simulation.duration = 0.1;
    model.simulation.record.clear();
    let mut group = c.benchmark_group("microcircuit_2_threads");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    let settings = sim::engine::settings::Settings::new(&model, &on(2)).expect("settings");
    group.bench_function("build", |b| {
        b.iter(|| black_box(sim::engine::build::build_on(&model, &settings, 2).map(|n| n.synapses)))
    });
    group.bench_function("build_and_simulate_0.1s", |b| {
        b.iter(|| black_box(sim::run(&model, &on(2), &Silent).map(|r| r.spike_steps.len())))
    });
    group.finish();
}

/// The microcircuit's run phase alone, 1 s of network time on 2 threads with the model's own
/// recording (spikes, rates) and statistics sampling: each iteration builds and runs, and
/// reports the run's own clock (`SimResult::run_seconds`), so the build does not count.
fn microcircuit_run(c: &mut Criterion) {
    let model = microcircuit();
    let mut group = c.benchmark_group("microcircuit_2_threads");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("run_1s", |b| {
        b.iter_custom(|iterations| {
            (0..iterations)
                .map(|_| match sim::run(&model, &on(2), &Silent) {
                    Ok(r) => Duration::from_secs_f64(r.run_seconds),
                    Err(e) => panic!("microcircuit run failed: {e}"),
                })
                .sum()
        })
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("brunel_scaling_0.2s");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for threads in [1, 2] {
        for &n_e in &[2_500usize, 5_000, 10_000, 20_000] {
            let mut model = builders::brunel2000_sized(5.0, 2.0, n_e, 1000);
            model.simulation.duration = 0.2;
            let id = BenchmarkId::new(format!("N_E_at_K_E_1000_threads_{threads}"), n_e);
            group.bench_with_input(id, &model, |b, m| {
                b.iter(|| {
                    black_box(sim::run(m, &on(threads), &Silent).map(|r| r.spike_steps.len()))
                })
            });
        }
        for &c_e in &[250usize, 500, 1000, 2000] {
            let mut model = builders::brunel2000_sized(5.0, 2.0, 10_000, c_e);
            model.simulation.duration = 0.2;
            let id = BenchmarkId::new(format!("K_E_at_N_E_10000_threads_{threads}"), c_e);
            group.bench_with_input(id, &model, |b, m| {
                b.iter(|| {
                    black_box(sim::run(m, &on(threads), &Silent).map(|r| r.spike_steps.len()))
                })
            });
        }
    }
    group.finish();
}

fn once() {
    let threads = std::env::var("EIBAL_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let model = builders::brunel2000(5.0, 2.0, 1.0);
    match sim::run(&model, &on(threads), &Silent) {
        Ok(r) => {
            let stats = eibal::analysis::summarize(&r, &model);
            println!(
                "eibal brunel A g=5 eta=2: build_s={:.2} sim_s={:.2} rateE={:.3} rateI={:.3} cvE={:.3} spikes={}",
                r.build_seconds,
                r.run_seconds,
                stats.populations[0].rate_hz.unwrap_or(f64::NAN),
                stats.populations[1].rate_hz.unwrap_or(f64::NAN),
                stats.populations[0].cv.unwrap_or(f64::NAN),
                r.spike_steps.len()
            );
        }
        Err(e) => eprintln!("error: {e}"),
    }
}

fn main() {
    if std::env::var_os("EIBAL_BRUNEL_ONCE").is_some() {
        once();
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    brunel_a(&mut c);
    microcircuit_bench(&mut c);
    microcircuit_run(&mut c);
    scaling(&mut c);
    c.final_summary();
}
