//! The audit trail's entries: every recorded change to an assessment, and
//! the typed vocabulary of what a change can touch ([`AuditField`]). Every
//! front end and importer reads and writes the same names through here.

use std::{fmt, str::FromStr};

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{
    edit::Field,
    framework::ItemId,
    peer::ListKind,
    role::{Author, Role},
};

/// What a recorded change touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuditField {
    /// One field of an item's answer (the change names the item).
    Answer(Field),
    /// An entry of one of the peer team's lists: added, reworded or removed.
    List(ListKind),
    /// An entry moved within its list.
    Position,
    /// A scope question: added, reworded or withdrawn.
    Scope,
    /// The peer team's response to a scope question.
    ScopeResponse,
    /// A member of the peer team.
    Team,
    /// The days on site.
    Visit,
    /// The workflow status.
    Status,
    /// Whether the self-assessment is locked.
    SelfLocked,
    /// Organisation, title, period and lead.
    Details,
    /// The Final version this one was reopened from.
    Supersedes,
    /// The version that replaced this one when it was reopened.
    SupersededBy,
    /// The report's executive summary.
    Summary,
    /// The report's contact details.
    Contact,
    /// The report's background facts.
    Facts,
    /// The order of the report's sections.
    SectionOrder,
    /// An action of the plan: added, reworded or removed.
    Action,
    /// Where an action comes from.
    ActionSource,
    /// Who owns an action.
    ActionOwner,
    /// When an action is due.
    ActionDue,
    /// An action's Red, Amber, Green or Blue.
    ActionStatus,
    /// A note of progress on an action (the change names the note; its
    /// value names the action, the day and the text).
    Progress,
    /// The assessment a progress review reviews progress since.
    Baseline,
    /// A document of the register: added (its title) or removed.
    Document,
    /// A document's reference, date, owner and description.
    DocumentParticulars,
    /// The items a document supports.
    DocumentItems,
    /// The file attached to a document.
    DocumentFile,
    /// Whether the peer team considered a document.
    Considered,
    /// A request for a document or information: asked (its text).
    Request,
    /// The items a request concerns.
    RequestItems,
    /// The council's answer to a request.
    RequestAnswer,
}

/// What kind of entry a change's target is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetKind {
    /// An entry of a findings or key messages list.
    List(ListKind),
    /// A scope question.
    Scope,
    /// A member of the peer team.
    Team,
    /// An action of the plan.
    Action,
    /// A note of progress on an action.
    Progress,
    /// A document of the register.
    Document,
    /// A request for a document or information.
    Request,
}

impl TargetKind {
    /// The role that writes entries of this kind.
    pub fn owner(self) -> Role {
        match self {
            TargetKind::Scope | TargetKind::Action | TargetKind::Progress | TargetKind::Document => Role::Council,
            TargetKind::List(_) | TargetKind::Team | TargetKind::Request => Role::Peer,
        }
    }

    /// What people read: "Scope question", "Strengths (theme 2)"…
    pub fn label(self) -> String {
        match self {
            TargetKind::List(list) => list.title(),
            TargetKind::Scope => "Scope question".to_owned(),
            TargetKind::Team => "Peer team member".to_owned(),
            TargetKind::Action => "Action".to_owned(),
            TargetKind::Progress => "Progress note".to_owned(),
            TargetKind::Document => "Document".to_owned(),
            TargetKind::Request => "Request".to_owned(),
        }
    }
}

/// A stored field name that is not in the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a field Critical Friend records")]
pub struct UnknownField(pub String);

impl AuditField {
    /// The stored name, e.g. `peer_score`, `strengths:2`, `status`.
    pub fn key(self) -> String {
        match self {
            AuditField::Answer(field) => field.as_str().to_owned(),
            AuditField::List(list) => list.key(),
            other => other.fixed_name().unwrap_or_default().to_owned(),
        }
    }

