//! Every numbered list the command line can add to — key messages,
//! strengths, areas for consideration, paragraphs, sub-headed bullet lists,
//! the peer team and the scope questions — listed, edited, moved and
//! removed by the number `entry list` prints. Every change goes through the
//! session, so the rules decide whether it may happen; this module only
//! finds the entry the number names.

use std::io::Write;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use uuid::Uuid;

use crate::{
    domain::{Assessment, AssessmentId, ChallengeOp, ListKind, ListOp, Place, SectionRef, TeamMember},
    service::Session,
};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListName {
    /// The peer team's key messages.
    KeyMessages,
    /// Strengths of a theme (`--theme`) or report section (`--section`).
    Strengths,
    /// Areas for consideration of a theme or report section.
    Areas,
    /// Numbered paragraphs: `--background`, `--under-key-messages` or `--section`.
    Paragraphs,
    /// Sub-headed bullet lists of a report section (`--section`).
    Bullets,
    /// The peer team's members.
    Team,
    /// The scope questions.
    Scope,
}

/// A list, and where in the report it is.
#[derive(Debug, Args)]
pub struct WhichList {
    /// The assessment's id.
    #[arg(long)]
    pub assessment: AssessmentId,
    /// Which list.
    #[arg(long, value_enum)]
    pub list: ListName,
    /// For strengths and areas: the theme's number.
    #[arg(long, conflicts_with = "section")]
    pub theme: Option<u8>,
    /// For strengths, areas, paragraphs and bullets: the report section's
    /// number (`report sections` lists them).
    #[arg(long)]
    pub section: Option<usize>,
    /// For paragraphs: those of the background.
    #[arg(long, conflicts_with_all = ["section", "under_key_messages"])]
    pub background: bool,
    /// For paragraphs: those under the key messages.
    #[arg(long, conflicts_with = "section")]
    pub under_key_messages: bool,
}

/// What to do to an entry.
#[derive(Debug, Subcommand)]
pub enum EntryAction {
    /// Print the list's entries, numbered as the other commands number them.
    List {
        /// The list.
        #[command(flatten)]
        which: WhichList,
    },
    /// Reword entry N. For the team, give any of --member, --role and
    /// --member-org; the others stay as they are.
    Edit {
        /// The list.
        #[command(flatten)]
        which: WhichList,
        /// The entry's number, from 1.
        #[arg(long)]
        number: usize,
        /// The new text.
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        /// A UTF-8 file holding the new text; `-` reads standard input.
        #[arg(long, value_name = "PATH")]
        file: Option<std::path::PathBuf>,
        /// The team member's name.
        #[arg(long)]
        member: Option<String>,
        /// Their role on the team.
        #[arg(long = "role")]
        team_role: Option<String>,
        /// Their organisation.
        #[arg(long)]
        member_org: Option<String>,
    },
    /// Move entry N to place M in its list.
    Move {
        /// The list.
        #[command(flatten)]
        which: WhichList,
        /// The entry's number now.
        #[arg(long)]
        number: usize,
        /// Its number after the move.
        #[arg(long)]
        to: usize,
    },
    /// Remove entry N.
    Remove {
        /// The list.
        #[command(flatten)]
        which: WhichList,
        /// The entry's number.
        #[arg(long)]
        number: usize,
    },
}

/// The list a [`WhichList`] names, resolved.
enum Target {
    /// One of the peer team's lists.
    List(ListKind),
    /// The peer team's members.
    Team,
    /// The scope questions.
    Scope,
}

impl WhichList {
    fn target(&self, session: &Session) -> Result<Target> {
        let section = |number: usize| super::report::section_numbered(session, self.assessment, number);
        let theme_or_section = || -> Result<SectionRef> {
            match (self.theme, self.section) {
                (Some(theme), _) => Ok(SectionRef::Theme(theme)),
                (None, Some(number)) => section(number),
                (None, None) => bail!("say which: --theme N or --section K"),
            }
        };
        Ok(match self.list {
            ListName::KeyMessages => Target::List(ListKind::KeyMessages),
            ListName::Strengths => Target::List(ListKind::Strengths(theme_or_section()?)),
            ListName::Areas => Target::List(ListKind::Areas(theme_or_section()?)),
            ListName::Paragraphs => Target::List(ListKind::Paragraphs(
                match (self.background, self.under_key_messages, self.section) {
                    (true, _, _) => Place::Background,
                    (_, true, _) => Place::KeyMessages,
                    (_, _, Some(number)) => Place::Section(section(number)?),
                    _ => bail!("say which paragraphs: --background, --under-key-messages or --section K"),
                },
            )),
            ListName::Bullets => Target::List(ListKind::Bullets(section(
                self.section.context("say which section's bullet lists: --section K")?,
            )?)),
            ListName::Team => Target::Team,
            ListName::Scope => Target::Scope,
        })
    }
}

