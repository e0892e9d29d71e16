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

impl AuditEntry {
    /// Whether this is a save of text someone is typing: an answer's basis,
    /// notes or challenge, or the wording of a finding, key message, scope
    /// question or response. Typing is saved every second, so one sitting
    /// leaves many of these.
    pub fn is_typing(&self) -> bool {
        use super::edit::Field;
        if self.item.is_some() {
            return matches!(
                Field::parse(&self.field),
                Some(Field::Basis | Field::Notes | Field::Challenge)
            );
        }
        let rewording = self.old_value.is_some() && self.new_value.is_some();
        match self.field.as_str() {
            "scope_response" => true,
            "scope" => rewording,
            other => rewording && other.parse::<super::peer::ListKind>().is_ok(),
        }
    }

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

/// Saves of the same text further apart than this are listed as separate
/// changes.
pub const SITTING_GAP: Duration = Duration::minutes(5);

/// One change as people read it: a single recorded change, or a sitting of
/// typing — consecutive saves of one text by one person, each within
/// [`SITTING_GAP`] of the one before, carrying on from where it left off.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EditRun<'a> {
    /// The first save: the value before, and when typing started.
    pub first: &'a AuditEntry,
    /// The last save: the value after, and when typing stopped.
    pub last: &'a AuditEntry,
    /// How many saves the run holds.
    pub saves: usize,
}

impl<'a> EditRun<'a> {
    /// One save on its own.
    pub fn single(entry: &'a AuditEntry) -> Self {
        Self {
            first: entry,
            last: entry,
            saves: 1,
        }
    }

    /// The value before the first save.
    pub fn old_value(&self) -> Option<&str> {
        self.first.old_value.as_deref()
    }

    /// The value after the last save.
    pub fn new_value(&self) -> Option<&str> {
        self.last.new_value.as_deref()
    }

    /// The field's name, with the number of saves when there were several:
    /// "Basis for this score (12 saves)".
    pub fn field_label(&self) -> String {
        let label = self.first.field_label();
        if self.saves > 1 {
            format!("{label} ({} saves)", self.saves)
        } else {
            label
        }
    }

    fn continues_with(&self, next: &AuditEntry) -> bool {
        let last = self.last;
        next.is_typing()
            && last.is_typing()
            && next.item == last.item
            && next.target == last.target
            && next.field == last.field
            && next.author == last.author
            && next.old_value == last.new_value
            && next.at >= last.at
            && next.at - last.at <= SITTING_GAP
    }
}

/// Groups changes, oldest first, into the changes people read: every save
/// is kept in the audit trail, but a sitting of typing is listed once, from
/// the value before it to the value after.
pub fn edit_runs(entries: &[AuditEntry]) -> Vec<EditRun<'_>> {
    let mut runs: Vec<EditRun<'_>> = Vec::new();
    for entry in entries {
        match runs.last_mut() {
            Some(run) if run.continues_with(entry) => {
                run.last = entry;
                run.saves += 1;
            }
            _ => runs.push(EditRun::single(entry)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::role::Role;

    fn save(field: &str, old: Option<&str>, new: Option<&str>, name: &str, seconds: i64) -> AuditEntry {
        AuditEntry {
            id: Uuid::new_v4(),
            item: Some(ItemId::new("2.3")),
            target: None,
            field: field.to_owned(),
            old_value: old.map(str::to_owned),
            new_value: new.map(str::to_owned),
            author: Author {
                role: Role::Council,
                name: name.to_owned(),
                organisation: "Example Borough Council".to_owned(),
            },
            at: OffsetDateTime::UNIX_EPOCH + Duration::seconds(seconds),
        }
    }

    #[test]
    fn a_sitting_of_typing_reads_as_one_change_from_before_to_after() {
        let entries = vec![
            save("basis", None, Some("W"), "Jo", 0),
            save("basis", Some("W"), Some("We"), "Jo", 1),
            save("basis", Some("We"), Some("We audit"), "Jo", 2),
        ];
        let runs = edit_runs(&entries);
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].old_value(), runs[0].new_value()), (None, Some("We audit")));
        assert_eq!(runs[0].field_label(), "Basis for this score (3 saves)");
    }

    #[test]
    fn scores_other_people_other_fields_and_pauses_are_separate_changes() {
        let gap = SITTING_GAP.whole_seconds();
        let entries = vec![
            save("score", None, Some("1"), "Jo", 0),
            save("score", Some("1"), Some("2"), "Jo", 1),
            save("basis", None, Some("A"), "Jo", 2),
            save("basis", Some("A"), Some("AB"), "Sam", 3),
            save("notes", None, Some("N"), "Sam", 4),
            save("basis", Some("AB"), Some("ABC"), "Sam", 5),
            save("basis", Some("ABC"), Some("ABCD"), "Sam", 6 + gap),
            save("basis", Some("ABCD"), Some("ABCDE"), "Sam", 7 + gap),
        ];
        let runs: Vec<(usize, String)> = edit_runs(&entries)
            .iter()
            .map(|r| (r.saves, r.first.field.clone()))
            .collect();
        let expected = [
            (1, "score"),
            (1, "score"),
            (1, "basis"),
            (1, "basis"),
            (1, "notes"),
            (1, "basis"),
            (2, "basis"),
        ];
        assert_eq!(runs, expected.map(|(n, f)| (n, f.to_owned())));
        assert_eq!(edit_runs(&[]).len(), 0);
    }

    #[test]
    fn a_save_that_does_not_carry_on_from_the_last_starts_a_new_change() {
        // Another copy's change, merged in between, left the text elsewhere.
        let entries = vec![
            save("basis", None, Some("A"), "Jo", 0),
            save("basis", Some("Merged"), Some("Merged, then typed"), "Jo", 1),
        ];
        assert_eq!(edit_runs(&entries).len(), 2);
    }
}
