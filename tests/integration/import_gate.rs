//! Property tests of the import gate. A peer team's real export is mutated
//! at random — roles swapped, fields relabelled, targets moved, changes
//! forged, values rewritten — and its checksum recomputed, as an attacker
//! would. Imported into the council's locked copy, it must never change the
//! council's self-assessment; into a Final copy, never anything; and a
//! refused import changes nothing at all. Every change it does store must
//! have been made in the role that owns its field.

use std::{
    path::{Path, PathBuf},
    sync::LazyLock,
};

use critical_friend::{
    domain::{
        AnswerValue, Assessment, AssessmentDetails, AssessmentId, Author, ChallengeOp, Change, Edit, EntryKind, ItemId,
        ListKind, ListOp, Role, Score, Status, Subject, TeamMember,
        change::{AssessmentField, EntryField},
        merge::{MergeReport, Resolution},
    },
    exchange,
    service::Session,
    storage::Database,
};
use proptest::prelude::*;
use serde_json::Value;

fn person(role: Role, name: &str) -> Author {
    Author {
        role,
        name: name.to_owned(),
        organisation: String::new(),
        key: None,
    }
}

/// The fixtures, made once: the council's locked copy, a Final copy, and
/// the peer team's file.
struct Fixture {
    _dir: tempfile::TempDir,
    locked: PathBuf,
    frozen: PathBuf,
    peer_file: String,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked/council.sqlite");
    let council = person(Role::Council, "Cara Council");
    let peer = person(Role::Peer, "Pat Peer");
    let mut session = Session::open(&locked, None, council.clone()).expect("council");
    let assessment = session
        .create(
            AssessmentDetails {
                organisation: "Gate Borough".into(),
                title: "Use of Resources".into(),
                ..AssessmentDetails::default()
            },
            None,
        )
        .expect("create");
    let id = assessment.id;
    let edits = [
        Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(2).ok())),
        Edit::new(ItemId::new("1.1"), AnswerValue::Basis("Directory usage".into())),
        Edit::new(ItemId::new("2.3"), AnswerValue::Notes("Ask finance".into())),
    ];
    session.apply_edits(id, &edits).expect("answers");
    session
        .change_challenge(id, &ChallengeOp::AddQuestion("Are we spending well?".into()))
        .expect("question");
    session.set_status(id, Status::Submitted).expect("submit");
    let sent = dir.path().join("sent.json");
    session.export_exchange(id, &sent).expect("export");
    drop(session);

    let mut reviewer = Session::open(&dir.path().join("peer/peer.sqlite"), None, peer).expect("peer");
    let prepared = reviewer.prepare_import(&sent).expect("prepare");
    reviewer.apply_import(&prepared, &[], "sent.json").expect("import");
    let question = reviewer.load(id).expect("load").scope[0].id;
    let peer_edits = [
        Edit::new(ItemId::new("1.1"), AnswerValue::PeerScore(Score::new(1).ok())),
        Edit::new(ItemId::new("1.1"), AnswerValue::Challenge("Show usage data".into())),
    ];
    reviewer.apply_edits(id, &peer_edits).expect("peer answers");
    let add = |list, text: &str| ListOp::Add {
        list,
        text: text.to_owned(),
    };
    reviewer
        .change_list(
            id,
            &add(
                ListKind::Strengths(critical_friend::domain::SectionRef::Theme(1)),
                "Strong front door",
            ),
        )
        .expect("finding");
    reviewer
        .change_list(id, &add(ListKind::KeyMessages, "Good grip on spend"))
        .expect("key message");
    reviewer
        .change_challenge(
            id,
            &ChallengeOp::Respond {
                id: question,
                text: "Broadly.".into(),
            },
        )
        .expect("respond");
    let member = TeamMember {
        name: "Lee Lead".into(),
        ..TeamMember::default()
    };
    reviewer
        .change_challenge(id, &ChallengeOp::AddMember(member))
        .expect("team");
    let back = dir.path().join("back.json");
    reviewer.export_exchange(id, &back).expect("export back");

    let frozen = dir.path().join("frozen/council.sqlite");
    std::fs::create_dir_all(frozen.parent().expect("folder")).expect("folder");
    std::fs::copy(&locked, &frozen).expect("copy");
    let mut final_copy = Session::open(&frozen, None, council).expect("final copy");
    final_copy.set_status(id, Status::Review).expect("review");
    final_copy.set_status(id, Status::Final).expect("final");
    drop(final_copy);

    let peer_file = std::fs::read_to_string(&back).expect("read");
    Fixture {
        _dir: dir,
        locked,
        frozen,
        peer_file,
    }
});

