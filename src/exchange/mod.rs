//! The exchange file: one assessment as a versioned JSON document, so it can
//! travel between installations. The format is written down in
//! `docs/exchange-format.md`. Reading validates the whole document before
//! anything is returned, so a bad file can never be half-imported.

use std::{fs, io::Read, path::Path};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::{
    Answer, Assessment, AssessmentDetails, AssessmentId, Catalogue, FrameworkRef, ItemId, ListEntry, ListKind,
    PeerLists, Score, Status, assessment::DetailsError,
};

/// The `format` value every exchange file carries.
pub const FORMAT: &str = "critical-friend-assessment";
/// The newest format version this build reads and the one it writes.
/// Version 2 added the peer score and challenge, the self-assessment lock
/// and version links; version 1 files still import.
pub const FORMAT_VERSION: u32 = 2;
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

/// The exchange document for an assessment, as pretty-printed JSON.
pub fn to_json(assessment: &Assessment, exported_at: OffsetDateTime) -> String {
    let document = Document {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        exported_at,
        generator: format!("Critical Friend {}", env!("CARGO_PKG_VERSION")),
        assessment: AssessmentRecord {
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
        },
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// Parses and validates an exchange document.
pub fn from_json(text: &str, catalogue: &Catalogue) -> Result<Assessment, ExchangeError> {
    let header: Header = serde_json::from_str(text)?;
    let format = header.format.unwrap_or_default();
    if format != FORMAT {
        return Err(ExchangeError::WrongFormat(format));
    }
    let version = header.format_version.unwrap_or(0);
    if version > FORMAT_VERSION {
        return Err(ExchangeError::NewerVersion { found: version });
    }
    let document: Document = serde_json::from_str(text)?;
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
    let mut answers = std::collections::BTreeMap::new();
    for answer in record.answers {
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
    let mut peer = PeerLists::default();
    for entry in record.peer_lists {
        let list: ListKind = entry
            .list
            .parse()
            .map_err(|_| ExchangeError::UnknownList(entry.list.clone()))?;
        if let ListKind::Strengths(theme) | ListKind::Areas(theme) = list
            && !framework.themes.iter().any(|t| t.number == theme)
        {
            return Err(ExchangeError::UnknownList(entry.list));
        }
        peer.entries.push(ListEntry {
            id: entry.id,
            list,
            text: entry.text,
        });
    }
    Ok(Assessment {
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
    })
}

/// Reads and validates an exchange file, refusing oversized files before
/// reading them whole.
pub fn read_file(path: &Path, catalogue: &Catalogue) -> Result<Assessment, ExchangeError> {
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
        let text = to_json(&assessment, OffsetDateTime::UNIX_EPOCH);
        let back = from_json(&text, &catalogue).expect("round trip");
        assert_eq!(back, assessment);
    }

    #[test]
    fn out_of_range_scores_unknown_items_and_other_formats_are_refused() {
        let (catalogue, assessment) = example();
        let text = to_json(&assessment, OffsetDateTime::UNIX_EPOCH);
        let bad_score = text.replacen("\"score\": 2", "\"score\": 7", 1);
        let error = from_json(&bad_score, &catalogue).expect_err("score 7");
        assert!(error.to_string().contains("0 to 3"), "{error}");
        let bad_item = text.replacen("\"item\": \"1.1\"", "\"item\": \"9.9\"", 1);
        assert!(matches!(
            from_json(&bad_item, &catalogue),
            Err(ExchangeError::UnknownItem(_))
        ));
        let newer = text.replacen("\"format_version\": 2", "\"format_version\": 99", 1);
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
        let other_framework = text.replacen("\"version\": \"2016\"", "\"version\": \"1999\"", 1);
        assert!(matches!(
            from_json(&other_framework, &catalogue),
            Err(ExchangeError::UnknownFramework(_))
        ));
    }
}
