//! A field's value as a change records it: the one text form every change's
//! *from* and *to* hold, read from an assessment here and written back by
//! [`super::apply`]. `None` is "nothing": not scored, no entry, no date, no
//! source. Values that are more than one text (the details, a team
//! member, the days on site) are compact JSON; values recorded by earlier
//! versions in words are still read, as [`legacy`] says.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::subject::{
    ActionPart, AnswerField, AssessmentField, DocumentPart, EntryField, EntryKind, RequestPart, Subject,
};
use crate::domain::{
    assessment::{Assessment, AssessmentDetails},
    challenge::{TeamMember, Visit, format_date, parse_date},
    evidence::items_key,
    peer_report::order_key,
    quarter::progress_value,
};

/// A team member as a change records it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberValue {
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation: String,
}

/// A request as a change records it: what is wanted, and the day it was
/// asked (who asked is the change's author).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestValue {
    text: String,
    on: String,
}

/// A request's recorded value.
pub fn request_value(text: &str, on: time::Date) -> String {
    serde_json::to_string(&RequestValue {
        text: text.to_owned(),
        on: format_date(Some(on)),
    })
    .unwrap_or_default()
}

/// Reads [`request_value`] back: the text and the day.
pub fn parse_request(value: &str) -> Option<(String, time::Date)> {
    let value: RequestValue = serde_json::from_str(value).ok()?;
    Some((value.text, parse_date(&value.on).ok().flatten()?))
}

/// The days on site as a change records them.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct VisitValue {
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
}

/// A team member's recorded value.
pub fn member_value(member: &TeamMember) -> String {
    serde_json::to_string(&MemberValue {
        name: member.name.clone(),
        role: member.role.clone(),
        organisation: member.organisation.clone(),
    })
    .unwrap_or_default()
}

/// Reads [`member_value`] back into a member with id `id`.
pub fn parse_member(id: Uuid, text: &str) -> Option<TeamMember> {
    let value: MemberValue = serde_json::from_str(text).ok()?;
    Some(TeamMember {
        id,
        name: value.name,
        role: value.role,
        organisation: value.organisation,
    })
}

/// The days on site's recorded value (`None` when no day is set).
pub fn visit_value(visit: &Visit) -> Option<String> {
    (!visit.is_empty()).then(|| {
        serde_json::to_string(&VisitValue {
            start: format_date(visit.start),
            end: format_date(visit.end),
        })
        .unwrap_or_default()
    })
}

/// Reads [`visit_value`] back (`None` is no days).
pub fn parse_visit(text: Option<&str>) -> Option<Visit> {
    let Some(text) = text else {
        return Some(Visit::default());
    };
    let value: VisitValue = serde_json::from_str(text).ok()?;
    Some(Visit {
        start: parse_date(&value.start).ok()?,
        end: parse_date(&value.end).ok()?,
    })
}

/// The details' recorded value.
pub fn details_value(details: &AssessmentDetails) -> String {
    serde_json::to_string(details).unwrap_or_default()
}

/// Reads [`details_value`] back.
pub fn parse_details(text: &str) -> Option<AssessmentDetails> {
    serde_json::from_str(text).ok()
}

fn flag(value: bool) -> String {
    value.to_string()
}

/// The value of `subject` in `assessment` now, as a change records it.
pub fn current(assessment: &Assessment, subject: &Subject) -> Option<String> {
    match subject {
        Subject::Answer(item, field) => {
            let answer = assessment.answer(item);
            match field {
                AnswerField::Score => answer.score.map(|s| s.to_string()),
                AnswerField::PeerScore => answer.peer_score.map(|s| s.to_string()),
                AnswerField::Basis => Some(answer.basis.clone()),
                AnswerField::Notes => Some(answer.notes.clone()),
                AnswerField::Challenge => Some(answer.challenge.clone()),
            }
        }
        Subject::Assessment(field) => assessment_value(assessment, *field),
        Subject::Entry(id, field) => entry_value(assessment, *id, *field),
        Subject::Roster(id) => assessment
            .roster
            .iter()
            .find(|entry| entry.id(assessment.id) == *id)
            .map(crate::domain::roster::RosterEntry::value),
    }
}

