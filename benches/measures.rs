//! Importing the national ASCOF file. Run with `cargo bench --bench
//! measures`; figures are recorded in docs/benchmarks.md.
//!
//! - `measures/parse national` — a fictional file the size of the national
//!   one read and checked: 152 councils, 9 regions and England, 30 measure
//!   codes, each with its outcome, numerator and denominator and two
//!   breakdowns (24,300 rows, about 2 MB);
//! - `measures/import national` — the same read and its values stored in a
//!   fresh database, in one transaction.

use std::{fmt::Write, hint::black_box};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use critical_friend::{
    domain::{Author, measures::MeasureSet},
    exchange::ascof,
    service::Session,
};

/// The national file's shape, with fictional figures.
fn national_file() -> String {
    let mut out = String::from(
        "Geographical code,Geographical description,Geographical level,ONS code,ASCOF measure code,Disaggregation level,Measure type,Measure value\n",
    );
    let mut areas = vec![("E92000001".to_owned(), "England".to_owned(), "England")];
    areas.extend((1..=9).map(|n| (format!("E1200000{n}"), format!("Region {n}"), "Region")));
    areas.extend((1..=152).map(|n| (format!("E06{n:06}"), format!("Council {n}"), "Council")));
    let codes: Vec<String> = ["2A", "2C", "2E", "3D"]
        .iter()
        .map(|c| (*c).to_owned())
        .chain((1..=26).map(|n| format!("9{n}")))
        .collect();
    for (code, name, level) in &areas {
        for (index, measure) in codes.iter().enumerate() {
            for (breakdown, kind, value) in [
                ("Total", "Outcome", format!("{}.{}", 50 + index, code.len())),
                ("Total", "Numerator", "1200".to_owned()),
                ("Total", "Denominator", "2400".to_owned()),
                ("18-64", "Outcome", "[c]".to_owned()),
                ("65 and over", "Outcome", "48.1".to_owned()),
            ] {
                writeln!(out, "{code},{name},{level},{code},{measure},{breakdown},{kind},{value}")
                    .expect("a String takes every write");
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = national_file();
    let measures = MeasureSet::ascof();
    let about = ("2023-24", "ASCOF, NHS England", "2024-12-12");
    c.bench_function("measures/parse national", |b| {
        b.iter(|| black_box(ascof::parse(text.as_bytes(), measures, about).expect("reads")));
    });
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("ascof.csv");
    std::fs::write(&file, &text).expect("write");
    c.bench_function("measures/import national", |b| {
        b.iter_batched(
            || {
                let db = tempfile::NamedTempFile::new_in(dir.path())
                    .expect("db")
                    .into_temp_path();
                let path = db.to_path_buf();
                std::fs::remove_file(&path).expect("fresh");
                (Session::open(&path, None, Author::default()).expect("session"), db)
            },
            |(mut session, db)| {
                black_box(session.import_ascof(&file, about).expect("imports"));
                drop(session);
                db
            },
            BatchSize::PerIteration,
        );
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
