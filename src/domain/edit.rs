//! Edits to answers, and the undo/redo history built from them. Every change
//! a user makes to an answer is an [`Edit`]; storage saves edits and undo
//! replays their inverses.

use time::OffsetDateTime;

use super::{
    assessment::{Answer, Assessment},
    framework::ItemId,
    role::Role,
    score::Score,
};

/// Which answer field an edit changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The self-assessed score.
    Score,
    /// "Basis for this score".
    Basis,
    /// "Notes and queries".
    Notes,
    /// The peer team's score.
    PeerScore,
    /// The peer team's "Challenge and queries".
    Challenge,
}

impl Field {
    /// Every answer field.
    pub const ALL: [Field; 5] = [
        Field::Score,
        Field::Basis,
        Field::Notes,
        Field::PeerScore,
        Field::Challenge,
    ];

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Field::Score => "Score",
            Field::Basis => "Basis for this score",
            Field::Notes => "Notes and queries",
            Field::PeerScore => "Peer score",
            Field::Challenge => "Challenge and queries",
        }
    }

    /// A short name for narrow places: "Score", "Basis", "Peer score".
    pub fn short_label(self) -> &'static str {
        match self {
            Field::Score => "Score",
            Field::Basis => "Basis",
            Field::Notes => "Notes",
            Field::PeerScore => "Peer score",
            Field::Challenge => "Challenge",
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Score => "score",
            Field::Basis => "basis",
            Field::Notes => "notes",
            Field::PeerScore => "peer_score",
            Field::Challenge => "challenge",
        }
    }

    /// The field with this stored name.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.as_str() == name)
    }

    /// The role that writes this field.
    pub fn owner(self) -> Role {
        match self {
            Field::Score | Field::Basis | Field::Notes => Role::Council,
            Field::PeerScore | Field::Challenge => Role::Peer,
        }
    }
}

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
}

/// The new value of one answer field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
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

impl Change {
    /// The field this change writes.
    pub fn field(&self) -> Field {
        match self {
            Change::Score(_) => Field::Score,
            Change::Basis(_) => Field::Basis,
            Change::Notes(_) => Field::Notes,
            Change::PeerScore(_) => Field::PeerScore,
            Change::Challenge(_) => Field::Challenge,
        }
    }

    /// The value as stored and shown in history: a score's number, text as
    /// is, and `None` for "not scored".
    pub fn value_text(&self) -> Option<String> {
        match self {
            Change::Score(score) | Change::PeerScore(score) => score.map(|s| s.to_string()),
            Change::Basis(text) | Change::Notes(text) | Change::Challenge(text) => Some(text.clone()),
        }
    }

    /// The current value of `field` in an answer, as a change that would restore it.
    pub fn current(answer: &Answer, field: Field) -> Self {
        match field {
            Field::Score => Change::Score(answer.score),
            Field::Basis => Change::Basis(answer.basis.clone()),
            Field::Notes => Change::Notes(answer.notes.clone()),
            Field::PeerScore => Change::PeerScore(answer.peer_score),
            Field::Challenge => Change::Challenge(answer.challenge.clone()),
        }
    }
}

/// One change to one item's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The item whose answer changes.
    pub item: ItemId,
    /// The field and its new value.
    pub change: Change,
}

impl Edit {
    /// An edit of `item`.
    pub fn new(item: ItemId, change: Change) -> Self {
        Self { item, change }
    }

    /// What it changes, for a button: "Score 2.3".
    pub fn describe(&self) -> String {
        format!("{} {}", self.change.field().short_label(), self.item)
    }
}

impl Assessment {
    /// Whether `role` may make `edit` now.
    pub fn check_edit(&self, role: Role, edit: &Edit) -> Result<(), EditRefused> {
        self.check_field(role, edit.change.field())
    }

    /// Whether `role` may change `field` (of any item) now.
    pub fn check_field(&self, role: Role, field: Field) -> Result<(), EditRefused> {
        super::rules::frozen(self)?;
        if field.owner() != role {
            return Err(EditRefused::OtherRole {
                field: field.label(),
                owner: field.owner(),
            });
        }
        if role == Role::Council && self.self_locked {
            return Err(EditRefused::SelfLocked);
        }
        Ok(())
    }

    /// Applies an edit and returns the edit that would undo it, or `None` if
    /// it changed nothing.
    pub fn apply(&mut self, edit: &Edit, now: OffsetDateTime) -> Option<Edit> {
        let answer = self.answers.entry(edit.item.clone()).or_default();
        let before = Change::current(answer, edit.change.field());
        if before == edit.change {
            return None;
        }
        match &edit.change {
            Change::Score(score) => answer.score = *score,
            Change::Basis(text) => answer.basis.clone_from(text),
            Change::Notes(text) => answer.notes.clone_from(text),
            Change::PeerScore(score) => answer.peer_score = *score,
            Change::Challenge(text) => answer.challenge.clone_from(text),
        }
        answer.created_at.get_or_insert(now);
        answer.updated_at = Some(now);
        self.updated_at = now;
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
        let is_text = !matches!(after.change, Change::Score(_) | Change::PeerScore(_));
        if let Some(last) = self.undo.last_mut()
            && last.open
            && is_text
            && last.after.item == after.item
            && last.after.change.field() == after.change.field()
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
            Edit::new(item.clone(), Change::Score(Score::new(2).ok())),
        );
        edit_and_record(&mut a, &mut h, Edit::new(item.clone(), Change::Basis("R".into())));
        edit_and_record(&mut a, &mut h, Edit::new(item.clone(), Change::Basis("Re".into())));
        edit_and_record(
            &mut a,
            &mut h,
            Edit::new(item.clone(), Change::Basis("Reablement".into())),
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
        edit_and_record(&mut a, &mut h, Edit::new(item.clone(), Change::Notes("first".into())));
        h.seal();
        edit_and_record(
            &mut a,
            &mut h,
            Edit::new(item.clone(), Change::Notes("first second".into())),
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
                &Edit::new(ItemId::new("1.1"), Change::Score(None)),
                OffsetDateTime::UNIX_EPOCH
            )
            .is_none()
        );
    }
}
