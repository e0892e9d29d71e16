//! What a change touches: an item's answer, an entry of one of the lists
//! (a finding, a scope question, a team member, an action, a note of
//! progress, a document, a request), or the assessment itself — and which
//! field of it. Every stored name a change has ever been recorded under
//! reads back here, and nothing else does.

use std::fmt;

use uuid::Uuid;

pub use super::field::{
    ActionPart, AnswerField, AssessmentField, DocumentPart, EntryField, EntryKind, RequestPart, TextPart,
};
use crate::domain::{
    framework::{ItemId, Labels},
    peer::ListKind,
};

/// What one change touches.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A field of the assessment itself.
    Assessment(AssessmentField),
    /// One field of one item's answer.
    Answer(ItemId, AnswerField),
    /// One field of one entry.
    Entry(Uuid, EntryField),
    /// One key's place on the roster ([`crate::domain::roster`]), by the
    /// id its key and side have on this assessment ([`crate::domain::roster::RosterEntry::id`]).
    Roster(Uuid),
}

/// The stored field name of a roster entry.
const ROSTER: &str = "roster";

/// A recorded change whose parts do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the change {id} to “{field}” {problem}")]
pub struct MalformedChange {
    /// The change.
    pub id: Uuid,
    /// Its field, as recorded.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

impl Subject {
    /// The stored field name, e.g. `peer_score`, `strengths:2`, `status`.
    pub fn key(&self) -> String {
        match self {
            Subject::Assessment(field) => field.key().to_owned(),
            Subject::Answer(_, field) => field.as_str().to_owned(),
            Subject::Entry(_, field) => field.key(),
            Subject::Roster(_) => ROSTER.to_owned(),
        }
    }

    /// The item, for a field of an answer.
    pub fn item(&self) -> Option<&ItemId> {
        match self {
            Subject::Answer(item, _) => Some(item),
            _ => None,
        }
    }

    /// The entry, for a field of an entry.
    pub fn target(&self) -> Option<Uuid> {
        match self {
            Subject::Entry(id, _) | Subject::Roster(id) => Some(*id),
            _ => None,
        }
    }

    /// Reads a stored change's item, entry and field name back: an answer's
    /// field names its item and nothing else, an entry's field names its
    /// entry, and a field of the assessment names neither. `id` is the
    /// change's, for the message.
    pub fn from_stored(
        id: Uuid,
        item: Option<ItemId>,
        target: Option<Uuid>,
        name: &str,
    ) -> Result<Subject, MalformedChange> {
        let problem = |text: &str| MalformedChange {
            id,
            field: name.to_owned(),
            problem: text.to_owned(),
        };
        if let Some(field) = AnswerField::parse(name) {
            return match (item, target) {
                (Some(item), None) => Ok(Subject::Answer(item, field)),
                (None, _) => Err(problem("does not name its item")),
                (Some(_), Some(_)) => Err(problem("names an entry, but is not a change to an entry")),
            };
        }
        if item.is_some() {
            return Err(problem("names an item, but is not a field of an item"));
        }
        if let Some(field) = AssessmentField::every().find(|f| f.key() == name) {
            return match target {
                None => Ok(Subject::Assessment(field)),
                Some(_) => Err(problem("names an entry, but is not a change to an entry")),
            };
        }
        if name == ROSTER {
            return target
                .map(Subject::Roster)
                .ok_or_else(|| problem("does not name the key it changes"));
        }
        let field = EntryField::fixed()
            .find(|f| f.key() == name)
            .or_else(|| EntryField::parse_with_parameter(name))
            .or_else(|| {
                name.parse::<ListKind>()
                    .ok()
                    .map(|l| EntryField::Entry(EntryKind::List(l)))
            })
            .ok_or_else(|| problem("is not a field Critical Friend records"))?;
        match target {
            Some(target) => Ok(Subject::Entry(target, field)),
            None => Err(problem("does not name the entry it changes")),
        }
    }

    /// What changed, as people read it, in the framework's words: "Peer
    /// score", "Strengths (theme 2)", "Days on site"…
    pub fn label(&self, labels: &Labels) -> String {
        match self {
            Subject::Answer(_, field) => labels.field(*field),
            other => other.name(),
        }
    }

    /// What changed, in Critical Friend's own words: "Basis for this
    /// score", "Strengths (theme 2)", "Days on site"…
    pub fn name(&self) -> String {
        match self {
            Subject::Assessment(field) => field.label().to_owned(),
            Subject::Answer(_, field) => field.label().to_owned(),
            Subject::Entry(_, field) => field.label(),
            Subject::Roster(_) => "Roster".to_owned(),
        }
    }

