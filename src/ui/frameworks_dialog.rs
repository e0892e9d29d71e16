//! "Frameworks…": every framework this database can use, built in or added,
//! with how many assessments answer each; adding one from a file, after
//! checking it and showing what it holds; removing an added one no
//! assessment uses, after asking. The rules decide what may be removed —
//! the dialog shows their answer, greyed out with the reason.

use std::path::PathBuf;

use crate::domain::{Framework, FrameworkRef};

use super::Command;

/// One framework as the dialog lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameworkRow {
    /// Which framework.
    pub reference: FrameworkRef,
    /// "CQC local authority assessment, version 2024".
    pub title: String,
    /// "4 themes, 9 quality statements, scored 1–4, with an overall rating".
    pub shape: String,
    /// "Built in", or "Added 2 Dec 2026 13:19 by Ann, Council".
    pub origin: String,
    /// "2 assessments".
    pub uses: String,
    /// `None` when it may be removed now, else why not.
    pub not_removable: Option<String>,
}

/// Where adding a file is.
#[derive(Debug)]
enum AddState {
    /// Waiting for a file.
    Ready,
    /// The system file dialog is open.
    Choosing,
    /// Checked: what it holds, and a note (e.g. "already in this database").
    Checked(Box<Framework>, Option<String>),
    /// Refused, with why.
    Failed(String),
}

/// The dialog's state.
#[derive(Debug)]
pub struct FrameworksDialog {
    rows: Vec<FrameworkRow>,
    path: String,
    state: AddState,
    confirm_remove: Option<FrameworkRow>,
    note: Option<String>,
    /// What happened last, shown at the foot.
    outcome: Option<Result<String, String>>,
}

impl FrameworksDialog {
    /// A dialog listing `rows`.
    pub fn new(rows: Vec<FrameworkRow>) -> Self {
        Self {
            rows,
            path: String::new(),
            state: AddState::Ready,
            confirm_remove: None,
            note: None,
            outcome: None,
        }
    }

    /// The list again, after an add or remove, with what happened.
    pub fn refresh(&mut self, rows: Vec<FrameworkRow>, outcome: Result<String, String>) {
        self.rows = rows;
        if outcome.is_ok() {
            self.state = AddState::Ready;
        }
        self.outcome = Some(outcome);
    }

    /// The app checked a file: the framework it holds, or why it was refused.
    pub fn checked(&mut self, result: Result<(Framework, Option<String>), String>) {
        self.outcome = None;
        self.state = match result {
            Ok((framework, note)) => AddState::Checked(Box::new(framework), note),
            Err(message) => AddState::Failed(message),
        };
    }

    /// The system dialog returned a file (or none).
    pub fn chosen(&mut self, path: Option<PathBuf>, no_dialog_available: bool) {
        self.state = AddState::Ready;
        match path {
            Some(path) => {
                self.path = path.display().to_string();
                self.note = None;
            }
            None => {
                self.note = no_dialog_available.then(|| {
                    "No file dialog is available on this system. Type the file's path, then press Check.".to_owned()
                });
            }
        }
    }

