//! Running the commands screens push: each becomes one request through the
//! [`Session`], whose rules decide whether it may happen. The app shows the
//! outcome; it never checks a rule or writes to the database itself.

use std::path::Path;

use super::{CriticalFriendApp, Screen};
use crate::{
    domain::{Assessment, AssessmentId, ChallengeOp, ItemId, ListOp, merge::Resolution},
    service::{ServiceError, Session},
    ui::{
        Command, backups_dialog::BackupsDialog, confirm_dialog::ConfirmDialog, export_dialog::ExportState,
        import_dialog::ImportDialog, workspace::WorkspaceView, you_dialog::YouDialog,
    },
};

impl CriticalFriendApp {
    /// Runs one command from the frame just drawn.
    pub(super) fn run(&mut self, command: Command, ctx: &egui::Context, now: f64) {
        match command {
            command @ (Command::CreateAssessment(..)
            | Command::OpenExample
            | Command::OpenChallengedExample
            | Command::OpenYearOnExample) => {
                self.create_and_open(command);
            }
            command @ (Command::EditDetails(..) | Command::Duplicate(..) | Command::Delete(_)) => {
                self.run_listing_command(command);
            }
            Command::Open(id) => {
                let loaded = self.session().and_then(|s| s.load(id).map_err(|e| e.to_string()));
                self.open_or_show(loaded);
            }
            Command::GoHome => {
                self.flush(now, true);
                if self.has_unsaved() {
                    self.error("Your latest changes could not be saved yet, so the assessment stays open. See the message beside “Not saved”.");
                } else {
                    self.go_home();
                }
            }
            Command::Undo => {
                if let Screen::Workspace(workspace) = &mut self.screen {
                    workspace.undo(now);
                }
            }
            Command::Redo => {
                if let Screen::Workspace(workspace) = &mut self.screen {
                    workspace.redo(now);
                }
            }
            Command::Confirm(step) => self.confirm_step(*step),
            Command::SetStatus(_) | Command::UnlockSelf | Command::LockSelf => self.change_status(now, &command),
            Command::Reopen => self.reopen(now),
            Command::ShowHistory(item) => self.load_item_history(item),
            Command::EditYou => self.you_dialog = Some(YouDialog::new(self.author.clone())),
            Command::SetYou(author) => self.set_author(author),
            keys @ (Command::ChooseKeyCard
            | Command::SaveKeyCard(_)
            | Command::ChooseRosterCard
            | Command::AddRosterCard(_)
            | Command::RetireKey(_)) => self.run_key_command(keys, ctx),
            Command::ChangeList(op) => self.change_list(&op),
            Command::ChangeReport(op) => self.change_report(&op),
            command @ (Command::SetSetting { .. } | Command::ChooseAscofFile | Command::ImportAscof { .. }) => {
                self.run_measures_command(command, ctx);
            }
            Command::ChooseExportFile(suggested) => self.choose_file(ctx, &suggested, super::jobs::FileFor::Export),
            Command::ChooseImportFile(suggested) => self.choose_file(ctx, &suggested, super::jobs::FileFor::Import),
            Command::Export(request) => self.export(ctx, request),
            Command::ExportExchange(path) => self.export_exchange(now, &path),
            Command::ChangeChallenge(op) => self.change_challenge(&op),
            command @ (Command::ChangeAction(_) | Command::PlanFromFindings | Command::StartReview(_)) => {
                self.run_plan_command(command, ctx, now);
            }
            evidence @ (Command::ChangeDocument(_)
            | Command::AddDocument { .. }
            | Command::ChangeRequest(_)
            | Command::OpenAttachment(_)
            | Command::OpenFolder(_)
            | Command::ChooseAttachment(_)
            | Command::AttachFile(..)
            | Command::ExportBundle(_)
            | Command::ChooseBundle
            | Command::ImportBundle(_)) => self.run_evidence_command(evidence, ctx),
            Command::ShowAssessmentHistory => self.load_assessment_history(),
            Command::OpenImport => self.import = Some(ImportDialog::new()),
            Command::CheckImport(path) => self.check_import(&path),
            Command::ApplyImport(resolutions, accepted) => self.apply_import(&resolutions, &accepted),
            command @ (Command::OpenFrameworks
            | Command::ChooseFrameworkFile(_)
            | Command::CheckFramework(_)
            | Command::AddFramework(_)
            | Command::RemoveFramework(_)) => self.run_framework_command(command, ctx),
            Command::OpenBackups => self.open_backups(),
            Command::BackUpNow => self.back_up_now(),
            Command::RestoreBackup(path) => self.restore_backup(&path),
            Command::Help => self.help_open = !self.help_open,
            Command::ResolveConflict(clash, resolution) => self.resolve(*clash, resolution, now),
            // Single keys, handled by the view they are pressed in.
            Command::ScoreByKey(_) | Command::NextItem | Command::PreviousItem | Command::StartWriting => {}
        }
    }