fn assessment_value(assessment: &Assessment, field: AssessmentField) -> Option<String> {
    let id = |id: Option<crate::domain::AssessmentId>| id.map(|id| id.to_string());
    match field {
        AssessmentField::Status => Some(assessment.status.as_str().to_owned()),
        AssessmentField::SelfLocked => Some(flag(assessment.self_locked)),
        AssessmentField::Details => Some(details_value(&assessment.details)),
        AssessmentField::Supersedes => id(assessment.supersedes),
        AssessmentField::SupersededBy => id(assessment.superseded_by),
        AssessmentField::Baseline => id(assessment.baseline),
        AssessmentField::Visit => visit_value(&assessment.visit),
        AssessmentField::Summary => Some(assessment.report.summary.clone()),
        AssessmentField::Contact => Some(assessment.report.contact.clone()),
        AssessmentField::Facts => Some(assessment.report.facts.key()),
        AssessmentField::SectionOrder => Some(order_key(&assessment.report.order)),
        AssessmentField::SectionNames => Some(assessment.report.names.key()),
        AssessmentField::Wording => Some(assessment.report.wording.key()),
        AssessmentField::Setting(setting) => Some(assessment.settings.get(setting).to_owned()),
        AssessmentField::ReportIssued => assessment
            .report
            .issued
            .then(|| crate::domain::peer_report::ISSUED.to_owned()),
    }
}

fn entry_value(assessment: &Assessment, id: Uuid, field: EntryField) -> Option<String> {
    match field {
        EntryField::Entry(kind) => entry_text(assessment, id, kind),
        EntryField::Position => position(assessment, id).map(|(_, place)| place.to_string()),
        EntryField::ScopeResponse => assessment.scope.iter().find(|q| q.id == id).map(|q| q.response.clone()),
        EntryField::Action(part) => {
            let action = assessment.actions.iter().find(|a| a.id == id)?;
            match part {
                ActionPart::Source => Some(action.source.key()).filter(|key| !key.is_empty()),
                ActionPart::Due => action.due.map(|due| format_date(Some(due))),
                ActionPart::Status => Some(action.status.as_str().to_owned()),
                text @ ActionPart::Text(_) => action.text_part(text).map(str::to_owned),
                ActionPart::Value(quarter) => action.values.get(&quarter).cloned(),
            }
        }
        EntryField::Document(part) => {
            let document = assessment.documents.iter().find(|d| d.id == id)?;
            match part {
                DocumentPart::Particulars => Some(document.particulars.key())
                    .filter(|_| document.particulars != crate::domain::evidence::Particulars::default()),
                DocumentPart::Items => Some(items_key(&document.items)).filter(|items| !items.is_empty()),
                DocumentPart::File => document.file.as_ref().map(crate::domain::evidence::Attached::key),
                DocumentPart::Considered => Some(flag(document.considered)),
            }
        }
        EntryField::Request(part) => {
            let request = assessment.requests.iter().find(|r| r.id == id)?;
            match part {
                RequestPart::Items => Some(items_key(&request.items)).filter(|items| !items.is_empty()),
                RequestPart::Answer => request.answer.as_ref().map(crate::domain::evidence::Answer::key),
            }
        }
    }
}

/// The entry itself as a change records it: its text, title, member or note.
fn entry_text(assessment: &Assessment, id: Uuid, kind: EntryKind) -> Option<String> {
    match kind {
        EntryKind::List(list) => assessment
            .peer
            .entries
            .iter()
            .find(|e| e.id == id && e.list == list)
            .map(|e| e.text.clone()),
        EntryKind::Scope => assessment.scope.iter().find(|q| q.id == id).map(|q| q.question.clone()),
        EntryKind::Team => assessment.team.iter().find(|m| m.id == id).map(member_value),
        EntryKind::Action => assessment.actions.iter().find(|a| a.id == id).map(|a| a.text.clone()),
        EntryKind::Progress => assessment.actions.iter().find_map(|action| {
            action
                .progress
                .iter()
                .find(|note| note.id == id)
                .map(|note| progress_value(action.id, note.on, &note.text))
        }),
        EntryKind::Document => assessment
            .documents
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.title.clone()),
        EntryKind::Request => assessment
            .requests
            .iter()
            .find(|r| r.id == id)
            .map(|r| request_value(&r.text, r.asked_on)),
    }
}

/// What entry `id` is in `assessment`, if it holds it.
pub fn kind_of(assessment: &Assessment, id: Uuid) -> Option<EntryKind> {
    if let Some(entry) = assessment.peer.entries.iter().find(|e| e.id == id) {
        return Some(EntryKind::List(entry.list));
    }
    let held = |found: bool, kind| found.then_some(kind);
    held(assessment.scope.iter().any(|q| q.id == id), EntryKind::Scope)
        .or_else(|| held(assessment.team.iter().any(|m| m.id == id), EntryKind::Team))
        .or_else(|| held(assessment.actions.iter().any(|a| a.id == id), EntryKind::Action))
        .or_else(|| {
            held(
                assessment.actions.iter().any(|a| a.progress.iter().any(|n| n.id == id)),
                EntryKind::Progress,
            )
        })
        .or_else(|| held(assessment.documents.iter().any(|d| d.id == id), EntryKind::Document))
        .or_else(|| held(assessment.requests.iter().any(|r| r.id == id), EntryKind::Request))
}

