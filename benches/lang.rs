//! Cost of the language front end: parsing and checking a model (what every subcommand and
//! every sweep point pays), and formatting. Run with `cargo bench --bench lang`.

use criterion::{Criterion, criterion_group, criterion_main};
use eibal::lang::{self, Override};
use eibal::model::Quantity;
use std::hint::black_box;

fn front_end(c: &mut Criterion) {
    let brunel = std::fs::read_to_string("models/brunel2000.ei").expect("models/brunel2000.ei");
    let micro = std::fs::read_to_string("models/microcircuit.ei").expect("models/microcircuit.ei");
    c.bench_function("parse brunel2000.ei", |b| {
        b.iter(|| lang::parse::parse_program(black_box(&brunel), lang::ast::FileId(0)))
    });
    c.bench_function("compile brunel2000.ei", |b| {
        b.iter(|| lang::compile_source(black_box(&brunel), "models/brunel2000.ei", &[]))
    });
    let set = [Override::Value {
        name: "g".into(),
        value: Quantity::dimensionless(6.0),
    }];
    c.bench_function(
        "compile brunel2000.ei with an override (one sweep point)",
        |b| b.iter(|| lang::compile_source(black_box(&brunel), "models/brunel2000.ei", &set)),
    );
    let prepared = lang::Prepared::new(&brunel, "models/brunel2000.ei").expect("parses");
    c.bench_function(
        "check prepared brunel2000.ei with an override (one sweep point)",
        |b| b.iter(|| prepared.compile(black_box(&set))),
    );
    c.bench_function("compile microcircuit.ei", |b| {
        b.iter(|| lang::compile_source(black_box(&micro), "models/microcircuit.ei", &[]))
    });
    c.bench_function("format microcircuit.ei", |b| {
        b.iter(|| lang::format_source(black_box(&micro), "models/microcircuit.ei"))
    });
}

criterion_group!(benches, front_end);
criterion_main!(benches);
