//! The app: the one place where the UI, storage and reports meet. Screens
//! draw and push commands; after each frame the app runs them, writes due
//! edits to the database, and polls background work (file dialogs, exports)
//! so the window never freezes.

use std::{
    path::PathBuf,
    sync::mpsc::{Receiver, TryRecvError, channel},
    time::{Duration, Instant},
};

use time::OffsetDateTime;

use crate::{
    cli::today,
    domain::{Assessment, Author, Catalogue, Framework, Role, Status, example::example_assessment},
    exchange, files,
    report::{Pack, PackOptions},
    storage::{self, AssessmentListing, Database},
    ui::{
        self, Command,
        backups_dialog::BackupsDialog,
        command::ExportRequest,
        export_dialog::ExportState,
        home::HomeView,
        import_dialog::ImportDialog,
        workspace::{WorkspaceView, save_queue::SaveStatus},
    },
};

/// How the app was started.
#[derive(Clone, Debug)]
pub struct StartupOptions {
    /// The database file to open or create.
    pub db_path: PathBuf,
}

enum Screen {
    Home(HomeView),
    Workspace(Box<WorkspaceView>),
}

/// A message shown at the foot of the window until dismissed.
struct Notice {
    text: String,
    is_error: bool,
}

/// Which dialog a system file dialog is choosing for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileFor {
    Export,
    Import,
}

/// Background work whose result arrives later.
#[derive(Default)]
struct Jobs {
    choose_file: Option<(Receiver<Option<PathBuf>>, Instant, FileFor)>,
    export: Option<Receiver<Result<PathBuf, String>>>,
}

/// Critical Friend's window.
pub struct CriticalFriendApp {
    catalogue: Catalogue,
    db_path: PathBuf,
    database: Result<Database, String>,
    screen: Screen,
    commands: Vec<Command>,
    notice: Option<Notice>,
    jobs: Jobs,
    close_blocked: Option<String>,
    close_confirmed: bool,
    /// Bumped whenever the screen is replaced, to drop stale keyboard focus.
    screen_generation: u64,
    /// Who edits are attributed to; remembered between sessions.
    author: Author,
    /// The "You" dialog's draft, while open.
    you_dialog: Option<Author>,
    /// The import dialog, while open.
    import: Option<ImportDialog>,
    /// The backups dialog, while open.
    backups: Option<BackupsDialog>,
    /// A passphrase being typed to open a protected database.
    passphrase: String,
}

/// eframe storage key for the remembered author (UI settings only).
const AUTHOR_KEY: &str = "author";

impl CriticalFriendApp {
    /// Creates the app inside eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartupOptions) -> Self {
        ui::install_fonts(&cc.egui_ctx);
        let passphrase = std::env::var("CRITICAL_FRIEND_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty());
        let mut app = Self::open(options.db_path, passphrase.as_deref());
        if let Some(author) = cc
            .storage
            .and_then(|storage| eframe::get_value::<Author>(storage, AUTHOR_KEY))
        {
            app.author = author;
        }
        app
    }

    fn open(db_path: PathBuf, passphrase: Option<&str>) -> Self {
        let database = Database::open_with(&db_path, passphrase).map_err(|error| error.to_string());
        let mut app = Self {
            catalogue: Catalogue::builtin(),
            db_path,
            database,
            screen: Screen::Home(HomeView::default()),
            commands: Vec::new(),
            notice: None,
            jobs: Jobs::default(),
            close_blocked: None,
            close_confirmed: false,
            screen_generation: 0,
            author: Author::default(),
            you_dialog: None,
            import: None,
            backups: None,
            passphrase: String::new(),
        };
        if let Ok(database) = &app.database
            && let Some(warning) = database.backup_warning()
        {
            let warning = format!("Today's automatic backup could not be taken: {warning}");
            app.error(warning);
        }
        app.go_home();
        app
    }

