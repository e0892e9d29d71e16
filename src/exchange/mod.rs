//! The exchange file: one assessment as a versioned JSON document, so it can
//! travel between installations. The format is written down in
//! `docs/exchange-format.md`. Reading validates the whole document before
//! anything is returned, so a bad file can never be half-imported.

use std::{fs, io::Read, path::Path};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::{
    Answer, Assessment, AssessmentDetails, AssessmentId, AuditEntry, Author, Catalogue, Framework, FrameworkRef,
    ItemId, ListEntry, ListKind, PeerLists, Role, ScopeQuestion, Score, Status, TeamMember, Visit,
    assessment::DetailsError, challenge,
};

/// The `format` value every exchange file carries.
pub const FORMAT: &str = "critical-friend-assessment";
/// The newest format version this build reads and the one it writes.
/// Version 2 added the peer score and challenge, the self-assessment lock
/// and version links; version 3 the scope questions, peer team, visit dates,
/// every recorded change (so copies can be merged) and a checksum. Older
/// files still import.
pub const FORMAT_VERSION: u32 = 3;
/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub mod workbook;

/// Why an exchange file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file could not be read.
    #[error("could not read the file ({0})")]
    Io(#[from] std::io::Error),
    /// Too big to be an assessment.
    #[error("the file is {bytes} bytes, larger than the {MAX_FILE_BYTES}-byte limit for an assessment file")]
    TooLarge {
        /// Its size.
        bytes: u64,
    },
    /// Not JSON, or JSON of the wrong shape.
    #[error("the file is not a valid assessment file: {0}")]
    Malformed(#[from] serde_json::Error),
    /// JSON, but not ours.
    #[error("the file is not a Critical Friend assessment file (its format is “{0}”)")]
    WrongFormat(String),
    /// Written by a newer Critical Friend.
    #[error(
        "the file uses format version {found}, newer than this version of Critical Friend reads ({FORMAT_VERSION}); update Critical Friend to import it"
    )]
    NewerVersion {
        /// Version in the file.
        found: u32,
    },
    /// A framework this build does not have.
    #[error("the file answers framework {0}, which this version of Critical Friend does not have")]
    UnknownFramework(FrameworkRef),
    /// An item number the framework does not have.
    #[error("the file answers item “{0}”, which is not in its framework")]
    UnknownItem(ItemId),
    /// A list name that is not known, or a theme the framework lacks.
    #[error("the file has an unknown list of findings “{0}”")]
    UnknownList(String),
    /// An item answered twice.
    #[error("the file answers item {0} more than once")]
    DuplicateItem(ItemId),
    /// Organisation or title missing, or too long.
    #[error("the file’s assessment details are invalid: {0}")]
    Details(#[from] DetailsError),
    /// The checksum does not match the content.
    #[error(
        "the file was changed after it was exported (its checksum does not match its content); ask the sender for a fresh export"
    )]
    Tampered,
    /// A value inside the file that cannot be right.
    #[error("the file is not a valid assessment file: {0}")]
    Invalid(String),
}

