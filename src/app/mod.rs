//! The app: the one place where the UI, the service layer and reports meet.
//! Screens draw and push commands; after each frame the app runs them
//! (`commands.rs`) through the [`Session`], writes due edits, and polls
//! background work (`jobs.rs`: file dialogs, exports) so the window never
//! freezes. Dialogs the app itself owns are in `dialogs.rs`.

mod commands;
mod dialogs;
mod evidence;
mod frameworks;
mod help;
mod jobs;
mod keys;
mod measures;
mod saving;

use std::{path::PathBuf, time::Duration};

use crate::{
    domain::{Assessment, Author},
    service::{AssessmentListing, Session},
    ui::{
        self, Command,
        backups_dialog::BackupsDialog,
        confirm_dialog::ConfirmDialog,
        frameworks_dialog::FrameworksDialog,
        home::HomeView,
        import_dialog::ImportDialog,
        workspace::{WorkspaceView, save_queue::SaveStatus},
        you_dialog::YouDialog,
    },
};

/// How the app was started.
#[derive(Clone, Debug)]
pub struct StartupOptions {
    /// The database file to open or create.
    pub db_path: PathBuf,
    /// An exchange file to check for import as the app opens (the file the
    /// app was started with, or double-clicked).
    pub import: Option<PathBuf>,
}

/// The user's documents folder, where files they choose to save are
/// suggested to go (or the current folder, on a system without one).
fn documents_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| dirs.document_dir().map(std::path::Path::to_path_buf))
        .unwrap_or_default()
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

/// Critical Friend's window.
pub struct CriticalFriendApp {
    db_path: PathBuf,
    session: Result<Session, String>,
    screen: Screen,
    commands: Vec<Command>,
    notice: Option<Notice>,
    jobs: jobs::Jobs,
    close_blocked: Option<String>,
    close_confirmed: bool,
    /// Bumped whenever the screen is replaced, to drop stale keyboard focus.
    screen_generation: u64,
    /// Who edits are attributed to; remembered between sessions.
    author: Author,
    /// The "You" dialog, while open.
    you_dialog: Option<YouDialog>,
    /// The import dialog, while open.
    import: Option<ImportDialog>,
    /// The backups dialog, while open.
    backups: Option<BackupsDialog>,
    /// The frameworks dialog, while open.
    frameworks: Option<FrameworksDialog>,
    /// A passphrase being typed to open a protected database.
    passphrase: String,
    /// Input held back for the next frame (see `ui::input`).
    held_input: Vec<egui::Event>,
    /// A consequential step waiting for the user to confirm it.
    confirm: Option<ConfirmDialog>,
    /// Clicks are ignored until this time (seconds), just after a confirmation.
    clicks_ignored_until: f64,
    /// Whether the help window is showing.
    help_open: bool,
    /// The window's title as last set.
    window_title: String,
    /// Temporary copies of attached files opened with the system's program;
    /// each is deleted when the app closes (dropping it deletes the file).
    opened: Vec<tempfile::TempPath>,
    /// Fields saved elsewhere while this window showed them, waiting for a choice.
    conflict: Option<crate::ui::conflict_dialog::ConflictDialog>,
    /// The database's data version when this window last looked.
    seen_version: Option<i64>,
}

/// eframe storage key for the remembered author (UI settings only).
const AUTHOR_KEY: &str = "author";

impl CriticalFriendApp {
    /// Creates the app inside eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartupOptions) -> Self {
        ui::install_fonts(&cc.egui_ctx);
        ui::theme::install(&cc.egui_ctx);
        let passphrase = std::env::var("CRITICAL_FRIEND_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty());
        let mut app = Self::open(options.db_path, passphrase.as_deref());
        match cc
            .storage
            .map(|storage| eframe::get_value::<Author>(storage, AUTHOR_KEY))
        {
            Some(Some(author)) => app.set_author(author),
            // The first start on this computer: who is using it is asked
            // before anything is recorded in their name.
            Some(None) => app.you_dialog = Some(YouDialog::first_start(app.author.clone())),
            None => {}
        }
        if let Some(path) = options.import {
            app.import = Some(ImportDialog::for_file(&path));
            app.commands.push(ui::Command::CheckImport(path));
        }
        app
    }

