//! The export dialog: which pack (full, summary, one theme, blank form,
//! pre-visit), which format (PDF, Word, Excel, CSV) and paper size. The file
//! path is always editable, so export works even where the system offers no
//! file dialog; "Choose…" asks the system's dialog without blocking the
//! window. The file's default name says which pack it holds, so one export
//! never takes another's name, and a file already there is replaced only
//! when the user says so.

use std::path::PathBuf;

use crate::{
    domain::{Assessment, Framework},
    packs::{Format, PackKind, Paper, suggested_file_name},
};

use super::{Command, command::ExportRequest};

/// Where the export is.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportState {
    /// Waiting for the user.
    Ready,
    /// The system file dialog is open.
    Choosing,
    /// The pack is being written.
    Exporting,
    /// Written to this file.
    Done(PathBuf),
    /// Failed, with what to do.
    Failed(String),
}

/// What a pack includes beyond the answers.
#[derive(Clone, Copy, Debug)]
#[allow(clippy::struct_excessive_bools, reason = "each is a box the user ticks")]
struct Include {
    peer_review: bool,
    history: bool,
    share_safe: bool,
    scores: bool,
}

/// The dialog's state.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    path: String,
    state: ExportState,
    note: Option<String>,
    kind: PackKind,
    format: Format,
    paper: Paper,
    include: Include,
    /// A pack, an exchange file (for another copy to import), or the evidence bundle.
    target: Target,
    themes: Vec<(u8, String)>,
    /// A progress review, so the progress pack is offered.
    is_review: bool,
    /// Other assessments are ticked in Year on year, so that pack is offered.
    years: bool,
    /// The assessment's part of the default file name.
    base: String,
    /// The user typed or chose the path, so it no longer follows the pack.
    named_by_user: bool,
    /// An export waiting for the user to say an existing file may be replaced.
    replacing: Option<Command>,
}

/// What the dialog writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// A pack to print or share.
    Pack,
    /// An exchange file.
    Exchange,
    /// The evidence bundle.
    Bundle,
}

