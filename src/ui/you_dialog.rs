//! "You": the role, name and organisation every change is recorded with,
//! and the fingerprint of the key that signs them, to read aloud.

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
            key_ui(ui, &self.draft, &mut outcome);
            ui.add_space(8.0);
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

/// Your key's fingerprint, to read aloud to whoever accepts your files, and
/// your key card to send them.
fn key_ui(ui: &mut egui::Ui, author: &Author, outcome: &mut Outcome) {
    let Some(key) = author.key else {
        return;
    };
    ui.separator();
    ui.label("Your key signs every change you make. Whoever accepts your files checks its fingerprint with you:");
    ui.horizontal(|ui| {
        ui.label("Key fingerprint");
        let fingerprint = key.fingerprint();
        ui.add(egui::Label::new(egui::RichText::new(&fingerprint).monospace().strong()).selectable(true))
            .on_hover_text("Read it aloud, group by group, to the person checking it");
    });
    let card = Command::ChooseKeyCard;
    if ui.button(card.label()).on_hover_text(card.tooltip()).clicked() {
        *outcome = Outcome::ask(card);
    }
}