    fn fixed_name(self) -> Option<&'static str> {
        Some(match self {
            AuditField::Position => "position",
            AuditField::Scope => "scope",
            AuditField::ScopeResponse => "scope_response",
            AuditField::Team => "team",
            AuditField::Visit => "visit",
            AuditField::Status => "status",
            AuditField::SelfLocked => "self_locked",
            AuditField::Details => "details",
            AuditField::Supersedes => "supersedes",
            AuditField::SupersededBy => "superseded_by",
            AuditField::Summary => "report_summary",
            AuditField::Contact => "report_contact",
            AuditField::Facts => "report_facts",
            AuditField::SectionOrder => "section_order",
            AuditField::Action => "action",
            AuditField::ActionSource => "action_source",
            AuditField::ActionOwner => "action_owner",
            AuditField::ActionDue => "action_due",
            AuditField::ActionStatus => "action_status",
            AuditField::Progress => "action_progress",
            AuditField::Baseline => "baseline",
            AuditField::Document => "document",
            AuditField::DocumentParticulars => "document_particulars",
            AuditField::DocumentItems => "document_items",
            AuditField::DocumentFile => "document_file",
            AuditField::Considered => "considered",
            AuditField::Request => "request",
            AuditField::RequestItems => "request_items",
            AuditField::RequestAnswer => "request_answer",
            AuditField::Answer(_) | AuditField::List(_) => return None,
        })
    }

    const FIXED: [AuditField; 29] = [
        AuditField::Position,
        AuditField::Scope,
        AuditField::ScopeResponse,
        AuditField::Team,
        AuditField::Visit,
        AuditField::Status,
        AuditField::SelfLocked,
        AuditField::Details,
        AuditField::Supersedes,
        AuditField::SupersededBy,
        AuditField::Summary,
        AuditField::Contact,
        AuditField::Facts,
        AuditField::SectionOrder,
        AuditField::Action,
        AuditField::ActionSource,
        AuditField::ActionOwner,
        AuditField::ActionDue,
        AuditField::ActionStatus,
        AuditField::Progress,
        AuditField::Baseline,
        AuditField::Document,
        AuditField::DocumentParticulars,
        AuditField::DocumentItems,
        AuditField::DocumentFile,
        AuditField::Considered,
        AuditField::Request,
        AuditField::RequestItems,
        AuditField::RequestAnswer,
    ];

    /// What changed, as people read it: "Peer score", "Key messages",
    /// "Strengths (theme 2)", "Days on site"…
    pub fn label(self) -> String {
        match self {
            AuditField::Answer(field) => field.label().to_owned(),
            AuditField::List(list) => list.title(),
            AuditField::Position => "Order of a list".to_owned(),
            AuditField::Scope => "Scope question".to_owned(),
            AuditField::ScopeResponse => "Response to a scope question".to_owned(),
            AuditField::Team => "Peer team".to_owned(),
            AuditField::Visit => "Days on site".to_owned(),
            AuditField::Status => "Status".to_owned(),
            AuditField::SelfLocked => "Self-assessment locked".to_owned(),
            AuditField::Details => "Assessment details".to_owned(),
            AuditField::Supersedes => "Reopened from".to_owned(),
            AuditField::SupersededBy => "Reopened as".to_owned(),
            AuditField::Summary => "Executive summary".to_owned(),
            AuditField::Contact => "Contact details".to_owned(),
            AuditField::Facts => "Background facts".to_owned(),
            AuditField::SectionOrder => "Order of the report's sections".to_owned(),
            AuditField::Action => "Action".to_owned(),
            AuditField::ActionSource => "Where an action comes from".to_owned(),
            AuditField::ActionOwner => "Action owner".to_owned(),
            AuditField::ActionDue => "Action due date".to_owned(),
            AuditField::ActionStatus => "Action status".to_owned(),
            AuditField::Progress => "Progress on an action".to_owned(),
            AuditField::Baseline => "Progress review of".to_owned(),
            AuditField::Document => "Document".to_owned(),
            AuditField::DocumentParticulars => "Document's reference, date, owner or description".to_owned(),
            AuditField::DocumentItems => "Items a document supports".to_owned(),
            AuditField::DocumentFile => "File attached to a document".to_owned(),
            AuditField::Considered => "Document considered by the peer team".to_owned(),
            AuditField::Request => "Request for evidence".to_owned(),
            AuditField::RequestItems => "Items a request concerns".to_owned(),
            AuditField::RequestAnswer => "Answer to a request".to_owned(),
        }
    }

    /// The kind of entry a change to this field targets: `None` for fields
    /// of an item or of the assessment itself, and for a move (which may
    /// target an entry of any list).
    pub fn target_kind(self) -> Option<TargetKind> {
        match self {
            AuditField::List(list) => Some(TargetKind::List(list)),
            AuditField::Scope | AuditField::ScopeResponse => Some(TargetKind::Scope),
            AuditField::Team => Some(TargetKind::Team),
            AuditField::Action
            | AuditField::ActionSource
            | AuditField::ActionOwner
            | AuditField::ActionDue
            | AuditField::ActionStatus => Some(TargetKind::Action),
            AuditField::Progress => Some(TargetKind::Progress),
            AuditField::Document
            | AuditField::DocumentParticulars
            | AuditField::DocumentItems
            | AuditField::DocumentFile
            | AuditField::Considered => Some(TargetKind::Document),
            AuditField::Request | AuditField::RequestItems | AuditField::RequestAnswer => Some(TargetKind::Request),
            _ => None,
        }
    }

    /// Whether a change to this field names an entry (`target`).
    pub fn needs_target(self) -> bool {
        self.target_kind().is_some() || self == AuditField::Position
    }

    /// Whether a change to this field is text someone is typing, which is
    /// saved every second: an answer's basis, notes or challenge, a response
    /// to a scope question, or new wording (`rewording`: a value before and
    /// after) of a finding, key message or scope question. Adding or
    /// removing an entry, scores, status and order are never typing.
    pub fn is_typing(self, rewording: bool) -> bool {
        match self {
            AuditField::Answer(field) => matches!(field, Field::Basis | Field::Notes | Field::Challenge),
            AuditField::ScopeResponse | AuditField::Summary | AuditField::Contact | AuditField::ActionOwner => true,
            AuditField::Scope | AuditField::List(_) | AuditField::Action => rewording,
            _ => false,
        }
    }
}

