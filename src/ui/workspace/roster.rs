//! "People and keys": whose keys may sign this assessment's changes, each
//! fingerprint to compare aloud, a person added from their key card and a
//! key retired (a lost laptop, a person who left). Who may add or retire
//! whom is the roster's own rule (`RosterEntry::may_manage`), asked here
//! only to grey out what would be refused.

use crate::{
    domain::{
        Assessment, Author,
        roster::{RosterEntry, entry_for, who_adds},
    },
    ui::Command,
};

/// The roster, and what the person may do to it.
pub fn roster_ui(ui: &mut egui::Ui, assessment: &Assessment, you: &Author) -> Option<Command> {
    ui.strong(format!("People and keys ({})", assessment.roster.len()));
    if assessment.roster.is_empty() {
        ui.label("No keys yet: this assessment was started before changes were signed. Its council's next change puts the council's key first.");
        return None;
    }
    ui.label(
        "Only these keys may sign changes to this assessment, each for its side. Compare a fingerprint aloud with its owner before you add or accept it.",
    );
    let yours = you.key.and_then(|key| entry_for(assessment, key, you.role));
    let mut command = None;
    egui::Grid::new("roster").striped(true).num_columns(4).show(ui, |ui| {
        for entry in &assessment.roster {
            ui.label(crate::domain::roster::describe_person(&entry.name, &entry.organisation));
            ui.label(entry.standing());
            ui.add(egui::Label::new(egui::RichText::new(entry.key.fingerprint()).monospace()).selectable(true));
            if let Some(at) = entry.retired {
                ui.label(format!("Retired {}", at.date()));
            } else if let Some(retire) = retire_ui(ui, yours, entry) {
                command = Some(retire);
            }
            ui.end_row();
        }
    });
    let add = Command::ChooseRosterCard;
    let may_add = yours
        .is_some_and(|yours| yours.retired.is_none() && (yours.role == crate::domain::Role::Council || yours.lead));
    let button = ui
        .add_enabled(may_add, egui::Button::new(add.label()))
        .on_hover_text(add.tooltip())
        .on_disabled_hover_text("Only the council and the peer team's lead add people");
    if button.clicked() {
        command = Some(add);
    }
    command
}

/// The "Retire…" button of `entry`, greyed out unless `yours` may retire it.
fn retire_ui(ui: &mut egui::Ui, yours: Option<&RosterEntry>, entry: &RosterEntry) -> Option<Command> {
    let may = yours.is_some_and(|yours| yours.may_manage(entry));
    let retire = Command::RetireKey(entry.key.fingerprint());
    ui.add_enabled(may, egui::Button::new("Retire…"))
        .on_hover_text(retire.tooltip())
        .on_disabled_hover_text(format!("Only {} retires this key", who_adds(entry.role, entry.lead)))
        .clicked()
        .then(|| Command::Confirm(Box::new(retire)))
}
