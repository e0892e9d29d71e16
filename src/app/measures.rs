//! The Measures view's commands: the council's settings (its comparator
//! group and region), and the national ASCOF file imported for a year —
//! after either, the open assessment's standings are worked out again.

use std::path::Path;

use super::{CriticalFriendApp, Screen, jobs::FileFor};
use crate::{domain::settings::Setting, ui::Command};

impl CriticalFriendApp {
    pub(super) fn run_measures_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::SetSetting { setting, seen, text } => self.set_setting((setting, &seen), &text),
            Command::ChooseAscofFile => self.choose_file(ctx, Path::new(""), FileFor::Ascof),
            Command::ImportAscof { path, period } => self.import_ascof(&path, &period),
            _ => {}
        }
    }

    /// Sets one of the assessment's settings and reloads them.
    fn set_setting(&mut self, (setting, seen): (Setting, &str), text: &str) {
        self.change_open(
            |session, id| session.set_setting(id, (setting, Some(seen)), text),
            |workspace, fresh| workspace.assessment.settings = fresh.settings,
        );
        // The standings rank the council among its new group, beside its region.
        self.refresh_standings();
    }

    /// Imports the published file at `path` for the year `period`, and says
    /// what it read, replaced and left out, or why nothing was stored.
    fn import_ascof(&mut self, path: &Path, period: &str) {
        let Ok(session) = &mut self.session else {
            return;
        };
        match session.import_ascof(path, (period, crate::domain::measures::ASCOF_SOURCE, "")) {
            Ok(imported) => {
                self.refresh_standings();
                self.info(imported.report().join(" "));
            }
            Err(error) => self.error(error.to_string()),
        }
        self.measure_database();
    }

    /// Works out again where the open assessment's council stands.
    fn refresh_standings(&mut self) {
        if let (Ok(session), Screen::Workspace(workspace)) = (self.session.as_ref(), &mut self.screen)
            && let Ok(standings) = session.standings_for(&workspace.assessment)
        {
            workspace.measures = standings;
        }
    }
}
