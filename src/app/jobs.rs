//! Background work whose result arrives later: the system's file dialog
//! and writing a pack. Both run on their own thread and are polled each
//! frame, so the window never freezes.

use std::{
    path::{Path, PathBuf},
    sync::mpsc::{Receiver, TryRecvError, channel},
    time::{Duration, Instant},
};

use super::{CriticalFriendApp, Screen};
use crate::{
    packs::{Pack, PackOptions},
    text::{local_offset, today},
    ui::{command::ExportRequest, export_dialog::ExportState},
};

/// Said when the system has no file dialog to choose a file with: what to
/// do instead, on the command line.
fn no_file_dialog(purpose: FileFor) -> String {
    let instead = match purpose {
        FileFor::Bundle => "critical-friend import-bundle FILE",
        FileFor::RosterCard => "critical-friend roster add --assessment ID --card FILE",
        FileFor::Ascof => "critical-friend measures import-ascof FILE --period 2023-24",
        _ => "critical-friend evidence attach --assessment ID --document N --file PATH",
    };
    format!(
        "No file dialog is available on this system (it needs a desktop file chooser), so a file cannot be chosen here. Do it from the command line instead: {instead}"
    )
}

/// Which dialog a system file dialog is choosing for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FileFor {
    Export,
    Import,
    Framework,
    /// For the next document added, or for this one.
    Attachment(Option<uuid::Uuid>),
    Bundle,
    /// Where to save your key card.
    KeyCard,
    /// A person's key card, to add them to the open assessment's roster.
    RosterCard,
    /// The national ASCOF file, for the year typed in the Measures view.
    Ascof,
}

/// A file written in the background, and anything to say about it.
pub(super) type Exported = (PathBuf, Option<String>);

/// Background work whose result arrives later.
#[derive(Default)]
pub(super) struct Jobs {
    choose_file: Option<(Receiver<Option<PathBuf>>, Instant, FileFor)>,
    pub(super) export: Option<Receiver<Result<Exported, String>>>,
    /// An evidence bundle being imported: what to say when it is done.
    pub(super) bundle: Option<Receiver<Result<String, String>>>,
}

