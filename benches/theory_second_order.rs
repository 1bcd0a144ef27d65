//! Cost of the second-order self-consistent scheme (theory::network::second_order) for
//! Brunel's model at state C: the whole iteration from the diffusion fixed point (target
//! under 2 s, issue 15). Run: `cargo bench --bench theory_second_order`.

use criterion::{Criterion, criterion_group, criterion_main};
use eibal::theory::network::input::MeanFieldNetwork;
use eibal::theory::network::second_order::{SecondOrderOptions, solve_second_order};
use eibal::theory::{self, TheoryOptions};
use std::path::Path;

fn second_order(c: &mut Criterion) {
    let model = eibal::lang::load(Path::new("models/brunel2000.ei"), &[]).expect("model");
    let network = MeanFieldNetwork::compile(&model, 1.0).expect("network");
    let fixed =
        theory::solve_network(&network, &TheoryOptions::fixed_point_only()).expect("fixed point");
    let rates = fixed.fixed_points[0].rates();
    let options = SecondOrderOptions::default();
    let mut group = c.benchmark_group("second_order");
    group.sample_size(10);
    group.bench_function("brunel state C self-consistent scheme", |b| {
        b.iter(|| solve_second_order(&network, &rates, &options).expect("scheme"))
    });
    group.finish();
}

criterion_group!(benches, second_order);
criterion_main!(benches);
