//! What each recorded change touched: the mergeable fields ([`Key`]), which kind of entry each id is, who owns each field, and each field's value and history in one copy.

use std::collections::{BTreeMap, BTreeSet, HashMap};

#[allow(clippy::wildcard_imports)]
use super::*;

/// One mergeable field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// Organisation, title, period and lead.
    Details,
    /// Where the assessment is in its workflow.
    Status,
    /// Whether the self-assessment is locked.
    SelfLocked,
    /// The on-site dates.
    Visit,
    /// One field of one item's answer.
    Answer(ItemId, Field),
    /// A finding, key message, scope question or team member.
    Entry(Uuid),
    /// The peer team's response to a scope question.
    Response(Uuid),
    /// The order of one list.
    Order(TargetKind),
    /// The report's executive summary.
    Summary,
    /// The report's contact details.
    Contact,
    /// The report's background facts.
    Facts,
    /// The order of the report's sections.
    SectionOrder,
    /// One field of an action besides its text.
    Action(Uuid, ActionPart),
    /// One field of a document besides its title.
    Document(Uuid, DocumentPart),
    /// One field of a request besides its text.
    Request(Uuid, RequestPart),
}

/// A document's fields besides its title (which is its [`Key::Entry`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentPart {
    /// Reference, date, owner and description.
    Particulars,
    /// The items it supports.
    Items,
    /// The file attached.
    File,
    /// Whether the peer team considered it (the peer team's).
    Considered,
}

/// A request's fields besides its text (which is its [`Key::Entry`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestPart {
    /// The items it concerns (the peer team's).
    Items,
    /// The council's answer.
    Answer,
}

/// An action's fields besides its text (which is its [`Key::Entry`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionPart {
    /// Where it comes from.
    Source,
    /// Who owns it.
    Owner,
    /// When it is due.
    Due,
    /// Red, Amber, Green or Blue.
    Status,
}

impl ActionPart {
    fn of(field: AuditField) -> Option<Self> {
        Some(match field {
            AuditField::ActionSource => ActionPart::Source,
            AuditField::ActionOwner => ActionPart::Owner,
            AuditField::ActionDue => ActionPart::Due,
            AuditField::ActionStatus => ActionPart::Status,
            _ => return None,
        })
    }

    fn field(self) -> AuditField {
        match self {
            ActionPart::Source => AuditField::ActionSource,
            ActionPart::Owner => AuditField::ActionOwner,
            ActionPart::Due => AuditField::ActionDue,
            ActionPart::Status => AuditField::ActionStatus,
        }
    }
}

/// Which kind of entry each id is.
pub(super) type Kinds = HashMap<Uuid, TargetKind>;

