//! Frameworks on the command line: list, show, check, add and remove.

use std::io::Write;

use anyhow::{Context, Result};

use super::{args::FrameworkAction, print};
use crate::{
    domain::{Author, Catalogue},
    service::Session,
};

/// Lists, shows, checks, adds or removes frameworks. Listing and showing
/// never create a database: without one, they show the built-in frameworks.
pub fn run(
    path: &std::path::Path,
    author: &Author,
    action: Option<FrameworkAction>,
    out: &mut dyn Write,
) -> Result<()> {
    let reads_only = matches!(
        action,
        None | Some(FrameworkAction::List { .. } | FrameworkAction::Show { .. } | FrameworkAction::Check { .. })
    );
    let session = if reads_only && !path.exists() {
        None
    } else {
        Some(Session::open(path, super::passphrase().as_deref(), author.clone())?)
    };
    let builtin = Catalogue::builtin();
    let catalogue = session.as_ref().map_or(&builtin, Session::catalogue);
    match action {
        None => print::framework(catalogue.default_framework(), out),
        Some(FrameworkAction::List { json }) => print::frameworks(catalogue, session.as_ref(), json, out),
        Some(FrameworkAction::Show { id, version }) => {
            let framework = match &session {
                Some(session) => session.framework_named(&id, version.as_deref())?,
                None => match &version {
                    Some(version) => catalogue.find(&crate::domain::FrameworkRef {
                        id: id.clone(),
                        version: version.clone(),
                    }),
                    None => catalogue.latest(&id),
                }
                .with_context(|| {
                    format!("there is no framework “{id}”; `critical-friend framework list` shows those there are")
                })?,
            };
            print::framework(framework, out)
        }
        Some(FrameworkAction::Check { file }) => {
            let framework = crate::service::read_framework_file(&file)?;
            // The verdict `add` would give, against this database's frameworks.
            let note = match crate::domain::rules::check_add_framework(catalogue, &framework)? {
                crate::domain::rules::FrameworkAdd::New => "it can be added",
                crate::domain::rules::FrameworkAdd::AlreadyThere => "it is already in this database",
            };
            writeln!(
                out,
                "{} is a valid framework: {}; {note}",
                file.display(),
                framework.describe()
            )?;
            Ok(())
        }
        Some(FrameworkAction::Add { file }) => {
            let mut session = session.context("the database could not be opened")?;
            let framework = crate::service::read_framework_file(&file)?;
            let outcome = session.add_framework(&framework)?;
            let note = match outcome {
                crate::domain::rules::FrameworkAdd::New => "added",
                crate::domain::rules::FrameworkAdd::AlreadyThere => "already in this database; nothing changed",
            };
            writeln!(out, "{} {} ({note})", framework.id, framework.version)?;
            Ok(())
        }
        Some(FrameworkAction::Remove { id, version }) => {
            let mut session = session.context("the database could not be opened")?;
            session.remove_framework(&crate::domain::FrameworkRef { id, version })?;
            Ok(())
        }
    }
}