    /// Opens a created or loaded assessment, or shows why there is none.
    fn open_or_show(&mut self, result: Result<Assessment, String>) {
        match result {
            Ok(assessment) => self.open_assessment(assessment),
            Err(error) => self.error(error),
        }
    }

    fn back_up_now(&mut self) {
        let result = self.session().and_then(|s| {
            s.back_up_now()
                .map(|path| format!("Backed up to {}", path.display()))
                .map_err(|e| e.to_string())
        });
        self.show_backup_outcome(result);
    }

    fn backup_list(&self) -> Result<Vec<crate::service::BackupInfo>, String> {
        crate::storage::backup::list(&self.db_path).map_err(|e| e.to_string())
    }

    /// Shows what a backup or restore did, with the list as it is now.
    fn show_backup_outcome(&mut self, result: Result<String, String>) {
        let list = self.backup_list();
        if let Some(dialog) = &mut self.backups {
            dialog.outcome = Some(result);
            dialog.refresh(list);
        }
    }

    fn restore_backup(&mut self, path: &Path) {
        let result = self.session().and_then(|s| {
            s.restore(path)
                .map(|safety| format!("Restored. The state before is kept in {}", safety.display()))
                .map_err(|e| e.to_string())
        });
        self.show_backup_outcome(result);
        self.go_home();
    }

    /// Writes the open assessment, with every saved change, as an exchange file.
    fn export_exchange(&mut self, now: f64, path: &Path) {
        self.flush(now, true);
        let Screen::Workspace(workspace) = &mut self.screen else {
            return;
        };
        let result = if workspace.saves.has_unsaved() {
            Err(
                "Your latest changes are not saved yet, so the file would miss them. Try again when “Saved” shows."
                    .to_owned(),
            )
        } else {
            match &mut self.session {
                Ok(session) => session
                    .export_exchange(workspace.assessment.id, path)
                    .map_err(|e| e.to_string()),
                Err(error) => Err(error.clone()),
            }
        };
        if let Some(dialog) = &mut workspace.export {
            dialog.set_state(match &result {
                Ok(()) => ExportState::Done(path.to_path_buf()),
                Err(message) => ExportState::Failed(message.clone()),
            });
        }
        match result {
            Ok(()) => self.info(format!("Saved {}", path.display())),
            Err(message) => self.error(message),
        }
    }

    /// Applies a change to the scope questions, team or visit and reloads them.
    fn change_challenge(&mut self, op: &ChallengeOp) {
        self.change_open(
            |session, id| session.change_challenge(id, op),
            |workspace, fresh| {
                workspace.assessment.scope = fresh.scope;
                workspace.assessment.team = fresh.team;
                workspace.assessment.visit = fresh.visit;
                workspace.challenge.refresh();
            },
        );
    }

    /// Changes the details of, duplicates or deletes an assessment listed on
    /// the home screen, then shows the list again.
    fn run_listing_command(&mut self, command: Command) {
        match command {
            Command::EditDetails(id, details) => {
                if let Err(error) = self
                    .session()
                    .and_then(|s| s.update_details(id, details).map_err(|e| e.to_string()))
                {
                    self.error(error);
                }
                self.go_home();
            }
            Command::Duplicate(id, details) => {
                match self
                    .session()
                    .and_then(|s| s.duplicate(id, details).map_err(|e| e.to_string()))
                {
                    Ok(copy) => self.info(format!("Created “{}” as a new draft.", copy.details.title)),
                    Err(error) => self.error(error),
                }
                self.go_home();
            }
            Command::Delete(id) => {
                if let Err(error) = self.session().and_then(|s| s.delete(id).map_err(|e| e.to_string())) {
                    self.error(error);
                }
                self.go_home();
            }
            _ => {}
        }
    }