/// Works out what each entry is: from both copies' contents first, then,
/// for entries neither copy holds any more, from the changes that made them.
/// A change that names an entry as something else is refused.
pub(super) fn entry_kinds(replicas: &[Replica<'_>]) -> Result<Kinds, MergeRefused> {
    let mut kinds = Kinds::new();
    let mislabelled = |claims: TargetKind, is: TargetKind| MergeRefused::Mislabelled {
        claims: claims.label().to_lowercase(),
        is: is.label().to_lowercase(),
    };
    for replica in replicas {
        let assessment = replica.assessment;
        let held = (assessment.peer.entries.iter().map(|e| (e.id, TargetKind::List(e.list))))
            .chain(assessment.scope.iter().map(|q| (q.id, TargetKind::Scope)))
            .chain(assessment.team.iter().map(|m| (m.id, TargetKind::Team)))
            .chain(assessment.actions.iter().map(|a| (a.id, TargetKind::Action)))
            .chain(
                assessment
                    .actions
                    .iter()
                    .flat_map(|a| a.progress.iter().map(|note| (note.id, TargetKind::Progress))),
            )
            .chain(assessment.documents.iter().map(|d| (d.id, TargetKind::Document)))
            .chain(assessment.requests.iter().map(|r| (r.id, TargetKind::Request)));
        for (id, kind) in held {
            if let Some(earlier) = kinds.insert(id, kind)
                && earlier != kind
            {
                return Err(mislabelled(kind, earlier));
            }
        }
    }
    for replica in replicas {
        for row in replica.log {
            let (Some(target), Some(claims)) = (row.target, row.field.target_kind()) else {
                continue;
            };
            match kinds.get(&target) {
                Some(is) if *is != claims => return Err(mislabelled(claims, *is)),
                Some(_) => {}
                None => {
                    kinds.insert(target, claims);
                }
            }
        }
    }
    Ok(kinds)
}

/// The fields a recorded change touched.
pub(super) fn keys_of(row: &AuditEntry, kinds: &Kinds) -> Vec<Key> {
    let entry_kind = |target: Uuid| kinds.get(&target).copied().or(row.field.target_kind());
    match (row.field, row.target) {
        (AuditField::Answer(field), _) => row
            .item
            .clone()
            .map(|item| vec![Key::Answer(item, field)])
            .unwrap_or_default(),
        (AuditField::Details, _) => vec![Key::Details],
        (AuditField::Status, _) => vec![Key::Status],
        (AuditField::SelfLocked, _) => vec![Key::SelfLocked],
        (AuditField::Visit, _) => vec![Key::Visit],
        (AuditField::Summary, _) => vec![Key::Summary],
        (AuditField::Contact, _) => vec![Key::Contact],
        (AuditField::Facts, _) => vec![Key::Facts],
        (AuditField::SectionOrder, _) => vec![Key::SectionOrder],
        (AuditField::ScopeResponse, Some(target)) => vec![Key::Response(target)],
        (AuditField::Position, Some(target)) => entry_kind(target).map(Key::Order).into_iter().collect(),
        (
            AuditField::ActionSource | AuditField::ActionOwner | AuditField::ActionDue | AuditField::ActionStatus,
            Some(target),
        ) => ActionPart::of(row.field)
            .map(|part| Key::Action(target, part))
            .into_iter()
            .collect(),
        (AuditField::DocumentParticulars, Some(target)) => vec![Key::Document(target, DocumentPart::Particulars)],
        (AuditField::DocumentItems, Some(target)) => vec![Key::Document(target, DocumentPart::Items)],
        (AuditField::DocumentFile, Some(target)) => vec![Key::Document(target, DocumentPart::File)],
        (AuditField::Considered, Some(target)) => vec![Key::Document(target, DocumentPart::Considered)],
        (AuditField::RequestItems, Some(target)) => vec![Key::Request(target, RequestPart::Items)],
        (AuditField::RequestAnswer, Some(target)) => vec![Key::Request(target, RequestPart::Answer)],
        (
            AuditField::List(_)
            | AuditField::Scope
            | AuditField::Team
            | AuditField::Action
            | AuditField::Progress
            | AuditField::Document
            | AuditField::Request,
            Some(target),
        ) => {
            let mut keys = vec![Key::Entry(target)];
            if (row.old_value.is_none() || row.new_value.is_none())
                && let Some(kind) = entry_kind(target)
            {
                keys.push(Key::Order(kind));
            }
            keys
        }
        // Version links are not merged; a change to an entry that names none is malformed.
        (AuditField::Supersedes | AuditField::SupersededBy | AuditField::Baseline, _) | (_, None) => Vec::new(),
    }
}

/// The role that owns a field; `None` when either role may change it.
pub(super) fn owner(key: &Key, kinds: &Kinds) -> Option<Role> {
    match key {
        Key::Details | Key::Status => None,
        Key::SelfLocked
        | Key::Action(..)
        | Key::Document(_, DocumentPart::Particulars | DocumentPart::Items | DocumentPart::File)
        | Key::Request(_, RequestPart::Answer) => Some(Role::Council),
        Key::Document(_, DocumentPart::Considered) | Key::Request(_, RequestPart::Items) => Some(Role::Peer),
        Key::Visit | Key::Response(_) | Key::Summary | Key::Contact | Key::Facts | Key::SectionOrder => {
            Some(Role::Peer)
        }
        Key::Answer(_, field) => Some(field.owner()),
        Key::Entry(id) => Some(kinds.get(id).map_or(Role::Peer, |kind| kind.owner())),
        Key::Order(kind) => Some(kind.owner()),
    }
}

/// Whether a field is part of the council's self-assessment, which the lock
/// protects: its scores and texts, and its scope questions.
pub(super) fn is_self_content(key: &Key, kinds: &Kinds) -> bool {
    match key {
        Key::Answer(_, field) => field.owner() == Role::Council,
        Key::Entry(id) => kinds.get(id) == Some(&TargetKind::Scope),
        Key::Order(kind) => *kind == TargetKind::Scope,
        _ => false,
    }
}

/// Whether a field is part of the action plan, which Final does not freeze.
pub(super) fn is_plan(key: &Key, kinds: &Kinds) -> bool {
    match key {
        Key::Action(..) | Key::Order(TargetKind::Action | TargetKind::Progress) => true,
        Key::Entry(id) => matches!(kinds.get(id), Some(TargetKind::Action | TargetKind::Progress)),
        _ => false,
    }
}

/// What people read for a field.
pub(super) fn label(key: &Key, kinds: &Kinds) -> String {
    match key {
        Key::Details => "Assessment details".to_owned(),
        Key::Status => "Status".to_owned(),
        Key::SelfLocked => "Self-assessment lock".to_owned(),
        Key::Visit => "On-site dates".to_owned(),
        Key::Summary => "Executive summary".to_owned(),
        Key::Contact => "Contact details".to_owned(),
        Key::Facts => "Background facts".to_owned(),
        Key::SectionOrder => "Order of the report's sections".to_owned(),
        Key::Answer(item, field) => format!("{item} {}", field.label()),
        Key::Entry(id) => kinds.get(id).map_or_else(|| "Entry".to_owned(), |kind| kind.label()),
        Key::Response(_) => "Response to a scope question".to_owned(),
        Key::Order(TargetKind::Scope) => "Order of the scope questions".to_owned(),
        Key::Order(TargetKind::Team) => "Order of the peer team".to_owned(),
        Key::Order(TargetKind::Action) => "Order of the action plan".to_owned(),
        Key::Order(TargetKind::Progress) => "Order of the progress notes".to_owned(),
        Key::Action(_, part) => part.field().label(),
        Key::Document(_, part) => match part {
            DocumentPart::Particulars => AuditField::DocumentParticulars,
            DocumentPart::Items => AuditField::DocumentItems,
            DocumentPart::File => AuditField::DocumentFile,
            DocumentPart::Considered => AuditField::Considered,
        }
        .label(),
        Key::Request(_, RequestPart::Items) => AuditField::RequestItems.label(),
        Key::Request(_, RequestPart::Answer) => AuditField::RequestAnswer.label(),
        Key::Order(TargetKind::Document) => "Order of the register".to_owned(),
        Key::Order(TargetKind::Request) => "Order of the requests".to_owned(),
        Key::Order(kind) => format!("Order of {}", kind.label().to_lowercase()),
    }
}

pub(super) fn order_of(assessment: &Assessment, kind: TargetKind) -> Vec<Uuid> {
    match kind {
        TargetKind::Scope => assessment.scope.iter().map(|q| q.id).collect(),
        TargetKind::Team => assessment.team.iter().map(|m| m.id).collect(),
        TargetKind::Action => assessment.actions.iter().map(|a| a.id).collect(),
        TargetKind::Document => assessment.documents.iter().map(|d| d.id).collect(),
        TargetKind::Request => assessment.requests.iter().map(|r| r.id).collect(),
        TargetKind::Progress => assessment
            .actions
            .iter()
            .flat_map(|a| a.progress.iter().map(|note| note.id))
            .collect(),
        TargetKind::List(list) => assessment
            .peer
            .entries
            .iter()
            .filter(|entry| entry.list == list)
            .map(|entry| entry.id)
            .collect(),
    }
}

/// A field's value in one copy, typed, so merges compare values, not their
/// text: two details that print alike but differ are different.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum FieldValue {
    /// Organisation, title, period and lead.
    Details(crate::domain::AssessmentDetails),
    /// The workflow status.
    Status(Status),
    /// Whether the self-assessment is locked.
    Lock(bool),
    /// The days on site.
    Visit(crate::domain::Visit),
    /// A score (absent: not scored).
    Score(crate::domain::Score),
    /// A text: an answer's, a finding's, a question's or a response.
    Text(String),
    /// A member of the peer team.
    Member(crate::domain::TeamMember),
    /// The order of a list's entries.
    Order(Vec<Uuid>),
    /// The report's background facts.
    Facts(crate::domain::Facts),
    /// The order of the report's sections.
    Sections(Vec<crate::domain::SectionRef>),
}

