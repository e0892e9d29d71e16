//! Hostile and malformed imports: at least 10,000 generated cases each for
//! the exchange-file and Excel importers. No case may panic; every refusal is
//! an error value. The size limits refuse huge files before reading them.
//!
//! Run longer with `CRITICAL_FRIEND_FUZZ_CASES=200000 cargo test --release --test fuzz`.

use std::{
    io::{Cursor, Read, Write},
    sync::LazyLock,
};

use critical_friend::{
    domain::{
        AnswerValue, Author, Catalogue, Change, Edit, ItemId, Role, ScopeQuestion, Subject, TeamMember,
        change::AnswerField, example::example_assessment,
    },
    exchange::{self, workbook},
    packs::{Pack, PackKind, xlsx},
};
use proptest::prelude::*;
use time::OffsetDateTime;
use uuid::Uuid;

fn jo() -> Author {
    Author {
        name: "Jo Bloggs".into(),
        ..Author::default()
    }
}

pub(crate) fn cases() -> u32 {
    std::env::var("CRITICAL_FRIEND_FUZZ_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(10_000)
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::builtin);

/// A version 3 file with history, scope questions and a team.
static V3: LazyLock<String> = LazyLock::new(|| {
    let now = OffsetDateTime::UNIX_EPOCH;
    let mut assessment = example_assessment(CATALOGUE.default_framework(), now);
    assessment.scope.push(ScopeQuestion {
        id: Uuid::new_v4(),
        question: "Is reablement value for money?".into(),
        response: "Broadly.".into(),
    });
    assessment.team.push(TeamMember {
        id: Uuid::new_v4(),
        name: "Ann Lead".into(),
        role: "Lead peer".into(),
        organisation: "LGA".into(),
    });
    let edit = Edit::new(
        ItemId::new("2.3"),
        AnswerValue::PeerScore(critical_friend::domain::Score::new(2).ok()),
    );
    assessment.apply(&edit, now);
    // An action plan, so mutations reach its records too.
    let action = Uuid::new_v4();
    for op in [
        critical_friend::domain::ActionOp::Add {
            id: action,
            text: "Review charging".into(),
            source: critical_friend::domain::ActionSource::Item(ItemId::new("6.4")),
            owner: "Head of Finance".into(),
            due: time::Date::from_calendar_date(2027, time::Month::March, 31).ok(),
        },
        critical_friend::domain::ActionOp::Progress {
            id: action,
            on: time::Date::from_calendar_date(2026, time::Month::October, 5).expect("a date"),
            text: "Scoped".into(),
        },
    ] {
        assessment
            .make(critical_friend::domain::Write::Action(&op), &jo(), now)
            .expect("made");
    }
    // The evidence: a document with a file, and a request it answers.
    let document = Uuid::new_v4();
    assessment.documents.push(critical_friend::domain::evidence::Document {
        id: document,
        title: "Budget 2016/17".into(),
        particulars: critical_friend::domain::evidence::Particulars {
            reference: "FIN-12".into(),
            date: "2016-04-01".into(),
            owner: "Finance".into(),
            description: "Revenue budget".into(),
        },
        items: vec![ItemId::new("6.1"), ItemId::new("6.2")],
        file: Some(critical_friend::domain::evidence::Attached {
            sha256: "ab".repeat(32),
            size: 1024,
            name: "Budget 2016.pdf".into(),
        }),
        considered: true,
    });
    assessment.requests.push(critical_friend::domain::evidence::Request {
        id: Uuid::new_v4(),
        text: "Placements by month".into(),
        items: vec![ItemId::new("3.2")],
        asked_by: "Ann Lead".into(),
        asked_on: time::Date::from_calendar_date(2026, time::Month::October, 1).expect("a date"),
        answer: Some(critical_friend::domain::evidence::Answer::Provided {
            document,
            on: "2026-10-08".into(),
        }),
    });
    let change = Change::new(
        Subject::Answer(ItemId::new("2.3"), AnswerField::PeerScore),
        (None, Some("2".into())),
        &Author {
            role: Role::Peer,
            name: "Ann Lead".into(),
            organisation: "LGA".into(),
            key: None,
        },
        now,
    );
    exchange::to_json(&assessment, &[change], None, now)
});

/// The same as version 2: no checksum, so mutations reach every check.
static V2: LazyLock<String> = LazyLock::new(|| {
    let current = format!("\"format_version\": {}", exchange::FORMAT_VERSION);
    assert!(V3.contains(&current), "the seed is a current-version file");
    V3.replacen(&current, "\"format_version\": 2", 1)
        .lines()
        .filter(|line| !line.trim_start().starts_with("\"digest\""))
        .collect::<Vec<_>>()
        .join("\n")
});

/// The example as an Excel workbook, and its parts unzipped.
static WORKBOOK: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let assessment = example_assessment(CATALOGUE.default_framework(), OffsetDateTime::UNIX_EPOCH);
    let options = crate::common::pack_options(PackKind::Full);
    let pack = Pack::build(CATALOGUE.default_framework(), Some(&assessment), options).expect("pack");
    xlsx::render(&pack).expect("workbook")
});

/// The example's action plan, started from its findings, as a workbook.
static PLAN_WORKBOOK: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let framework = CATALOGUE.default_framework();
    let mut assessment =
        critical_friend::domain::example::example_after_challenge(framework, OffsetDateTime::UNIX_EPOCH);
    for op in assessment.actions_from_findings() {
        assessment
            .make(
                critical_friend::domain::Write::Action(&op),
                &jo(),
                OffsetDateTime::UNIX_EPOCH,
            )
            .expect("made");
    }
    let options = crate::common::pack_options(PackKind::ActionPlan);
    let pack = Pack::build(framework, Some(&assessment), options).expect("pack");
    xlsx::render(&pack).expect("workbook")
});

