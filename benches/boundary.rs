//! Phase-diagram benchmarks: the Brunel (2000) model A plane g 3:8 x eta 0.5:4 at the
//! resolution of Brunel's fig. 2 (steps of 0.1: a 51 x 36 survey) with the boundaries traced,
//! the survey alone, and one survey point. Run:
//! `cargo bench --bench boundary -- --noplot` (see benches/README.md).

use criterion::{Criterion, criterion_group, criterion_main};
use eibal::theory::neuron::transfer::TransferForm;
use eibal::theory::phase_plane::{BoundaryOptions, Indicator, PlaneEvaluator, phase_diagram};
use std::hint::black_box;
use std::time::Duration;

fn brunel() -> PlaneEvaluator {
    let source = std::fs::read_to_string("models/brunel2000.ei").expect("model file");
    let space = std::sync::Arc::new(
        eibal::lang::ModelSource::from_text(&source, "models/brunel2000.ei", &[]).expect("parses"),
    );
    let g = eibal::model::Axis::linspace(space.model(), "g", 3.0, 8.0, 51).expect("g");
    let eta = eibal::model::Axis::linspace(space.model(), "eta", 0.5, 4.0, 36).expect("eta");
    PlaneEvaluator::new(space, g, eta, TransferForm::Exact).expect("plane")
}

fn boundary(c: &mut Criterion) {
    let plane = brunel();
    c.bench_function(
        "one survey point, Brunel state C (fixed point, roots)",
        |b| {
            b.iter(|| {
                plane
                    .evaluate(
                        black_box(5.0),
                        black_box(2.0),
                        &[],
                        true,
                        Indicator::Stability,
                    )
                    .expect("evaluates")
            })
        },
    );
    let mut group = c.benchmark_group("brunel phase diagram g 3:8 x eta 0.5:4");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(30));
    let fig2 = BoundaryOptions {
        nx: 51,
        ny: 36,
        ..BoundaryOptions::default()
    };
    group.bench_function("51x36 survey + traced boundaries", |b| {
        b.iter(|| phase_diagram(&plane, &fig2, &eibal::model::observe::Silent).expect("diagram"))
    });
    let survey_only = BoundaryOptions {
        trace: false,
        ..fig2
    };
    group.bench_function("51x36 survey only", |b| {
        b.iter(|| {
            phase_diagram(&plane, &survey_only, &eibal::model::observe::Silent).expect("diagram")
        })
    });
    group.finish();
}

criterion_group!(benches, boundary);
criterion_main!(benches);
