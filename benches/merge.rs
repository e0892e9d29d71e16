//! Merge speed. Run with `cargo bench --bench merge`; figures are recorded
//! in docs/benchmarks.md.
//!
//! The council names the peer team's lead from her key card and exports the
//! completed example; ten reviewers each import it, peer-score and
//! challenge their share of the 34 items and add a key message, every
//! change signed; their ten files are then merged into the lead's copy, the
//! lead accepting each reviewer's key on first use:
//!
//! - `merge/plan+merge ten files` — the merge rules alone, in memory, every
//!   signature and signer checked;
//! - `merge/import ten files` — the whole path a user takes: read and check
//!   each file, plan, merge and store in SQLite, one transaction per file.

use std::{hint::black_box, path::Path};

use criterion::{Criterion, criterion_group, criterion_main};
use critical_friend::{
    domain::{
        AnswerValue, Author, Catalogue, Edit, ListOp, Role, Score,
        merge::{self, Replica},
        rules,
    },
    exchange,
    service::Session,
};
use time::OffsetDateTime;

const REVIEWERS: usize = 10;

fn author(role: Role, name: &str) -> Author {
    Author {
        role,
        name: name.to_owned(),
        organisation: "LGA".to_owned(),
        key: None,
    }
}

/// Writes the council's file and ten reviewers' files into `dir`; returns
/// the lead's database (the council's file imported, nothing else) and the
/// reviewers' files.
fn reviewers_files(dir: &Path) -> (std::path::PathBuf, Vec<std::path::PathBuf>) {
    let lead_db = dir.join("lead-template.sqlite");
    let mut lead = Session::open(&lead_db, None, author(Role::Peer, "Lead")).expect("lead");
    let mut council =
        Session::open(&dir.join("council.sqlite"), None, author(Role::Council, "Council")).expect("council");
    let assessment = council.create_example().expect("example");
    let id = assessment.id;
    council
        .add_key(id, &lead.key_card().expect("card"))
        .expect("the lead named");
    let sent = dir.join("sent.json");
    council.export_exchange(id, &sent).expect("export");
    let prepared = lead.prepare_import(&sent).expect("prepare");
    lead.apply_import(&prepared, &[], "sent.json").expect("import");
    let framework = council.framework_of(&assessment).expect("framework").clone();
    let items: Vec<_> = framework.items().map(|(_, item)| item.id.clone()).collect();
    let mut files = Vec::new();
    for reviewer in 0..REVIEWERS {
        let who = author(Role::Peer, &format!("Reviewer {reviewer}"));
        let db_path = dir.join(format!("reviewer-{reviewer}.sqlite"));
        let mut db = Session::open(&db_path, None, who.clone()).expect("reviewer");
        let prepared = db.prepare_import(&sent).expect("prepare");
        db.apply_import(&prepared, &[], "sent.json").expect("import");
        let edits: Vec<Edit> = items
            .iter()
            .skip(reviewer)
            .step_by(REVIEWERS)
            .flat_map(|item| {
                [
                    Edit::new(item.clone(), AnswerValue::PeerScore(Score::new(2).ok())),
                    Edit::new(
                        item.clone(),
                        AnswerValue::Challenge(format!("Reviewer {reviewer} asks for the outcome data on {item}.")),
                    ),
                ]
            })
            .collect();
        db.apply_edits(id, &edits).expect("edits");
        let op = ListOp::Add {
            list: critical_friend::domain::ListKind::KeyMessages,
            text: format!("Key message from reviewer {reviewer}"),
        };
        db.change_list(id, &op).expect("key message");
        let file = dir.join(format!("reviewer-{reviewer}.json"));
        db.export_exchange(id, &file).expect("export");
        files.push(file);
    }
    (lead_db, files)
}

fn merging(c: &mut Criterion) {
    let catalogue = Catalogue::builtin();
    let dir = tempfile::tempdir().expect("temp dir");
    let (lead_db, files) = reviewers_files(dir.path());
    let lead = Session::open(&lead_db, None, author(Role::Peer, "Lead"))
        .expect("lead")
        .author()
        .clone();
    let parsed: Vec<_> = files
        .iter()
        .map(|file| exchange::read_file(file, &catalogue).expect("read"))
        .collect();

    let mut group = c.benchmark_group("merge");
    group.sample_size(20);
    group.bench_function("plan+merge ten files", |b| {
        b.iter(|| {
            let mut mine = parsed[0].assessment.clone();
            let mut log = parsed[0].changes.clone();
            for theirs in &parsed[1..] {
                let mine_replica = Replica {
                    assessment: &mine,
                    log: &log,
                };
                let their_replica = Replica {
                    assessment: &theirs.assessment,
                    log: &theirs.changes,
                };
                let plan = merge::plan(mine_replica, their_replica, &lead).expect("plan");
                let keys: Vec<_> = plan.strangers.iter().map(|entry| entry.key).collect();
                let context = rules::Context::alone(&mine, catalogue.default_framework());
                let merged = merge::merge(
                    &context,
                    (mine_replica, their_replica),
                    &plan,
                    (&[], &keys),
                    &lead,
                    "bench",
                    OffsetDateTime::UNIX_EPOCH,
                )
                .expect("merged");
                log.extend(merged.new_log);
                mine = merged.assessment;
            }
            black_box(mine)
        });
    });
    group.sample_size(10);
    group.bench_function("import ten files", |b| {
        b.iter_batched(
            || {
                let target = dir.path().join("lead.sqlite");
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
                }
                // Each run starts as a user's would, without the backups
                // earlier runs left (their count would be timed otherwise).
                let _ = std::fs::remove_dir_all(dir.path().join("backups"));
                std::fs::copy(&lead_db, &target).expect("copy");
                target
            },
            |target| {
                let mut db = Session::open(&target, None, lead.clone()).expect("open");
                for file in &files {
                    let prepared = db.prepare_import(file).expect("prepare");
                    assert!(prepared.conflicts().is_empty());
                    let keys: Vec<_> = prepared.strangers().iter().map(|entry| entry.key).collect();
                    db.apply_import_accepting(&prepared, (&[], &keys), "bench")
                        .expect("apply");
                }
                black_box(db.load(prepared_id(&files[0], &catalogue)).expect("load"))
            },
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn prepared_id(file: &Path, catalogue: &Catalogue) -> critical_friend::domain::AssessmentId {
    exchange::read_file(file, catalogue).expect("read").assessment.id
}

criterion_group!(benches, merging);
criterion_main!(benches);