const FIELDS: [&str; 17] = [
    "score",
    "basis",
    "notes",
    "peer_score",
    "challenge",
    "strengths:1",
    "areas:2",
    "key_messages",
    "position",
    "scope",
    "scope_response",
    "team",
    "visit",
    "status",
    "self_locked",
    "details",
    "bogus",
];

/// One edit an attacker makes to the file.
#[derive(Clone, Debug)]
enum Mutation {
    Role(usize, bool),
    Field(usize, usize),
    Target(usize, usize),
    Forge {
        field: usize,
        council: bool,
        item: bool,
        target: usize,
        value: String,
    },
    AnswerText(usize, String),
    AnswerScore(usize, Option<u8>),
    DropEntries,
    Status(bool),
    NewValue(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = "[a-z ]{0,12}";
    prop_oneof![
        (any::<usize>(), any::<bool>()).prop_map(|(at, council)| Mutation::Role(at, council)),
        (any::<usize>(), any::<usize>()).prop_map(|(at, field)| Mutation::Field(at, field)),
        (any::<usize>(), any::<usize>()).prop_map(|(at, target)| Mutation::Target(at, target)),
        (any::<usize>(), any::<bool>(), any::<bool>(), any::<usize>(), text).prop_map(
            |(field, council, item, target, value)| Mutation::Forge {
                field,
                council,
                item,
                target,
                value,
            }
        ),
        (any::<usize>(), text).prop_map(|(at, value)| Mutation::AnswerText(at, value)),
        (any::<usize>(), proptest::option::of(0u8..4)).prop_map(|(at, score)| Mutation::AnswerScore(at, score)),
        Just(Mutation::DropEntries),
        any::<bool>().prop_map(Mutation::Status),
        (any::<usize>(), text).prop_map(|(at, value)| Mutation::NewValue(at, value)),
    ]
}

/// Every entry id in the file's content, and one id it has never seen.
fn entry_ids(document: &Value) -> Vec<String> {
    let record = &document["assessment"];
    let mut ids: Vec<String> = ["peer_lists", "scope", "team"]
        .iter()
        .flat_map(|list| record[*list].as_array().cloned().unwrap_or_default())
        .filter_map(|entry| entry["id"].as_str().map(str::to_owned))
        .collect();
    ids.push(uuid::Uuid::new_v4().to_string());
    ids
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let ids = entry_ids(document);
    let changes = document["assessment"]["changes"].as_array_mut().expect("changes");
    let count = changes.len().max(1);
    match mutation {
        Mutation::Role(at, council) => {
            if let Some(change) = changes.get_mut(at % count) {
                change["role"] = Value::from(if *council { "council" } else { "peer" });
            }
        }
        Mutation::Field(at, field) => {
            if let Some(change) = changes.get_mut(at % count) {
                change["field"] = Value::from(FIELDS[field % FIELDS.len()]);
            }
        }
        Mutation::Target(at, target) => {
            if let Some(change) = changes.get_mut(at % count) {
                change["target"] = Value::from(ids[target % ids.len()].clone());
            }
        }
        Mutation::Forge {
            field,
            council,
            item,
            target,
            value,
        } => {
            let mut forged = serde_json::json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "field": FIELDS[field % FIELDS.len()],
                "old": null,
                "new": value,
                "role": if *council { "council" } else { "peer" },
                "author": "Mallory",
                "organisation": "",
                "at": "2031-01-01T00:00:00Z",
            });
            if *item {
                forged["item"] = Value::from("1.1");
            } else {
                forged["target"] = Value::from(ids[target % ids.len()].clone());
            }
            changes.push(forged);
        }
        Mutation::NewValue(at, value) => {
            if let Some(change) = changes.get_mut(at % count) {
                change["new"] = Value::from(value.clone());
            }
        }
        Mutation::AnswerText(at, value) => {
            if let Some(answers) = document["assessment"]["answers"].as_array_mut() {
                let count = answers.len().max(1);
                if let Some(answer) = answers.get_mut(at % count) {
                    answer[["basis", "notes", "challenge"][at % 3]] = Value::from(value.clone());
                }
            }
        }
        Mutation::AnswerScore(at, score) => {
            if let Some(answers) = document["assessment"]["answers"].as_array_mut() {
                let count = answers.len().max(1);
                if let Some(answer) = answers.get_mut(at % count) {
                    answer[["score", "peer_score"][at % 2]] = score.map_or(Value::Null, Value::from);
                }
            }
        }
        Mutation::DropEntries => {
            for list in ["peer_lists", "scope", "team"] {
                document["assessment"][list] = Value::Array(Vec::new());
            }
        }
        Mutation::Status(finalise) => {
            document["assessment"]["status"] = Value::from(if *finalise { "final" } else { "draft" });
            document["assessment"]["self_locked"] = Value::from(false);
        }
    }
}

