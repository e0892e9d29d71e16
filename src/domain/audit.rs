//! The audit trail's entries: every recorded change to an assessment.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{framework::ItemId, role::Author};

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
    /// The stored field name, e.g. `score`, `peer_score`, `status`.
    pub field: String,
    /// The value before (`None` for "not scored" or "nothing").
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
    /// Who made the change.
    pub author: Author,
    /// When.
    pub at: OffsetDateTime,
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

impl AuditEntry {
    /// What changed, as people read it: "Peer score", "Key messages",
    /// "Strengths (theme 2)", "Days on site"…
    pub fn field_label(&self) -> String {
        if let Some(field) = super::edit::Field::parse(&self.field) {
            return field.label().to_owned();
        }
        match self.field.as_str() {
            "status" => "Status".to_owned(),
            "self_locked" => "Self-assessment locked".to_owned(),
            "details" => "Assessment details".to_owned(),
            "visit" => "Days on site".to_owned(),
            "team" => "Peer team".to_owned(),
            "scope" => "Scope question".to_owned(),
            "scope_response" => "Response to a scope question".to_owned(),
            "position" => "Order of a list".to_owned(),
            "supersedes" => "Reopened from".to_owned(),
            "superseded_by" => "Reopened as".to_owned(),
            other => other
                .parse::<super::peer::ListKind>()
                .map_or_else(|_| other.to_owned(), super::peer::ListKind::title),
        }
    }
}
