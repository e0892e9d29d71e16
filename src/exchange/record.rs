//! The exchange document's shape: the records serde reads and writes,
//! field for field as `docs/exchange-format.md` describes them, and the
//! checksum over them. Nothing here checks a value; `read.rs` does.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::{
    Assessment, AssessmentId, Change, Framework, FrameworkRef, ItemId, Role, Score, Status, challenge,
    roster::RosterEntry, signing::PublicKey,
};

#[derive(Deserialize)]
pub(super) struct Header {
    pub(super) format: Option<String>,
    pub(super) format_version: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Document {
    pub(super) format: String,
    pub(super) format_version: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub(super) exported_at: OffsetDateTime,
    pub(super) generator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) digest: Option<String>,
    pub(super) assessment: AssessmentRecord,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssessmentRecord {
    pub(super) id: AssessmentId,
    pub(super) framework: FrameworkRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) framework_definition: Option<Framework>,
    pub(super) organisation: String,
    pub(super) title: String,
    pub(super) period: String,
    pub(super) lead: String,
    pub(super) status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub(super) created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub(super) updated_at: OffsetDateTime,
    pub(super) answers: Vec<AnswerRecord>,
    #[serde(default)]
    pub(super) self_locked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) supersedes: Option<AssessmentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) superseded_by: Option<AssessmentId>,
    #[serde(default)]
    pub(super) peer_lists: Vec<ListRecord>,
    #[serde(default)]
    pub(super) scope: Vec<ScopeRecord>,
    #[serde(default)]
    pub(super) team: Vec<TeamRecord>,
    #[serde(default)]
    pub(super) visit: VisitRecord,
    #[serde(default, skip_serializing_if = "ReportRecord::is_empty")]
    pub(super) report: ReportRecord,
    /// The action plan (v5); absent when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) actions: Vec<ActionRecord>,
    /// For a progress review, the assessment it reviews (v5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) baseline: Option<AssessmentId>,
    /// The register of documents (v6); absent when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) documents: Vec<super::evidence::DocumentRecord>,
    /// The peer team's requests (v6); absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) requests: Vec<super::evidence::RequestRecord>,
    /// Whose keys may sign changes, and as whom (v8); absent before the
    /// council's first signed change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) roster: Vec<RosterRecord>,
    /// The comparator group as version 9 wrote it, by ONS code: read, and
    /// kept as read so a version 9 file's checksum still holds; never
    /// written (version 10 carries it in `settings`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) comparator_group: Vec<String>,
    /// The assessment's settings, each its key and its value as a change
    /// records it (v10); absent when none.
    #[serde(
        default,
        deserialize_with = "super::unique_keys::deserialize",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    pub(super) settings: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub(super) changes: Vec<ChangeRecord>,
}

/// One key on the roster (v8).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RosterRecord {
    pub(super) key: PublicKey,
    pub(super) name: String,
    pub(super) organisation: String,
    pub(super) role: Role,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) lead: bool,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub(super) retired: Option<OffsetDateTime>,
}

/// One action of the plan, with its progress notes (v5). Its lines of free
/// text (`owner`, and any later one) are fields of their own names; any
/// other field is refused when the file is read.
#[derive(Serialize, Deserialize)]
pub(super) struct ActionRecord {
    pub(super) id: uuid::Uuid,
    pub(super) text: String,
    #[serde(default)]
    pub(super) source: String,
    /// Where `owner` always was, so files keep their checksums.
    #[serde(flatten, deserialize_with = "super::unique_keys::deserialize")]
    pub(super) texts: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub(super) due: String,
    pub(super) status: String,
    #[serde(default)]
    pub(super) progress: Vec<ProgressRecord>,
    /// The measure's value in each quarter, by the quarter's stored name
    /// (`2017-Q2`); v9.
    #[serde(
        default,
        deserialize_with = "super::unique_keys::deserialize",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    pub(super) values: std::collections::BTreeMap<String, String>,
}

/// One dated note of progress on an action.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProgressRecord {
    pub(super) id: uuid::Uuid,
    pub(super) on: String,
    pub(super) text: String,
    pub(super) by: String,
}

/// The report's own fields (v4). Absent when the team has written none, so
/// a file without a report is written exactly as before.
#[derive(Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(super) struct ReportRecord {
    #[serde(default)]
    pub(super) summary: String,
    #[serde(default)]
    pub(super) contact: String,
    #[serde(default)]
    pub(super) facts: FactsRecord,
    #[serde(default)]
    pub(super) section_order: Vec<String>,
    /// Issued by the peer team as Final (v9); absent while Draft.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) issued: bool,
    /// Its own names for themes and the themes it leaves out (v9).
    #[serde(
        default,
        skip_serializing_if = "crate::domain::section_names::SectionNames::is_empty"
    )]
    pub(super) names: crate::domain::section_names::SectionNames,
    /// Its own wording of the background's opening paragraphs (v9).
    #[serde(
        default,
        skip_serializing_if = "crate::domain::background_wording::Wording::is_empty"
    )]
    pub(super) wording: crate::domain::background_wording::Wording,
}

