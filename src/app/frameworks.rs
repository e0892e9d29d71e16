//! The Frameworks dialog's requests, each through the [`Session`]: listing
//! what the database can use (with the rules' answer on whether each may be
//! removed), checking a file, adding what was checked, removing.

use std::path::Path;

use super::CriticalFriendApp;
use crate::{
    domain::{Framework, FrameworkRef, Origin, rules},
    service::{Session, read_framework_file},
    text::{count, format_local_time},
    ui::{
        Command,
        frameworks_dialog::{FrameworkRow, FrameworksDialog},
    },
};

/// Every framework the session knows, as the dialog lists it.
fn rows(session: &Session) -> Result<Vec<FrameworkRow>, String> {
    let catalogue = session.catalogue();
    catalogue
        .entries()
        .iter()
        .map(|entry| {
            let framework = &entry.framework;
            let reference = framework.reference();
            let uses = session.framework_uses(&reference).map_err(|e| e.to_string())?;
            Ok(FrameworkRow {
                title: format!("{}, version {}", framework.short_title, framework.version),
                shape: format!(
                    "{} themes, {} {}, scored {}{}",
                    framework.themes.len(),
                    framework.item_count(),
                    framework.labels.items.to_lowercase(),
                    framework.scale.span(),
                    if framework.rating.is_some() {
                        ", with an overall rating"
                    } else {
                        ""
                    }
                ),
                origin: match &entry.origin {
                    Origin::BuiltIn => "Built in".to_owned(),
                    Origin::Added { at, by } => format!("Added {} by {}", format_local_time(*at), by.describe()),
                },
                uses: count(uses, "assessment"),
                not_removable: rules::check_remove_framework(catalogue, &reference, uses)
                    .err()
                    .map(|refused| refused.to_string()),
                reference,
            })
        })
        .collect()
}

impl CriticalFriendApp {
    /// Runs a command from the Frameworks dialog (or the button that opens it).
    pub(super) fn run_framework_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::OpenFrameworks => self.open_frameworks(),
            Command::ChooseFrameworkFile(suggested) => {
                self.choose_file(ctx, &suggested, super::jobs::FileFor::Framework);
            }
            Command::CheckFramework(path) => self.check_framework(&path),
            Command::AddFramework(framework) => self.add_framework(&framework),
            Command::RemoveFramework(reference) => self.remove_framework(&reference),
            _ => {}
        }
    }

    fn open_frameworks(&mut self) {
        match self.session().and_then(|session| rows(session)) {
            Ok(rows) => self.frameworks = Some(FrameworksDialog::new(rows)),
            Err(error) => self.error(error),
        }
    }

    fn check_framework(&mut self, path: &Path) {
        let checked = self.session().and_then(|session| {
            let framework = read_framework_file(path).map_err(|e| e.to_string())?;
            let note = match rules::check_add_framework(session.catalogue(), &framework) {
                Ok(rules::FrameworkAdd::New) => None,
                Ok(rules::FrameworkAdd::AlreadyThere) => Some(
                    "This framework is already in the database, exactly as in the file; nothing to add.".to_owned(),
                ),
                Err(refused) => return Err(format!("It cannot be added: {refused}.")),
            };
            Ok((framework, note))
        });
        if let Some(dialog) = &mut self.frameworks {
            dialog.checked(checked);
        }
    }

    fn add_framework(&mut self, framework: &Framework) {
        let result = self.session().and_then(|session| {
            session
                .add_framework(framework)
                .map(|_| format!("Added {}. New assessments can answer it.", framework.describe()))
                .map_err(|e| e.to_string())
        });
        self.refresh_frameworks(result);
    }

    fn remove_framework(&mut self, reference: &FrameworkRef) {
        let result = self.session().and_then(|session| {
            session
                .remove_framework(reference)
                .map(|()| format!("Removed {reference}."))
                .map_err(|e| e.to_string())
        });
        self.refresh_frameworks(result);
    }

    fn refresh_frameworks(&mut self, outcome: Result<String, String>) {
        let listed = self.session().and_then(|session| rows(session));
        if let Some(dialog) = &mut self.frameworks {
            match listed {
                Ok(rows) => dialog.refresh(rows, outcome),
                Err(error) => dialog.refresh(Vec::new(), Err(error)),
            }
        }
    }
}
