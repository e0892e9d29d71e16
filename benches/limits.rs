//! Limits. Run with `cargo bench --bench limits`; figures are recorded in
//! docs/benchmarks.md.
//!
//! - `limits/home list, 10,000 assessments` — reading the home screen's
//!   table from a database of 10,000 assessments (34 answers each).
//! - `limits/item view frame, 1 MB texts` — one frame of the workspace
//!   showing an item whose basis, notes and challenge are each 1 MB: the UI
//!   code, layout and tessellation, as for most users (no screen reader).
//! - `limits/item view frame, 1 MB texts, screen reader` — the same frame of
//!   the whole app through `egui_kittest`, which also builds the
//!   accessibility tree a screen reader reads (no GPU in either). Texts over
//!   100 kB start folded; the `unfolded` case shows all three.
//! - `limits/history view frame, 10,000 changes, screen reader` — the
//!   assessment's history view with 10,000 changes (score changes, each
//!   recorded on its own), through `egui_kittest`.
//! - `limits/one keystroke saved` — what the app does for each character
//!   typed into a text shorter than 20 kB: one save through the gate (load,
//!   rules, one write-locked transaction with its audit row, durable commit)
//!   of a 2,000-character basis growing by one character.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use critical_friend::{
    app::{CriticalFriendApp, StartupOptions},
    domain::{AnswerValue, Author, Catalogue, Edit, ItemId, Role, Score, example::example_assessment},
    service::Session,
    storage::Database,
    ui::workspace::WorkspaceView,
};
use egui_kittest::{Harness, kittest::Queryable};
use time::OffsetDateTime;

/// A database holding the example 10,000 times over, each with its own id.
fn ten_thousand(path: &std::path::Path) {
    let catalogue = Catalogue::builtin();
    let mut db = Database::open(path).expect("create");
    db.create(&example_assessment(
        catalogue.default_framework(),
        OffsetDateTime::now_utc(),
    ))
    .expect("template");
    drop(db);
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch(
        "BEGIN;
         CREATE TEMP TABLE copies AS
           WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
           SELECT i, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
                  || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS id FROM n;
         INSERT INTO assessment (id, framework_id, framework_version, organisation, title, period, lead, status,
                                 created_at, updated_at, self_locked)
           SELECT c.id, a.framework_id, a.framework_version, 'Council ' || c.i, a.title, a.period, a.lead, a.status,
                  a.created_at, a.updated_at, 0
           FROM copies c, assessment a;
         INSERT INTO answer (assessment_id, item_id, score, basis, notes, created_at, updated_at)
           SELECT c.id, w.item_id, w.score, w.basis, w.notes, w.created_at, w.updated_at
           FROM copies c, answer w;
         COMMIT;",
    )
    .expect("copies");
}

/// The example with 10,000 changes of a score, each recorded on its own,
/// so history lists 10,000 lines.
fn ten_thousand_changes(path: &std::path::Path) {
    let catalogue = Catalogue::builtin();
    let mut db = Database::open(path).expect("create");
    let assessment = example_assessment(catalogue.default_framework(), OffsetDateTime::now_utc());
    db.create(&assessment).expect("store");
    let mut session = Session::over(db, Author::default()).expect("session");
    let edits: Vec<Edit> = (0..10_000_u32)
        .map(|n| {
            Edit::new(
                ItemId::new("2.1"),
                AnswerValue::Score(Score::new(if n % 2 == 0 { 1 } else { 2 }).ok()),
            )
        })
        .collect();
    session.apply_edits(assessment.id, &edits).expect("history");
}

/// The whole app through `egui_kittest` on `db_path`, with its first
/// assessment open.
fn open_in_app(db_path: std::path::PathBuf) -> Harness<'static, CriticalFriendApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(move |cc| {
            CriticalFriendApp::new(
                cc,
                StartupOptions {
                    db_path: db_path.clone(),
                    import: None,
                },
            )
        });
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    harness
}

fn limits(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let many = dir.path().join("many.sqlite");
    ten_thousand(&many);
    let db = Database::open(&many).expect("open");
    assert_eq!(db.list().expect("list").len(), 10_000);
    let mut group = c.benchmark_group("limits");
    group.sample_size(20);
    group.bench_function("home list, 10,000 assessments", |b| {
        b.iter(|| black_box(db.list().expect("list")));
    });

    let big = dir.path().join("big.sqlite");
    {
        let catalogue = Catalogue::builtin();
        let mut db = Database::open(&big).expect("create");
        let assessment = example_assessment(catalogue.default_framework(), OffsetDateTime::now_utc());
        db.create(&assessment).expect("store");
        let megabyte = "Evidence gap: the 91-day outcome by ward, with costs in £ and €. ".repeat(16_000);
        let item = ItemId::new("1.1");
        let council = Author::default();
        let peer = Author {
            role: Role::Peer,
            ..Author::default()
        };
        let mut session = Session::over(db, council).expect("session");
        session
            .apply_edits(
                assessment.id,
                &[
                    Edit::new(item.clone(), AnswerValue::Basis(megabyte.clone())),
                    Edit::new(item.clone(), AnswerValue::Notes(megabyte.clone())),
                ],
            )
            .expect("council text");
        session.set_author(peer);
        session
            .apply_edits(assessment.id, &[Edit::new(item, AnswerValue::Challenge(megabyte))])
            .expect("peer text");
    }
    let loaded = Database::open(&big).expect("open").list().expect("list")[0].id;
    let assessment = Database::open(&big).expect("open").load(loaded).expect("load");
    let catalogue = Catalogue::builtin();
    let mut view = WorkspaceView::new(assessment, catalogue.default_framework().clone(), Author::default());
    let ctx = egui::Context::default();
    critical_friend::ui::install_fonts(&ctx);
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 1000.0))),
        ..egui::RawInput::default()
    };
    let mut frame = || {
        let mut commands = Vec::new();
        let output = ctx.run_ui(input(), |ui| view.ui(ui, &mut commands));
        black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
    };
    frame();
    group.bench_function("item view frame, 1 MB texts", |b| b.iter(&mut frame));

    let mut harness = open_in_app(big.clone());
    harness.get_by_label_contains("Item 1 of 34");
    group.bench_function("item view frame, 1 MB texts, screen reader", |b| {
        b.iter(|| harness.step());
    });
    for _ in 0..3 {
        harness
            .get_all_by_label("Show to read or edit")
            .next()
            .expect("a folded text")
            .click();
        harness.run();
    }
    group.bench_function("item view frame, 1 MB texts unfolded, screen reader", |b| {
        b.iter(|| harness.step());
    });

    let long_history = dir.path().join("history.sqlite");
    ten_thousand_changes(&long_history);
    let mut harness = open_in_app(long_history);
    harness.get_by_label("History").click();
    harness.run();
    group.bench_function("history view frame, 10,000 changes, screen reader", |b| {
        b.iter(|| harness.step());
    });

    let typing = dir.path().join("typing.sqlite");
    let mut session = Session::open(&typing, None, Author::default()).expect("session");
    let id = session.create_example().expect("example").id;
    let mut text = "Evidence: ".repeat(200);
    group.bench_function("one keystroke saved", |b| {
        b.iter(|| {
            text.push('x');
            let edit = Edit::new(ItemId::new("1.1"), AnswerValue::Basis(text.clone()));
            session.apply_edits(id, &[edit]).expect("saved");
        });
    });
    group.finish();
}

criterion_group!(benches, limits);
criterion_main!(benches);