impl ExportDialog {
    /// A dialog offering a default path in the user's documents folder.
    pub fn new(framework: &Framework, assessment: &Assessment) -> Self {
        let folder = directories::UserDirs::new()
            .and_then(|dirs| {
                dirs.document_dir()
                    .map(std::path::Path::to_path_buf)
                    .or_else(|| Some(dirs.home_dir().to_path_buf()))
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let base = suggested_file_name(&assessment.details, "pdf")
            .trim_end_matches(".pdf")
            .to_owned();
        let mut dialog = Self {
            path: folder.display().to_string(),
            state: ExportState::Ready,
            note: None,
            kind: PackKind::Full,
            format: Format::Pdf,
            paper: Paper::A4,
            include: Include {
                peer_review: true,
                history: false,
                share_safe: false,
                scores: true,
            },
            target: Target::Pack,
            themes: framework
                .themes
                .iter()
                .map(|t| (t.number, format!("{}. {}", t.number, t.title)))
                .collect(),
            is_review: assessment.baseline.is_some(),
            years: false,
            base,
            named_by_user: false,
            replacing: None,
        };
        dialog.path = folder.join(dialog.default_name()).display().to_string();
        dialog
    }

    /// "Example Borough Council - Use of Resources - 2016-17 - action plan.pdf":
    /// the assessment, and what the file holds.
    fn default_name(&self) -> String {
        match self.target {
            Target::Pack => format!(
                "{} - {}.{}",
                self.base,
                self.kind.label().to_lowercase(),
                self.format.extension()
            ),
            Target::Exchange => format!("{}.{}", self.base, crate::exchange::EXTENSION),
            Target::Bundle => format!("{} - evidence.zip", self.base),
        }
    }

    /// Keeps the file name in step with what is chosen: the whole default
    /// name until the user names the file, the extension after.
    fn follow_choice(&mut self) {
        let path = PathBuf::from(self.path.trim());
        self.path = if self.named_by_user {
            let extension = match self.target {
                Target::Pack => self.format.extension(),
                Target::Exchange => crate::exchange::EXTENSION,
                Target::Bundle => "zip",
            };
            path.with_extension(extension)
        } else {
            path.with_file_name(self.default_name())
        }
        .display()
        .to_string();
    }

    /// Offers the Year on year pack, of the assessments ticked in that view.
    #[must_use]
    pub fn with_years(mut self, years: bool) -> Self {
        self.years = years;
        self
    }

    /// Keeps the file name in step with the chosen format.
    fn set_format(&mut self, format: Format) {
        self.format = format;
        self.follow_choice();
    }

    /// Switches between a pack, an exchange file and the evidence bundle,
    /// keeping the file name in step.
    fn set_target(&mut self, target: Target) {
        self.target = target;
        self.follow_choice();
    }

    /// A pack, an exchange file or the bundle; returns whether a pack's options follow.
    fn target_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let mut target = self.target;
        ui.horizontal_wrapped(|ui| {
            ui.radio_value(&mut target, Target::Pack, "A pack to print or share");
            ui.radio_value(
                &mut target,
                Target::Exchange,
                "An exchange file for the peer team, a reviewer or the council",
            );
            ui.radio_value(&mut target, Target::Bundle, "The evidence bundle");
        });
        if target != self.target {
            self.set_target(target);
        }
        match self.target {
            Target::Exchange => {
                ui.label(
                    "The exchange file holds the whole assessment and its history. Whoever receives it opens Import or merge a file… on their home screen; their changes come back the same way and merge field by field.",
                );
                return false;
            }
            Target::Bundle => {
                ui.label(
                    "One zip file with the register of documents as CSV, an index as PDF and every attached file, named by its number. Send it with the exchange file; the peer team imports the exchange file first, then the bundle (Evidence → Import an evidence bundle…).",
                );
                return false;
            }
            Target::Pack => {}
        }
        true
    }

    fn options_ui(&mut self, ui: &mut egui::Ui) {
        if !self.target_ui(ui) {
            return;
        }
        egui::Grid::new("export_options").num_columns(2).show(ui, |ui| {
            let kind_text = match self.kind {
                PackKind::Theme(number) => self
                    .themes
                    .iter()
                    .find(|(n, _)| *n == number)
                    .map_or_else(|| self.kind.label(), |(_, name)| format!("Theme {name}")),
                kind => kind.label(),
            };
            let kind_before = self.kind;
            crate::ui::labelled_combo(ui, ("Pack", &kind_text), "export_kind", |ui| {
                for kind in [
                    PackKind::Full,
                    PackKind::Summary,
                    PackKind::PreVisit,
                    PackKind::Report,
                    PackKind::ActionPlan,
                    PackKind::BlankForm,
                ] {
                    ui.selectable_value(&mut self.kind, kind, kind.label());
                }
                if self.is_review {
                    ui.selectable_value(&mut self.kind, PackKind::Progress, PackKind::Progress.label());
                }
                if self.years {
                    ui.selectable_value(&mut self.kind, PackKind::YearOnYear, PackKind::YearOnYear.label());
                }
                for (number, name) in &self.themes {
                    ui.selectable_value(&mut self.kind, PackKind::Theme(*number), format!("Theme {name}"));
                }
            });
            if !self.kind.takes(self.format) {
                self.set_format(Format::Pdf);
            } else if self.kind != kind_before {
                self.follow_choice();
            }
            ui.end_row();
            let mut format = self.format;
            let value = format.label();
            crate::ui::labelled_combo(ui, ("Format", value), "export_format", |ui| {
                for option in Format::ALL.into_iter().filter(|option| self.kind.takes(*option)) {
                    ui.selectable_value(&mut format, option, option.label());
                }
            });
            if format != self.format {
                self.set_format(format);
            }
            ui.end_row();
            ui.label("Paper");
            ui.horizontal(|ui| {
                for paper in [Paper::A4, Paper::Letter] {
                    ui.radio_value(&mut self.paper, paper, paper.to_string());
                }
            });
            ui.end_row();
            ui.label("Include");
            ui.vertical(|ui| {
                ui.checkbox(&mut self.include.peer_review, "The peer review, when there is one");
                ui.checkbox(&mut self.include.history, "The history of changes, as an appendix");
                ui.checkbox(
                    &mut self.include.share_safe,
                    "Share-safe copy: leave out people's names (lead, peer team, who made each change)",
                );
                if self.kind == PackKind::Report {
                    ui.checkbox(
                        &mut self.include.scores,
                        "The scores appendix (published reports often leave it out)",
                    );
                }
            });
            ui.end_row();
        });
    }

    /// Updates the state (called by the app as work finishes).
    pub fn set_state(&mut self, state: ExportState) {
        self.state = state;
    }

    /// The system dialog returned a file.
    pub fn set_path(&mut self, path: &std::path::Path) {
        self.path = path.display().to_string();
        self.named_by_user = true;
        self.note = None;
        self.state = ExportState::Ready;
    }

    /// The system dialog closed without a file. If it closed at once, no
    /// dialog was really shown: say so.
    pub fn choice_cancelled(&mut self, no_dialog_available: bool) {
        self.state = ExportState::Ready;
        self.note = no_dialog_available.then(|| {
            "No file dialog is available on this system. Type the path where the file should be saved, then press the button below.".to_owned()
        });
    }

    /// Whether the user may edit or start anything.
    fn idle(&self) -> bool {
        matches!(
            self.state,
            ExportState::Ready | ExportState::Done(_) | ExportState::Failed(_)
        )
    }

    /// Draws the dialog; returns whether it stays open and a command to run.
    fn frame_ui(&mut self, ctx: &egui::Context) -> (bool, Option<Command>) {
        let mut keep_open = true;
        let mut command = None;
        let modal = egui::Modal::new(egui::Id::unique("export_dialog")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(520.0);
            crate::ui::dialog::heading(ui, "Export");
            ui.add_enabled_ui(self.idle(), |ui| self.options_ui(ui));
            ui.add_space(8.0);
            self.save_to_ui(ui, &mut command);
            self.state_ui(ui, &mut command);
            ui.add_space(8.0);
            if self.replacing.is_none() {
                keep_open = self.buttons_ui(ui, &mut command);
            }
        });
        if modal.should_close() && self.idle() && self.replacing.is_none() {
            keep_open = false;
        }
        (keep_open, command)
    }

