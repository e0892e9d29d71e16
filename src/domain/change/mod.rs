//! One change, described once: what it touches ([`Subject`]), the value it
//! changes *from* and *to*, who made it and when, and its id. Every way
//! data changes — the app, the command line, a workbook, an exchange file
//! merged, a bundle — is described as changes of this one type
//! ([`describe`]), checked by one rule entry
//! ([`crate::domain::rules::check`]) and applied by one function
//! ([`Assessment::apply_change`]); the history stores them as they are,
//! the merge derives its keys from them and the exchange file carries them.
//!
//! A change's *from* is the value its author saw. If the assessment no
//! longer holds it, the change is a conflict, never an overwrite.

mod action_field;
mod apply;
pub mod build;
pub mod describe;
mod field;
mod subject;
pub mod value;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

pub use self::{
    apply::Unappliable,
    subject::{
        ActionPart, AnswerField, AssessmentField, DocumentPart, EntryField, EntryKind, MalformedChange, RequestPart,
        Subject, TextPart,
    },
};
use super::{assessment::Assessment, framework::Labels, role::Author};

/// One change: what, from what, to what, by whom, when.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Unique in the database and the same in every copy the change
    /// travels to, so merges can tell which changes each side has seen.
    pub id: Uuid,
    /// What it touches.
    pub subject: Subject,
    /// The value before, as its author saw it (`None` for "nothing").
    pub from: Option<String>,
    /// The value after.
    pub to: Option<String>,
    /// Who made it.
    pub author: Author,
    /// When.
    pub at: OffsetDateTime,
    /// This copy did not take it: a merge kept another value, so what this
    /// copy holds is not this change's *to*. It stays in the history, and
    /// travels, so every copy knows it was seen.
    pub declined: bool,
    /// Its author's signature over it ([`crate::domain::signing`]); `None`
    /// for a change made before signing, or not yet recorded.
    pub signature: Option<crate::domain::signing::Signature>,
}

impl Change {
    /// A new change with a fresh id.
    pub fn new(
        subject: Subject,
        (from, to): (Option<String>, Option<String>),
        author: &Author,
        at: OffsetDateTime,
    ) -> Self {
        Self {
            id: Uuid::new_v4(),
            subject,
            from,
            to,
            author: author.clone(),
            at,
            declined: false,
            signature: None,
        }
    }

    /// The change that would set `subject` of `assessment` to `to`, from
    /// what it holds now; `None` when it already holds `to`.
    pub fn to_value(
        assessment: &Assessment,
        subject: Subject,
        to: Option<String>,
        author: &Author,
        at: OffsetDateTime,
    ) -> Option<Self> {
        let from = value::current(assessment, &subject);
        (from != to).then(|| Self::new(subject, (from, to), author, at))
    }

    /// What changed, as people read it, in the framework's words.
    pub fn label(&self, labels: &Labels) -> String {
        self.subject.label(labels)
    }

    /// Both values as people read them ([`value::shown`]), each one line
    /// and at most `max_chars` long, from near where they differ.
    pub fn preview(&self, max_chars: usize) -> (String, String) {
        let from = value::shown(&self.subject, self.from.as_deref());
        let to = value::shown(&self.subject, self.to.as_deref());
        preview_pair(from.as_deref(), to.as_deref(), max_chars)
    }

    /// Whether it is signed, as the history says it: "signed", or with
    /// `fingerprint` "signed, key 3F9A 71C2 …"; "unsigned" for a change
    /// made before signing.
    pub fn signed_note(&self, fingerprint: bool) -> String {
        match (self.author.key, fingerprint) {
            (None, _) => "unsigned".to_owned(),
            (Some(_), false) => "signed".to_owned(),
            (Some(key), true) => format!("signed, key {}", key.fingerprint()),
        }
    }

    /// Checks that the recorded values are values of the field: scores,
    /// statuses, locks, dates, sources, notes, particulars, files and
    /// answers that read back.
    pub fn check_values(&self) -> Result<(), MalformedChange> {
        if [&self.from, &self.to]
            .into_iter()
            .all(|v| value::readable(&self.subject, v.as_deref()))
        {
            Ok(())
        } else {
            Err(MalformedChange {
                id: self.id,
                field: self.subject.key(),
                problem: "records a value that field cannot hold".to_owned(),
            })
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
        assert_eq!(
            preview_pair(Some("Ask"), Some("Ask finance"), 40),
            ("“Ask”".into(), "“Ask finance”".into())
        );
        assert_eq!(preview_pair(None, Some("Ask"), 40), ("–".into(), "“Ask”".into()));
        let (before, _) = preview_pair(Some(&old), Some("Different"), 40);
        assert!(before.starts_with("“Evidence gap"), "{before}");
    }
}
