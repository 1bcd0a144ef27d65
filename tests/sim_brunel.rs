//! Brunel (2000) model A simulated by eibal against NEST 3.10 and NNMT 1.3 values.

use eibal::sim::{self, RunOptions, builders::brunel2000};

#[test]
fn quick_timing() {
    let m = brunel2000(5.0, 2.0, 1.0);
    let r = sim::run(&m, &RunOptions::default()).unwrap();
    let n_e = r.populations[0].size;
    let rate_e = r.counts_after_warmup[..n_e]
        .iter()
        .map(|&c| c as f64)
        .sum::<f64>()
        / n_e as f64
        / 0.9;
    println!(
        "build {:.2}s run {:.2}s rate {rate_e} syn {}",
        r.build_seconds, r.run_seconds, r.synapses
    );
}