static PARTS: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| parts_of(&WORKBOOK));
static PLAN_PARTS: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| parts_of(&PLAN_WORKBOOK));

fn parts_of(workbook: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(workbook)).expect("zip");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("entry");
            let name = file.name().expect("name").to_string();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read");
            (name, bytes)
        })
        .collect()
}

/// One change to a byte string.
#[derive(Clone, Debug)]
pub(crate) enum Mutation {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        any::<u8>(),
        Just(b'"'),
        Just(b'{'),
        Just(b'}'),
        Just(b'['),
        Just(b'<'),
        Just(b'>'),
        Just(b'9'),
        Just(b'-'),
        Just(0),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(at, byte)| Mutation::Replace(at, byte)),
        (any::<usize>(), interesting).prop_map(|(at, byte)| Mutation::Insert(at, byte)),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<usize>(), 1usize..256).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

pub(crate) fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        if bytes.is_empty() {
            break;
        }
        let at = |i: usize| i % bytes.len();
        match *mutation {
            Mutation::Replace(i, byte) => {
                let i = at(i);
                bytes[i] = byte;
            }
            Mutation::Insert(i, byte) => {
                let i = at(i);
                bytes.insert(i, byte);
            }
            Mutation::Delete(i, len) => {
                let i = at(i);
                let end = (i + len).min(bytes.len());
                bytes.drain(i..end);
            }
            Mutation::Duplicate(i, len) => {
                let i = at(i);
                let end = (i + len).min(bytes.len());
                let copy = bytes[i..end].to_vec();
                bytes.splice(i..i, copy);
            }
            Mutation::Truncate(i) => {
                let i = at(i);
                bytes.truncate(i);
            }
        }
    }
    bytes
}

pub(crate) fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        writer.start_file(name.as_str(), options).expect("start");
        writer.write_all(bytes).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn mutated_exchange_files_are_refused_or_read_never_panic(
        mutations in prop::collection::vec(mutation(), 1..6),
        older in any::<bool>(),
    ) {
        let base = if older { &*V2 } else { &*V3 };
        let bytes = mutate(base.as_bytes().to_vec(), &mutations);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(file) = exchange::from_json(&text, &CATALOGUE) {
            // Whatever was accepted is a whole, valid assessment…
            prop_assert!(!file.assessment.details.organisation.trim().is_empty());
            prop_assert!(file.assessment.answers.keys().all(|item| CATALOGUE.default_framework().item(item).is_some()));
            // …and a checksummed file only passes if its content is unchanged.
            if !older {
                let original = exchange::from_json(&V3, &CATALOGUE).expect("the original reads");
                prop_assert_eq!(file.assessment, original.assessment);
            }
        }
    }

    #[test]
    fn mutated_workbooks_are_refused_or_read_never_panic(
        mutations in prop::collection::vec(mutation(), 1..6),
        inside in any::<bool>(),
        plan in any::<bool>(),
        part in any::<prop::sample::Index>(),
    ) {
        // The assessment's workbook or the action plan's.
        let (workbook, parts) = if plan { (&PLAN_WORKBOOK, &PLAN_PARTS) } else { (&WORKBOOK, &PARTS) };
        let bytes = if inside {
            // Mutate one unzipped part (a sheet's XML, shared strings…) and zip it again.
            let mut parts = (*parts).clone();
            let index = part.index(parts.len());
            parts[index].1 = mutate(std::mem::take(&mut parts[index].1), &mutations);
            rezip(&parts)
        } else {
            mutate((*workbook).clone(), &mutations)
        };
        let _ = workbook::read(&bytes, &CATALOGUE);
    }
}

#[test]
fn every_mutated_v3_file_with_a_changed_body_fails_its_checksum() {
    // A v3 file whose content changed (but still parses) is refused as tampered.
    let edited = V3.replacen("Ann Lead", "Mallory", 1);
    let error = exchange::from_json(&edited, &CATALOGUE).expect_err("tampered");
    assert!(matches!(error, exchange::ExchangeError::Tampered), "{error}");
}

#[test]
fn a_500_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["huge.json", "huge.xlsx"] {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).expect("create");
        file.set_len(500 * 1024 * 1024).expect("sparse 500 MB");
        let started = std::time::Instant::now();
        let message = if name.ends_with("json") {
            exchange::read_file(&path, &CATALOGUE)
                .expect_err("too large")
                .to_string()
        } else {
            workbook::read_file(&path, &CATALOGUE)
                .expect_err("too large")
                .to_string()
        };
        assert!(message.contains("larger than"), "{message}");
        assert!(started.elapsed().as_secs() < 2, "refused without reading it");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "{{\"format\":\"critical-friend-assessment\",\"format_version\":2,\"x\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(exchange::from_json(&deep, &CATALOGUE).is_err());
}

#[test]
fn a_workbook_that_unpacks_to_gigabytes_is_refused_before_unpacking() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    writer.start_file("xl/worksheets/sheet1.xml", options).expect("start");
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..300 {
        writer.write_all(&zeros).expect("write");
    }
    let bomb = writer.finish().expect("finish").into_inner();
    assert!(bomb.len() < 2 * 1024 * 1024, "small on disk: {} bytes", bomb.len());
    let error = workbook::read(&bomb, &CATALOGUE).expect_err("refused");
    assert!(error.to_string().contains("unpacks to"), "{error}");
}
