//! Property tests over real exports: a peer reviewer's honest file, made
//! with the real binary, then any one of its signed changes altered after
//! signing, relabelled as the other side's, stripped of its signature, or
//! the file moved to another assessment — each refused whole, naming the
//! signature, the council's database byte for byte as it was.

use std::{
    path::{Path, PathBuf},
    sync::LazyLock,
};

use critical_friend::{domain::Author, domain::Role, service::Session};
use proptest::prelude::*;
use serde_json::Value;

use crate::common::{cli_ok, hash, name_peer_lead};

const JO: [&str; 4] = ["--as", "council", "--name", "Jo Bloggs"];
const PAT: [&str; 4] = ["--as", "peer", "--name", "Pat Peer"];

/// The council's database (Pat named as the peer team's lead), and Pat's
/// file back with new signed changes: the ids of those changes.
struct Scene {
    _dir: tempfile::TempDir,
    council: PathBuf,
    document: Value,
    pats: Vec<usize>,
}

static SCENE: LazyLock<Scene> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let peer = dir.path().join("pat.sqlite");
    let id = cli_ok(&council, &[&JO[..], &["demo", "--after-challenge"]].concat())
        .trim()
        .to_owned();
    name_peer_lead(&council, &JO, &id, (&peer, &PAT));
    let sent = dir.path().join("sent.json");
    let path = |file: &Path| file.to_str().expect("utf-8 path").to_owned();
    cli_ok(&council, &["export", "--assessment", &id, "--out", &path(&sent)]);
    let pat = |args: &[&str]| cli_ok(&peer, &[&PAT[..], args].concat());
    pat(&["import", &path(&sent)]);
    pat(&[
        "set",
        "--assessment",
        &id,
        "--item",
        "2.3",
        "--peer-score",
        "1",
        "--challenge",
        "Show us",
    ]);
    pat(&["key-message", "add", "--assessment", &id, "--text", "Strong leadership"]);
    pat(&[
        "finding",
        "add",
        "--assessment",
        &id,
        "--theme",
        "2",
        "--kind",
        "area",
        "--text",
        "Track outcomes",
    ]);
    let back = dir.path().join("back.json");
    pat(&["export", "--assessment", &id, "--out", &path(&back)]);
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&back).expect("read")).expect("json");
    let pats = document["assessment"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .enumerate()
        .filter(|(_, change)| change["author"] == "Pat Peer" && change.get("signature").is_some())
        .map(|(at, _)| at)
        .collect::<Vec<_>>();
    assert!(pats.len() >= 3, "Pat's file holds Pat's signed changes: {}", pats.len());
    // The honest file merges.
    let honest = dir.path().join("honest.sqlite");
    std::fs::copy(&council, &honest).expect("copy");
    cli_ok(&honest, &[&JO[..], &["import", &path(&back)]].concat());
    Scene {
        _dir: dir,
        council,
        document,
        pats,
    }
});

/// One way of tampering with one of Pat's signed changes.
#[derive(Clone, Debug)]
enum Tamper {
    /// A part of the change given another value.
    Alter(&'static str),
    /// Labelled as the council's.
    Relabel,
    /// Its signature removed, or its key and signature both.
    Strip { key_too: bool },
    /// The whole file claimed for another assessment.
    Move,
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        prop::sample::select(vec!["old", "new", "author", "organisation", "at", "id"]).prop_map(Tamper::Alter),
        Just(Tamper::Relabel),
        any::<bool>().prop_map(|key_too| Tamper::Strip { key_too }),
        Just(Tamper::Move),
    ]
}

fn apply(tamper: &Tamper, change: &mut Value, document_id: &mut Value) {
    match tamper {
        Tamper::Alter("at") => change["at"] = Value::from("2026-12-01T09:00:00Z"),
        Tamper::Alter("id") => change["id"] = Value::from(uuid::Uuid::new_v4().to_string()),
        Tamper::Alter(part) => {
            let was = change[*part].as_str().unwrap_or("").to_owned();
            change[*part] = Value::from(format!("{was} (edited)"));
        }
        Tamper::Relabel => change["role"] = Value::from("council"),
        Tamper::Strip { key_too } => {
            let record = change.as_object_mut().expect("a record");
            record.remove("signature");
            if *key_too {
                record.remove("key");
            }
        }
        Tamper::Move => *document_id = Value::from(uuid::Uuid::new_v4().to_string()),
    }
}

/// Imports `text` into a fresh copy of the council's database as Jo; the
/// error it gave, with the copy's bytes before and after.
fn import(text: &str) -> (String, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("council.sqlite");
    std::fs::copy(&SCENE.council, &copy).expect("copy");
    let file = dir.path().join("tampered.json");
    std::fs::write(&file, text).expect("write");
    let before = hash(&copy);
    let jo = Author {
        role: Role::Council,
        name: "Jo Bloggs".to_owned(),
        organisation: String::new(),
        key: None,
    };
    let outcome = {
        let mut session = Session::open(&copy, None, jo).expect("open");
        session.prepare_import(&file).and_then(|prepared| {
            let keys: Vec<_> = prepared.strangers().iter().map(|entry| entry.key).collect();
            session.apply_import_accepting(&prepared, (&[], &keys), "tampered.json")
        })
    };
    let error = match outcome {
        Ok(report) => panic!("a tampered file was taken: {report:?}"),
        Err(error) => error.to_string(),
    };
    (error, before, hash(&copy))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_signed_change_tampered_with_is_refused_whole(which in any::<prop::sample::Index>(), how in tamper()) {
        let scene = &*SCENE;
        let mut document = scene.document.clone();
        let at = scene.pats[which.index(scene.pats.len())];
        let mut id = document["assessment"]["id"].clone();
        apply(&how, &mut document["assessment"]["changes"][at], &mut id);
        document["assessment"]["id"] = id;
        let text = critical_friend::exchange::reseal(&serde_json::to_string(&document).expect("json")).expect("reseal");
        let (error, before, after) = import(&text);
        prop_assert_eq!(before, after, "a refused file changed the database");
        prop_assert!(error.contains("sign"), "{:?}: {}", how, error);
    }
}
