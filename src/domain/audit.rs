//! The audit trail's entries: every recorded change to an assessment.

use time::{Duration, OffsetDateTime};
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

/// Saves of one text by one person closer together than this are one
/// sitting of typing, recorded as one change.
pub const SITTING_GAP: Duration = Duration::minutes(5);

/// Whether a change to `field` is text someone is typing, which is saved
/// every second: an answer's basis, notes or challenge (`on_item`), a
/// response to a scope question, or new wording (`rewording`: a value
/// before and after) of a finding, key message or scope question. Adding
/// or removing an entry, scores, status and order are never typing.
pub fn is_typing(on_item: bool, field: &str, rewording: bool) -> bool {
    use super::edit::Field;
    if on_item {
        return matches!(
            Field::parse(field),
            Some(Field::Basis | Field::Notes | Field::Challenge)
        );
    }
    match field {
        "scope_response" => true,
        "scope" => rewording,
        other => rewording && other.parse::<super::peer::ListKind>().is_ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_typing, preview_pair};

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
        assert!(is_typing(true, "basis", true));
        assert!(is_typing(true, "challenge", false));
        assert!(!is_typing(true, "score", true));
        assert!(!is_typing(true, "peer_score", true));
        assert!(is_typing(false, "key_messages", true));
        assert!(is_typing(false, "strengths:2", true));
        assert!(!is_typing(false, "key_messages", false), "adding or removing an entry");
        assert!(is_typing(false, "scope_response", false));
        assert!(!is_typing(false, "status", true));
        assert!(!is_typing(false, "position", true));
    }
}