/// An exchange file's content: the assessment and the changes recorded in it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeFile {
    /// The assessment as the sender had it.
    pub assessment: Assessment,
    /// Every change the sender's copy recorded (empty before version 3).
    pub changes: Vec<AuditEntry>,
    /// The format version the file was written in.
    pub format_version: u32,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    format_version: u32,
    #[serde(with = "time::serde::rfc3339")]
    exported_at: OffsetDateTime,
    generator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    assessment: AssessmentRecord,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentRecord {
    id: AssessmentId,
    framework: FrameworkRef,
    organisation: String,
    title: String,
    period: String,
    lead: String,
    status: Status,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
    answers: Vec<AnswerRecord>,
    #[serde(default)]
    self_locked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    supersedes: Option<AssessmentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    superseded_by: Option<AssessmentId>,
    #[serde(default)]
    peer_lists: Vec<ListRecord>,
    #[serde(default)]
    scope: Vec<ScopeRecord>,
    #[serde(default)]
    team: Vec<TeamRecord>,
    #[serde(default)]
    visit: VisitRecord,
    #[serde(default)]
    changes: Vec<ChangeRecord>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeRecord {
    id: uuid::Uuid,
    question: String,
    response: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamRecord {
    id: uuid::Uuid,
    name: String,
    role: String,
    organisation: String,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct VisitRecord {
    start: String,
    end: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeRecord {
    id: uuid::Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    item: Option<ItemId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<uuid::Uuid>,
    field: String,
    old: Option<String>,
    new: Option<String>,
    role: String,
    author: String,
    organisation: String,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListRecord {
    id: uuid::Uuid,
    list: String,
    text: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerRecord {
    item: ItemId,
    score: Option<Score>,
    basis: String,
    notes: String,
    #[serde(default)]
    peer_score: Option<Score>,
    #[serde(default)]
    challenge: String,
    #[serde(with = "time::serde::rfc3339::option", default)]
    created_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    updated_at: Option<OffsetDateTime>,
}

/// The SHA-256 of a record's compact JSON, as hex.
fn digest(record: &AssessmentRecord) -> String {
    use sha2::Digest;
    let bytes = serde_json::to_vec(record).unwrap_or_default();
    format!("{:x}", sha2::Sha256::digest(&bytes))
}

fn record_of(assessment: &Assessment, changes: &[AuditEntry]) -> AssessmentRecord {
    AssessmentRecord {
        id: assessment.id,
        framework: assessment.framework.clone(),
        organisation: assessment.details.organisation.clone(),
        title: assessment.details.title.clone(),
        period: assessment.details.period.clone(),
        lead: assessment.details.lead.clone(),
        status: assessment.status,
        created_at: assessment.created_at,
        updated_at: assessment.updated_at,
        answers: assessment
            .answers
            .iter()
            .map(|(item, answer)| AnswerRecord {
                item: item.clone(),
                score: answer.score,
                basis: answer.basis.clone(),
                notes: answer.notes.clone(),
                peer_score: answer.peer_score,
                challenge: answer.challenge.clone(),
                created_at: answer.created_at,
                updated_at: answer.updated_at,
            })
            .collect(),
        self_locked: assessment.self_locked,
        supersedes: assessment.supersedes,
        superseded_by: assessment.superseded_by,
        peer_lists: assessment
            .peer
            .entries
            .iter()
            .map(|entry| ListRecord {
                id: entry.id,
                list: entry.list.key(),
                text: entry.text.clone(),
            })
            .collect(),
        scope: assessment
            .scope
            .iter()
            .map(|q| ScopeRecord {
                id: q.id,
                question: q.question.clone(),
                response: q.response.clone(),
            })
            .collect(),
        team: assessment
            .team
            .iter()
            .map(|m| TeamRecord {
                id: m.id,
                name: m.name.clone(),
                role: m.role.clone(),
                organisation: m.organisation.clone(),
            })
            .collect(),
        visit: VisitRecord {
            start: challenge::format_date(assessment.visit.start),
            end: challenge::format_date(assessment.visit.end),
        },
        changes: changes
            .iter()
            .map(|change| ChangeRecord {
                id: change.id,
                item: change.item.clone(),
                target: change.target,
                field: change.field.key(),
                old: change.old_value.clone(),
                new: change.new_value.clone(),
                role: change.author.role.as_str().to_owned(),
                author: change.author.name.clone(),
                organisation: change.author.organisation.clone(),
                at: change.at,
            })
            .collect(),
    }
}

/// The exchange document for an assessment and its recorded changes, as
/// pretty-printed JSON with a checksum of its content.
pub fn to_json(assessment: &Assessment, changes: &[AuditEntry], exported_at: OffsetDateTime) -> String {
    let record = record_of(assessment, changes);
    let document = Document {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        exported_at,
        generator: format!("Critical Friend {}", env!("CARGO_PKG_VERSION")),
        digest: Some(digest(&record)),
        assessment: record,
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// Parses and validates an exchange document.
pub fn from_json(text: &str, catalogue: &Catalogue) -> Result<ExchangeFile, ExchangeError> {
    let header: Header = serde_json::from_str(text)?;
    let format = header.format.unwrap_or_default();
    if format != FORMAT {
        return Err(ExchangeError::WrongFormat(format));
    }
    let version = header.format_version.unwrap_or(0);
    if version > FORMAT_VERSION {
        return Err(ExchangeError::NewerVersion { found: version });
    }
    if version == 0 {
        return Err(ExchangeError::Invalid(
            "it has no format version (every Critical Friend file has version 1 or later)".to_owned(),
        ));
    }
    let document: Document = serde_json::from_str(text)?;
    if version >= 3 && document.digest.as_deref() != Some(digest(&document.assessment).as_str()) {
        return Err(ExchangeError::Tampered);
    }
    let record = document.assessment;
    let framework = catalogue
        .find(&record.framework)
        .ok_or_else(|| ExchangeError::UnknownFramework(record.framework.clone()))?;
    let details = AssessmentDetails {
        organisation: record.organisation,
        title: record.title,
        period: record.period,
        lead: record.lead,
    }
    .validated()?;
    let answers = answers_of(record.answers, framework)?;
    let (peer, scope, team) = entries_of(record.peer_lists, record.scope, record.team, framework)?;
    let date = |text: &str| challenge::parse_date(text).map_err(|error| ExchangeError::Invalid(error.to_string()));
    let visit = Visit {
        start: date(&record.visit.start)?,
        end: date(&record.visit.end)?,
    }
    .validated()
    .map_err(|reason| ExchangeError::Invalid(reason.to_owned()))?;
    let changes = changes_of(record.changes, framework)?;
    let assessment = Assessment {
        id: record.id,
        framework: record.framework,
        details,
        status: record.status,
        created_at: record.created_at,
        updated_at: record.updated_at,
        answers,
        self_locked: record.self_locked,
        supersedes: record.supersedes,
        superseded_by: record.superseded_by,
        peer,
        scope,
        team,
        visit,
    };
    Ok(ExchangeFile {
        assessment,
        changes,
        format_version: version,
    })
}

fn answers_of(
    records: Vec<AnswerRecord>,
    framework: &Framework,
) -> Result<std::collections::BTreeMap<ItemId, Answer>, ExchangeError> {
    let mut answers = std::collections::BTreeMap::new();
    for answer in records {
        if framework.item(&answer.item).is_none() {
            return Err(ExchangeError::UnknownItem(answer.item));
        }
        let value = Answer {
            score: answer.score,
            basis: answer.basis,
            notes: answer.notes,
            peer_score: answer.peer_score,
            challenge: answer.challenge,
            created_at: answer.created_at,
            updated_at: answer.updated_at,
        };
        if answers.insert(answer.item.clone(), value).is_some() {
            return Err(ExchangeError::DuplicateItem(answer.item));
        }
    }
    Ok(answers)
}

/// The findings, scope questions and team, each id used once.
fn entries_of(
    lists: Vec<ListRecord>,
    scope: Vec<ScopeRecord>,
    team: Vec<TeamRecord>,
    framework: &Framework,
) -> Result<(PeerLists, Vec<ScopeQuestion>, Vec<TeamMember>), ExchangeError> {
    let mut ids = std::collections::HashSet::new();
    let mut unique = |id: uuid::Uuid| {
        if ids.insert(id) {
            Ok(())
        } else {
            Err(ExchangeError::Invalid(format!("the id {id} is used twice")))
        }
    };
    let mut peer = PeerLists::default();
    for entry in lists {
        let list: ListKind = entry
            .list
            .parse()
            .map_err(|_| ExchangeError::UnknownList(entry.list.clone()))?;
        if let ListKind::Strengths(theme) | ListKind::Areas(theme) = list
            && !framework.themes.iter().any(|t| t.number == theme)
        {
            return Err(ExchangeError::UnknownList(entry.list));
        }
        unique(entry.id)?;
        peer.entries.push(ListEntry {
            id: entry.id,
            list,
            text: entry.text,
        });
    }
    let mut questions = Vec::new();
    for question in scope {
        unique(question.id)?;
        questions.push(ScopeQuestion {
            id: question.id,
            question: question.question,
            response: question.response,
        });
    }
    let mut members = Vec::new();
    for member in team {
        unique(member.id)?;
        members.push(TeamMember {
            id: member.id,
            name: member.name,
            role: member.role,
            organisation: member.organisation,
        });
    }
    Ok((peer, questions, members))
}

fn changes_of(records: Vec<ChangeRecord>, framework: &Framework) -> Result<Vec<AuditEntry>, ExchangeError> {
    let mut changes = Vec::with_capacity(records.len());
    let mut change_ids = std::collections::HashSet::new();
    for change in records {
        if let Some(item) = &change.item
            && framework.item(item).is_none()
        {
            return Err(ExchangeError::UnknownItem(item.clone()));
        }
        if !change_ids.insert(change.id) {
            return Err(ExchangeError::Invalid(format!(
                "the change {} is recorded twice",
                change.id
            )));
        }
        let role: Role = change
            .role
            .parse()
            .map_err(|_| ExchangeError::Invalid(format!("a change names the role “{}”", change.role)))?;
        let field = change
            .field
            .parse()
            .map_err(|_| ExchangeError::Invalid(format!("a change names the unknown field “{}”", change.field)))?;
        let entry = AuditEntry {
            id: change.id,
            item: change.item,
            target: change.target,
            field,
            old_value: change.old,
            new_value: change.new,
            author: Author {
                role,
                name: change.author,
                organisation: change.organisation,
            },
            at: change.at,
        };
        entry
            .check_shape()
            .map_err(|error| ExchangeError::Invalid(error.to_string()))?;
        changes.push(entry);
    }
    Ok(changes)
}

/// Recomputes the checksum of an exchange document that was edited on
/// purpose, changing nothing else. The checksum guards against accidental
/// change only — anyone can recompute it — so every rule a file must obey is
/// checked on import regardless; this is how the tests play that attacker.
pub fn reseal(text: &str) -> Result<String, ExchangeError> {
    let mut document: Document = serde_json::from_str(text)?;
    document.digest = Some(digest(&document.assessment));
    Ok(serde_json::to_string_pretty(&document)?)
}

/// Reads and validates an exchange file, refusing oversized files before
/// reading them whole.
pub fn read_file(path: &Path, catalogue: &Catalogue) -> Result<ExchangeFile, ExchangeError> {
    let file = fs::File::open(path)?;
    let bytes = file.metadata()?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(ExchangeError::TooLarge { bytes });
    }
    let mut text = String::new();
    file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
    from_json(&text, catalogue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::example::example_assessment;

    fn example() -> (Catalogue, Assessment) {
        let catalogue = Catalogue::builtin();
        let assessment = example_assessment(catalogue.default_framework(), OffsetDateTime::UNIX_EPOCH);
        (catalogue, assessment)
    }

    #[test]
    fn export_then_import_gives_the_same_assessment() {
        let (catalogue, assessment) = example();
        let text = to_json(&assessment, &[], OffsetDateTime::UNIX_EPOCH);
        let back = from_json(&text, &catalogue).expect("round trip");
        assert_eq!(back.assessment, assessment);
    }

    /// A document edited after export, with its checksum made to match again.
    fn resigned(text: &str) -> String {
        reseal(text).expect("document")
    }

    #[test]
    fn a_file_edited_after_export_is_refused() {
        let (catalogue, assessment) = example();
        let text = to_json(&assessment, &[], OffsetDateTime::UNIX_EPOCH);
        let edited = text.replacen("\"score\": 2", "\"score\": 3", 1);
        assert_ne!(edited, text);
        assert!(matches!(from_json(&edited, &catalogue), Err(ExchangeError::Tampered)));
        assert!(from_json(&resigned(&edited), &catalogue).is_ok());
    }

    #[test]
    fn out_of_range_scores_unknown_items_and_other_formats_are_refused() {
        let (catalogue, assessment) = example();
        let text = to_json(&assessment, &[], OffsetDateTime::UNIX_EPOCH);
        let bad_score = text.replacen("\"score\": 2", "\"score\": 7", 1);
        let error = from_json(&bad_score, &catalogue).expect_err("score 7");
        assert!(error.to_string().contains("0 to 3"), "{error}");
        let bad_item = resigned(&text.replacen("\"item\": \"1.1\"", "\"item\": \"9.9\"", 1));
        assert!(matches!(
            from_json(&bad_item, &catalogue),
            Err(ExchangeError::UnknownItem(_))
        ));
        let newer = text.replacen("\"format_version\": 3", "\"format_version\": 99", 1);
        assert!(matches!(
            from_json(&newer, &catalogue),
            Err(ExchangeError::NewerVersion { found: 99 })
        ));
        assert!(matches!(
            from_json("{\"format\":\"x\"}", &catalogue),
            Err(ExchangeError::WrongFormat(_))
        ));
        assert!(matches!(
            from_json("{not json", &catalogue),
            Err(ExchangeError::Malformed(_))
        ));
        let truncated = &text[..text.len() / 2];
        assert!(from_json(truncated, &catalogue).is_err());
        let other_framework = resigned(&text.replacen("\"version\": \"2016\"", "\"version\": \"1999\"", 1));
        assert!(matches!(
            from_json(&other_framework, &catalogue),
            Err(ExchangeError::UnknownFramework(_))
        ));
    }
}