    fn open(db_path: PathBuf, passphrase: Option<&str>) -> Self {
        let session = Session::open(&db_path, passphrase, Author::default()).map_err(|error| error.to_string());
        let mut app = Self {
            db_path,
            session,
            screen: Screen::Home(HomeView::default()),
            commands: Vec::new(),
            notice: None,
            jobs: jobs::Jobs::default(),
            close_blocked: None,
            close_confirmed: false,
            screen_generation: 0,
            author: Author::default(),
            you_dialog: None,
            import: None,
            backups: None,
            frameworks: None,
            passphrase: String::new(),
            held_input: Vec::new(),
            confirm: None,
            clicks_ignored_until: 0.0,
            help_open: false,
            window_title: "Critical Friend".to_owned(),
            opened: Vec::new(),
            conflict: None,
            seen_version: None,
        };
        if let Ok(session) = &app.session
            && let Some(warning) = session.database().backup_warning()
        {
            let warning = format!("Today's automatic backup could not be taken: {warning}");
            app.error(warning);
        }
        if let Ok(session) = &app.session {
            app.author = session.author().clone();
        }
        app.go_home();
        app
    }

    /// Attributes changes from now on to `author`, after saving what was
    /// typed as the one before.
    fn set_author(&mut self, mut author: Author) {
        self.flush(f64::MAX, true);
        if let Ok(session) = &mut self.session {
            session.set_author(author.clone());
            // The session's: the same person, with this database's key.
            author = session.author().clone();
        }
        if let Screen::Workspace(workspace) = &mut self.screen {
            workspace.author = author.clone();
        }
        self.author = author;
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

    /// The open session, or why there is none.
    fn session(&mut self) -> Result<&mut Session, String> {
        self.session.as_mut().map_err(|error| error.clone())
    }

    fn listings(&mut self) -> Vec<AssessmentListing> {
        let Ok(session) = &self.session else {
            return Vec::new();
        };
        match session.database().list() {
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

    /// The council's other assessments of the same framework, for Year on year.
    fn others_of(&self, assessment: &Assessment) -> Vec<Assessment> {
        let Ok(session) = &self.session else {
            return Vec::new();
        };
        let council = assessment.details.organisation.trim().to_lowercase();
        session
            .database()
            .list()
            .unwrap_or_default()
            .into_iter()
            .filter(|listing| {
                listing.id != assessment.id
                    && listing.framework == assessment.framework
                    && listing.details.organisation.trim().to_lowercase() == council
            })
            .filter_map(|listing| session.load(listing.id).ok())
            .collect()
    }

    fn open_assessment(&mut self, assessment: Assessment) {
        let framework = self
            .session
            .as_ref()
            .ok()
            .and_then(|session| session.catalogue().find(&assessment.framework).cloned());
        match framework {
            Some(framework) => {
                let baseline = assessment
                    .baseline
                    .and_then(|id| self.session.as_ref().ok().and_then(|session| session.load(id).ok()));
                let others = self.others_of(&assessment);
                let measures = self.session.as_ref().ok().map_or_else(Vec::new, |session| {
                    session
                        .standings_for(&assessment)
                        .unwrap_or_default()
                });
                let mut workspace = WorkspaceView::new(assessment, framework, self.author.clone());
                workspace.baseline = baseline;
                workspace.measures = measures;
                // Only the assessment a progress review started from is
                // set beside it unasked; the user ticks any others.
                workspace.years = others
                    .iter()
                    .filter(|other| Some(other.id) == workspace.assessment.baseline)
                    .map(|other| other.id)
                    .collect();
                workspace.others = others;
                self.screen = Screen::Workspace(Box::new(workspace));
                self.screen_generation += 1;
                self.measure_database();
            }
            None => self.error(format!(
                "This assessment uses framework {}, which this database does not have. Add the framework (Frameworks… on the home screen) to open it.",
                assessment.framework
            )),
        }
    }

    fn has_unsaved(&self) -> bool {
        matches!(&self.screen, Screen::Workspace(w) if w.saves.has_unsaved())
    }
}

impl CriticalFriendApp {
    /// Names the window for a screen reader, and in the window's title, by
    /// what is open: "Critical Friend" on the home screen, "Example Borough
    /// Council — … — Critical Friend" in an assessment.
    fn name_window(&mut self, ctx: &egui::Context) {
        let name = match &self.screen {
            Screen::Home(_) => "Critical Friend".to_owned(),
            Screen::Workspace(workspace) => {
                format!(
                    "{} — Critical Friend",
                    crate::ui::home::describe(&workspace.assessment.details)
                )
            }
        };
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(name.clone()));
        if self.window_title != name {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(name.clone()));
            self.window_title = name;
        }
    }
}

impl eframe::App for CriticalFriendApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let now = ui.input(|i| i.time);
        self.poll_jobs();
        self.notice_other_writers();
        if let Err(message) = &self.session {
            let message = message.clone();
            self.open_failed_ui(ui, &message);
            return;
        }
        self.notice_ui(ui);
        self.name_window(&ctx);
        let mut commands = std::mem::take(&mut self.commands);
        match &mut self.screen {
            Screen::Home(home) => {
                if let Ok(session) = &self.session {
                    egui::CentralPanel::default().show(ui, |ui| home.ui(ui, session.catalogue(), &mut commands));
                }
            }
            Screen::Workspace(workspace) => workspace.ui(ui, &mut commands),
        }
        let generation = self.screen_generation;
        if !commands.is_empty() {
            // What a command did (a notice, a reloaded view) shows at once.
            ctx.request_repaint();
        }
        for command in commands {
            self.run(command, &ctx, now);
        }
        if generation != self.screen_generation {
            ctx.memory_mut(egui::Memory::stop_text_input);
        }
        self.flush(now, false);
        self.dialogs_ui(&ctx, now);
        self.help_ui(&ctx);
        self.close_ui(&ctx, now);
        if let Screen::Workspace(workspace) = &self.screen
            && let Some(due) = workspace.saves.due_in(now)
        {
            ctx.request_repaint_after(Duration::from_secs_f64(due + 0.01));
        }
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if raw_input.time.is_some_and(|time| time < self.clicks_ignored_until) {
            ui::input::drop_clicks(&mut raw_input.events);
        }
        ui::input::plain_text(&mut raw_input.events);
        ui::input::release_held(&mut raw_input.events, &mut self.held_input);
        if ui::input::hold_clicks_after_typing(&mut raw_input.events, &mut self.held_input) {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, AUTHOR_KEY, &self.author);
    }

    fn on_exit(&mut self) {
        self.flush(f64::MAX, true);
    }
}

/// The save indicator's failure, for the notice at the foot.
fn save_failure(screen: &Screen) -> Option<String> {
    match screen {
        Screen::Workspace(workspace) => match workspace.saves.status() {
            SaveStatus::Failed(message) => Some(message.clone()),
            _ => None,
        },
        Screen::Home(_) => None,
    }
}

/// The last line of defence for typed words: when the app goes away —
/// closed, or unwound by a panic in the windowing library when the system
/// destroys the window — whatever is still queued is saved.
impl Drop for CriticalFriendApp {
    fn drop(&mut self) {
        self.flush(f64::MAX, true);
    }
}

impl CriticalFriendApp {
    /// Queues a command as if a screen had pushed it: how tests drive the
    /// app's command path directly, the way its buttons do.
    #[doc(hidden)]
    pub fn queue(&mut self, command: Command) {
        self.commands.push(command);
    }
}
