//! When a save finds that someone else — another window, another process,
//! a merge — changed the same text or score since this window showed it:
//! both values, side by side, and a choice of which to keep (or both, for
//! a text). Nothing is written until the person chooses.

use super::{
    Command,
    dialog::{Dialog, Outcome},
};
use crate::domain::{AnswerValue, Edit, merge::Resolution};

/// One field saved meanwhile elsewhere.
#[derive(Clone, Debug, PartialEq)]
pub struct Clash {
    /// What the field is, e.g. "1.1 Basis for this score".
    pub label: String,
    /// This window's edit, made from what it showed.
    pub mine: Edit,
    /// What the database holds now.
    pub theirs: AnswerValue,
    /// Who saved that, as people read it.
    pub theirs_by: String,
}

/// The fields waiting for a choice, first one shown.
#[derive(Clone, Debug, Default)]
pub struct ConflictDialog {
    clashes: Vec<Clash>,
}

impl ConflictDialog {
    /// Asks about `clashes`, one after another.
    pub fn new(clashes: Vec<Clash>) -> Self {
        Self { clashes }
    }

    /// The edits waiting for a choice, as this window made them.
    pub fn waiting(&self) -> Vec<Edit> {
        self.clashes.iter().map(|clash| clash.mine.clone()).collect()
    }

    /// Adds more, asked after those already waiting.
    pub fn add(&mut self, clashes: Vec<Clash>) {
        for clash in clashes {
            self.clashes.retain(|waiting| {
                !(waiting.mine.item == clash.mine.item && waiting.mine.value.field() == clash.mine.value.field())
            });
            self.clashes.push(clash);
        }
    }
}

fn shown(value: &AnswerValue) -> String {
    match value.value_text() {
        None => "Not scored".to_owned(),
        Some(text) if text.is_empty() => "(empty)".to_owned(),
        Some(text) => text,
    }
}

impl Dialog for ConflictDialog {
    fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let Some(clash) = self.clashes.first().cloned() else {
            return Outcome::closed();
        };
        let mut chosen = None;
        egui::Modal::new(egui::Id::unique("conflict_dialog")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(560.0);
            crate::ui::dialog::heading(ui, format!("{} was changed elsewhere", clash.label));
            ui.label(format!(
                "{} saved it while this window showed the earlier text. Nothing is lost: choose which to keep.",
                clash.theirs_by
            ));
            for (heading, text) in [
                ("Yours (in this window)", shown(&clash.mine.value)),
                (format!("Theirs ({})", clash.theirs_by).as_str(), shown(&clash.theirs)),
            ] {
                ui.add_space(6.0);
                ui.strong(heading);
                egui::ScrollArea::vertical()
                    .id_salt(heading)
                    .max_height(120.0)
                    .show(ui, |ui| ui.label(text));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Keep mine").clicked() {
                    chosen = Some(Resolution::Mine);
                }
                if ui.button("Keep theirs").clicked() {
                    chosen = Some(Resolution::Theirs);
                }
                let text = !clash.mine.value.field().is_score();
                if text && ui.button("Keep both").clicked() {
                    chosen = Some(Resolution::Both);
                }
            });
        });
        match chosen {
            Some(resolution) => {
                self.clashes.remove(0);
                let command = Command::ResolveConflict(Box::new(clash), resolution);
                if self.clashes.is_empty() {
                    Outcome::done(command)
                } else {
                    Outcome::ask(command)
                }
            }
            None => Outcome::open(),
        }
    }
}