    /// Creates an assessment, or adds an example, and opens it.
    fn create_and_open(&mut self, command: Command) {
        let year_on = command == Command::OpenYearOnExample;
        let created = self.session().and_then(|s| {
            match command {
                Command::CreateAssessment(details, framework) => s.create(details, framework.as_ref()),
                Command::OpenExample => s.create_example(),
                Command::OpenYearOnExample => s.create_example_a_year_on(),
                _ => s.create_example_after_challenge(),
            }
            .map_err(|e| e.to_string())
        });
        self.open_or_show(created);
        // A year on, what there is to see first is what moved.
        if year_on && let Screen::Workspace(workspace) = &mut self.screen {
            workspace.select(crate::ui::workspace::Selection::Progress);
        }
    }

    /// Changes the action plan, starts it from the findings, starts the
    /// progress review, or changes the evidence.
    fn run_plan_command(&mut self, command: Command, ctx: &egui::Context, now: f64) {
        let take = |workspace: &mut WorkspaceView, fresh: Assessment| workspace.assessment.actions = fresh.actions;
        match command {
            Command::ChangeAction(op) => self.change_open(|session, id| session.change_action(id, &op), take),
            Command::PlanFromFindings => self.change_open(Session::plan_from_findings, take),
            Command::StartReview(period) => self.start_review(now, &period),
            evidence => self.run_evidence_command(evidence, ctx),
        }
    }

    /// Starts the progress review of the open assessment and opens it.
    fn start_review(&mut self, now: f64, period: &str) {
        self.flush(now, true);
        let (Screen::Workspace(workspace), Ok(session)) = (&self.screen, &mut self.session) else {
            return;
        };
        match session.start_review(workspace.assessment.id, period) {
            Ok(review) => {
                self.info(format!("Started the progress review for {period}"));
                self.open_assessment(review);
            }
            Err(error) => self.error(error.to_string()),
        }
    }

    /// Applies a change to the peer team's lists and reloads them.
    fn change_list(&mut self, op: &ListOp) {
        self.change_open(
            |session, id| session.change_list(id, op),
            |workspace, fresh| workspace.assessment.peer = fresh.peer,
        );
    }

    fn change_report(&mut self, op: &crate::domain::ReportOp) {
        self.change_open(
            |session, id| session.change_report(id, op),
            |workspace, fresh| workspace.assessment.report = fresh.report,
        );
    }

    /// Sends a change to the open assessment outside its answers through
    /// the gate, then hands the freshly loaded assessment to `take`.
    pub(super) fn change_open<T>(
        &mut self,
        write: impl FnOnce(&mut Session, AssessmentId) -> Result<T, ServiceError>,
        take: impl FnOnce(&mut WorkspaceView, Assessment),
    ) {
        let (Screen::Workspace(workspace), Ok(session)) = (&mut self.screen, &mut self.session) else {
            return;
        };
        let id = workspace.assessment.id;
        let result = write(session, id)
            .and_then(|_| session.load(id))
            .map_err(|e| e.to_string());
        match result {
            Ok(fresh) => {
                // The open copy knows when the assessment last changed,
                // whichever part of it `take` copies.
                let changed_at = fresh.updated_at.max(workspace.assessment.updated_at);
                take(workspace, fresh);
                workspace.assessment.updated_at = changed_at;
                // A history on screen shows the change just made.
                if workspace.assessment_history.take().is_some() {
                    self.load_assessment_history();
                }
            }
            Err(error) => self.error(error),
        }
    }

    /// Asks before `step`, saying what the person should know first.
    fn confirm_step(&mut self, step: Command) {
        let note = self.before_step(&step);
        self.confirm = Some(ConfirmDialog::new(step).with_note(note));
    }

