//! Export speed: building the pack model and rendering the demo assessment's
//! PDF. Run with `cargo bench --bench export`; figures go in docs/benchmarks.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use critical_friend::{
    domain::{Catalogue, example::example_assessment},
    report::{Pack, PackKind, PackOptions, Paper, pdf},
};
use time::{OffsetDateTime, macros::date};

fn export(c: &mut Criterion) {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let assessment = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
    let options = PackOptions {
        kind: PackKind::Full,
        paper: Paper::A4,
        exported_on: date!(2026 - 11 - 22),
    };
    let pack = Pack::build(framework, Some(&assessment), options).expect("demo pack");
    // Warm the embedded fonts once, as the app does on its first export.
    let _ = pdf::render(&pack);

    c.bench_function("build pack model (demo)", |b| {
        b.iter(|| Pack::build(black_box(framework), Some(black_box(&assessment)), options));
    });
    c.bench_function("render PDF (demo pack)", |b| b.iter(|| pdf::render(black_box(&pack))));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = export
}
criterion_main!(benches);