impl FieldValue {
    /// The value as the plan shows and stores it: statuses and locks by their
    /// stored names, the rest as people read them.
    pub(super) fn text(&self) -> String {
        match self {
            FieldValue::Details(details) => details.describe(),
            FieldValue::Status(status) => status.as_str().to_owned(),
            FieldValue::Lock(locked) => locked.to_string(),
            FieldValue::Visit(visit) => visit.describe(),
            FieldValue::Score(score) => score.to_string(),
            FieldValue::Text(text) => text.clone(),
            FieldValue::Member(member) => member.describe(),
            FieldValue::Order(ids) => ids.iter().map(Uuid::to_string).collect::<Vec<_>>().join(","),
            FieldValue::Facts(facts) => facts.key(),
            FieldValue::Sections(order) => crate::domain::peer_report::order_key(order),
        }
    }
}

/// A value's text, or `None` for "not set".
pub(super) fn text_of(value: Option<&FieldValue>) -> Option<String> {
    value.map(FieldValue::text)
}

/// A field's value in one copy (`None` for "not set" or "absent").
pub(super) fn value(assessment: &Assessment, key: &Key) -> Option<FieldValue> {
    match key {
        Key::Details => Some(FieldValue::Details(assessment.details.clone())),
        Key::Status => Some(FieldValue::Status(assessment.status)),
        Key::SelfLocked => Some(FieldValue::Lock(assessment.self_locked)),
        Key::Visit => (!assessment.visit.is_empty()).then_some(FieldValue::Visit(assessment.visit)),
        Key::Answer(item, field) => match Change::current(assessment.answer(item), *field) {
            Change::Score(score) | Change::PeerScore(score) => score.map(FieldValue::Score),
            Change::Basis(text) | Change::Notes(text) | Change::Challenge(text) => Some(FieldValue::Text(text)),
        },
        Key::Entry(id) => {
            if let Some(entry) = assessment.peer.entries.iter().find(|e| e.id == *id) {
                Some(FieldValue::Text(entry.text.clone()))
            } else if let Some(question) = assessment.scope.iter().find(|q| q.id == *id) {
                Some(FieldValue::Text(question.question.clone()))
            } else if let Some(action) = assessment.actions.iter().find(|a| a.id == *id) {
                Some(FieldValue::Text(action.text.clone()))
            } else if let Some(document) = assessment.documents.iter().find(|d| d.id == *id) {
                Some(FieldValue::Text(document.title.clone()))
            } else if let Some(request) = assessment.requests.iter().find(|r| r.id == *id) {
                Some(FieldValue::Text(request.text.clone()))
            } else if let Some((action, note)) = assessment
                .actions
                .iter()
                .find_map(|a| a.progress.iter().find(|note| note.id == *id).map(|note| (a, note)))
            {
                Some(FieldValue::Text(crate::domain::action_plan::progress_value(
                    action.id, note.on, &note.text,
                )))
            } else {
                assessment
                    .team
                    .iter()
                    .find(|m| m.id == *id)
                    .map(|member| FieldValue::Member(member.clone()))
            }
        }
        Key::Response(id) => assessment
            .scope
            .iter()
            .find(|q| q.id == *id)
            .map(|q| FieldValue::Text(q.response.clone())),
        Key::Order(kind) => Some(FieldValue::Order(order_of(assessment, *kind))),
        Key::Summary => Some(FieldValue::Text(assessment.report.summary.clone())),
        Key::Contact => Some(FieldValue::Text(assessment.report.contact.clone())),
        Key::Facts => Some(FieldValue::Facts(assessment.report.facts)),
        Key::SectionOrder => Some(FieldValue::Sections(assessment.report.order.clone())),
        Key::Action(id, part) => {
            let action = assessment.actions.iter().find(|a| a.id == *id)?;
            match part {
                ActionPart::Source => Some(FieldValue::Text(action.source.key())),
                ActionPart::Owner => Some(FieldValue::Text(action.owner.clone())),
                ActionPart::Due => action
                    .due
                    .map(|due| FieldValue::Text(crate::domain::challenge::format_date(Some(due)))),
                ActionPart::Status => Some(FieldValue::Text(action.status.as_str().to_owned())),
            }
        }
        Key::Document(id, part) => {
            let document = assessment.documents.iter().find(|d| d.id == *id)?;
            match part {
                DocumentPart::Particulars => Some(FieldValue::Text(document.particulars.key())),
                DocumentPart::Items => Some(FieldValue::Text(crate::domain::evidence::items_key(&document.items))),
                DocumentPart::File => document.file.as_ref().map(|file| FieldValue::Text(file.key())),
                DocumentPart::Considered => Some(FieldValue::Lock(document.considered)),
            }
        }
        Key::Request(id, part) => {
            let request = assessment.requests.iter().find(|r| r.id == *id)?;
            match part {
                RequestPart::Items => Some(FieldValue::Text(crate::domain::evidence::items_key(&request.items))),
                RequestPart::Answer => request.answer.as_ref().map(|answer| FieldValue::Text(answer.key())),
            }
        }
    }
}