    fn error(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: true,
        });
    }

    fn info(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: false,
        });
    }

    fn listings(&mut self) -> Vec<AssessmentListing> {
        let Ok(database) = &self.database else {
            return Vec::new();
        };
        match database.list() {
            Ok(listings) => listings,
            Err(error) => {
                self.error(error.to_string());
                Vec::new()
            }
        }
    }

    fn go_home(&mut self) {
        let listings = self.listings();
        self.screen = Screen::Home(HomeView::new(listings));
        self.screen_generation += 1;
    }

    fn framework_for(&self, assessment: &Assessment) -> Option<Framework> {
        self.catalogue.find(&assessment.framework).cloned()
    }

    fn open_assessment(&mut self, assessment: Assessment) {
        match self.framework_for(&assessment) {
            Some(framework) => {
                let workspace = WorkspaceView::new(assessment, framework, self.author.clone());
                self.screen = Screen::Workspace(Box::new(workspace));
                self.screen_generation += 1;
            }
            None => self.error(format!(
                "This assessment uses framework {}, which this version of Critical Friend does not have. Update Critical Friend to open it.",
                assessment.framework
            )),
        }
    }

    /// Writes due edits. With `force`, writes everything now.
    fn flush(&mut self, now: f64, force: bool) {
        let Screen::Workspace(workspace) = &mut self.screen else {
            return;
        };
        let Ok(database) = &mut self.database else {
            return;
        };
        let Some(edits) = workspace.saves.take_due(now, force) else {
            return;
        };
        match database.apply_edits(
            workspace.assessment.id,
            &edits,
            &workspace.author,
            OffsetDateTime::now_utc(),
        ) {
            Ok(()) => {
                workspace.saves.saved();
                // An open item history shows the change just saved.
                if let Some((item, entries)) = &mut workspace.history
                    && edits.iter().any(|edit| &edit.item == item)
                    && let Ok(fresh) = database.history(workspace.assessment.id, Some(item))
                {
                    *entries = fresh;
                }
            }
            Err(error) => workspace.saves.failed(edits, error.to_string(), now),
        }
    }

    fn has_unsaved(&self) -> bool {
        matches!(&self.screen, Screen::Workspace(w) if w.saves.has_unsaved())
    }

    fn run(&mut self, command: Command, ctx: &egui::Context, now: f64) {
        let now_utc = OffsetDateTime::now_utc();
        match command {
            Command::CreateAssessment(details) => {
                let assessment = Assessment::new(self.catalogue.default_framework(), details, now_utc);
                if self.store(&assessment) {
                    self.open_assessment(assessment);
                }
            }
            Command::OpenExample => {
                let assessment = example_assessment(self.catalogue.default_framework(), now_utc);
                if self.store(&assessment) {
                    self.open_assessment(assessment);
                }
            }
            Command::EditDetails(id, details) => {
                if let Ok(database) = &mut self.database
                    && let Err(error) = database.update_details(id, &details, &self.author, now_utc)
                {
                    self.error(error.to_string());
                }
                self.go_home();
            }
            Command::Duplicate(id, details) => {
                let loaded = match &self.database {
                    Ok(database) => database.load(id).map_err(|e| e.to_string()),
                    Err(error) => Err(error.clone()),
                };
                match loaded {
                    Ok(original) => {
                        let copy = original.duplicate(details, now_utc);
                        if self.store(&copy) {
                            self.info(format!("Created “{}” as a new draft.", copy.details.title));
                        }
                    }
                    Err(error) => self.error(error),
                }
                self.go_home();
            }
            Command::Delete(id) => {
                if let Ok(database) = &mut self.database
                    && let Err(error) = database.delete(id)
                {
                    self.error(error.to_string());
                }
                self.go_home();
            }
            Command::Open(id) => {
                let loaded = match &self.database {
                    Ok(database) => database.load(id).map_err(|e| e.to_string()),
                    Err(error) => Err(error.clone()),
                };
                match loaded {
                    Ok(assessment) => self.open_assessment(assessment),
                    Err(error) => self.error(error),
                }
            }
            Command::GoHome => {
                self.flush(now, true);
                if self.has_unsaved() {
                    self.error("Your latest changes could not be saved yet, so the assessment stays open. See the message beside “Not saved”.");
                } else {
                    self.go_home();
                }
            }
            Command::Undo => {
                if let Screen::Workspace(workspace) = &mut self.screen {
                    workspace.undo(now);
                }
            }
            Command::Redo => {
                if let Screen::Workspace(workspace) = &mut self.screen {
                    workspace.redo(now);
                }
            }
            Command::SetStatus(status) => self.change_status(now, Some(status)),
            Command::UnlockSelf => self.change_status(now, None),
            Command::Reopen => self.reopen(now),
            Command::ShowHistory(item) => self.load_item_history(item),
            Command::EditYou => self.you_dialog = Some(self.author.clone()),
            Command::ChangeList(op) => self.change_list(&op),
            Command::ChooseExportFile(suggested) => self.choose_file(ctx, &suggested, FileFor::Export),
            Command::ChooseImportFile(suggested) => self.choose_file(ctx, &suggested, FileFor::Import),
            Command::Export(request) => self.export(ctx, request),
            Command::ExportExchange(path) => self.export_exchange(now, &path),
            Command::ChangeChallenge(op) => self.change_challenge(&op),
            Command::ShowAssessmentHistory => self.load_assessment_history(),
            Command::OpenImport => self.import = Some(ImportDialog::new()),
            Command::CheckImport(path) => self.check_import(&path),
            Command::ApplyImport(resolutions) => self.apply_import(&resolutions),
            Command::OpenBackups => {
                let folder = storage::backup::folder_for(&self.db_path);
                self.backups = Some(BackupsDialog::new(self.backup_list(), folder));
            }
            Command::BackUpNow => self.back_up_now(),
            Command::RestoreBackup(path) => self.restore_backup(&path),
        }
    }

    fn backup_list(&self) -> Result<Vec<storage::backup::BackupInfo>, String> {
        storage::backup::list(&self.db_path).map_err(|e| e.to_string())
    }

    fn back_up_now(&mut self) {
        let result = match &self.database {
            Ok(database) => database
                .back_up(storage::backup::Reason::Manual, OffsetDateTime::now_utc())
                .map(|path| format!("Backed up to {}", path.display()))
                .map_err(|e| e.to_string()),
            Err(error) => Err(error.clone()),
        };
        self.show_backup_outcome(result);
    }

    /// Shows what a backup or restore did, with the list as it is now.
    fn show_backup_outcome(&mut self, result: Result<String, String>) {
        let list = self.backup_list();
        if let Some(dialog) = &mut self.backups {
            dialog.outcome = Some(result);
            dialog.refresh(list);
        }
    }

    fn restore_backup(&mut self, path: &std::path::Path) {
        let result = match &mut self.database {
            Ok(database) => database
                .restore(path, OffsetDateTime::now_utc())
                .map(|safety| format!("Restored. The state before is kept in {}", safety.display()))
                .map_err(|e| e.to_string()),
            Err(error) => Err(error.clone()),
        };
        self.show_backup_outcome(result);
        self.go_home();
    }

    /// Writes the open assessment, with every saved change, as an exchange file.
    fn export_exchange(&mut self, now: f64, path: &std::path::Path) {
        self.flush(now, true);
        let Screen::Workspace(workspace) = &mut self.screen else {
            return;
        };
        let result = if workspace.saves.has_unsaved() {
            Err(
                "Your latest changes are not saved yet, so the file would miss them. Try again when “Saved” shows."
                    .to_owned(),
            )
        } else {
            match &mut self.database {
                Ok(database) => exchange::import::export(
                    database,
                    workspace.assessment.id,
                    path,
                    &self.catalogue,
                    OffsetDateTime::now_utc(),
                )
                .map_err(|e| e.to_string()),
                Err(error) => Err(error.clone()),
            }
        };
        if let Some(dialog) = &mut workspace.export {
            dialog.set_state(match &result {
                Ok(()) => ExportState::Done(path.to_path_buf()),
                Err(message) => ExportState::Failed(message.clone()),
            });
        }
        match result {
            Ok(()) => self.info(format!("Saved {}", path.display())),
            Err(message) => self.error(message),
        }
    }

    /// Applies a change to the scope questions, team or visit and reloads them.
    fn change_challenge(&mut self, op: &crate::domain::ChallengeOp) {
        let role = self.author.role;
        self.change_open(
            |assessment| assessment.check_challenge_edit(role, op),
            |database, id, author| database.change_challenge(id, op, author, OffsetDateTime::now_utc()),
            |workspace, fresh| {
                workspace.assessment.scope = fresh.scope;
                workspace.assessment.team = fresh.team;
                workspace.assessment.visit = fresh.visit;
                workspace.challenge.refresh();
            },
        );
    }

    /// Checks and stores a change to the open assessment outside its answers,
    /// then hands the freshly loaded assessment to `take`.
    fn change_open<T>(
        &mut self,
        check: impl FnOnce(&Assessment) -> Result<(), crate::domain::EditRefused>,
        write: impl FnOnce(&mut Database, crate::domain::AssessmentId, &Author) -> Result<T, storage::StorageError>,
        take: impl FnOnce(&mut WorkspaceView, Assessment),
    ) {
        let Screen::Workspace(workspace) = &mut self.screen else {
            return;
        };
        let Ok(database) = &mut self.database else {
            return;
        };
        let id = workspace.assessment.id;
        let result = check(&workspace.assessment)
            .map_err(|e| e.to_string())
            .and_then(|()| write(database, id, &self.author).map_err(|e| e.to_string()))
            .and_then(|_| database.load(id).map_err(|e| e.to_string()));
        match result {
            Ok(fresh) => {
                take(workspace, fresh);
                workspace.assessment_history = None;
            }
            Err(error) => self.error(error),
        }
    }

    fn load_item_history(&mut self, item: crate::domain::ItemId) {
        let (Screen::Workspace(workspace), Ok(database)) = (&mut self.screen, &self.database) else {
            return;
        };
        match database.history(workspace.assessment.id, Some(&item)) {
            Ok(entries) => workspace.history = Some((item, entries)),
            Err(error) => self.error(error.to_string()),
        }
    }

    fn load_assessment_history(&mut self) {
        let (Screen::Workspace(workspace), Ok(database)) = (&mut self.screen, &self.database) else {
            return;
        };
        let id = workspace.assessment.id;
        match database
            .history(id, None)
            .and_then(|entries| Ok((entries, database.merge_reports(id)?)))
        {
            Ok(loaded) => workspace.assessment_history = Some(loaded),
            Err(error) => self.error(error.to_string()),
        }
    }

    fn check_import(&mut self, path: &std::path::Path) {
        let result = match &self.database {
            Ok(database) => {
                exchange::import::prepare(database, path, &self.catalogue, &self.author).map_err(|e| e.to_string())
            }
            Err(error) => Err(error.clone()),
        };
        if let Some(dialog) = &mut self.import {
            dialog.checked(result);
        }
    }

    fn apply_import(&mut self, resolutions: &[crate::domain::merge::Resolution]) {
        let (Some(dialog), Ok(database)) = (&mut self.import, &mut self.database) else {
            return;
        };
        let Some(prepared) = dialog.prepared() else {
            return;
        };
        let source = dialog.source();
        let result = exchange::import::apply(
            database,
            prepared,
            resolutions,
            &self.author,
            &source,
            OffsetDateTime::now_utc(),
        )
        .map(|report| report.lines)
        .map_err(|e| e.to_string());
        dialog.finished(result);
        if matches!(self.screen, Screen::Home(_)) {
            self.go_home();
        }
    }

    /// Saves pending edits, then moves the open assessment to `status`
    /// (or, with `None`, unlocks its self-assessment), and reloads it.
    fn change_status(&mut self, now: f64, status: Option<Status>) {
        self.flush(now, true);
        let Screen::Workspace(workspace) = &mut self.screen else {
            return;
        };
        let Ok(database) = &mut self.database else {
            return;
        };
        let id = workspace.assessment.id;
        let result = match status {
            Some(status) => match workspace.assessment.check_transition(status, self.author.role) {
                Ok(()) => database
                    .set_status(id, status, &self.author, OffsetDateTime::now_utc())
                    .map_err(|e| e.to_string()),
                Err(refused) => Err(refused.to_string()),
            },
            None => database
                .unlock_self(id, &self.author, OffsetDateTime::now_utc())
                .map_err(|e| e.to_string()),
        }
        .and_then(|()| database.load(id).map_err(|e| e.to_string()));
        match result {
            Ok(assessment) => workspace.reload(assessment),
            Err(error) => self.error(error),
        }
    }

    /// Applies a change to the peer team's lists and reloads them.
    fn change_list(&mut self, op: &crate::domain::ListOp) {
        let role = self.author.role;
        self.change_open(
            |assessment| assessment.check_list_edit(role),
            |database, id, author| database.change_list(id, op, author, OffsetDateTime::now_utc()),
            |workspace, fresh| workspace.assessment.peer = fresh.peer,
        );
    }

    /// Reopens the open Final assessment as a new version and opens that.
    fn reopen(&mut self, now: f64) {
        self.flush(now, true);
        let Screen::Workspace(workspace) = &self.screen else {
            return;
        };
        let current = workspace.assessment.clone();
        if current.status != Status::Final || self.author.role != Role::Council {
            return;
        }
        let next = current.reopened(OffsetDateTime::now_utc());
        let result = match &mut self.database {
            Ok(database) => database
                .reopen(current.id, &next, &self.author, OffsetDateTime::now_utc())
                .map_err(|e| e.to_string()),
            Err(error) => Err(error.clone()),
        };
        match result {
            Ok(()) => {
                self.info("Reopened as a new version; the Final version is kept read-only and marked superseded.");
                self.open_assessment(next);
            }
            Err(error) => self.error(error),
        }
    }

    fn you_ui(&mut self, ctx: &egui::Context) {
        let Some(draft) = &mut self.you_dialog else {
            return;
        };
        let mut close = false;
        let mut save = false;
        let modal = egui::Modal::new(egui::Id::unique("you_dialog")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading("You");
            ui.label("Every change you make is recorded with your role, name and organisation.");
            ui.horizontal(|ui| {
                for role in [Role::Council, Role::Peer] {
                    ui.radio_value(&mut draft.role, role, role.label());
                }
            });
            ui::labelled_line_ui(ui, "Name", &mut draft.name, "e.g. Siân Ŵyn");
            ui::labelled_line_ui(
                ui,
                "Organisation",
                &mut draft.organisation,
                "e.g. Example Borough Council",
            );
            ui.horizontal(|ui| {
                save = ui.button("Save").clicked();
                close = ui.button("Cancel").clicked();
            });
        });
        if save {
            self.author = draft.clone();
            if let Screen::Workspace(workspace) = &mut self.screen {
                workspace.author = self.author.clone();
            }
        }
        if save || close || modal.should_close() {
            self.you_dialog = None;
        }
    }

    /// The import and backups dialogs: each draws itself, closes when asked,
    /// and may hand back a command to run.
    fn dialogs_ui(&mut self, ctx: &egui::Context, now: f64) {
        let commands = [
            modal_ui(&mut self.import, |dialog| dialog.ui(ctx)),
            modal_ui(&mut self.backups, |dialog| dialog.ui(ctx)),
        ];
        for command in commands.into_iter().flatten() {
            self.run(command, ctx, now);
        }
    }

    fn store(&mut self, assessment: &Assessment) -> bool {
        let result = match &mut self.database {
            Ok(database) => database.create(assessment).map_err(|e| e.to_string()),
            Err(error) => Err(error.clone()),
        };
        match result {
            Ok(()) => true,
            Err(error) => {
                self.error(error);
                false
            }
        }
    }

    fn choose_file(&mut self, ctx: &egui::Context, suggested: &std::path::Path, purpose: FileFor) {
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
                FileFor::Export => pollster::block_on(dialog.save_file()),
                FileFor::Import => pollster::block_on(dialog.add_filter("Assessment file", &["json"]).pick_file()),
            };
            let _ = sender.send(chosen.map(|file| file.path().to_path_buf()));
            ctx.request_repaint();
        });
        self.jobs.choose_file = Some((receiver, Instant::now(), purpose));
    }

    fn export(&mut self, ctx: &egui::Context, request: ExportRequest) {
        let Screen::Workspace(workspace) = &self.screen else {
            return;
        };
        let assessment = workspace.assessment.clone();
        let framework = workspace.framework().clone();
        let appendices = match (&self.database, request.include_history) {
            (Ok(database), true) => database
                .history(assessment.id, None)
                .and_then(|entries| Ok((entries, database.merge_reports(assessment.id)?))),
            _ => Ok((Vec::new(), Vec::new())),
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
                include_peer_review: request.include_peer_review,
                share_safe: request.share_safe,
            };
            let result = Pack::build(&framework, Some(&assessment), options)
                .map(|mut pack| {
                    if request.include_history {
                        pack.add_appendices(&history, &merges);
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
                .and_then(|bytes| {
                    files::write_atomically(&path, &bytes).map_err(|error| {
                        format!(
                            "Could not save the file ({error}). Check the folder exists and you may write to it: {}",
                            path.display()
                        )
                    })
                })
                .map(|()| path);
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        self.jobs.export = Some(receiver);
    }

    fn poll_jobs(&mut self) {
        if let Some((receiver, started, purpose)) = &self.jobs.choose_file {
            match receiver.try_recv() {
                Ok(chosen) => {
                    let instant = started.elapsed() < Duration::from_millis(400);
                    if *purpose == FileFor::Import
                        && let Some(dialog) = &mut self.import
                    {
                        dialog.chosen(chosen, instant);
                    } else if let Screen::Workspace(workspace) = &mut self.screen
                        && let Some(dialog) = &mut workspace.export
                    {
                        match chosen {
                            Some(path) => dialog.set_path(&path),
                            None => dialog.choice_cancelled(instant),
                        }
                    }
                    self.jobs.choose_file = None;
                }
                Err(TryRecvError::Disconnected) => self.jobs.choose_file = None,
                Err(TryRecvError::Empty) => {}
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
                Ok(path) => ExportState::Done(path.clone()),
                Err(message) => ExportState::Failed(message.clone()),
            };
            if let Screen::Workspace(workspace) = &mut self.screen
                && let Some(dialog) = &mut workspace.export
            {
                dialog.set_state(state);
            }
            match result {
                Ok(path) => self.info(format!("Saved {}", path.display())),
                Err(message) => self.error(message),
            }
        }
    }

    fn open_failed_ui(&mut self, ui: &mut egui::Ui, message: &str) {
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
            self.author = author;
        }
    }

    fn notice_ui(&mut self, ui: &mut egui::Ui) {
        let failed = match &self.screen {
            Screen::Workspace(workspace) => match workspace.saves.status() {
                SaveStatus::Failed(message) => Some(message.clone()),
                _ => None,
            },
            Screen::Home(_) => None,
        };
        if self.notice.is_none() && failed.is_none() {
            return;
        }
        egui::Panel::bottom("notice").show(ui, |ui| {
            if let Some(message) = failed {
                ui.colored_label(ui.visuals().error_fg_color, format!("Not saved: {message}"));
            }
            if let Some(notice) = &self.notice {
                let mut dismiss = false;
                ui.horizontal_wrapped(|ui| {
                    if notice.is_error {
                        ui.colored_label(ui.visuals().error_fg_color, &notice.text);
                    } else {
                        ui.label(&notice.text);
                    }
                    dismiss = ui.button("Dismiss").clicked();
                });
                if dismiss {
                    self.notice = None;
                }
            }
        });
    }

    fn close_ui(&mut self, ctx: &egui::Context, now: f64) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed {
            self.flush(now, true);
            if self.has_unsaved() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.close_blocked = Some(match &self.screen {
                    Screen::Workspace(w) => match w.saves.status() {
                        SaveStatus::Failed(message) => message.clone(),
                        _ => "The database did not accept the changes.".to_owned(),
                    },
                    Screen::Home(_) => String::new(),
                });
            }
        }
        let Some(message) = self.close_blocked.clone() else {
            return;
        };
        egui::Modal::new(egui::Id::unique("close_blocked")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading("Your latest changes are not saved");
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

/// Draws an open dialog, closing it when it says so; returns its command.
fn modal_ui<D>(slot: &mut Option<D>, draw: impl FnOnce(&mut D) -> (bool, Option<Command>)) -> Option<Command> {
    let dialog = slot.as_mut()?;
    let (keep_open, command) = draw(dialog);
    if !keep_open {
        *slot = None;
    }
    command
}

impl eframe::App for CriticalFriendApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let now = ui.input(|i| i.time);
        self.poll_jobs();
        if let Err(message) = &self.database {
            let message = message.clone();
            self.open_failed_ui(ui, &message);
            return;
        }
        self.notice_ui(ui);
        let mut commands = std::mem::take(&mut self.commands);
        match &mut self.screen {
            Screen::Home(home) => {
                egui::CentralPanel::default().show(ui, |ui| home.ui(ui, &self.catalogue, &mut commands));
            }
            Screen::Workspace(workspace) => workspace.ui(ui, &mut commands),
        }
        let generation = self.screen_generation;
        for command in commands {
            self.run(command, &ctx, now);
        }
        if generation != self.screen_generation {
            ctx.memory_mut(egui::Memory::stop_text_input);
        }
        self.flush(now, false);
        self.you_ui(&ctx);
        self.dialogs_ui(&ctx, now);
        self.close_ui(&ctx, now);
        if let Screen::Workspace(workspace) = &self.screen
            && let Some(due) = workspace.saves.due_in(now)
        {
            ctx.request_repaint_after(Duration::from_secs_f64(due + 0.01));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, AUTHOR_KEY, &self.author);
    }

    fn on_exit(&mut self) {
        self.flush(f64::MAX, true);
    }
}
