//! Edits waiting to be written. Scores, and texts shorter than
//! [`BATCHED_TEXT_BYTES`], are saved in the frame they change, so every
//! typed character is in the database even if the window is destroyed a
//! moment later; longer texts are batched for up to [`TEXT_BATCH_SECONDS`],
//! so a pasted document does not rewrite megabytes per keystroke;
//! navigation and closing flush everything. A failed save keeps its edits and retries, so nothing typed is
//! lost while the problem lasts.

use crate::domain::Edit;

/// Longest time typing in a long text waits before it is saved.
pub const TEXT_BATCH_SECONDS: f64 = 1.0;
/// Texts at least this long (in bytes, about 3,000 words) are batched.
pub const BATCHED_TEXT_BYTES: usize = 20_000;
/// Wait between attempts after a save failed.
pub const RETRY_SECONDS: f64 = 2.0;

/// What the save indicator shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is in the database.
    Saved,
    /// Changes are waiting to be written.
    Saving,
    /// The last attempt failed; the message says why and what to do.
    Failed(String),
}

/// Whether two edits change the same field of the same item.
fn same_field(one: &Edit, other: &Edit) -> bool {
    one.item == other.item && one.value.field() == other.value.field()
}

/// Unsaved edits and when they became due.
#[derive(Debug)]
pub struct SaveQueue {
    edits: Vec<Edit>,
    oldest_at: Option<f64>,
    urgent: bool,
    failed_at: Option<f64>,
    status: SaveStatus,
}

impl Default for SaveQueue {
    fn default() -> Self {
        Self {
            edits: Vec::new(),
            oldest_at: None,
            urgent: false,
            failed_at: None,
            status: SaveStatus::Saved,
        }
    }
}

impl SaveQueue {
    /// Queues an edit made at `now` (seconds), replacing any queued edit of
    /// the same field — and keeping what that one was made from, which is
    /// what the database held when this window last saw it.
    pub fn push(&mut self, mut edit: Edit, now: f64) {
        let at_once = match &edit.value {
            crate::domain::AnswerValue::Score(_) | crate::domain::AnswerValue::PeerScore(_) => true,
            crate::domain::AnswerValue::Basis(text)
            | crate::domain::AnswerValue::Notes(text)
            | crate::domain::AnswerValue::Challenge(text) => text.len() < BATCHED_TEXT_BYTES,
        };
        if let Some(at) = self.edits.iter().position(|queued| same_field(queued, &edit)) {
            let queued = self.edits.remove(at);
            edit.seen = queued.seen.or(edit.seen);
        }
        self.edits.push(edit);
        self.oldest_at.get_or_insert(now);
        self.urgent |= at_once;
        if !matches!(self.status, SaveStatus::Failed(_)) {
            self.status = SaveStatus::Saving;
        }
    }

    /// Asks for everything to be written at the next chance (navigation, close).
    pub fn flush_soon(&mut self) {
        if !self.edits.is_empty() {
            self.urgent = true;
        }
    }

    /// The edits to write now, if any are due. `force` ignores batching and
    /// retry delays.
    pub fn take_due(&mut self, now: f64, force: bool) -> Option<Vec<Edit>> {
        if self.edits.is_empty() {
            return None;
        }
        let retry_wait_over = self.failed_at.is_none_or(|at| now - at >= RETRY_SECONDS);
        let batch_due = self.urgent || self.oldest_at.is_some_and(|at| now - at >= TEXT_BATCH_SECONDS);
        if force || (retry_wait_over && batch_due) {
            self.oldest_at = None;
            self.urgent = false;
            Some(std::mem::take(&mut self.edits))
        } else {
            None
        }
    }

    /// The edits taken were written.
    pub fn saved(&mut self) {
        self.failed_at = None;
        self.status = if self.edits.is_empty() {
            SaveStatus::Saved
        } else {
            SaveStatus::Saving
        };
    }

    /// The edits taken could not be written; keep them (ahead of any newer
    /// edits of the same fields, which win) and try again later.
    pub fn failed(&mut self, edits: Vec<Edit>, message: String, now: f64) {
        let newer = std::mem::replace(&mut self.edits, edits);
        for mut edit in newer {
            if let Some(at) = self.edits.iter().position(|queued| same_field(queued, &edit)) {
                let queued = self.edits.remove(at);
                edit.seen = queued.seen.or(edit.seen);
            }
            self.edits.push(edit);
        }
        self.oldest_at = Some(now);
        self.urgent = true;
        self.failed_at = Some(now);
        self.status = SaveStatus::Failed(message);
    }

    /// Queues every edit `other` holds, as made now.
    pub fn absorb(&mut self, other: SaveQueue) {
        let now = other.oldest_at.unwrap_or_default();
        for edit in other.edits {
            self.push(edit, now);
        }
        if other.urgent {
            self.urgent = true;
        }
    }

    /// The edits waiting to be written.
    pub fn queued(&self) -> &[Edit] {
        &self.edits
    }

    /// Whether anything is waiting to be written.
    pub fn has_unsaved(&self) -> bool {
        !self.edits.is_empty()
    }

    /// What the indicator shows.
    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    /// Seconds until the next write is due, to schedule a repaint.
    pub fn due_in(&self, now: f64) -> Option<f64> {
        if self.edits.is_empty() {
            return None;
        }
        let batch = if self.urgent {
            0.0
        } else {
            self.oldest_at.map_or(0.0, |at| TEXT_BATCH_SECONDS - (now - at))
        };
        let retry = self.failed_at.map_or(0.0, |at| RETRY_SECONDS - (now - at));
        Some(batch.max(retry).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AnswerValue, ItemId, Score};

    fn text(value: &str) -> Edit {
        Edit::new(ItemId::new("1.1"), AnswerValue::Basis(value.into()))
    }

    #[test]
    fn scores_and_short_texts_go_at_once_and_long_texts_wait_up_to_a_second() {
        let mut queue = SaveQueue::default();
        queue.push(text("a"), 10.0);
        assert_eq!(
            queue.take_due(10.0, false),
            Some(vec![text("a")]),
            "typed text goes at once"
        );
        queue.saved();
        assert_eq!(queue.status(), &SaveStatus::Saved);
        let long = "x".repeat(BATCHED_TEXT_BYTES);
        queue.push(text(&long), 20.0);
        queue.push(text(&format!("{long}y")), 20.5);
        assert!(queue.take_due(20.9, false).is_none());
        let due = queue.take_due(21.0, false).expect("due after 1 s");
        assert_eq!(due, vec![text(&format!("{long}y"))]);
        queue.saved();
        queue.push(
            Edit::new(ItemId::new("1.2"), AnswerValue::Score(Score::new(1).ok())),
            30.0,
        );
        assert!(queue.take_due(30.0, false).is_some());
    }

    #[test]
    fn failed_saves_keep_edits_and_newer_typing_wins() {
        let mut queue = SaveQueue::default();
        queue.push(text("old"), 0.0);
        let taken = queue.take_due(0.0, true).expect("forced");
        queue.push(text("newer"), 0.5);
        queue.failed(taken, "disk full".into(), 1.0);
        assert!(matches!(queue.status(), SaveStatus::Failed(_)));
        assert!(queue.take_due(2.0, false).is_none(), "waits before retrying");
        let retry = queue.take_due(3.0, false).expect("retries");
        assert_eq!(retry, vec![text("newer")]);
    }
}
