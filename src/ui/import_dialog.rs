//! Importing or merging an exchange file: pick the file, see what it would
//! change, choose for each field changed on both sides (keep mine, take
//! theirs, or keep both texts), then import. Nothing is written until the
//! user presses Import, and then everything is written in one transaction.

use std::path::PathBuf;

use crate::{domain::merge::Resolution, service::import::Prepared};

use super::Command;

/// Where the import is.
#[derive(Debug)]
pub enum ImportState {
    /// Waiting for a file.
    Ready,
    /// The system file dialog is open.
    Choosing,
    /// Checked: what importing would do.
    Checked(Box<Prepared>),
    /// Imported; the merge report's lines.
    Done(Vec<String>),
    /// Refused, with why.
    Failed(String),
}

/// The dialog's state.
#[derive(Debug)]
pub struct ImportDialog {
    path: String,
    state: ImportState,
    choices: Choices,
    note: Option<String>,
}

/// What the person chose: for each conflict, and whether to accept each
/// key the roster does not know.
#[derive(Debug, Default)]
struct Choices {
    resolutions: Vec<Option<Resolution>>,
    accepted: Vec<bool>,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self::new()
    }
}

impl ImportDialog {
    /// An empty dialog.
    pub fn new() -> Self {
        Self {
            path: String::new(),
            state: ImportState::Ready,
            choices: Choices::default(),
            note: None,
        }
    }

    /// A dialog for `path`, which the app checks at once.
    pub fn for_file(path: &std::path::Path) -> Self {
        Self {
            path: path.display().to_string(),
            state: ImportState::Ready,
            ..Self::new()
        }
    }

    /// The app checked the file.
    pub fn checked(&mut self, result: Result<Prepared, String>) {
        match result {
            Ok(prepared) => {
                self.choices = Choices {
                    resolutions: vec![None; prepared.conflicts().len()],
                    accepted: vec![false; prepared.strangers().len()],
                };
                self.state = ImportState::Checked(Box::new(prepared));
            }
            Err(message) => self.state = ImportState::Failed(message),
        }
    }

    /// The file's name, as merge reports name their source.
    pub fn source(&self) -> String {
        let path = std::path::Path::new(self.path.trim());
        path.file_name().map_or_else(
            || self.path.trim().to_owned(),
            |name| name.to_string_lossy().into_owned(),
        )
    }

    /// The checked import, to apply.
    pub fn prepared(&self) -> Option<&Prepared> {
        match &self.state {
            ImportState::Checked(prepared) => Some(prepared),
            _ => None,
        }
    }

    /// The app finished (or refused) the import.
    pub fn finished(&mut self, result: Result<Vec<String>, String>) {
        self.state = match result {
            Ok(lines) => ImportState::Done(lines),
            Err(message) => ImportState::Failed(message),
        };
    }

    /// The system dialog returned a file (or none).
    pub fn chosen(&mut self, path: Option<PathBuf>, no_dialog_available: bool) {
        self.state = ImportState::Ready;
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

    /// Draws the dialog; returns whether it stays open and a command to run.
    fn frame_ui(&mut self, ctx: &egui::Context) -> (bool, Option<Command>) {
        let mut keep_open = true;
        let mut command = None;
        let modal = egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(680.0);
            crate::ui::dialog::heading(ui, "Import or merge a file");
            ui.label(
                "Import an assessment file from the council, the peer team or a reviewer. A new assessment is added; \
                 one you already have is merged field by field, and you choose wherever both sides changed the same thing.",
            );
            ui.add_space(6.0);
            let choosing = matches!(self.state, ImportState::Choosing);
            let label = ui.strong("File");
            ui.horizontal(|ui| {
                let edit = ui
                    .add_enabled(!choosing, egui::TextEdit::singleline(&mut self.path).desired_width(440.0))
                    .labelled_by(label.id);
                if edit.changed() {
                    self.state = ImportState::Ready;
                }
                if ui.add_enabled(!choosing, egui::Button::new("Choose…")).clicked() {
                    self.state = ImportState::Choosing;
                    command = Some(Command::ChooseImportFile(PathBuf::from(self.path.trim())));
                }
                if ui
                    .add_enabled(!choosing && !self.path.trim().is_empty(), egui::Button::new("Check"))
                    .on_hover_text("Read the file and show what importing it would change; nothing is written")
                    .clicked()
                {
                    command = Some(Command::CheckImport(PathBuf::from(self.path.trim())));
                }
            });
            if let Some(note) = &self.note {
                ui.label(note);
            }
            ui.add_space(6.0);
            match &self.state {
                ImportState::Ready => {}
                ImportState::Choosing => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Waiting for the file dialog…");
                    });
                }
                ImportState::Checked(prepared) => {
                    if let Some(apply) = checked_ui(ui, prepared, &mut self.choices) {
                        command = Some(apply);
                    }
                }
                ImportState::Done(lines) => {
                    ui.strong("Imported. The merge report is stored with the assessment:");
                    egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                        for line in lines {
                            ui.label(line);
                        }
                    });
                }
                ImportState::Failed(message) => {
                    ui.colored_label(ui.visuals().error_fg_color, message);
                }
            }
            ui.add_space(8.0);
            if ui.button("Close").clicked() {
                keep_open = false;
            }
        });
        if modal.should_close() && !matches!(self.state, ImportState::Choosing) {
            keep_open = false;
        }
        (keep_open, command)
    }
}

