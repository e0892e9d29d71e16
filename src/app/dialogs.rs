//! The app's own frame around dialogs: drawing the open ones (who you are,
//! import, backups), the notice at the foot, the screen shown when the
//! database cannot be opened, and the question asked before closing with
//! unsaved changes.

use super::CriticalFriendApp;
use crate::ui::{self, dialog::dialog_ui};

impl CriticalFriendApp {
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context, now: f64) {
        let confirming = self.confirm.is_some();
        let confirmed = dialog_ui(&mut self.confirm, ctx);
        if confirming && self.confirm.is_none() {
            // Half a second: longer than the gap between a double click's two clicks.
            self.clicks_ignored_until = now + 0.5;
        }
        // Who you are is asked first: a file the app was started with waits
        // behind that question rather than opening over it.
        let asking_who = self.you_dialog.is_some();
        let commands = [
            confirmed,
            dialog_ui(&mut self.you_dialog, ctx),
            if asking_who {
                None
            } else {
                dialog_ui(&mut self.import, ctx)
            },
            dialog_ui(&mut self.backups, ctx),
            dialog_ui(&mut self.frameworks, ctx),
            dialog_ui(&mut self.conflict, ctx),
        ];
        for command in commands.into_iter().flatten() {
            self.run(command, ctx, now);
        }
    }

    pub(super) fn open_failed_ui(&mut self, ui: &mut egui::Ui, message: &str) {
        let mut retry = None;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Critical Friend cannot open its database");
            ui.add_space(8.0);
            ui.label(message);
            ui.add_space(8.0);
            ui.label(
                "Nothing has been written to that file. To use another file, start Critical Friend with \
                 --db PATH or set CRITICAL_FRIEND_DB.",
            );
            ui.add_space(8.0);
            if cfg!(feature = "encryption") {
                let label = ui.label("If the database is protected with a passphrase, enter it:");
                ui.horizontal(|ui| {
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut self.passphrase).password(true))
                        .labelled_by(label.id);
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if (ui.button("Open with passphrase").clicked() || enter) && !self.passphrase.is_empty() {
                        retry = Some(Some(std::mem::take(&mut self.passphrase)));
                    }
                });
                ui.add_space(8.0);
            }
            if ui.button("Try again").clicked() {
                retry = Some(None);
            }
        });
        if let Some(passphrase) = retry {
            let author = self.author.clone();
            *self = Self::open(self.db_path.clone(), passphrase.as_deref());
            self.set_author(author);
        }
    }

    pub(super) fn notice_ui(&mut self, ui: &mut egui::Ui) {
        let failed = super::save_failure(&self.screen);
        if self.notice.is_none() && failed.is_none() {
            return;
        }
        egui::Panel::bottom("notice").show(ui, |ui| {
            use egui::accesskit::Live;
            if let Some(message) = failed {
                let response = ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Not saved: {message} Your changes are kept in the window and saving is retried."),
                );
                ui::announce(ui, &response, Live::Assertive);
            }
            if let Some(notice) = &self.notice {
                let mut dismiss = false;
                ui.horizontal_wrapped(|ui| {
                    // Announced to a screen reader: errors at once, news at a pause.
                    if notice.is_error {
                        let response = ui.colored_label(ui.visuals().error_fg_color, &notice.text);
                        ui::announce(ui, &response, Live::Assertive);
                    } else {
                        let response = ui.label(&notice.text);
                        ui::announce(ui, &response, Live::Polite);
                    }
                    dismiss = ui.button("Dismiss").clicked();
                });
                if dismiss {
                    self.notice = None;
                }
            }
        });
    }

    pub(super) fn close_ui(&mut self, ctx: &egui::Context, now: f64) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed {
            self.flush(now, true);
            if self.has_unsaved() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.close_blocked = Some(
                    super::save_failure(&self.screen)
                        .unwrap_or_else(|| "The database did not accept the changes.".to_owned()),
                );
            }
        }
        let Some(message) = self.close_blocked.clone() else {
            return;
        };
        egui::Modal::new(egui::Id::unique("close_blocked")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(440.0);
            crate::ui::dialog::heading(ui, "Your latest changes are not saved");
            ui.label(message);
            ui.label("They are still here in the window. Fix the problem and try again, or close and lose them.");
            ui.horizontal(|ui| {
                if ui.button("Try again").clicked() {
                    self.flush(now, true);
                    if !self.has_unsaved() {
                        self.close_blocked = None;
                        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                }
                if ui.button("Keep working").clicked() {
                    self.close_blocked = None;
                }
                if ui.button("Close without saving").clicked() {
                    self.close_confirmed = true;
                    self.close_blocked = None;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
    }
}
