//! Saving what is typed: due edits written through the gate; a field
//! someone else saved meanwhile set before the person as a choice, never
//! written over; and changes other windows and processes commit noticed
//! and shown, without touching what is still being typed here.

use super::{CriticalFriendApp, Screen};
use crate::{
    domain::{AnswerValue, Assessment, Edit, Refused, Subject, merge::Resolution},
    service::ServiceError,
    ui::conflict_dialog::{Clash, ConflictDialog},
};

impl CriticalFriendApp {
    /// Writes due edits through the gate. With `force`, writes everything now.
    pub(super) fn flush(&mut self, now: f64, force: bool) {
        let Screen::Workspace(workspace) = &mut self.screen else {
            return;
        };
        let Ok(session) = &mut self.session else {
            return;
        };
        let Some(edits) = workspace.saves.take_due(now, force) else {
            return;
        };
        match session.apply_edits(workspace.assessment.id, &edits) {
            Ok(()) => {
                workspace.saves.saved();
                // An open item history shows the change just saved.
                if let Some((item, entries)) = &mut workspace.history
                    && edits.iter().any(|edit| &edit.item == item)
                    && let Ok(fresh) = session.database().history(workspace.assessment.id, Some(item))
                {
                    *entries = fresh;
                }
            }
            Err(ServiceError::Refused(Refused::Conflict { .. })) => self.settle(edits, now),
            Err(error) => workspace.saves.failed(edits, error.to_string(), now),
        }
    }

    /// Some of `edits` were made from values saved over elsewhere since:
    /// those become choices for the person; the rest are saved as usual.
    fn settle(&mut self, edits: Vec<Edit>, now: f64) {
        let (Screen::Workspace(workspace), Ok(session)) = (&mut self.screen, &self.session) else {
            return;
        };
        let id = workspace.assessment.id;
        let Ok(fresh) = session.load(id) else {
            workspace
                .saves
                .failed(edits, "the assessment could not be read again".to_owned(), now);
            return;
        };
        let mut clashes = Vec::new();
        let mut saved = crate::ui::workspace::save_queue::SaveQueue::default();
        for edit in edits {
            let field = edit.value.field();
            let theirs = AnswerValue::current(fresh.answer(&edit.item), field);
            if theirs == edit.value {
                continue;
            }
            if edit.seen.as_ref() == Some(&theirs) {
                saved.push(edit, now);
                continue;
            }
            let subject = Subject::Answer(edit.item.clone(), field);
            let theirs_by = session
                .database()
                .history(id, Some(&edit.item))
                .ok()
                .and_then(|history| history.into_iter().rev().find(|change| change.subject == subject))
                .map_or_else(|| "Someone else".to_owned(), |change| change.author.describe());
            clashes.push(Clash {
                label: format!("{} {}", edit.item, workspace.framework().labels.field(field)),
                mine: edit,
                theirs,
                theirs_by,
            });
        }
        workspace.saves.absorb(saved);
        workspace.refresh(fresh);
        // The window keeps showing the person's own words until they choose.
        for clash in &clashes {
            workspace.show_unsaved(&clash.mine);
        }
        match &mut self.conflict {
            Some(dialog) => dialog.add(clashes),
            None if !clashes.is_empty() => self.conflict = Some(ConflictDialog::new(clashes)),
            None => {}
        }
    }

    /// Does what the person chose for a field saved elsewhere meanwhile.
    pub(super) fn resolve(&mut self, clash: Clash, resolution: Resolution, now: f64) {
        let Screen::Workspace(workspace) = &mut self.screen else {
            return;
        };
        let item = clash.mine.item.clone();
        let kept = match resolution {
            Resolution::Theirs => {
                workspace.show_unsaved(&Edit::new(item, clash.theirs));
                return;
            }
            Resolution::Mine => clash.mine.value.clone(),
            Resolution::Both => {
                let text = |value: &AnswerValue| value.value_text().unwrap_or_default();
                let both = crate::domain::merge::keep_both(
                    &text(&clash.mine.value),
                    &workspace.author.describe(),
                    &text(&clash.theirs),
                    &clash.theirs_by,
                );
                AnswerValue::text(clash.mine.value.field(), both).unwrap_or_else(|| clash.mine.value.clone())
            }
        };
        let edit = Edit::new(item, kept).seen_as(clash.theirs);
        workspace.show_unsaved(&edit);
        workspace.saves.push(edit, now);
        workspace.saves.flush_soon();
        self.flush(now, true);
    }

    /// If another window or process has committed a change since this one
    /// last looked, shows the assessment as it now is — keeping what is
    /// still being typed here, and the fields waiting for a choice.
    pub(super) fn notice_other_writers(&mut self) {
        let (Screen::Workspace(workspace), Ok(session)) = (&mut self.screen, &self.session) else {
            self.seen_version = None;
            return;
        };
        let Ok(version) = session.database().data_version() else {
            return;
        };
        let changed = self.seen_version.is_some_and(|seen| seen != version);
        self.seen_version = Some(version);
        if !changed {
            return;
        }
        let Ok(fresh): Result<Assessment, _> = session.load(workspace.assessment.id) else {
            return;
        };
        let waiting: Vec<Edit> = self.conflict.as_ref().map(ConflictDialog::waiting).unwrap_or_default();
        // Measure values imported meanwhile (say from the command line)
        // show at once, not only when the assessment is next opened.
        if let Ok(standings) = session.standings_for(&fresh) {
            workspace.measures = standings;
        }
        workspace.refresh(fresh);
        for edit in &waiting {
            workspace.show_unsaved(edit);
        }
    }
}