impl ReportRecord {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(super) struct FactsRecord {
    #[serde(default)]
    pub(super) documents: Option<u32>,
    #[serde(default)]
    pub(super) meetings: Option<u32>,
    #[serde(default)]
    pub(super) people: Option<u32>,
    #[serde(default)]
    pub(super) hours: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScopeRecord {
    pub(super) id: uuid::Uuid,
    pub(super) question: String,
    pub(super) response: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TeamRecord {
    pub(super) id: uuid::Uuid,
    pub(super) name: String,
    pub(super) role: String,
    pub(super) organisation: String,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct VisitRecord {
    pub(super) start: String,
    pub(super) end: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChangeRecord {
    pub(super) id: uuid::Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) item: Option<ItemId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) target: Option<uuid::Uuid>,
    pub(super) field: String,
    pub(super) old: Option<String>,
    pub(super) new: Option<String>,
    pub(super) role: String,
    pub(super) author: String,
    pub(super) organisation: String,
    #[serde(with = "time::serde::rfc3339")]
    pub(super) at: OffsetDateTime,
    /// The sending copy did not take it (v7): a merge kept another value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) declined: bool,
    /// The author's public key (v8); absent on a change made before signing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) key: Option<PublicKey>,
    /// The author's signature over the change and the assessment (v8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) signature: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ListRecord {
    pub(super) id: uuid::Uuid,
    pub(super) list: String,
    pub(super) text: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnswerRecord {
    pub(super) item: ItemId,
    pub(super) score: Option<Score>,
    pub(super) basis: String,
    pub(super) notes: String,
    #[serde(default)]
    pub(super) peer_score: Option<Score>,
    #[serde(default)]
    pub(super) challenge: String,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub(super) created_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub(super) updated_at: Option<OffsetDateTime>,
}

/// The SHA-256 of a record's compact JSON, as hex.
pub(super) fn digest(record: &AssessmentRecord) -> String {
    use sha2::Digest;
    let bytes = serde_json::to_vec(record).unwrap_or_default();
    format!("{:x}", sha2::Sha256::digest(&bytes))
}

pub(super) fn record_of(
    assessment: &Assessment,
    changes: &[Change],
    framework: Option<&Framework>,
) -> AssessmentRecord {
    AssessmentRecord {
        id: assessment.id,
        framework: assessment.framework.clone(),
        framework_definition: framework.cloned(),
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
        report: ReportRecord {
            summary: assessment.report.summary.clone(),
            contact: assessment.report.contact.clone(),
            facts: FactsRecord {
                documents: assessment.report.facts.documents,
                meetings: assessment.report.facts.meetings,
                people: assessment.report.facts.people,
                hours: assessment.report.facts.hours,
            },
            section_order: assessment.report.order.iter().map(|section| section.key()).collect(),
            issued: assessment.report.issued,
            names: assessment.report.names.clone(),
            wording: assessment.report.wording.clone(),
        },
        actions: action_records(assessment),
        baseline: assessment.baseline,
        documents: super::evidence::records_of(assessment).0,
        requests: super::evidence::records_of(assessment).1,
        roster: assessment.roster.iter().map(RosterRecord::of).collect(),
        comparator_group: Vec::new(),
        settings: assessment
            .settings
            .iter()
            .map(|(setting, value)| (setting.key().to_owned(), value.to_owned()))
            .collect(),
        changes: changes.iter().map(ChangeRecord::of).collect(),
    }
}

impl RosterRecord {
    fn of(entry: &RosterEntry) -> Self {
        Self {
            key: entry.key,
            name: entry.name.clone(),
            organisation: entry.organisation.clone(),
            role: entry.role,
            lead: entry.lead,
            retired: entry.retired,
        }
    }
}

impl ChangeRecord {
    fn of(change: &Change) -> Self {
        Self {
            id: change.id,
            item: change.subject.item().cloned(),
            target: change.subject.target(),
            field: change.subject.key(),
            old: change.from.clone(),
            new: change.to.clone(),
            role: change.author.role.as_str().to_owned(),
            author: change.author.name.clone(),
            organisation: change.author.organisation.clone(),
            at: change.at,
            declined: change.declined,
            key: change.author.key,
            signature: change.signature.map(|signature| signature.to_text()),
        }
    }
}

/// The roster as the file carries it.
pub(super) fn roster_of(records: Vec<RosterRecord>) -> Vec<RosterEntry> {
    records
        .into_iter()
        .map(|record| RosterEntry {
            key: record.key,
            name: record.name,
            organisation: record.organisation,
            role: record.role,
            lead: record.lead,
            retired: record.retired,
        })
        .collect()
}

/// The action plan as records.
fn action_records(assessment: &Assessment) -> Vec<ActionRecord> {
    assessment
        .actions
        .iter()
        .map(|action| ActionRecord {
            id: action.id,
            text: action.text.clone(),
            source: action.source.key(),
            texts: crate::domain::change::ActionPart::texts()
                .map(|part| {
                    (
                        part.name().to_owned(),
                        action.text_part(part).unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
            due: challenge::format_date(action.due),
            status: action.status.as_str().to_owned(),
            progress: action
                .progress
                .iter()
                .map(|note| ProgressRecord {
                    id: note.id,
                    on: challenge::format_date(Some(note.on)),
                    text: note.text.clone(),
                    by: note.by.clone(),
                })
                .collect(),
            values: action
                .values
                .iter()
                .map(|(quarter, value)| (quarter.key(), value.clone()))
                .collect(),
        })
        .collect()
}
