//! The workspace's top bar: where you are, the workflow's steps in fixed
//! places, undo and redo that say what they will do, the views, export,
//! who you are and whether everything is saved.

use super::{Selection, WorkspaceView, describe, save_queue::SaveStatus};
use crate::{
    domain::{Status, UndoHistory, Write, rules},
    ui::{Command, export_dialog::ExportDialog},
};

impl WorkspaceView {
    /// Three rows — where you are; the workflow's steps and undo; the views
    /// and you — so that a label changing length in one row (the status,
    /// "Undo: Score 1.1") never moves a control in another.
    pub(super) fn top_bar_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        self.where_you_are_ui(ui, commands);
        ui.horizontal_wrapped(|ui| {
            self.undo_redo_ui(ui, commands);
            ui.separator();
            self.status_steps_ui(ui, commands);
        });
        ui.horizontal_wrapped(|ui| {
            self.views_ui(ui);
            let history = Command::ShowAssessmentHistory;
            if ui
                .selectable_label(self.selection == Selection::History, history.label())
                .on_hover_text(history.tooltip())
                .clicked()
            {
                self.select(Selection::History);
                commands.push(history);
            }
            if ui
                .button("Export…")
                .on_hover_text("Print this assessment as a PDF pack, or save it for Word, Excel or CSV")
                .clicked()
            {
                let years = self.compared().len() > 1;
                self.export = Some(ExportDialog::new(&self.framework, &self.assessment).with_years(years));
            }
        });
    }

    /// The first row: back home and the assessment on the left, its title
    /// shortened to the room there is; its status, Help, who you are and
    /// whether everything is saved on the right, always in view.
    fn where_you_are_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let home = Command::GoHome;
            if ui.button(home.label()).on_hover_text(home.tooltip()).clicked() {
                commands.push(home);
            }
            ui.separator();
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // A fixed width, so "Saving…" and "Not saved – retrying"
                // move nothing beside them.
                let size = egui::vec2(140.0, ui.spacing().interact_size.y);
                let layout = egui::Layout::right_to_left(egui::Align::Center);
                ui.allocate_ui_with_layout(size, layout, |ui| save_indicator_ui(ui, self.saves.status()));
                ui.separator();
                let you = Command::EditYou;
                if ui
                    .button(format!("You: {}", self.author.describe()))
                    .on_hover_text(you.tooltip())
                    .clicked()
                {
                    commands.push(you);
                }
                let help = Command::Help;
                if ui.button(help.label()).on_hover_text(help.tooltip()).clicked() {
                    commands.push(help);
                }
                ui.separator();
                let mut status = self.assessment.status.label().to_owned();
                if self.assessment.superseded_by.is_some() {
                    status.push_str(" (superseded)");
                } else if self.assessment.self_locked && self.assessment.status != Status::Final {
                    status.push_str(" (self-assessment locked)");
                }
                ui.label(status);
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let title = describe(&self.assessment.details);
                    ui.add(egui::Label::new(egui::RichText::new(&title).strong()).truncate())
                        .on_hover_text(title);
                });
            });
        });
    }

    /// The views, each a tab that says what it shows.
    fn views_ui(&mut self, ui: &mut egui::Ui) {
        let views = [
            (Selection::Overview, "Overview", "Progress and scores across all themes"),
            (
                Selection::Compare,
                "Compare",
                "Self and peer scores side by side, with the gaps",
            ),
            (
                Selection::Report,
                "Report",
                "The peer team's key messages, strengths and areas for consideration",
            ),
            (
                Selection::Challenge,
                "Peer challenge",
                "The peer team, the days on site, and the scope questions with responses",
            ),
            (
                Selection::Plan,
                "Action plan",
                "The council's actions after the challenge, their status and progress",
            ),
            (
                Selection::Progress,
                "Progress",
                "This progress review beside the assessment it started from",
            ),
            (
                Selection::Evidence,
                "Evidence",
                "The register of documents behind the scores, and the peer team's requests",
            ),
            (
                Selection::Measures,
                "Measures",
                "The national outcome measures and where the council stands on each",
            ),
            (
                Selection::Years,
                "Year on year",
                "This assessment beside the council's others of the same framework",
            ),
        ];
        for (view, label, hint) in views {
            // Only a progress review has a baseline to show progress against.
            if view == Selection::Progress && self.assessment.baseline.is_none() {
                continue;
            }
            if ui
                .selectable_label(self.selection == view, label)
                .on_hover_text(hint)
                .clicked()
            {
                self.select(view);
            }
        }
    }

    /// The workflow's steps, always the same five in the same order, each
    /// with why the current role may not take it now (`None`: it may).
    fn status_steps(&self) -> [(Command, Option<String>); 5] {
        let check = |write| {
            rules::allows(&self.assessment, &self.framework, &self.author, write)
                .err()
                .map(|refused| refused.to_string())
        };
        let lock = if self.assessment.self_locked {
            (Command::UnlockSelf, check(Write::Unlock))
        } else {
            (Command::LockSelf, check(Write::Lock))
        };
        [
            (
                Command::SetStatus(Status::Submitted),
                check(Write::Status(Status::Submitted)),
            ),
            (Command::SetStatus(Status::Review), check(Write::Status(Status::Review))),
            (Command::SetStatus(Status::Final), check(Write::Status(Status::Final))),
            (Command::Reopen, check(Write::Reopen)),
            lock,
        ]
    }

    /// The workflow's steps, always the same five in the same places.
    fn status_steps_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        // Every step in the same place whatever the status, so a second
        // click never lands on a different step.
        for (step, refused) in self.status_steps() {
            let button = ui.add_enabled(refused.is_none(), egui::Button::new(step.label()));
            let button = match &refused {
                // A screen reader hears why, as the pointer's hover shows it.
                Some(reason) => {
                    let why = format!("{} — not now: {reason}", step.label());
                    button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, false, &why));
                    button.on_disabled_hover_text(format!("Not now: {reason}"))
                }
                None => button.on_hover_text(step.tooltip()),
            };
            if button.clicked() {
                commands.push(if step.needs_confirmation() {
                    Command::Confirm(Box::new(step))
                } else {
                    step
                });
            }
        }
    }

    /// Undo and redo, each saying what it will do.
    fn undo_redo_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        for command in [Command::Undo, Command::Redo] {
            let history = self.undo_history();
            let next = match command {
                Command::Undo => history.and_then(UndoHistory::next_undo),
                _ => history.and_then(UndoHistory::next_redo),
            };
            // The button says what it will undo, so it never does nothing unseen.
            let label = next.map_or_else(
                || command.label().to_owned(),
                |edit| format!("{}: {}", command.label(), edit.describe()),
            );
            // A fixed width, so a longer label moves nothing after it.
            let button = egui::Button::new(label).wrap_mode(egui::TextWrapMode::Truncate);
            let size = egui::vec2(150.0, ui.spacing().interact_size.y);
            if ui
                .add_enabled_ui(next.is_some(), |ui| ui.add_sized(size, button))
                .inner
                .on_hover_text(command.tooltip())
                .clicked()
            {
                commands.push(command);
            }
        }
    }
}

/// "Saved", "Saving…" or "Not saved – retrying", announced to a screen
/// reader as it changes (a failure at once).
fn save_indicator_ui(ui: &mut egui::Ui, status: &SaveStatus) {
    use egui::accesskit::Live;
    let (response, live) = match status {
        SaveStatus::Saved => (
            ui.label("Saved").on_hover_text("Every change is in the database"),
            Live::Polite,
        ),
        SaveStatus::Saving => (ui.label("Saving…"), Live::Polite),
        SaveStatus::Failed(message) => (
            ui.colored_label(ui.visuals().error_fg_color, "Not saved – retrying")
                .on_hover_text(message),
            Live::Assertive,
        ),
    };
    crate::ui::announce(ui, &response, live);
}