impl CriticalFriendApp {
    pub(super) fn choose_file(&mut self, ctx: &egui::Context, suggested: &Path, purpose: FileFor) {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let mut dialog = rfd::AsyncFileDialog::new();
        if let Some(name) = suggested.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        if let Some(folder) = suggested.parent().filter(|p| p.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        std::thread::spawn(move || {
            let chosen = match purpose {
                FileFor::Export | FileFor::KeyCard => pollster::block_on(dialog.save_file()),
                FileFor::Import => pollster::block_on(
                    dialog
                        .add_filter("Assessment file", &crate::exchange::EXTENSIONS)
                        .pick_file(),
                ),
                FileFor::Framework => pollster::block_on(dialog.add_filter("Framework file", &["json"]).pick_file()),
                FileFor::Attachment(_) => pollster::block_on(dialog.pick_file()),
                FileFor::Bundle => pollster::block_on(dialog.add_filter("Evidence bundle", &["zip"]).pick_file()),
                FileFor::RosterCard => pollster::block_on(dialog.add_filter("Key card", &["json"]).pick_file()),
                FileFor::Ascof => pollster::block_on(dialog.add_filter("Published ASCOF file", &["csv"]).pick_file()),
            };
            let _ = sender.send(chosen.map(|file| file.path().to_path_buf()));
            ctx.request_repaint();
        });
        self.jobs.choose_file = Some((receiver, Instant::now(), purpose));
    }

    pub(super) fn export(&mut self, ctx: &egui::Context, request: ExportRequest) {
        let Screen::Workspace(workspace) = &self.screen else {
            return;
        };
        let assessment = workspace.assessment.clone();
        let baseline = workspace.baseline.clone();
        let compared: Vec<crate::domain::Assessment> = workspace.compared().into_iter().cloned().collect();
        let framework = workspace.framework().clone();
        let Ok(session) = &self.session else {
            return;
        };
        let own = session.own_files();
        let database = session.database();
        let benchmarks = (request.kind != crate::packs::PackKind::BlankForm)
            .then(|| session.benchmarks_for(&assessment).ok())
            .flatten();
        let appendices = if request.include_history {
            database
                .history(assessment.id, None)
                .and_then(|entries| Ok((entries, database.merge_reports(assessment.id)?)))
        } else {
            Ok((Vec::new(), Vec::new()))
        };
        let (history, merges) = match appendices {
            Ok(appendices) => appendices,
            Err(error) => {
                self.error(error.to_string());
                return;
            }
        };
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let path = request.path;
            let options = PackOptions {
                kind: request.kind,
                paper: request.paper,
                exported_on: today(),
                utc_offset: local_offset(),
                include_peer_review: request.include_peer_review,
                share_safe: request.share_safe,
                include_scores: request.include_scores,
            };
            let note = crate::packs::left_out_note(&framework, &assessment, &options);
            let built = if options.kind == crate::packs::PackKind::YearOnYear {
                Pack::years(&framework, &compared.iter().collect::<Vec<_>>(), options)
            } else {
                Pack::build_with(&framework, Some(&assessment), baseline.as_ref(), options)
            };
            let result = built
                .map(|mut pack| {
                    if request.include_history {
                        pack.add_appendices(&history, &merges);
                    }
                    if let Some(benchmarks) = benchmarks {
                        pack.add_benchmarks(benchmarks);
                    }
                    pack
                })
                .map_err(|error| format!("Could not build the pack: {error}"))
                .and_then(|pack| {
                    request
                        .format
                        .render(&pack)
                        .map_err(|error| format!("Could not write the pack: {error}"))
                })
                .and_then(|bytes| own.write(&path, &bytes).map_err(|error| error.to_string()))
                .map(|()| (path, note));
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        self.jobs.export = Some(receiver);
    }

    /// Hands the file the system's dialog gave (`None`: cancelled, or at
    /// once, `instant`, when there is no dialog) to what asked for it.
    fn file_chosen(&mut self, chosen: Option<PathBuf>, instant: bool, purpose: FileFor) {
        if purpose == FileFor::Import
            && let Some(dialog) = &mut self.import
        {
            dialog.chosen(chosen, instant);
        } else if purpose == FileFor::Framework
            && let Some(dialog) = &mut self.frameworks
        {
            dialog.chosen(chosen, instant);
        } else if matches!(
            purpose,
            FileFor::Attachment(_) | FileFor::Bundle | FileFor::RosterCard | FileFor::Ascof
        ) && chosen.is_none()
            && instant
        {
            // The dialog closed at once: there is none to show.
            self.error(no_file_dialog(purpose));
        } else if let FileFor::Attachment(Some(document)) = purpose {
            if let Some(path) = chosen {
                self.commands.push(crate::ui::Command::AttachFile(document, path));
            }
        } else if purpose == FileFor::Attachment(None)
            && let Screen::Workspace(workspace) = &mut self.screen
        {
            if chosen.is_some() {
                workspace.evidence.file = chosen;
            }
        } else if matches!(purpose, FileFor::KeyCard | FileFor::RosterCard) {
            if let Some(path) = chosen {
                self.commands.push(if purpose == FileFor::KeyCard {
                    crate::ui::Command::SaveKeyCard(path)
                } else {
                    crate::ui::Command::AddRosterCard(path)
                });
            }
        } else if purpose == FileFor::Bundle {
            if let Some(path) = chosen {
                self.commands.push(crate::ui::Command::ImportBundle(path));
            }
        } else if purpose == FileFor::Ascof {
            if let (Some(path), Screen::Workspace(workspace)) = (chosen, &self.screen) {
                let period = workspace.ascof_period.trim().to_owned();
                self.commands.push(crate::ui::Command::ImportAscof { path, period });
            }
        } else if let Screen::Workspace(workspace) = &mut self.screen
            && let Some(dialog) = &mut workspace.export
        {
            match chosen {
                Some(path) => dialog.set_path(&path),
                None => dialog.choice_cancelled(instant),
            }
        }
    }

    pub(super) fn poll_jobs(&mut self) {
        if let Some((receiver, started, purpose)) = &self.jobs.choose_file {
            match receiver.try_recv() {
                Ok(chosen) => {
                    let (instant, purpose) = (started.elapsed() < Duration::from_millis(400), *purpose);
                    self.jobs.choose_file = None;
                    self.file_chosen(chosen, instant, purpose);
                }
                Err(TryRecvError::Disconnected) => self.jobs.choose_file = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(receiver) = &self.jobs.bundle {
            let result = match receiver.try_recv() {
                Ok(result) => Some(result),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(Err(
                    "The import of the bundle stopped unexpectedly; nothing was stored.".to_owned(),
                )),
            };
            if let Some(result) = result {
                self.jobs.bundle = None;
                match result {
                    Ok(message) => self.info(message),
                    Err(message) => self.error(message),
                }
                self.measure_database();
            }
        }
        if let Some(receiver) = &self.jobs.export {
            let result = match receiver.try_recv() {
                Ok(result) => result,
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    Err("The export stopped unexpectedly; nothing was written.".to_owned())
                }
            };
            self.jobs.export = None;
            let state = match &result {
                Ok((path, _)) => ExportState::Done(path.clone()),
                Err(message) => ExportState::Failed(message.clone()),
            };
            if let Screen::Workspace(workspace) = &mut self.screen
                && let Some(dialog) = &mut workspace.export
            {
                dialog.set_state(state);
            }
            match result {
                Ok((path, note)) => match note {
                    Some(note) => self.info(format!("Saved {}. {note}", path.display())),
                    None => self.info(format!("Saved {}", path.display())),
                },
                Err(message) => self.error(message),
            }
        }
    }
}