impl fmt::Display for AuditField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl FromStr for AuditField {
    type Err = UnknownField;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(field) = Field::parse(text) {
            return Ok(AuditField::Answer(field));
        }
        if let Some(fixed) = AuditField::FIXED.into_iter().find(|f| f.fixed_name() == Some(text)) {
            return Ok(fixed);
        }
        text.parse::<ListKind>()
            .map(AuditField::List)
            .map_err(|_| UnknownField(text.to_owned()))
    }
}

/// One recorded change: what, from what, to what, by whom, when.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    /// Unique id: the same in every copy the change travels to, so merges
    /// can tell which changes each side has seen.
    pub id: Uuid,
    /// The item, for answer fields; `None` for the assessment itself.
    pub item: Option<ItemId>,
    /// The list entry, scope question or team member, for changes to those.
    pub target: Option<Uuid>,
    /// What changed.
    pub field: AuditField,
    /// The value before (`None` for "not scored" or "nothing").
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
    /// Who made the change.
    pub author: Author,
    /// When.
    pub at: OffsetDateTime,
}

/// A recorded change whose parts do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the change {id} to “{field}” {problem}")]
pub struct MalformedChange {
    /// The change.
    pub id: Uuid,
    /// Its field.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

impl AuditEntry {
    /// What changed, as people read it.
    pub fn field_label(&self, labels: &super::framework::Labels) -> String {
        match self.field {
            AuditField::Answer(field) => labels.field(field),
            other => other.label(),
        }
    }

