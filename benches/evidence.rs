//! Attaching and bundling evidence. Run with `cargo bench --bench evidence`;
//! figures are recorded in docs/benchmarks.md.
//!
//! - `evidence/attach 100 × 1 MB` — a hundred 1 MB files attached to a
//!   hundred documents of the register, each read to learn its digest, then
//!   streamed into the database in its own transaction (a fresh database each
//!   time, so none is already stored);
//! - `evidence/bundle 100 × 1 MB` — the evidence bundle of those documents
//!   written: the files streamed from the database into a zip.
//!
//! Before the timings it prints the process's peak resident memory after
//! attaching and bundling once: an attachment is streamed in pieces, so the
//! peak should not grow with the files (100 MB in all).

use std::{hint::black_box, path::Path};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use critical_friend::{
    domain::{Author, evidence::Particulars},
    service::Session,
};

const FILES: usize = 100;
const SIZE: usize = 1024 * 1024;

/// The process's peak resident memory so far, in MB (Linux; 0 elsewhere).
fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    (0..FILES)
        .map(|n| {
            let path = dir.join(format!("document-{n:03}.pdf"));
            let bytes: Vec<u8> = (0..SIZE)
                .map(|i| ((i.wrapping_mul(2_654_435_761) ^ n.wrapping_mul(40_503)) >> 7).to_le_bytes()[0])
                .collect();
            std::fs::write(&path, bytes).expect("write a file");
            path
        })
        .collect()
}

/// A fresh database with the example, and its id.
fn fresh(dir: &Path, name: &str) -> (Session, critical_friend::domain::AssessmentId) {
    let mut session = Session::open(&dir.join(name), None, Author::default()).expect("open");
    let id = session.create_example().expect("example").id;
    (session, id)
}

fn attach_all(session: &mut Session, id: critical_friend::domain::AssessmentId, paths: &[std::path::PathBuf]) {
    for (n, path) in paths.iter().enumerate() {
        session
            .add_document(
                id,
                &format!("Document {n}"),
                &Particulars::default(),
                Vec::new(),
                Some(path),
            )
            .expect("attach");
    }
}

fn evidence(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = files(dir.path());
    let before = peak_mb();
    let (mut session, id) = fresh(dir.path(), "measure.sqlite");
    attach_all(&mut session, id, &paths);
    let after_attach = peak_mb();
    let bundle = dir.path().join("measure.zip");
    session
        .export_bundle(id, &bundle, time::macros::date!(2026 - 12 - 02))
        .expect("bundle");
    let after_bundle = peak_mb();
    println!(
        "peak resident memory: {before} MB before, {after_attach} MB after attaching {FILES} × 1 MB, \
         {after_bundle} MB after bundling them ({} MB of files)",
        FILES * SIZE / (1024 * 1024)
    );
    std::fs::remove_file(&bundle).expect("tidy");

    let mut group = c.benchmark_group("evidence");
    group.sample_size(10);
    let mut run = 0;
    group.bench_function("attach 100 × 1 MB", |b| {
        b.iter_batched(
            || {
                run += 1;
                fresh(dir.path(), &format!("attach-{run}.sqlite"))
            },
            |(mut session, id)| attach_all(&mut session, id, black_box(&paths)),
            BatchSize::PerIteration,
        );
    });
    let mut out = 0;
    group.bench_function("bundle 100 × 1 MB", |b| {
        b.iter(|| {
            out += 1;
            let path = dir.path().join(format!("bundle-{out}.zip"));
            session
                .export_bundle(id, black_box(&path), time::macros::date!(2026 - 12 - 02))
                .expect("bundle");
            std::fs::remove_file(path).expect("tidy");
        });
    });
    group.finish();
}

criterion_group!(benches, evidence);
criterion_main!(benches);