    /// The kind of entry this change says it touches (`None` for a field
    /// of an answer or of the assessment, and for a move).
    pub fn entry_kind(&self) -> Option<EntryKind> {
        match self {
            Subject::Entry(_, field) => field.kind(),
            _ => None,
        }
    }

    /// Whether its values name people: a member of the peer team, the
    /// assessment's lead, a key on the roster. A share-safe copy leaves
    /// them out.
    pub fn names_people(&self) -> bool {
        matches!(
            self,
            Subject::Entry(_, EntryField::Entry(EntryKind::Team))
                | Subject::Assessment(AssessmentField::Details)
                | Subject::Roster(_)
        )
    }

    /// Whether a change to this field is text someone is typing, which is
    /// saved every second: an answer's basis, notes or challenge, a
    /// response, the summary, the contact details, an action's line of free
    /// text, or new wording (`rewording`: a value before and after) of a
    /// finding, key message, scope question, action or quarter's value of
    /// an action's measure. Adding or removing an entry or a value, scores,
    /// status and order are never typing.
    pub fn is_typing(&self, rewording: bool) -> bool {
        match self {
            Subject::Answer(_, field) => !field.is_score(),
            Subject::Assessment(field) => matches!(field, AssessmentField::Summary | AssessmentField::Contact),
            Subject::Entry(_, EntryField::ScopeResponse) => true,
            Subject::Entry(_, EntryField::Action(ActionPart::Value(_))) => rewording,
            Subject::Entry(_, EntryField::Action(ActionPart::Text(part))) => part.choices().is_empty(),
            Subject::Entry(_, EntryField::Entry(EntryKind::Scope | EntryKind::List(_) | EntryKind::Action)) => {
                rewording
            }
            Subject::Entry(..) | Subject::Roster(_) => false,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(item: Option<&str>, target: Option<Uuid>, name: &str) -> Result<Subject, MalformedChange> {
        Subject::from_stored(Uuid::nil(), item.map(ItemId::new), target, name)
    }

    #[test]
    fn every_stored_name_reads_back_and_unknown_names_are_refused() {
        let entry = Some(Uuid::nil());
        for name in ["score", "basis", "notes", "peer_score", "challenge"] {
            assert_eq!(read(Some("1.1"), None, name).expect(name).key(), name);
        }
        for name in [
            "status",
            "self_locked",
            "details",
            "supersedes",
            "superseded_by",
            "baseline",
            "visit",
            "report_summary",
            "report_contact",
            "report_facts",
            "section_order",
            "report_status",
            "section_names",
            "background_wording",
            "comparator_group",
        ] {
            assert_eq!(read(None, None, name).expect(name).key(), name);
        }
        for name in [
            "strengths:1",
            "areas:6",
            "key_messages",
            "position",
            "scope",
            "scope_response",
            "team",
            "action",
            "action_source",
            "action_owner",
            "action_due",
            "action_status",
            "action_progress",
            "action_portfolio",
            "action_measure",
            "action_target",
            "action_better",
            "action_value:2017-Q2",
            "document",
            "document_particulars",
            "document_items",
            "document_file",
            "considered",
            "request",
            "request_items",
            "request_answer",
            "roster",
        ] {
            assert_eq!(read(None, entry, name).expect(name).key(), name);
        }
        for bad in [
            "bogusfield",
            "",
            "strengths:",
            "strengths:x",
            "Score",
            "action_value",
            "action_value:2017-Q5",
            "action_value:2017Q2",
        ] {
            assert!(read(None, entry, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_change_must_name_what_its_field_is_a_field_of() {
        let entry = Some(Uuid::nil());
        assert!(read(None, None, "basis").is_err(), "an answer names its item");
        assert!(read(Some("1.1"), entry, "basis").is_err());
        assert!(read(None, None, "scope").is_err(), "an entry's field names it");
        assert!(read(None, entry, "status").is_err());
        assert!(read(Some("1.1"), None, "status").is_err());
    }

    #[test]
    fn typing_is_the_free_text_fields_and_rewording_entries() {
        let item = || ItemId::new("1.1");
        assert!(Subject::Answer(item(), AnswerField::Basis).is_typing(false));
        assert!(!Subject::Answer(item(), AnswerField::PeerScore).is_typing(true));
        let message = Subject::Entry(Uuid::nil(), EntryField::Entry(EntryKind::List(ListKind::KeyMessages)));
        assert!(message.is_typing(true));
        assert!(!message.is_typing(false), "adding or removing an entry");
        assert!(Subject::Entry(Uuid::nil(), EntryField::ScopeResponse).is_typing(false));
        assert!(!Subject::Assessment(AssessmentField::Status).is_typing(true));
        assert!(!Subject::Entry(Uuid::nil(), EntryField::Position).is_typing(true));
    }
}
