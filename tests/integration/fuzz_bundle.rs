//! Hostile evidence bundles: a real bundle of two files, mutated byte by
//! byte or inside one of its entries (then zipped again, so the zip itself
//! is sound and only the contents lie), imported into the peer team's copy.
//! No case may panic; a refused bundle stores neither file, and a bundle
//! that is accepted stored both with exactly their recorded bytes.
//!
//! `CRITICAL_FRIEND_FUZZ_CASES` sets the number of cases (a tenth of it
//! here, as each case is an import into a real database).

use std::{
    io::{Cursor, Read},
    path::{Path, PathBuf},
    sync::{LazyLock, Mutex},
};

use critical_friend::{
    domain::{
        Author, ItemId, Role,
        evidence::{Attached, Particulars},
    },
    service::Session,
};
use proptest::prelude::*;

use crate::fuzz::{cases, mutate, mutation, rezip};

/// The peer team's copy (the exchange file imported, not yet the bundle),
/// the bundle, its entries unzipped, and the two files' records.
struct Fixture {
    _dir: tempfile::TempDir,
    peer: Mutex<Session>,
    peer_path: PathBuf,
    bundle: Vec<u8>,
    parts: Vec<(String, Vec<u8>)>,
    files: Vec<Attached>,
    scratch: PathBuf,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let mut session = Session::open(&council, None, Author::default()).expect("open");
    let id = session.create_example().expect("example").id;
    for (name, fill) in [("budget.pdf", 7u8), ("minutes.docx", 11u8)] {
        let path = dir.path().join(name);
        let bytes: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8 ^ fill).collect();
        std::fs::write(&path, bytes).expect("write");
        session
            .add_document(id, name, &Particulars::default(), vec![ItemId::new("6.1")], Some(&path))
            .expect("attach");
    }
    let exchange = dir.path().join("to-peers.json");
    session.export_exchange(id, &exchange).expect("export");
    let bundle_path = dir.path().join("evidence.zip");
    session
        .export_bundle(id, &bundle_path, time::macros::date!(2026 - 12 - 02))
        .expect("bundle");
    let files = session
        .load(id)
        .expect("load")
        .documents
        .iter()
        .filter_map(|d| d.file.clone())
        .collect();
    drop(session);

    let peer_path = dir.path().join("peer.sqlite");
    let peer_author = Author {
        role: Role::Peer,
        name: "Ann Lead".into(),
        organisation: String::new(),
        key: None,
    };
    let mut peer = Session::open(&peer_path, None, peer_author).expect("open");
    let prepared = peer.prepare_import(&exchange).expect("prepare");
    peer.apply_import(&prepared, &[], "to-peers.json").expect("import");
    let bundle = std::fs::read(&bundle_path).expect("read");
    let mut archive = zip::ZipArchive::new(Cursor::new(bundle.clone())).expect("zip");
    let parts = (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index(i).expect("part");
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).expect("read");
            (part.name().map(|name| name.to_string()).expect("a name"), bytes)
        })
        .collect();
    let scratch = dir.path().join("mutated.zip");
    Fixture {
        _dir: dir,
        peer: Mutex::new(peer),
        peer_path,
        bundle,
        parts,
        files,
        scratch,
    }
});

/// Takes the files out of the peer team's copy again, so the next case
/// starts from a copy that lacks them.
fn forget_files(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute("DELETE FROM attachment", []).expect("forget");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases((cases() / 10).max(100)))]

    #[test]
    fn mutated_bundles_store_both_files_whole_or_neither(
        mutations in prop::collection::vec(mutation(), 1..5),
        inside in any::<bool>(),
        part in any::<prop::sample::Index>(),
    ) {
        let fixture = &*FIXTURE;
        let bytes = if inside {
            let mut parts = fixture.parts.clone();
            let index = part.index(parts.len());
            parts[index].1 = mutate(std::mem::take(&mut parts[index].1), &mutations);
            rezip(&parts)
        } else {
            mutate(fixture.bundle.clone(), &mutations)
        };
        // One case at a time: the copy and the scratch file are shared.
        let mut peer = fixture.peer.lock().expect("lock");
        std::fs::write(&fixture.scratch, &bytes).expect("write");
        let result = peer.import_bundle(&fixture.scratch);
        let held: Vec<bool> = fixture
            .files
            .iter()
            .map(|file| peer.database().has_attachment(&file.sha256).expect("query"))
            .collect();
        if result.is_ok() {
            prop_assert_eq!(held, vec![true, true]);
            for file in &fixture.files {
                let mut sink = Vec::new();
                prop_assert!(peer.database().read_attachment(file, &mut sink).is_ok(), "the recorded bytes");
            }
            forget_files(&fixture.peer_path);
        } else {
            prop_assert_eq!(held, vec![false, false], "nothing half-imported");
        }
    }
}

#[test]
fn the_unmutated_bundle_is_accepted() {
    let fixture = &*FIXTURE;
    let mut peer = fixture.peer.lock().expect("lock");
    std::fs::write(&fixture.scratch, &fixture.bundle).expect("write");
    let (_, added) = peer.import_bundle(&fixture.scratch).expect("accepted");
    assert_eq!(added, 2);
    forget_files(&fixture.peer_path);
}
