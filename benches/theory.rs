//! Mean-field theory benchmarks: Siegert evaluation, the Brunel (2000) fixed point and the
//! microcircuit fixed point. Run: `cargo bench --bench theory`; NNMT for comparison:
//! `~/.venvs/anchors/bin/python ../shared/anchors/nnmt_brunel.py 5 2` (see benches/README.md).

use criterion::{Criterion, criterion_group, criterion_main};
use eibal::theory::{self, TheoryOptions, cv_isi, siegert_rate};
use std::hint::black_box;

#[path = "../tests/theory_common/mod.rs"]
mod theory_common;

fn siegert(c: &mut Criterion) {
    // Brunel state C working point, a subthreshold and a strongly suprathreshold input.
    c.bench_function("siegert_rate brunel working point", |b| {
        b.iter(|| {
            siegert_rate(
                20e-3,
                2e-3,
                20e-3,
                10e-3,
                black_box(21.025e-3),
                black_box(7.683e-3),
            )
        })
    });
    c.bench_function("siegert_rate subthreshold y_th = 10", |b| {
        b.iter(|| siegert_rate(20e-3, 2e-3, 20e-3, 10e-3, black_box(0.0), black_box(2e-3)))
    });
    c.bench_function("siegert_rate suprathreshold y_r = -40", |b| {
        b.iter(|| siegert_rate(20e-3, 2e-3, 20e-3, 10e-3, black_box(50e-3), black_box(1e-3)))
    });
    c.bench_function("cv_isi brunel working point", |b| {
        b.iter(|| {
            cv_isi(
                20e-3,
                2e-3,
                20e-3,
                10e-3,
                black_box(21.025e-3),
                black_box(7.683e-3),
            )
        })
    });
}

fn fixed_points(c: &mut Criterion) {
    let brunel = theory_common::brunel(5.0, 2.0);
    let micro = theory_common::microcircuit();
    let single = TheoryOptions::fixed_point_only();
    let full = TheoryOptions::default();
    c.bench_function("brunel fixed point (from rest, with CV)", |b| {
        b.iter(|| theory::solve(black_box(&brunel), &single))
    });
    c.bench_function(
        "brunel full theory (search, balanced limit, approach)",
        |b| b.iter(|| theory::solve(black_box(&brunel), &full)),
    );
    c.bench_function("microcircuit fixed point (from rest, with CV)", |b| {
        b.iter(|| theory::solve(black_box(&micro), &single))
    });
    c.bench_function(
        "microcircuit full theory (search, balanced limit, approach)",
        |b| b.iter(|| theory::solve(black_box(&micro), &full)),
    );
}

criterion_group!(benches, siegert, fixed_points);
criterion_main!(benches);
