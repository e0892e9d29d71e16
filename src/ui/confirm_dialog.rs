//! Asks before a consequential step — submitting, marking Final, unlocking
//! or locking the self-assessment, reopening — and says what will happen.

use super::{
    Command,
    dialog::{Dialog, Outcome},
};

/// The step waiting for a yes.
#[derive(Clone, Debug)]
pub struct ConfirmDialog {
    command: Command,
    /// What the person should know about this assessment before the step.
    note: Option<String>,
}

impl ConfirmDialog {
    /// Asks before `command`.
    pub fn new(command: Command) -> Self {
        Self { command, note: None }
    }

    /// Says `note` too, before the person confirms.
    #[must_use]
    pub fn with_note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }
}

impl Dialog for ConfirmDialog {
    fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::open();
        let modal = egui::Modal::new(egui::Id::unique("confirm_step")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(440.0);
            crate::ui::dialog::heading(ui, format!("{}?", self.command.label()));
            ui.label(self.command.consequence());
            if let Some(note) = &self.note {
                ui.colored_label(ui.visuals().warn_fg_color, note);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                // The safe choice first: it is where the keyboard starts.
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::closed();
                }
                if ui.button(format!("Confirm: {}", self.command.label())).clicked() {
                    outcome = Outcome::done(self.command.clone());
                }
            });
        });
        if modal.should_close() && outcome.keep_open {
            outcome = Outcome::closed();
        }
        outcome
    }
}