/// The assessment, its history and its merge reports.
type State = (Assessment, Vec<Change>, Vec<MergeReport>);

fn state(path: &Path, id: AssessmentId) -> State {
    let database = Database::open(path).expect("open");
    (
        database.load(id).expect("load"),
        database.history(id, None).expect("history"),
        database.merge_reports(id).expect("reports"),
    )
}

/// The council's self-assessment: scores, texts and scope questions.
fn self_content(assessment: &Assessment) -> Vec<String> {
    let mut content: Vec<String> = assessment
        .answers
        .iter()
        .map(|(item, a)| format!("{item}|{:?}|{}|{}", a.score, a.basis, a.notes))
        .collect();
    content.extend(assessment.scope.iter().map(|q| format!("{}|{}", q.id, q.question)));
    content
}

/// The role that owns what a stored change touched.
fn owner(row: &Change, before: &Assessment, after: &Assessment) -> Option<Role> {
    let kind_of = |id: uuid::Uuid| {
        [before, after].into_iter().find_map(|a| {
            a.peer
                .entries
                .iter()
                .find(|e| e.id == id)
                .map(|e| EntryKind::List(e.list))
                .or_else(|| a.scope.iter().find(|q| q.id == id).map(|_| EntryKind::Scope))
                .or_else(|| a.team.iter().find(|m| m.id == id).map(|_| EntryKind::Team))
        })
    };
    match &row.subject {
        Subject::Answer(_, field) => Some(field.owner()),
        Subject::Assessment(AssessmentField::SelfLocked) => Some(Role::Council),
        Subject::Assessment(AssessmentField::Visit) | Subject::Entry(_, EntryField::ScopeResponse) => Some(Role::Peer),
        Subject::Entry(id, EntryField::Entry(_) | EntryField::Position) => kind_of(*id).map(EntryKind::owner),
        _ => None,
    }
}

/// Imports the mutated file into a fresh copy of `database`; returns the
/// state before and after, and whether the import was taken.
fn import_into(database: &Path, text: &str) -> (State, State, bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("copy.sqlite");
    std::fs::copy(database, &copy).expect("copy");
    let file = dir.path().join("file.json");
    std::fs::write(&file, text).expect("write");
    let id = Database::open(&copy).expect("open").list().expect("list")[0].id;
    let before = state(&copy, id);
    let mut session = Session::open(&copy, None, person(Role::Council, "Cara Council")).expect("session");
    let taken = session
        .prepare_import(&file)
        .and_then(|prepared| {
            let resolutions = vec![Resolution::Theirs; prepared.conflicts().len()];
            session.apply_import(&prepared, &resolutions, "file.json")
        })
        .is_ok();
    drop(session);
    (before, state(&copy, id), taken)
}

/// The peer team's file with `mutations` made and its checksum recomputed,
/// or `None` if the result no longer has the document's shape at all.
fn forged(mutations: &[Mutation]) -> Option<String> {
    let mut document: Value = serde_json::from_str(&FIXTURE.peer_file).expect("json");
    for mutation in mutations {
        apply(&mut document, mutation);
    }
    exchange::reseal(&document.to_string()).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_forged_file_never_changes_a_locked_self_assessment_or_crosses_ownership(
        mutations in proptest::collection::vec(mutation(), 1..4)
    ) {
        let Some(text) = forged(&mutations) else {
            return Ok(());
        };
        let (before, after, taken) = import_into(&FIXTURE.locked, &text);
        if !taken {
            prop_assert_eq!(&before, &after, "a refused import changed something");
        }
        prop_assert_eq!(self_content(&before.0), self_content(&after.0), "the locked self-assessment changed");
        for row in after.1.iter().filter(|row| !before.1.contains(row)) {
            if let Some(owner) = owner(row, &before.0, &after.0) {
                prop_assert_eq!(owner, row.author.role, "stored across ownership: {:?}", row);
            }
        }
    }

    #[test]
    fn a_forged_file_never_changes_a_final_copy(
        mutations in proptest::collection::vec(mutation(), 0..4)
    ) {
        let Some(text) = forged(&mutations) else {
            return Ok(());
        };
        let (before, after, _) = import_into(&FIXTURE.frozen, &text);
        prop_assert_eq!(before, after);
    }
}
