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
    /// Shown at the first start, before anything is recorded.
    welcome: bool,
}

impl YouDialog {
    /// A dialog starting from who you are now.
    pub fn new(author: Author) -> Self {
        Self {
            draft: author,
            welcome: false,
        }
    }

    /// The dialog a new user meets first: what Critical Friend records
    /// with their name, then the same fields.
    pub fn first_start(author: Author) -> Self {
        Self {
            draft: author,
            welcome: true,
        }
    }
}

impl Dialog for YouDialog {
    fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::open();
        let modal = egui::Modal::new(egui::Id::unique("you_dialog")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(420.0);
            if self.welcome {
                crate::ui::dialog::heading(ui, "Welcome to Critical Friend");
                ui.label(
                    "Critical Friend holds a council's self-assessment of adult social care, the peer team's challenge and report, and the action plan that follows. Before you start, say who you are: your name and organisation are recorded with every change you make, and the council or the peer team checks them when your work reaches them. You can change them later with You… in an open assessment.",
                );
            } else {
                crate::ui::dialog::heading(ui, "You");
                ui.label("Every change you make is recorded with your role, name and organisation.");
            }
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