/// Every id of an entry of this kind in `assessment`, in order (a list's
/// own entries; an action's notes in plan order).
pub fn order_of(assessment: &Assessment, kind: EntryKind) -> Vec<Uuid> {
    match kind {
        EntryKind::Scope => assessment.scope.iter().map(|q| q.id).collect(),
        EntryKind::Team => assessment.team.iter().map(|m| m.id).collect(),
        EntryKind::Action => assessment.actions.iter().map(|a| a.id).collect(),
        EntryKind::Document => assessment.documents.iter().map(|d| d.id).collect(),
        EntryKind::Request => assessment.requests.iter().map(|r| r.id).collect(),
        EntryKind::Progress => assessment
            .actions
            .iter()
            .flat_map(|a| a.progress.iter().map(|note| note.id))
            .collect(),
        EntryKind::List(list) => assessment.peer.list(list).map(|entry| entry.id).collect(),
    }
}

/// An entry's kind and its place (1 is first) among its siblings: in its
/// list, or among its action's notes.
pub fn position(assessment: &Assessment, id: Uuid) -> Option<(EntryKind, usize)> {
    let kind = kind_of(assessment, id)?;
    let siblings = match kind {
        EntryKind::Progress => assessment
            .actions
            .iter()
            .find(|a| a.progress.iter().any(|n| n.id == id))
            .map(|a| a.progress.iter().map(|n| n.id).collect())
            .unwrap_or_default(),
        other => order_of(assessment, other),
    };
    siblings.iter().position(|x| *x == id).map(|at| (kind, at + 1))
}

/// A value as people read it in the history: the details, a member or the
/// days on site in words, a status by its name, a note by its day and
/// text, a place in a list by its number.
pub fn shown(subject: &Subject, value: Option<&str>) -> Option<String> {
    let text = value?;
    let words = match subject {
        Subject::Assessment(AssessmentField::Details) => parse_details(text).map(|d| d.describe()),
        Subject::Assessment(AssessmentField::Visit) => parse_visit(Some(text)).map(|v| v.describe()),
        Subject::Assessment(AssessmentField::Status) => {
            text.parse::<crate::domain::Status>().ok().map(|s| s.label().to_owned())
        }
        Subject::Assessment(AssessmentField::ReportIssued) => Some("Final".to_owned()),
        Subject::Assessment(AssessmentField::SectionNames) => {
            crate::domain::section_names::SectionNames::parse(text).map(|names| names.describe())
        }
        Subject::Assessment(AssessmentField::Wording) => {
            crate::domain::background_wording::Wording::parse(text).map(|wording| wording.describe())
        }
        Subject::Entry(id, EntryField::Entry(EntryKind::Team)) => parse_member(*id, text).map(|m| m.describe()),
        Subject::Entry(_, EntryField::Entry(EntryKind::Progress)) => crate::domain::quarter::parse_progress(text)
            .map(|(_, on, words)| format!("{}: {words}", format_date(Some(on)))),
        Subject::Entry(_, EntryField::Entry(EntryKind::Request)) => parse_request(text).map(|(words, _)| words),
        Subject::Entry(_, EntryField::Action(ActionPart::Status)) => text
            .parse::<crate::domain::Rag>()
            .ok()
            .map(|rag| rag.label().to_owned()),
        Subject::Entry(_, EntryField::Position) => text.parse::<usize>().ok().map(|place| format!("place {place}")),
        Subject::Entry(_, EntryField::Action(ActionPart::Source)) => {
            crate::domain::ActionSource::parse(text).map(|source| match source {
                crate::domain::ActionSource::None => "nowhere in particular".to_owned(),
                crate::domain::ActionSource::Area(_) => "an area for consideration".to_owned(),
                crate::domain::ActionSource::KeyMessage(_) => "a key message".to_owned(),
                crate::domain::ActionSource::Item(item) => format!("item {item}"),
            })
        }
        Subject::Roster(_) => crate::domain::roster::RosterEntry::from_value(text)
            .ok()
            .map(|entry| entry.describe()),
        _ => None,
    };
    Some(words.unwrap_or_else(|| text.to_owned()))
}