/// One field's set of change ids in one copy, and the newest of them.
pub(super) type History<'a> = (BTreeSet<Uuid>, Option<&'a AuditEntry>);

/// Every field's history in one copy.
pub(super) type Histories<'a> = BTreeMap<Key, History<'a>>;

pub(super) fn histories<'a>(log: &'a [AuditEntry], kinds: &Kinds) -> Histories<'a> {
    let mut map: Histories<'a> = BTreeMap::new();
    for row in log {
        for key in keys_of(row, kinds) {
            let (ids, newest) = map.entry(key).or_default();
            ids.insert(row.id);
            if newest.is_none_or(|current| (current.at, current.id) < (row.at, row.id)) {
                *newest = Some(row);
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    use super::*;
    use crate::domain::{AssessmentDetails, Catalogue};

    #[test]
    fn values_that_print_alike_but_differ_are_different() {
        let catalogue = Catalogue::builtin();
        let details = |organisation: &str, title: &str| AssessmentDetails {
            organisation: organisation.into(),
            title: title.into(),
            ..AssessmentDetails::default()
        };
        let make = |d| Assessment::new(catalogue.default_framework(), d, OffsetDateTime::UNIX_EPOCH);
        let one = make(details("Ynys Môn · Anglesey", "Use of Resources"));
        let other = make(details("Ynys Môn", "Anglesey · Use of Resources"));
        let (a, b) = (value(&one, &Key::Details), value(&other, &Key::Details));
        assert_eq!(text_of(a.as_ref()), text_of(b.as_ref()), "they print the same");
        assert_ne!(a, b, "but they are different values");
    }
}