    fn frame_ui(&mut self, ctx: &egui::Context) -> (bool, Option<Command>) {
        let mut keep_open = true;
        let mut command = None;
        let modal = egui::Modal::new(egui::Id::unique("frameworks_dialog")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(720.0);
            crate::ui::dialog::heading(ui, "Frameworks");
            ui.label(
                "The frameworks assessments in this database can answer. Each assessment keeps to the framework it \
                 was started with; a framework in use never changes and cannot be removed — a new version supersedes it.",
            );
            ui.add_space(6.0);
            egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                for row in &self.rows {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            ui.strong(&row.title);
                            ui.label(format!("· {}", row.shape));
                        });
                        ui.horizontal(|ui| {
                            ui.label(format!("{} · used by {}", row.origin, row.uses));
                            let remove = ui
                                .add_enabled(row.not_removable.is_none(), egui::Button::new("Remove…"))
                                .on_hover_text(format!("Remove {}", row.title));
                            if let Some(reason) = &row.not_removable {
                                remove.on_disabled_hover_text(format!("Not now: {reason}"));
                            } else if remove.clicked() {
                                self.confirm_remove = Some(row.clone());
                            }
                        });
                    });
                }
            });
            ui.add_space(8.0);
            ui.separator();
            if let Some(add) = self.add_ui(ui) {
                command = Some(add);
            }
            if let Some(outcome) = &self.outcome {
                match outcome {
                    Ok(text) => ui.label(text),
                    Err(text) => ui.colored_label(ui.visuals().error_fg_color, text),
                };
            }
            ui.add_space(8.0);
            if ui.button("Close").clicked() {
                keep_open = false;
            }
        });
        if let Some(row) = self.confirm_remove.clone() {
            egui::Modal::new(egui::Id::unique("confirm_remove_framework")).show(ctx, |ui| {
                crate::ui::dialog::focus_first_when_opened(ui);
                ui.set_width(440.0);
                crate::ui::dialog::heading(ui, "Remove this framework?");
                ui.label(format!(
                    "{} will no longer be offered for new assessments. No assessment uses it. You can add it again \
                     from its file.",
                    row.title
                ));
                ui.horizontal(|ui| {
                    // The safe choice first: it is where the keyboard starts.
                    if ui.button("Cancel").clicked() {
                        self.confirm_remove = None;
                    }
                    if ui.button("Remove").clicked() {
                        command = Some(Command::RemoveFramework(row.reference.clone()));
                        self.confirm_remove = None;
                    }
                });
            });
        } else if modal.should_close() && !matches!(self.state, AddState::Choosing) {
            keep_open = false;
        }
        (keep_open, command)
    }

    /// The file to add, Check, and what the checked file holds, with Add.
    fn add_ui(&mut self, ui: &mut egui::Ui) -> Option<Command> {
        let mut command = None;
        ui.strong("Add a framework from a file");
        ui.label("A framework file is JSON, described in docs/framework-format.md. It is checked whole before anything is added.");
        let choosing = matches!(self.state, AddState::Choosing);
        let label = ui.label("Framework file");
        ui.horizontal(|ui| {
            let edit = ui
                .add_enabled(
                    !choosing,
                    egui::TextEdit::singleline(&mut self.path).desired_width(440.0),
                )
                .labelled_by(label.id);
            if edit.changed() {
                self.state = AddState::Ready;
            }
            if ui.add_enabled(!choosing, egui::Button::new("Choose…")).clicked() {
                self.state = AddState::Choosing;
                command = Some(Command::ChooseFrameworkFile(PathBuf::from(self.path.trim())));
            }
            if ui
                .add_enabled(!choosing && !self.path.trim().is_empty(), egui::Button::new("Check"))
                .on_hover_text("Read the file and show the framework it holds; nothing is added")
                .clicked()
            {
                command = Some(Command::CheckFramework(PathBuf::from(self.path.trim())));
            }
        });
        if let Some(note) = &self.note {
            ui.label(note);
        }
        match &self.state {
            AddState::Ready => {}
            AddState::Choosing => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Waiting for the file dialog…");
                });
            }
            AddState::Failed(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            AddState::Checked(framework, note) => {
                preview_ui(ui, framework);
                match note {
                    Some(note) => {
                        ui.label(note);
                    }
                    None => {
                        if ui
                            .button("Add")
                            .on_hover_text("Add this framework to the database, exactly as shown")
                            .clicked()
                        {
                            command = Some(Command::AddFramework(framework.clone()));
                        }
                    }
                }
            }
        }
        command
    }
}

/// What a checked framework holds: its themes and items, scale and rule.
fn preview_ui(ui: &mut egui::Ui, framework: &Framework) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.strong(framework.describe());
        egui::ScrollArea::vertical()
            .id_salt("framework_preview")
            .max_height(200.0)
            .show(ui, |ui| {
                for theme in &framework.themes {
                    ui.label(format!(
                        "{}. {} — {} {}",
                        theme.number,
                        theme.title,
                        theme.items.len(),
                        framework.labels.items.to_lowercase()
                    ));
                }
                ui.label(format!(
                    "Scale: {}",
                    framework
                        .scale
                        .levels()
                        .iter()
                        .map(|level| format!("{} {}", level.score, level.label))
                        .collect::<Vec<_>>()
                        .join(" · ")
                ));
                if let Some(rule) = &framework.rating {
                    let bands: Vec<String> = rule
                        .bands
                        .iter()
                        .map(|band| format!("{}–{}% {}", band.from_percent, band.to_percent, band.label))
                        .collect();
                    ui.label(format!("Overall rating: {}", bands.join(" · ")));
                }
                ui.label(egui::RichText::new(&framework.source).weak());
            });
    });
}

impl super::dialog::Dialog for FrameworksDialog {
    fn ui(&mut self, ctx: &egui::Context) -> super::dialog::Outcome {
        let (keep_open, command) = self.frame_ui(ctx);
        super::dialog::Outcome { keep_open, command }
    }
}
