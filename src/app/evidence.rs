//! Running the evidence commands: changes to the register and the requests
//! through the gate, attaching a chosen file, and opening an attached file
//! with the system's program for it (written out to a temporary file first,
//! checked against its digest, and deleted when the app closes).

use std::io::Write;

use super::{CriticalFriendApp, Screen};
use crate::{
    domain::{Assessment, evidence::Attached},
    ui::{Command, workspace::WorkspaceView},
};

impl CriticalFriendApp {
    pub(super) fn run_evidence_command(&mut self, command: Command, ctx: &egui::Context) {
        let take = |workspace: &mut WorkspaceView, fresh: Assessment| {
            workspace.assessment.documents = fresh.documents;
            workspace.assessment.requests = fresh.requests;
        };
        match command {
            Command::ChangeDocument(op) => self.change_open(|session, id| session.change_document(id, &op), take),
            Command::AddDocument {
                title,
                particulars,
                items,
                file,
            } => self.change_open(
                |session, id| session.add_document(id, &title, &particulars, items, file.as_deref()),
                take,
            ),
            Command::ChangeRequest(op) => self.change_open(|session, id| session.change_request(id, &op), take),
            Command::OpenAttachment(file) => self.open_attachment(&file),
            Command::OpenFolder(folder) => {
                if let Err(error) = open::that_detached(&folder) {
                    self.error(format!("Could not open {}: {error}", folder.display()));
                }
            }
            Command::ChooseAttachment(_) | Command::ChooseBundle => {
                let folder = super::documents_folder();
                let (name, purpose) = match command {
                    Command::ChooseAttachment(document) => ("document.pdf", super::jobs::FileFor::Attachment(document)),
                    _ => ("evidence.zip", super::jobs::FileFor::Bundle),
                };
                self.choose_file(ctx, &folder.join(name), purpose);
            }
            Command::AttachFile(document, path) => {
                self.change_open(|session, id| session.attach_file(id, document, &path), take);
            }
            Command::ExportBundle(path) => self.export_bundle(ctx, path),
            Command::ImportBundle(path) => self.import_bundle(ctx, path),
            _ => {}
        }
        self.measure_database();
    }

    /// Keeps the Evidence view's database size current, and which attached
    /// files this copy does not hold yet.
    pub(super) fn measure_database(&mut self) {
        if let (Screen::Workspace(workspace), Ok(session)) = (&mut self.screen, &self.session) {
            let database = session.database();
            let state = &mut workspace.evidence;
            state.database_bytes = database.size_on_disk();
            state.missing = workspace
                .assessment
                .documents
                .iter()
                .filter_map(|document| document.file.as_ref())
                .filter(|file| !database.has_attachment(&file.sha256).unwrap_or(false))
                .map(|file| file.sha256.clone())
                .collect();
        }
    }

    /// A second session for work on another thread, or `None` (with the
    /// reason shown) if the database cannot be opened again.
    fn worker(&mut self) -> Option<crate::service::Session> {
        let worker = self.session.as_ref().ok()?.another();
        match worker {
            Ok(worker) => Some(worker),
            Err(error) => {
                self.error(error.to_string());
                None
            }
        }
    }

    /// Writes the bundle in the background, as packs are: files stream from
    /// the database on a connection of the worker's own.
    fn export_bundle(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        let Screen::Workspace(workspace) = &self.screen else {
            return;
        };
        let id = workspace.assessment.id;
        let Some(worker) = self.worker() else {
            return;
        };
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = worker
                .export_bundle(id, &path, crate::text::today())
                .map(|_| (path, None))
                .map_err(|error| error.to_string());
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        self.jobs.export = Some(receiver);
    }

    /// Imports a bundle in the background; the Evidence view learns which
    /// files arrived when it is done.
    fn import_bundle(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        let Some(mut worker) = self.worker() else {
            return;
        };
        self.info(format!("Importing the evidence bundle {}…", path.display()));
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = worker
                .import_bundle(&path)
                .map(|(_, files)| format!("Added {} from the bundle", crate::text::count(files, "file")))
                .map_err(|error| error.to_string());
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        self.jobs.bundle = Some(receiver);
    }

    fn open_attachment(&mut self, file: &Attached) {
        let Ok(session) = &self.session else {
            return;
        };
        let suffix: String = file
            .name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || ".-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let written = tempfile::Builder::new()
            .prefix("critical-friend-")
            .suffix(&format!("-{suffix}"))
            .tempfile()
            .map_err(|error| error.to_string())
            .and_then(|mut temp| {
                session
                    .database()
                    .read_attachment(file, &mut temp)
                    .map_err(|error| error.to_string())?;
                temp.flush().map_err(|error| error.to_string())?;
                Ok(temp.into_temp_path())
            });
        let path = match written {
            Ok(path) => path,
            // Damaged, not yet in this copy, or no room for the copy: said as it is.
            Err(error) => return self.error(format!("Could not open {}: {error}", file.name)),
        };
        match open::that_detached(&path) {
            Ok(()) => {
                self.opened.push(path);
                self.info(format!(
                    "Opened a copy of {}; the copy is deleted when Critical Friend closes",
                    file.name
                ));
            }
            Err(error) => self.error(format!(
                "Could not open {}: this computer has no program set to open it, or it would not start ({error})",
                file.name
            )),
        }
    }
}
