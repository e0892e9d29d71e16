//! Export speed. Run with `cargo bench --bench export`; figures are recorded
//! in docs/benchmarks.md.
//!
//! - the demo assessment's full pack in every format, and its pack model;
//! - synthetic packs of about 10, 100 and 1,000 pages (the demo with longer
//!   notes), to show that time per page stays roughly constant;
//! - the peer challenge report of the example after its challenge, shaped
//!   like the Leeds report (two added sections first, paragraphs in the
//!   background, key messages and every section), as PDF and Word;
//! - both PDFs again untagged (the same layout, no structure tree), for
//!   what tagging costs.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use critical_friend::{
    domain::{
        AnswerValue, Assessment, Catalogue, Edit, Facts, ListEntry, ListKind, Place, SectionRef,
        example::{example_after_challenge, example_assessment},
    },
    packs::{Format, Pack, PackKind, PackOptions, Paper, pdf},
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
            &Edit::new(item.id.clone(), AnswerValue::Notes(notes.clone())),
            OffsetDateTime::UNIX_EPOCH,
        );
    }
    assessment
}

/// The example after its challenge, with a report shaped like Leeds': two
/// added sections placed first, a paragraph in the background, under the key
/// messages and in every section, and the background facts.
fn leeds_shaped(catalogue: &Catalogue) -> Assessment {
    let framework = catalogue.default_framework();
    let mut assessment = example_after_challenge(framework, OffsetDateTime::UNIX_EPOCH);
    let entry = |list, text: &str| ListEntry {
        id: uuid::Uuid::new_v4(),
        list,
        text: text.to_owned(),
    };
    let paragraph = "The peer team saw a robust process for the governance of budget planning and monitoring; \
                     directors are held to account for their savings targets and every line is rated.";
    let mut order = Vec::new();
    for title in ["Resource pressures", "Vision, Strategy & Leadership"] {
        let section = entry(ListKind::Sections, title);
        order.push(SectionRef::Added(section.id));
        assessment.peer.entries.push(section);
    }
    let mut places = vec![Place::Background, Place::KeyMessages];
    places.extend(order.iter().copied().map(Place::Section));
    places.extend(
        framework
            .themes
            .iter()
            .map(|theme| Place::Section(SectionRef::Theme(theme.number))),
    );
    for place in places {
        for _ in 0..3 {
            assessment
                .peer
                .entries
                .push(entry(ListKind::Paragraphs(place), paragraph));
        }
    }
    assessment.report.order = order;
    assessment.report.summary = [paragraph; 4].join("\n\n");
    assessment.report.facts = Facts {
        documents: Some(89),
        meetings: Some(42),
        people: Some(73),
        hours: Some(336),
    };
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
    // The same layout without the structure tree: what tagging costs.
    c.bench_function("demo/pdf untagged", |b| {
        b.iter(|| pdf::render_untagged(black_box(&pack)));
    });

    let report = leeds_shaped(&catalogue);
    let options = PackOptions {
        kind: PackKind::Report,
        ..OPTIONS
    };
    let report_pack = Pack::build(framework, Some(&report), options).expect("report pack");
    let (_, pages) = pdf::render_counted(&report_pack).expect("render");
    println!("the Leeds-shaped report is {pages} pages as PDF");
    for format in [Format::Pdf, Format::Word] {
        c.bench_function(&format!("report/{}", format.extension()), |b| {
            b.iter(|| format.render(black_box(&report_pack)));
        });
    }
    c.bench_function("report/pdf untagged", |b| {
        b.iter(|| pdf::render_untagged(black_box(&report_pack)));
    });

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
