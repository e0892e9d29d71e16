//! Edits to answers, and the undo/redo history built from them. Every
//! change a user makes to an answer is an [`Edit`], described as a
//! [`super::change::Change`] when it is saved; undo replays inverses.

use time::OffsetDateTime;

use super::{
    assessment::{Answer, Assessment},
    framework::ItemId,
    role::{Author, Role},
    score::Score,
};

pub use super::change::AnswerField;

/// Why an edit is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditRefused {
    /// The field belongs to the other role.
    #[error("the {field} belongs to the {owner} role; switch role to change it")]
    OtherRole {
        /// The field's name.
        field: &'static str,
        /// Who owns it.
        owner: Role,
    },
    /// The self-assessment was submitted and is locked.
    #[error("the self-assessment was submitted to the peer team and is locked; unlock it first")]
    SelfLocked,
    /// Final assessments are frozen.
    #[error("the assessment is Final and cannot change; reopen it to make a new version")]
    Final,
    /// An older version, replaced by a reopened one.
    #[error("this version was superseded when the assessment was reopened; edit the newer version")]
    Superseded,
    /// The peer team issued its report as Final.
    #[error("the peer challenge report is Final; the peer team sets it back to Draft to change it")]
    ReportFinal,
}

/// The new value of one answer field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerValue {
    /// Set or clear the score.
    Score(Option<Score>),
    /// Replace the basis text.
    Basis(String),
    /// Replace the notes and queries text.
    Notes(String),
    /// Set or clear the peer score.
    PeerScore(Option<Score>),
    /// Replace the challenge and queries text.
    Challenge(String),
}

impl AnswerValue {
    /// The field this change writes.
    pub fn field(&self) -> AnswerField {
        match self {
            AnswerValue::Score(_) => AnswerField::Score,
            AnswerValue::Basis(_) => AnswerField::Basis,
            AnswerValue::Notes(_) => AnswerField::Notes,
            AnswerValue::PeerScore(_) => AnswerField::PeerScore,
            AnswerValue::Challenge(_) => AnswerField::Challenge,
        }
    }

    /// The value as stored and shown in history: a score's number, text as
    /// is, and `None` for "not scored".
    pub fn value_text(&self) -> Option<String> {
        match self {
            AnswerValue::Score(score) | AnswerValue::PeerScore(score) => score.map(|s| s.to_string()),
            AnswerValue::Basis(text) | AnswerValue::Notes(text) | AnswerValue::Challenge(text) => Some(text.clone()),
        }
    }

    /// A text for a text field (`None` for a score).
    pub fn text(field: AnswerField, text: String) -> Option<Self> {
        match field {
            AnswerField::Basis => Some(AnswerValue::Basis(text)),
            AnswerField::Notes => Some(AnswerValue::Notes(text)),
            AnswerField::Challenge => Some(AnswerValue::Challenge(text)),
            AnswerField::Score | AnswerField::PeerScore => None,
        }
    }

    /// The current value of `field` in an answer, as a change that would restore it.
    pub fn current(answer: &Answer, field: AnswerField) -> Self {
        match field {
            AnswerField::Score => AnswerValue::Score(answer.score),
            AnswerField::Basis => AnswerValue::Basis(answer.basis.clone()),
            AnswerField::Notes => AnswerValue::Notes(answer.notes.clone()),
            AnswerField::PeerScore => AnswerValue::PeerScore(answer.peer_score),
            AnswerField::Challenge => AnswerValue::Challenge(answer.challenge.clone()),
        }
    }
}

/// One change to one item's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The item whose answer changes.
    pub item: ItemId,
    /// The field and its new value.
    pub value: AnswerValue,
    /// The value the person editing saw before, where a window shows it:
    /// if the answer no longer holds it, someone else changed it meanwhile
    /// and the edit is a conflict, not an overwrite. `None` edits whatever
    /// is there (the command line, a workbook cell already checked).
    pub seen: Option<AnswerValue>,
}

impl Edit {
    /// An edit of `item`, of whatever value it holds.
    pub fn new(item: ItemId, value: AnswerValue) -> Self {
        Self {
            item,
            value,
            seen: None,
        }
    }

    /// The same edit, made by someone who saw `seen` before it.
    #[must_use]
    pub fn seen_as(mut self, seen: AnswerValue) -> Self {
        self.seen = Some(seen);
        self
    }

    /// What it changes, for a button: "Score 2.3".
    pub fn describe(&self) -> String {
        format!("{} {}", self.value.field().short_label(), self.item)
    }
}

