//! "You": the role, name and organisation every change is recorded with.

use crate::domain::{Author, Role};

use super::{
    Command,
    dialog::{Dialog, Outcome},
    labelled_line_ui,
};

/// The dialog's draft of who you are.
#[derive(Clone, Debug)]
pub struct YouDialog {
    draft: Author,
}

impl YouDialog {
    /// A dialog starting from who you are now.
    pub fn new(author: Author) -> Self {
        Self { draft: author }
    }
}

impl Dialog for YouDialog {
    fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::open();
        let modal = egui::Modal::new(egui::Id::unique("you_dialog")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading("You");
            ui.label("Every change you make is recorded with your role, name and organisation.");
            ui.horizontal(|ui| {
                for role in [Role::Council, Role::Peer] {
                    ui.radio_value(&mut self.draft.role, role, role.label());
                }
            });
            labelled_line_ui(ui, "Name", &mut self.draft.name, "e.g. Siân Ŵyn");
            labelled_line_ui(
                ui,
                "Organisation",
                &mut self.draft.organisation,
                "e.g. Example Borough Council",
            );
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    outcome = Outcome::done(Command::SetYou(self.draft.clone()));
                }
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::closed();
                }
            });
        });
        if modal.should_close() && outcome.keep_open {
            outcome = Outcome::closed();
        }
        outcome
    }
}
