//! Keys on the command line: your own key and card, an assessment's roster,
//! and which new keys an import accepts.

use std::{io::Write, path::PathBuf};

use anyhow::Result;
use clap::Subcommand;

use crate::{
    domain::{AssessmentId, roster::RosterEntry},
    exchange::key_card::KeyCard,
    service::Session,
};

/// What to do with an assessment's roster.
#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// List the keys that may sign changes, with their fingerprints.
    List {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
    },
    /// Add a person from their key card (`critical-friend key --card`):
    /// the council adds council colleagues and names the peer team's lead;
    /// the lead adds the team. Check the fingerprint with them first.
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Their key card.
        #[arg(long, value_name = "FILE")]
        card: PathBuf,
    },
    /// Retire a key (a lost laptop, a person who left): changes it signs
    /// from now on are refused. Add the person's new key from its card.
    Retire {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The key's fingerprint, as `roster list` shows it.
        #[arg(long, value_name = "FINGERPRINT")]
        key: String,
    },
}

/// Prints your name and key fingerprint, or the fingerprint alone, and
/// saves your key card if asked.
pub fn key(session: &Session, fingerprint_only: bool, card: Option<PathBuf>, out: &mut dyn Write) -> Result<()> {
    let own = match card {
        Some(path) => {
            let card = session.save_key_card(&path)?;
            writeln!(out, "{}", path.display())?;
            card
        }
        None => session.key_card()?,
    };
    if fingerprint_only {
        writeln!(out, "{}", own.key.fingerprint())?;
    } else {
        writeln!(out, "{}", session.author().describe())?;
        writeln!(out, "Key fingerprint: {}", own.key.fingerprint())?;
    }
    Ok(())
}

/// Lists, adds to or retires from an assessment's roster.
pub fn roster(session: &mut Session, action: RosterAction, out: &mut dyn Write) -> Result<()> {
    match action {
        RosterAction::List { assessment } => {
            let roster = session.load(assessment)?.roster;
            if roster.is_empty() {
                writeln!(
                    out,
                    "No roster yet: this assessment takes changes unsigned until its council's first signed change."
                )?;
            }
            for entry in &roster {
                writeln!(out, "{}", entry.describe())?;
            }
        }
        RosterAction::Add { assessment, card } => {
            let card = KeyCard::read(&card).map_err(crate::service::roster_error)?;
            let entry = session.add_key(assessment, &card)?;
            writeln!(out, "Added {}.", entry.describe())?;
        }
        RosterAction::Retire { assessment, key } => {
            let entry: RosterEntry = session.retire_key(assessment, &key)?;
            writeln!(out, "Retired {}.", entry.describe())?;
        }
    }
    Ok(())
}