    /// Checks that the change's parts fit its field: an answer field names
    /// an item and nothing else; an entry's field names the entry; fields of
    /// the assessment name neither; scores, statuses and locks hold values
    /// of their kind.
    pub fn check_shape(&self) -> Result<(), MalformedChange> {
        let problem = |text: &str| MalformedChange {
            id: self.id,
            field: self.field.key(),
            problem: text.to_owned(),
        };
        let on_item = matches!(self.field, AuditField::Answer(_));
        if on_item != self.item.is_some() {
            return Err(problem(if on_item {
                "does not name its item"
            } else {
                "names an item, but is not a field of an item"
            }));
        }
        if self.field.needs_target() != self.target.is_some() {
            return Err(problem(if self.target.is_some() {
                "names an entry, but is not a change to an entry"
            } else {
                "does not name the entry it changes"
            }));
        }
        let values = [self.old_value.as_deref(), self.new_value.as_deref()];
        let valid = match self.field {
            AuditField::Answer(Field::Score | Field::PeerScore) => values
                .iter()
                .all(|value| value.is_none_or(|text| text.parse::<super::score::Score>().is_ok())),
            AuditField::Status => values
                .iter()
                .all(|value| value.is_some_and(|text| text.parse::<super::assessment::Status>().is_ok())),
            AuditField::SelfLocked => values.iter().all(|value| matches!(value, Some("true" | "false"))),
            AuditField::Facts => values
                .iter()
                .all(|value| value.is_some_and(|text| super::peer_report::Facts::parse(text).is_some())),
            AuditField::SectionOrder => values
                .iter()
                .all(|value| value.is_some_and(|text| super::peer_report::parse_order(text).is_some())),
            AuditField::ActionStatus => values
                .iter()
                .all(|value| value.is_some_and(|text| text.parse::<super::action_plan::Rag>().is_ok())),
            AuditField::ActionDue => values.iter().all(|value| {
                value.is_none_or(|text| super::challenge::parse_date(text).is_ok_and(|date| date.is_some()))
            }),
            AuditField::ActionSource => values
                .iter()
                .all(|value| value.is_none_or(|text| super::action_plan::ActionSource::parse(text).is_some())),
            AuditField::Progress => values
                .iter()
                .all(|value| value.is_none_or(|text| super::action_plan::parse_progress(text).is_some())),
            AuditField::Baseline => values
                .iter()
                .all(|value| value.is_none_or(|text| uuid::Uuid::parse_str(text).is_ok())),
            AuditField::DocumentParticulars => values
                .iter()
                .all(|value| value.is_none_or(|text| super::evidence::Particulars::parse(text).is_some())),
            AuditField::DocumentFile => values
                .iter()
                .all(|value| value.is_none_or(|text| super::evidence::Attached::parse(text).is_some())),
            AuditField::Considered => values.iter().all(|value| matches!(value, Some("true" | "false"))),
            AuditField::RequestAnswer => values
                .iter()
                .all(|value| value.is_none_or(|text| super::evidence::Answer::parse(text).is_some())),
            _ => true,
        };
        if valid {
            Ok(())
        } else {
            Err(problem("records a value that field cannot hold"))
        }
    }
}

/// A value as one line for listings and reports: “quoted”, newlines
/// flattened, cut to `max_chars` with an ellipsis, and "–" for no value.
pub fn preview(value: Option<&str>, max_chars: usize) -> String {
    let Some(text) = value else {
        return "–".to_owned();
    };
    let flat = text.replace(['\n', '\r'], " ");
    if flat.chars().count() > max_chars {
        format!("“{}…”", flat.chars().take(max_chars).collect::<String>())
    } else {
        format!("“{flat}”")
    }
}

/// Characters kept before the first difference by [`preview_pair`].
const CONTEXT_CHARS: usize = 20;

/// Both sides of a change as [`preview`]s, starting a little before the
/// first place they differ when that place would otherwise be cut off: a
/// long text with a sentence added shows the sentence, not the same opening
/// twice.
pub fn preview_pair(old: Option<&str>, new: Option<&str>, max_chars: usize) -> (String, String) {
    let same = match (old, new) {
        (Some(old), Some(new)) => old.chars().zip(new.chars()).take_while(|(a, b)| a == b).count(),
        _ => 0,
    };
    let skip = if same + CONTEXT_CHARS > max_chars {
        same - CONTEXT_CHARS
    } else {
        0
    };
    let show = |value: Option<&str>| match value {
        Some(text) if skip > 0 => {
            let rest: String = text.chars().skip(skip).collect();
            preview(Some(&rest), max_chars).replacen('“', "“…", 1)
        }
        _ => preview(value, max_chars),
    };
    (show(old), show(new))
}

/// Saves of one text by one person closer together than this are one
/// sitting of typing, recorded as one change.
pub const SITTING_GAP: Duration = Duration::minutes(5);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_with_words_added_previews_from_where_it_changed() {
        let opening = "Evidence gap: we do not know how many people use the directory. ";
        let old = format!("{opening}Ask the web team.");
        let new = format!("{opening}Ask the web team. Ask finance for the outturn.");
        let (before, after) = preview_pair(Some(&old), Some(&new), 40);
        assert!(
            before.starts_with("“…") && after.starts_with("“…"),
            "{before} / {after}"
        );
        assert!(after.contains("Ask finance"), "{after}");
        assert!(!after.contains("Evidence gap"), "{after}");
        // Short texts, and texts that differ early, are shown from the start.
        assert_eq!(
            preview_pair(Some("Ask"), Some("Ask finance"), 40),
            ("“Ask”".into(), "“Ask finance”".into())
        );
        assert_eq!(preview_pair(None, Some("Ask"), 40), ("–".into(), "“Ask”".into()));
        let (before, _) = preview_pair(Some(&old), Some("Different"), 40);
        assert!(before.starts_with("“Evidence gap"), "{before}");
    }

