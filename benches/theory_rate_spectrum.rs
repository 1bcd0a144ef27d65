//! Cost of a predicted population-rate spectrum on 200 frequencies
//! (theory::network::population_spectrum, Poisson source) for Brunel's model at state C (two
//! populations, delta synapses with the variance channel) and for the cortical microcircuit
//! (eight populations, exponential synapses, distributed delays): the linearisation at the
//! fixed point plus 200 evaluations of (1 - M)^-1 D (1 - M)^-H (target under 50 ms, issue 15).
//! Run: `cargo bench --bench theory_rate_spectrum -- --noplot`.

use criterion::{Criterion, criterion_group, criterion_main};
use eibal::theory::network::input::MeanFieldNetwork;
use eibal::theory::network::population_spectrum::{NoiseSource, population_spectra};
use eibal::theory::network::stability::linearise;
use eibal::theory::neuron::transfer::TransferForm;
use eibal::theory::{self, TheoryOptions};
use std::path::Path;

fn rate_spectrum(c: &mut Criterion) {
    let mut group = c.benchmark_group("rate_spectrum");
    group.sample_size(20);
    let frequencies: Vec<f64> = (1..=200).map(|k| 2.5 * k as f64).collect();
    for (label, file) in [
        ("brunel state C, 200 frequencies", "models/brunel2000.ei"),
        ("microcircuit, 200 frequencies", "models/microcircuit.ei"),
    ] {
        let model = eibal::lang::load(Path::new(file), &[]).expect("model");
        let network = MeanFieldNetwork::compile(&model, 1.0).expect("network");
        let fixed = theory::solve_network(&network, &TheoryOptions::fixed_point_only())
            .expect("fixed point");
        let fixed = &fixed.fixed_points[0];
        let sizes: Vec<usize> = model.populations.iter().map(|p| p.size).collect();
        let rates = fixed.rates();
        group.bench_function(label, |b| {
            b.iter(|| {
                let linear = linearise(&network, fixed, TransferForm::Exact).expect("linear");
                population_spectra(&linear, &rates, &sizes, &NoiseSource::Poisson, &frequencies)
                    .expect("spectrum")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, rate_spectrum);
criterion_main!(benches);
