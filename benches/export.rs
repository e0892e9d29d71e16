//! Export speed. Run with `cargo bench --bench export`; figures are recorded
//! in docs/benchmarks.md.
//!
//! - the demo assessment's full pack in every format, and its pack model;
//! - synthetic packs of about 10, 100 and 1,000 pages (the demo with longer
//!   notes), to show that time per page stays roughly constant.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use critical_friend::{
    domain::{Assessment, Catalogue, Change, Edit, example::example_assessment},
    report::{Format, Pack, PackKind, PackOptions, Paper, pdf},
};
use time::{OffsetDateTime, macros::date};

const OPTIONS: PackOptions = PackOptions {
    kind: PackKind::Full,
    paper: Paper::A4,
    exported_on: date!(2026 - 11 - 22),
    include_peer_review: true,
    share_safe: false,
    utc_offset: time::UtcOffset::UTC,
    include_scores: true,
};

/// The demo with every item's notes repeated `copies` times.
fn padded(catalogue: &Catalogue, copies: usize) -> Assessment {
    let framework = catalogue.default_framework();
    let mut assessment = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
    let paragraph = "Evidence gap: the service could not yet show the 91-day outcome for people discharged from \
                     Ysbyty Gwynedd; ask for the data by ward, with costs (£ and €), before the on-site week.";
    let notes = vec![paragraph; copies].join("\n\n");
    for (_, item) in framework.items() {
        assessment.apply(
            &Edit::new(item.id.clone(), Change::Notes(notes.clone())),
            OffsetDateTime::UNIX_EPOCH,
        );
    }
    assessment
}

fn export(c: &mut Criterion) {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let demo = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
    let pack = Pack::build(framework, Some(&demo), OPTIONS).expect("demo pack");
    // Load the embedded fonts once, as the app does on its first export.
    let _ = pdf::render(&pack);

    c.bench_function("demo/pack model", |b| {
        b.iter(|| Pack::build(black_box(framework), Some(black_box(&demo)), OPTIONS));
    });
    for format in Format::ALL {
        c.bench_function(&format!("demo/{}", format.extension()), |b| {
            b.iter(|| format.render(black_box(&pack)));
        });
    }

    let mut group = c.benchmark_group("synthetic pdf");
    group.sample_size(10);
    for copies in [1, 12, 220] {
        let assessment = padded(&catalogue, copies);
        let pack = Pack::build(framework, Some(&assessment), OPTIONS).expect("pack");
        let (_, pages) = pdf::render_counted(&pack).expect("render");
        group.throughput(Throughput::Elements(u64::try_from(pages).unwrap_or(0)));
        group.bench_with_input(BenchmarkId::new("pages", pages), &pack, |b, pack| {
            b.iter(|| pdf::render(black_box(pack)));
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = export
}
criterion_main!(benches);