/// What the checked file would change, each new key to accept, a choice
/// per conflict, and Import.
fn checked_ui(ui: &mut egui::Ui, prepared: &Prepared, choices: &mut Choices) -> Option<Command> {
    let conflicts = prepared.conflicts();
    let lines: Vec<String> = prepared
        .describe()
        .into_iter()
        .filter(|line| !line.starts_with("CONFLICT") && !line.starts_with("NEW KEY"))
        .collect();
    ui.strong("What importing changes");
    if lines.is_empty() {
        ui.label("Nothing changes without a choice.");
    }
    egui::ScrollArea::vertical()
        .id_salt("import_changes")
        .max_height(160.0)
        .show(ui, |ui| {
            for line in &lines {
                ui.label(line);
            }
        });
    strangers_ui(ui, prepared, &mut choices.accepted);
    if !conflicts.is_empty() {
        ui.add_space(6.0);
        ui.strong(format!("Changed on both sides ({}): choose for each", conflicts.len()));
        ui.label(
            egui::RichText::new(
                "“Keep both” keeps the two texts, each labelled with its author; it is offered to the role that owns the field.",
            )
            ,
        );
        egui::ScrollArea::vertical()
            .id_salt("import_conflicts")
            .max_height(320.0)
            .show(ui, |ui| {
                for (index, (conflict, choice)) in conflicts.iter().zip(choices.resolutions.iter_mut()).enumerate() {
                    ui.push_id(index, |ui| {
                        ui.separator();
                        ui.strong(&conflict.label);
                        let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".to_owned());
                        ui.label(format!("Mine, by {}: {}", conflict.mine_by, value(&conflict.mine)));
                        ui.label(format!(
                            "Theirs, by {}: {}",
                            conflict.theirs_by,
                            value(&conflict.theirs)
                        ));
                        ui.horizontal(|ui| {
                            let mut options = vec![Resolution::Mine, Resolution::Theirs];
                            if conflict.both_allowed {
                                options.push(Resolution::Both);
                            }
                            for option in options {
                                if ui.radio(*choice == Some(option), option.label()).clicked() {
                                    *choice = Some(option);
                                }
                            }
                        });
                    });
                }
            });
    }
    let resolutions: Option<Vec<Resolution>> = choices.resolutions.iter().copied().collect();
    let all_accepted = choices.accepted.iter().all(|accepted| *accepted);
    let verb = match prepared {
        Prepared::New { .. } => "Import",
        Prepared::Merge { .. } => "Merge",
    };
    ui.add_space(6.0);
    let button = ui.add_enabled(resolutions.is_some() && all_accepted, egui::Button::new(verb));
    let button = if !all_accepted {
        button.on_disabled_hover_text("Accept every new key first, or close without importing")
    } else if resolutions.is_none() {
        button.on_disabled_hover_text("Choose for every field changed on both sides first")
    } else {
        button
    };
    button.clicked().then(|| {
        let keys = prepared.strangers().iter().map(|entry| entry.key).collect();
        Command::ApplyImport(resolutions.unwrap_or_default(), keys)
    })
}

/// Each key that signed the file's changes but is not on the roster, with
/// its fingerprint to read aloud to its owner, and a box to accept it.
fn strangers_ui(ui: &mut egui::Ui, prepared: &Prepared, accepted: &mut [bool]) {
    let strangers = prepared.strangers();
    if strangers.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong(format!("New keys ({}): check each before accepting", strangers.len()));
    ui.label(
        "These people signed changes in the file, but their keys are not on this assessment's roster. Read each \
         fingerprint aloud to its owner (in person or by phone) and ask them to read theirs from “You…”. Accept only \
         a key whose fingerprint matches; otherwise close without importing.",
    );
    for ((entry, accept), index) in strangers.iter().zip(accepted.iter_mut()).zip(0..) {
        ui.push_id(("stranger", index), |ui| {
            ui.separator();
            ui.label(format!(
                "{}, signing as {}",
                crate::domain::roster::describe_person(&entry.name, &entry.organisation),
                entry.standing().to_lowercase()
            ));
            ui.label(
                egui::RichText::new(format!("Fingerprint: {}", entry.key.fingerprint()))
                    .monospace()
                    .size(16.0),
            );
            ui.checkbox(
                accept,
                format!(
                    "Accept {}'s key as {}: I have checked its fingerprint with them",
                    entry.name,
                    entry.standing().to_lowercase()
                ),
            );
        });
    }
}

impl super::dialog::Dialog for ImportDialog {
    fn ui(&mut self, ctx: &egui::Context) -> super::dialog::Outcome {
        let (keep_open, command) = self.frame_ui(ctx);
        super::dialog::Outcome { keep_open, command }
    }
}