    #[test]
    fn typing_is_the_free_text_fields_and_rewording_entries() {
        let typing =
            |name: &str, rewording: bool| name.parse::<AuditField>().expect("known field").is_typing(rewording);
        assert!(typing("basis", true));
        assert!(typing("challenge", false));
        assert!(!typing("score", true));
        assert!(!typing("peer_score", true));
        assert!(typing("key_messages", true));
        assert!(typing("strengths:2", true));
        assert!(!typing("key_messages", false), "adding or removing an entry");
        assert!(typing("scope_response", false));
        assert!(!typing("status", true));
        assert!(!typing("position", true));
    }

    #[test]
    fn every_stored_name_reads_back_and_unknown_names_are_refused() {
        for name in [
            "score",
            "basis",
            "notes",
            "peer_score",
            "challenge",
            "strengths:1",
            "areas:6",
            "key_messages",
            "position",
            "scope",
            "scope_response",
            "team",
            "visit",
            "status",
            "self_locked",
            "details",
            "supersedes",
            "superseded_by",
        ] {
            let field: AuditField = name.parse().expect(name);
            assert_eq!(field.key(), name);
        }
        for bad in ["bogusfield", "", "strengths:", "strengths:x", "Score"] {
            assert!(bad.parse::<AuditField>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_change_must_fit_its_field() {
        let change = |field: AuditField, item: Option<&str>, target: Option<Uuid>, new: Option<&str>| AuditEntry {
            id: Uuid::nil(),
            item: item.map(ItemId::new),
            target,
            field,
            old_value: None,
            new_value: new.map(str::to_owned),
            author: Author::default(),
            at: OffsetDateTime::UNIX_EPOCH,
        };
        let entry = Some(Uuid::nil());
        assert!(
            change(AuditField::Answer(Field::Score), Some("1.1"), None, Some("2"))
                .check_shape()
                .is_ok()
        );
        assert!(
            change(AuditField::Answer(Field::Score), Some("1.1"), None, Some("10"))
                .check_shape()
                .is_err()
        );
        assert!(
            change(AuditField::Answer(Field::Basis), None, None, Some("x"))
                .check_shape()
                .is_err()
        );
        assert!(change(AuditField::Scope, None, None, Some("Q")).check_shape().is_err());
        assert!(change(AuditField::Scope, None, entry, Some("Q")).check_shape().is_ok());
        assert!(
            change(AuditField::Status, None, entry, Some("final"))
                .check_shape()
                .is_err()
        );
        assert!(
            change(AuditField::Status, None, None, Some("finished"))
                .check_shape()
                .is_err()
        );
        assert!(
            change(AuditField::SelfLocked, None, None, Some("yes"))
                .check_shape()
                .is_err()
        );
    }
}
