//! "Restore from backup…": the automatic backups beside the database, newest
//! first, each with Restore. Restoring asks first and backs up the current
//! state before replacing it.

use std::path::PathBuf;

use crate::service::BackupInfo;

use super::{Command, format_local_time};

/// The dialog's state.
#[derive(Debug)]
pub struct BackupsDialog {
    backups: Result<Vec<BackupInfo>, String>,
    folder: PathBuf,
    confirm: Option<BackupInfo>,
    /// What happened last, shown at the foot.
    pub outcome: Option<Result<String, String>>,
}

impl BackupsDialog {
    /// A dialog listing `backups` from `folder`.
    pub fn new(backups: Result<Vec<BackupInfo>, String>, folder: PathBuf) -> Self {
        Self {
            backups,
            folder,
            confirm: None,
            outcome: None,
        }
    }

    /// Replaces the list (after a backup or restore).
    pub fn refresh(&mut self, backups: Result<Vec<BackupInfo>, String>) {
        self.backups = backups;
    }

    /// Draws the dialog; returns whether it stays open and a command to run.
    fn frame_ui(&mut self, ctx: &egui::Context) -> (bool, Option<Command>) {
        let mut keep_open = true;
        let mut command = None;
        let modal = egui::Modal::new(egui::Id::unique("backups_dialog")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(640.0);
            crate::ui::dialog::heading(ui, "Backups");
            ui.label(format!(
                "Critical Friend backs the database up the first time it is opened each day, before an upgrade, \
                 and before every import or restore. The newest are kept in {}.",
                self.folder.display()
            ));
            ui.add_space(6.0);
            match &self.backups {
                Err(message) => {
                    ui.colored_label(ui.visuals().error_fg_color, message);
                }
                Ok(backups) if backups.is_empty() => {
                    ui.label("No backups yet.");
                }
                Ok(backups) => {
                    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        egui::Grid::new("backups").striped(true).num_columns(4).show(ui, |ui| {
                            for backup in backups {
                                ui.label(format_local_time(backup.taken_at));
                                ui.label(backup.reason.label());
                                ui.label(format!("{} KB", backup.bytes.div_ceil(1024)));
                                let restore = format!("Restore {}", format_local_time(backup.taken_at));
                                if ui.button("Restore…").on_hover_text(&restore).clicked() {
                                    self.confirm = Some(backup.clone());
                                }
                                ui.end_row();
                            }
                        });
                    });
                }
            }
            if let Some(outcome) = &self.outcome {
                match outcome {
                    Ok(text) => ui.label(text),
                    Err(text) => ui.colored_label(ui.visuals().error_fg_color, text),
                };
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Back up now")
                    .on_hover_text("Take a backup of the database as it is now")
                    .clicked()
                {
                    command = Some(Command::BackUpNow);
                }
                if ui.button("Close").clicked() {
                    keep_open = false;
                }
            });
        });
        if let Some(backup) = self.confirm.clone() {
            egui::Modal::new(egui::Id::unique("confirm_restore")).show(ctx, |ui| {
                crate::ui::dialog::focus_first_when_opened(ui);
                ui.set_width(440.0);
                crate::ui::dialog::heading(ui, "Restore this backup?");
                ui.label(format!(
                    "Every assessment will be as it was on {}. The database as it is now is backed up first, so \
                     this can be undone by restoring that backup.",
                    format_local_time(backup.taken_at)
                ));
                ui.horizontal(|ui| {
                    // The safe choice first: it is where the keyboard starts.
                    if ui.button("Cancel").clicked() {
                        self.confirm = None;
                    }
                    if ui.button("Restore").clicked() {
                        command = Some(Command::RestoreBackup(backup.path.clone()));
                        self.confirm = None;
                    }
                });
            });
        } else if modal.should_close() {
            keep_open = false;
        }
        (keep_open, command)
    }
}

impl super::dialog::Dialog for BackupsDialog {
    fn ui(&mut self, ctx: &egui::Context) -> super::dialog::Outcome {
        let (keep_open, command) = self.frame_ui(ctx);
        super::dialog::Outcome { keep_open, command }
    }
}