    /// Where the file goes: the path (typed, or chosen with the system's
    /// dialog) and, in full, the file it names.
    fn save_to_ui(&mut self, ui: &mut egui::Ui, command: &mut Option<Command>) {
        let label = ui.strong("Save to");
        ui.horizontal(|ui| {
            let typed = ui
                .add_enabled(
                    self.idle(),
                    egui::TextEdit::singleline(&mut self.path).desired_width(400.0),
                )
                .labelled_by(label.id);
            if typed.changed() {
                self.named_by_user = true;
            }
            let choose = Command::ChooseExportFile(PathBuf::from(&self.path));
            if ui
                .add_enabled(self.idle(), egui::Button::new(choose.label()))
                .on_hover_text(choose.tooltip())
                .clicked()
            {
                self.state = ExportState::Choosing;
                *command = Some(choose);
            }
        });
        let path = PathBuf::from(self.path.trim());
        if let (Some(name), Some(folder)) = (path.file_name(), path.parent()) {
            ui.weak(format!("“{}” in {}", name.to_string_lossy(), folder.display()));
        }
        if let Some(note) = &self.note {
            ui.label(note);
        }
    }

    /// What is happening: waiting, writing, written (with its folder to
    /// open), failed — or a file already there, to replace or keep.
    fn state_ui(&mut self, ui: &mut egui::Ui, command: &mut Option<Command>) {
        if let Some(waiting) = self.replacing.clone() {
            let path = PathBuf::from(self.path.trim());
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} already exists. Replace it with this export?",
                    path.file_name()
                        .map_or_else(String::new, |name| format!("“{}”", name.to_string_lossy()))
                ),
            );
            ui.horizontal(|ui| {
                if ui.button("Replace it").clicked() {
                    *command = Some(waiting);
                    self.state = ExportState::Exporting;
                    self.replacing = None;
                } else if ui.button("Keep it").clicked() {
                    self.replacing = None;
                }
            });
            return;
        }
        match &self.state {
            ExportState::Ready => {}
            ExportState::Choosing => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Waiting for the file dialog…");
                });
            }
            ExportState::Exporting => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(match self.target {
                        Target::Pack => "Writing the pack…",
                        Target::Exchange => "Writing the exchange file…",
                        Target::Bundle => "Writing the bundle…",
                    });
                });
            }
            ExportState::Done(path) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("Saved to {}", path.display()));
                    if let Some(folder) = path.parent() {
                        let open = Command::OpenFolder(folder.to_path_buf());
                        if ui.button(open.label()).on_hover_text(open.tooltip()).clicked() {
                            *command = Some(open);
                        }
                    }
                });
            }
            ExportState::Failed(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
        }
    }

    /// Export and Close; returns whether the dialog stays open.
    fn buttons_ui(&mut self, ui: &mut egui::Ui, command: &mut Option<Command>) -> bool {
        let mut keep_open = true;
        ui.horizontal(|ui| {
            let path = PathBuf::from(self.path.trim());
            let exists = path.exists();
            let export = match self.target {
                Target::Exchange => Command::ExportExchange(path),
                Target::Bundle => Command::ExportBundle(path),
                Target::Pack => Command::Export(ExportRequest {
                    path,
                    kind: self.kind,
                    format: self.format,
                    paper: self.paper,
                    include_peer_review: self.include.peer_review,
                    include_history: self.include.history,
                    share_safe: self.include.share_safe,
                    include_scores: self.include.scores,
                }),
            };
            let ready = self.idle() && !self.path.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(export.label()))
                .on_hover_text(export.tooltip())
                .clicked()
            {
                self.note = None;
                if exists {
                    // Nothing is written over a file unasked.
                    self.replacing = Some(export);
                } else {
                    self.state = ExportState::Exporting;
                    *command = Some(export);
                }
            }
            if ui.button("Close").clicked() {
                keep_open = false;
            }
        });
        keep_open
    }
}

impl super::dialog::Dialog for ExportDialog {
    fn ui(&mut self, ctx: &egui::Context) -> super::dialog::Outcome {
        let (keep_open, command) = self.frame_ui(ctx);
        super::dialog::Outcome { keep_open, command }
    }
}