/// How earlier versions recorded some values in words: the details, a
/// member and the days on site as people read them, a request by its text alone, and a move as "moved
/// up" or "moved down" from the entry's text. Such a value still reads as
/// history, and counts as the value it describes when a file's history is
/// checked against its data.
pub fn legacy(subject: &Subject, recorded: Option<&str>, value: Option<&str>) -> bool {
    let Some(recorded) = recorded else {
        return false;
    };
    match subject {
        Subject::Assessment(AssessmentField::Details) => {
            value.and_then(parse_details).is_some_and(|d| d.describe() == recorded)
        }
        Subject::Assessment(AssessmentField::Visit) => parse_visit(value).is_some_and(|v| v.describe() == recorded),
        Subject::Entry(id, EntryField::Entry(EntryKind::Team)) => value
            .and_then(|v| parse_member(*id, v))
            .is_some_and(|m| m.describe() == recorded),
        Subject::Entry(_, EntryField::Entry(EntryKind::Request)) => {
            value.and_then(parse_request).is_some_and(|(text, _)| text == recorded)
        }
        Subject::Entry(_, EntryField::Position) => matches!(recorded, "moved up" | "moved down"),
        _ => false,
    }
}

/// Whether `text` is a value `subject` can hold as recorded (earlier
/// versions' words included, see [`legacy`]): scores, statuses, flags,
/// dates, sources, notes, particulars, files, answers and ids read back.
pub fn readable(subject: &Subject, text: Option<&str>) -> bool {
    use crate::domain::{
        Rag, Status,
        action_plan::ActionSource,
        evidence::{Answer, Attached, Particulars},
        peer_report::{Facts, parse_order},
        quarter::parse_progress,
    };
    let flag = |text: Option<&str>| matches!(text, Some("true" | "false"));
    let optional = |read: fn(&str) -> bool| text.is_none_or(read);
    match subject {
        Subject::Answer(_, field) if field.is_score() => optional(|t| t.parse::<crate::domain::Score>().is_ok()),
        Subject::Assessment(AssessmentField::Status) => text.is_some_and(|t| t.parse::<Status>().is_ok()),
        Subject::Assessment(AssessmentField::SelfLocked)
        | Subject::Entry(_, EntryField::Document(DocumentPart::Considered)) => flag(text),
        Subject::Assessment(AssessmentField::Facts) => text.is_some_and(|t| Facts::parse(t).is_some()),
        Subject::Assessment(AssessmentField::SectionOrder) => text.is_some_and(|t| parse_order(t).is_some()),
        Subject::Assessment(AssessmentField::ReportIssued) => optional(|t| t == crate::domain::peer_report::ISSUED),
        Subject::Assessment(AssessmentField::Wording) => {
            text.is_some_and(|t| crate::domain::background_wording::Wording::parse(t).is_some())
        }
        Subject::Assessment(AssessmentField::SectionNames) => {
            text.is_some_and(|t| crate::domain::section_names::SectionNames::parse(t).is_some())
        }
        Subject::Assessment(
            AssessmentField::Supersedes | AssessmentField::SupersededBy | AssessmentField::Baseline,
        ) => optional(|t| Uuid::parse_str(t).is_ok()),
        Subject::Entry(_, EntryField::Action(ActionPart::Status)) => text.is_some_and(|t| t.parse::<Rag>().is_ok()),
        Subject::Entry(_, EntryField::Action(ActionPart::Due)) => {
            optional(|t| parse_date(t).is_ok_and(|date| date.is_some()))
        }
        Subject::Entry(_, EntryField::Action(ActionPart::Source)) => optional(|t| ActionSource::parse(t).is_some()),
        Subject::Entry(_, EntryField::Action(ActionPart::Value(_))) => optional(|t| !t.trim().is_empty()),
        Subject::Entry(_, EntryField::Entry(EntryKind::Progress)) => optional(|t| parse_progress(t).is_some()),
        Subject::Entry(_, EntryField::Document(DocumentPart::Particulars)) => {
            optional(|t| Particulars::parse(t).is_some())
        }
        Subject::Entry(_, EntryField::Document(DocumentPart::File)) => optional(|t| Attached::parse(t).is_some()),
        Subject::Entry(_, EntryField::Request(RequestPart::Answer)) => optional(|t| Answer::parse(t).is_some()),
        Subject::Roster(_) => optional(|t| crate::domain::roster::RosterEntry::from_value(t).is_ok()),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_days_and_details_round_trip_exactly() {
        let member = TeamMember {
            id: Uuid::from_u128(1),
            name: "Ann — Lead".into(),
            role: String::new(),
            organisation: "LGA, North".into(),
        };
        assert_eq!(parse_member(member.id, &member_value(&member)), Some(member));
        let visit = Visit {
            start: parse_date("2026-12-01").ok().flatten(),
            end: None,
        };
        assert_eq!(parse_visit(visit_value(&visit).as_deref()), Some(visit));
        assert_eq!(visit_value(&Visit::default()), None);
        let details = AssessmentDetails {
            organisation: "Ynys Môn · Anglesey".into(),
            title: "Use of Resources".into(),
            ..AssessmentDetails::default()
        };
        assert_eq!(parse_details(&details_value(&details)), Some(details));
    }
}