/// The target's entries in order: id and text as `entry list` prints it.
fn entries(assessment: &Assessment, target: &Target) -> Vec<(Uuid, String)> {
    match target {
        Target::List(kind) => assessment
            .peer
            .list(*kind)
            .map(|entry| (entry.id, entry.text.clone()))
            .collect(),
        Target::Team => assessment
            .team
            .iter()
            .map(|member| {
                let parts = [&member.name, &member.role, &member.organisation];
                let text = parts.iter().filter(|part| !part.is_empty()).map(|part| part.as_str());
                (member.id, text.collect::<Vec<_>>().join(", "))
            })
            .collect(),
        Target::Scope => assessment
            .scope
            .iter()
            .map(|question| (question.id, question.question.clone()))
            .collect(),
    }
}

/// The id of entry `number` (from 1), or why there is none.
fn numbered(entries: &[(Uuid, String)], number: usize) -> Result<Uuid> {
    number
        .checked_sub(1)
        .and_then(|at| entries.get(at))
        .map(|(id, _)| *id)
        .with_context(|| match entries.len() {
            0 => format!("there is no entry {number}: the list is empty"),
            count => format!("there is no entry {number}; the list has entries 1 to {count} (`entry list` shows them)"),
        })
}

/// Runs an `entry` subcommand.
pub fn run(session: &mut Session, action: EntryAction, out: &mut dyn Write) -> Result<()> {
    match action {
        EntryAction::List { which } => {
            let target = which.target(session)?;
            let listed = entries(&session.load(which.assessment)?, &target);
            if listed.is_empty() {
                writeln!(out, "The list is empty.")?;
            }
            for (number, (_, text)) in (1..).zip(listed) {
                writeln!(out, "{number}. {}", text.replace('\n', "\n   "))?;
            }
        }
        EntryAction::Edit {
            which,
            number,
            text,
            file,
            member,
            team_role,
            member_org,
        } => {
            let target = which.target(session)?;
            let assessment = session.load(which.assessment)?;
            let id = numbered(&entries(&assessment, &target), number)?;
            let text = match (text, file) {
                (Some(text), _) => Some(text),
                (None, Some(path)) => Some(super::report::read_text_file(&path)?),
                (None, None) => None,
            };
            match target {
                Target::Team => {
                    let Some(current) = assessment.team.iter().find(|m| m.id == id) else {
                        bail!("there is no member {number}");
                    };
                    if member.is_none() && team_role.is_none() && member_org.is_none() {
                        bail!("say what changes: --member, --role or --member-org");
                    }
                    let edited = TeamMember {
                        id,
                        name: member.unwrap_or_else(|| current.name.clone()),
                        role: team_role.unwrap_or_else(|| current.role.clone()),
                        organisation: member_org.unwrap_or_else(|| current.organisation.clone()),
                    };
                    session.change_challenge(which.assessment, &ChallengeOp::EditMember(edited))?;
                }
                Target::Scope => {
                    let text = text.context("give the new wording: --text TEXT or --file PATH")?;
                    session.change_challenge(which.assessment, &ChallengeOp::EditQuestion { id, text })?;
                }
                Target::List(_) => {
                    let text = text.context("give the new text: --text TEXT or --file PATH")?;
                    session.change_list(which.assessment, &ListOp::Edit { id, text })?;
                }
            }
        }
        EntryAction::Move { which, number, to } => move_entry(session, &which, number, to)?,
        EntryAction::Remove { which, number } => {
            let target = which.target(session)?;
            let id = numbered(&entries(&session.load(which.assessment)?, &target), number)?;
            match target {
                Target::Team => session.change_challenge(which.assessment, &ChallengeOp::RemoveMember(id))?,
                Target::Scope => session.change_challenge(which.assessment, &ChallengeOp::RemoveQuestion(id))?,
                Target::List(_) => session.change_list(which.assessment, &ListOp::Remove { id })?,
            };
        }
    }
    Ok(())
}

/// Moves entry `number` to place `to`, one place at a time as the app's
/// Up and Down buttons do, so each step is a change of its own.
fn move_entry(session: &mut Session, which: &WhichList, number: usize, to: usize) -> Result<()> {
    let target = which.target(session)?;
    let listed = entries(&session.load(which.assessment)?, &target);
    let id = numbered(&listed, number)?;
    if !matches!(target, Target::List(_)) {
        bail!("the team and the scope questions keep the order they were added in; nothing was moved");
    }
    if to == 0 || to > listed.len() {
        bail!("--to must be a place from 1 to {}; nothing was moved", listed.len());
    }
    let up = to < number;
    for _ in 0..number.abs_diff(to) {
        session.change_list(which.assessment, &ListOp::Move { id, up })?;
    }
    Ok(())
}