    /// What the person should know before `step`: submitting an
    /// assessment with items unscored, or scored with no basis.
    fn before_step(&self, step: &Command) -> Option<String> {
        let (Command::SetStatus(crate::domain::Status::Submitted), Screen::Workspace(workspace)) = (step, &self.screen)
        else {
            return None;
        };
        let items = workspace.framework().item_count();
        let scored = workspace.assessment.scored_count();
        let bare = workspace.assessment.scored_without_basis();
        if scored == items && bare == 0 {
            return None;
        }
        let without_basis = if bare > 0 {
            format!(
                ", and {} {} no basis for the score",
                crate::text::count(bare, "scored item"),
                if bare == 1 { "has" } else { "have" }
            )
        } else {
            String::new()
        };
        Some(format!(
            "{scored} of {items} items are scored{without_basis}. The peer team reads the self-assessment as it is sent."
        ))
    }

    fn open_backups(&mut self) {
        let folder = crate::storage::backup::folder_for(&self.db_path);
        self.backups = Some(BackupsDialog::new(self.backup_list(), folder));
    }

    fn load_item_history(&mut self, item: ItemId) {
        let (Screen::Workspace(workspace), Ok(session)) = (&mut self.screen, &self.session) else {
            return;
        };
        match session.database().history(workspace.assessment.id, Some(&item)) {
            Ok(entries) => workspace.history = Some((item, entries)),
            Err(error) => self.error(error.to_string()),
        }
    }

    fn load_assessment_history(&mut self) {
        let (Screen::Workspace(workspace), Ok(session)) = (&mut self.screen, &self.session) else {
            return;
        };
        let id = workspace.assessment.id;
        let database = session.database();
        match database
            .history(id, None)
            .and_then(|entries| Ok((entries, database.merge_reports(id)?)))
        {
            Ok(loaded) => workspace.assessment_history = Some(loaded),
            Err(error) => self.error(error.to_string()),
        }
    }

    fn check_import(&mut self, path: &Path) {
        let result = match &self.session {
            Ok(session) => session.prepare_import(path).map_err(|e| e.to_string()),
            Err(error) => Err(error.clone()),
        };
        if let Some(dialog) = &mut self.import {
            dialog.checked(result);
        }
    }

    fn apply_import(&mut self, resolutions: &[Resolution], accepted: &[crate::domain::signing::PublicKey]) {
        let (Some(dialog), Ok(session)) = (&mut self.import, &mut self.session) else {
            return;
        };
        let Some(prepared) = dialog.prepared() else {
            return;
        };
        let source = dialog.source();
        let result = session
            .apply_import_accepting(prepared, (resolutions, accepted), &source)
            .map(|report| report.lines)
            .map_err(|e| e.to_string());
        dialog.finished(result);
        if matches!(self.screen, Screen::Home(_)) {
            self.go_home();
        }
    }

    /// Saves pending edits, then takes the workflow `step` (a status, an
    /// unlock or a lock) through the gate, and reloads the assessment.
    fn change_status(&mut self, now: f64, step: &Command) {
        self.flush(now, true);
        let (Screen::Workspace(workspace), Ok(session)) = (&mut self.screen, &mut self.session) else {
            return;
        };
        let id = workspace.assessment.id;
        let result = match step {
            Command::SetStatus(status) => session.set_status(id, *status),
            Command::LockSelf => session.lock(id),
            _ => session.unlock(id),
        }
        .and_then(|()| session.load(id))
        .map_err(|e| e.to_string());
        match result {
            Ok(assessment) => workspace.reload(assessment),
            Err(error) => self.error(error),
        }
    }

    /// Reopens the open Final assessment as a new version and opens that.
    fn reopen(&mut self, now: f64) {
        self.flush(now, true);
        let Screen::Workspace(workspace) = &self.screen else {
            return;
        };
        let id = workspace.assessment.id;
        match self.session().and_then(|s| s.reopen(id).map_err(|e| e.to_string())) {
            Ok(next) => {
                self.info("Reopened as a new version; the Final version is kept read-only and marked superseded.");
                self.open_assessment(next);
            }
            Err(error) => self.error(error),
        }
    }
}