impl Assessment {
    /// Applies an edit to this copy and returns the edit that would undo
    /// it, or `None` if it changed nothing. The edit is described as a
    /// change and applied as every change is.
    pub fn apply(&mut self, edit: &Edit, now: OffsetDateTime) -> Option<Edit> {
        let before = AnswerValue::current(self.answer(&edit.item), edit.value.field());
        let subject = super::change::Subject::Answer(edit.item.clone(), edit.value.field());
        let change = super::change::Change::to_value(self, subject, edit.value.value_text(), &Author::default(), now)?;
        self.apply_change(&change).ok()?;
        Some(Edit::new(edit.item.clone(), before))
    }
}

#[derive(Clone, Debug)]
struct Step {
    before: Edit,
    after: Edit,
    /// Typing into the same field keeps extending one step until sealed.
    open: bool,
}

/// Undo and redo of answer edits within one session.
#[derive(Clone, Debug, Default)]
pub struct UndoHistory {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// How many steps are kept.
const MAX_STEPS: usize = 500;

impl UndoHistory {
    /// Records an edit that has been applied. `before` is the inverse
    /// returned by [`Assessment::apply`]. Successive text edits of one field
    /// join one step until [`UndoHistory::seal`] is called.
    pub fn record(&mut self, before: Edit, after: Edit) {
        self.redo.clear();
        let is_text = !after.value.field().is_score();
        if let Some(last) = self.undo.last_mut()
            && last.open
            && is_text
            && last.after.item == after.item
            && last.after.value.field() == after.value.field()
        {
            last.after = after;
            return;
        }
        self.seal();
        self.undo.push(Step {
            before,
            after,
            open: is_text,
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// Ends the current typing step, so the next keystroke starts a new one.
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.open = false;
        }
    }

    /// The edit that undoes the latest step, moving it to the redo list.
    pub fn undo(&mut self) -> Option<Edit> {
        let mut step = self.undo.pop()?;
        step.open = false;
        let edit = step.before.clone();
        self.redo.push(step);
        Some(edit)
    }

    /// The edit that redoes the latest undone step.
    pub fn redo(&mut self) -> Option<Edit> {
        let step = self.redo.pop()?;
        let edit = step.after.clone();
        self.undo.push(step);
        Some(edit)
    }

    /// The edit undoing the latest step would make, without making it.
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last().map(|step| &step.before)
    }

    /// The edit redoing the latest undone step would make.
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last().map(|step| &step.after)
    }

    /// Whether there is anything to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is anything to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{assessment::AssessmentDetails, framework::Catalogue};

    fn fixture() -> Assessment {
        Assessment::new(
            Catalogue::builtin().default_framework(),
            AssessmentDetails::default(),
            OffsetDateTime::UNIX_EPOCH,
        )
    }

    fn edit_and_record(a: &mut Assessment, h: &mut UndoHistory, edit: Edit) {
        if let Some(before) = a.apply(&edit, OffsetDateTime::UNIX_EPOCH) {
            h.record(before, edit);
        }
    }

    #[test]
    fn undo_and_redo_restore_scores_and_text() {
        let mut a = fixture();
        let mut h = UndoHistory::default();
        let item = ItemId::new("2.1");
        edit_and_record(
            &mut a,
            &mut h,
            Edit::new(item.clone(), AnswerValue::Score(Score::new(2).ok())),
        );
        edit_and_record(&mut a, &mut h, Edit::new(item.clone(), AnswerValue::Basis("R".into())));
        edit_and_record(&mut a, &mut h, Edit::new(item.clone(), AnswerValue::Basis("Re".into())));
        edit_and_record(
            &mut a,
            &mut h,
            Edit::new(item.clone(), AnswerValue::Basis("Reablement".into())),
        );

        let undo = h.undo().expect("typing is one step");
        a.apply(&undo, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(a.answer(&item).basis, "");
        let undo = h.undo().expect("score step");
        a.apply(&undo, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(a.answer(&item).score, None);
        assert!(!h.can_undo());

        let redo = h.redo().expect("score again");
        a.apply(&redo, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(a.answer(&item).score, Score::new(2).ok());
        let redo = h.redo().expect("text again");
        a.apply(&redo, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(a.answer(&item).basis, "Reablement");
    }

    #[test]
    fn sealing_splits_typing_into_steps() {
        let mut a = fixture();
        let mut h = UndoHistory::default();
        let item = ItemId::new("1.1");
        edit_and_record(
            &mut a,
            &mut h,
            Edit::new(item.clone(), AnswerValue::Notes("first".into())),
        );
        h.seal();
        edit_and_record(
            &mut a,
            &mut h,
            Edit::new(item.clone(), AnswerValue::Notes("first second".into())),
        );
        let undo = h.undo().expect("second step");
        a.apply(&undo, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(a.answer(&item).notes, "first");
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_recorded() {
        let mut a = fixture();
        assert!(
            a.apply(
                &Edit::new(ItemId::new("1.1"), AnswerValue::Score(None)),
                OffsetDateTime::UNIX_EPOCH
            )
            .is_none()
        );
    }
}
