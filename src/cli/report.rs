//! The peer challenge report from the command line: its executive summary,
//! background facts, contact details, sections (listed, added, moved and
//! removed, numbered in report order with the themes among them),
//! paragraphs and sub-headed bullet lists. Every change goes through the
//! session; this module only reads arguments and prints what came back.

use std::{io::Read, io::Write, path::PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};

use crate::domain::background_wording::Lead;
use crate::{
    domain::{AssessmentId, BulletList, ListKind, ListOp, Place, ReportOp, SectionRef},
    service::Session,
};

/// The most text a `--file` may hold: far beyond any summary or paragraph.
const MAX_TEXT_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Text given on the command line, or read from a file (`-` for standard
/// input): a long text cannot pass as one argument (Linux allows 128 KiB).
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct TextArg {
    /// The text.
    #[arg(long)]
    pub text: Option<String>,
    /// A UTF-8 file holding the text; `-` reads standard input.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

impl TextArg {
    /// The text, read from its file if it was given as one.
    pub fn read(self) -> Result<String> {
        match (self.text, self.file) {
            (Some(text), _) => Ok(text),
            (None, Some(path)) => read_text_file(&path),
            (None, None) => bail!("give --text TEXT or --file PATH"),
        }
    }
}

/// Reads a UTF-8 text file (`-`: standard input), refusing one over the limit.
pub fn read_text_file(path: &std::path::Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_TEXT_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("could not read standard input")?;
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_TEXT_FILE_BYTES + 1).read_to_end(&mut bytes))
            .with_context(|| format!("could not read {}", path.display()))?;
    }
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        bail!(
            "{} holds more than {MAX_TEXT_FILE_BYTES} bytes; nothing was changed",
            path.display()
        );
    }
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text; nothing was changed", path.display()))
}

/// The report's subcommands.
#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// Set the executive summary (paragraphs separated by a blank line).
    Summary {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The summary.
        #[command(flatten)]
        text: TextArg,
    },
    /// Set the contact details block.
    Contact {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The contact details.
        #[command(flatten)]
        text: TextArg,
    },
    /// Set what the team counted; counts not given stay as they are.
    Facts {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Documents the team considered.
        #[arg(long)]
        documents: Option<u32>,
        /// Meetings held on site.
        #[arg(long)]
        meetings: Option<u32>,
        /// Different people met.
        #[arg(long)]
        people: Option<u32>,
        /// Hours spent with the council and its documentation.
        #[arg(long)]
        hours: Option<u32>,
    },
    /// List the report's sections in order, numbered as the other commands number them.
    Sections {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
    },
    /// Add, move or remove a section.
    Section {
        /// What to do.
        #[command(subcommand)]
        action: SectionAction,
    },
    /// Add a numbered paragraph to the background, the key messages or a section.
    Paragraph {
        /// What to do.
        #[command(subcommand)]
        action: ParagraphAction,
    },
    /// Word one of the background's opening paragraphs, which the report
    /// writes itself, the team's own way; an empty text takes the written
    /// wording back. Without --lead, prints the four as the report words them.
    Wording {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Which paragraph: the one before the scope questions, the one
        /// before the team, the days on site, or what the team counted.
        #[arg(long, value_enum, requires = "words")]
        lead: Option<LeadArg>,
        /// The paragraph.
        #[arg(long, group = "words", requires = "lead")]
        text: Option<String>,
        /// A UTF-8 file holding the paragraph; `-` reads standard input.
        #[arg(long, value_name = "PATH", group = "words", requires = "lead")]
        file: Option<PathBuf>,
    },
    /// Issue the report as Final: it then takes no change until set back to
    /// Draft. Says which empty parts the Final report leaves out.
    Final {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
    },
    /// Set an issued report back to Draft, to change it.
    Draft {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
    },
    /// Add a bullet list under its own sub-heading to a section.
    Bullets {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The section's number (`report sections` lists them).
        #[arg(long)]
        section: usize,
        /// The list's sub-heading.
        #[arg(long)]
        heading: String,
        /// One bullet; give it again for each.
        #[arg(long = "item", required = true)]
        items: Vec<String>,
    },
}

/// Section subcommands.
#[derive(Debug, Subcommand)]
pub enum SectionAction {
    /// Add a section at the end of the report; prints its number.
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Its title, e.g. "Vision, Strategy & Leadership".
        #[arg(long)]
        title: String,
    },
    /// Move a section to another place in the report.
    Move {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The section's number now.
        #[arg(long)]
        section: usize,
        /// Its number after the move.
        #[arg(long)]
        to: usize,
    },
    /// Remove an added section that holds nothing.
    Remove {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The section's number.
        #[arg(long)]
        section: usize,
    },
    /// Give a section the title the report prints ("Long Term Support");
    /// a theme given its framework title, or an empty one, takes it back.
    Rename {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The section's number.
        #[arg(long)]
        section: usize,
        /// Its title in the report.
        #[arg(long)]
        title: String,
    },
    /// Leave a theme the team did not look at out of the report (it must
    /// hold nothing), or with --include put it back.
    LeaveOut {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The section's number.
        #[arg(long)]
        section: usize,
        /// Put it back in the report.
        #[arg(long)]
        include: bool,
    },
}

/// Paragraph subcommands.
#[derive(Debug, Subcommand)]
pub enum ParagraphAction {
    /// Add a paragraph at the end of its place.
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// In the background.
        #[arg(long, group = "place")]
        background: bool,
        /// Under the key messages.
        #[arg(long, group = "place")]
        key_messages: bool,
        /// In the section with this number.
        #[arg(long, group = "place")]
        section: Option<usize>,
        /// The paragraph.
        #[command(flatten)]
        text: TextArg,
    },
}

/// The section with report number `number` (1-based, themes included).
pub fn section_numbered(session: &Session, id: AssessmentId, number: usize) -> Result<SectionRef> {
    let assessment = session.load(id)?;
    let sections = assessment.report_sections(session.framework_of(&assessment)?);
    number
        .checked_sub(1)
        .and_then(|at| sections.get(at))
        .map(|view| view.section)
        .with_context(|| {
            format!(
                "there is no section {number}; the report has sections 1 to {} (`critical-friend report sections` lists them)",
                sections.len()
            )
        })
}

/// One of the background's opening paragraphs, on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LeadArg {
    Scope,
    Team,
    Visit,
    Facts,
}

impl From<LeadArg> for Lead {
    fn from(lead: LeadArg) -> Self {
        match lead {
            LeadArg::Scope => Lead::Scope,
            LeadArg::Team => Lead::Team,
            LeadArg::Visit => Lead::Visit,
            LeadArg::Facts => Lead::Facts,
        }
    }
}

/// Rewords one lead, or prints them all as the report words them.
fn wording(
    session: &mut Session,
    assessment: AssessmentId,
    reword: Option<(LeadArg, TextArg)>,
    out: &mut dyn Write,
) -> Result<()> {
    let loaded = session.load(assessment)?;
    let framework = session.framework_of(&loaded)?;
    let Some((lead, text)) = reword else {
        for (lead, words) in loaded.background_leads(framework) {
            let reworded = loaded.report.wording.0.contains_key(&lead);
            writeln!(
                out,
                "{} ({}): {words}",
                lead.label(),
                if reworded { "the team's words" } else { "as written" }
            )?;
        }
        return Ok(());
    };
    let lead = Lead::from(lead);
    let written = loaded
        .written_leads(framework)
        .into_iter()
        .find(|(which, _)| *which == lead)
        .map(|(_, words)| words)
        .with_context(|| format!("the report has no “{}” yet: it has nothing to say there", lead.label()))?;
    let wording = loaded.report.wording.with(lead, &text.read()?, &written);
    session.change_report(assessment, &ReportOp::Wording(wording))?;
    Ok(())
}

/// Runs a report subcommand.
pub fn run(session: &mut Session, action: ReportAction, out: &mut dyn Write) -> Result<()> {
    match action {
        ReportAction::Summary { assessment, text } => {
            session.change_report(assessment, &ReportOp::Summary(text.read()?))?;
        }
        ReportAction::Contact { assessment, text } => {
            session.change_report(assessment, &ReportOp::Contact(text.read()?))?;
        }
        ReportAction::Final { assessment } => {
            session.change_report(assessment, &ReportOp::Issue(true))?;
            let loaded = session.load(assessment)?;
            let options = crate::packs::PackOptions::of(crate::packs::PackKind::Report, crate::text::today());
            let left_out = crate::packs::left_out_note(session.framework_of(&loaded)?, &loaded, &options);
            writeln!(
                out,
                "The report is Final.{}",
                left_out.map(|note| format!(" {note}")).unwrap_or_default()
            )?;
        }
        ReportAction::Wording {
            assessment,
            lead,
            text,
            file,
        } => wording(
            session,
            assessment,
            lead.map(|lead| (lead, TextArg { text, file })),
            out,
        )?,
        ReportAction::Draft { assessment } => {
            session.change_report(assessment, &ReportOp::Issue(false))?;
            writeln!(out, "The report is a Draft again.")?;
        }
        ReportAction::Facts {
            assessment,
            documents,
            meetings,
            people,
            hours,
        } => {
            let mut facts = session.load(assessment)?.report.facts;
            facts.documents = documents.or(facts.documents);
            facts.meetings = meetings.or(facts.meetings);
            facts.people = people.or(facts.people);
            facts.hours = hours.or(facts.hours);
            session.change_report(assessment, &ReportOp::Facts(facts))?;
        }
        ReportAction::Sections { assessment } => {
            let loaded = session.load(assessment)?;
            for (number, view) in (1..).zip(loaded.report_sections(session.framework_of(&loaded)?)) {
                let kind = match view.section {
                    SectionRef::Theme(theme) if view.left_out => format!("theme {theme}, left out of the report"),
                    SectionRef::Theme(theme) => format!("theme {theme}"),
                    SectionRef::Added(_) => "added".to_owned(),
                };
                writeln!(out, "{number}. {} ({kind})", view.title)?;
            }
        }
        ReportAction::Section { action } => run_section(session, action, out)?,
        ReportAction::Paragraph {
            action:
                ParagraphAction::Add {
                    assessment,
                    background,
                    key_messages,
                    section,
                    text,
                },
        } => {
            let place = match (background, key_messages, section) {
                (true, _, _) => Place::Background,
                (_, true, _) => Place::KeyMessages,
                (_, _, Some(number)) => Place::Section(section_numbered(session, assessment, number)?),
                _ => bail!("say where the paragraph goes: --background, --key-messages or --section K"),
            };
            let op = ListOp::Add {
                list: ListKind::Paragraphs(place),
                text: text.read()?,
            };
            session.change_list(assessment, &op)?;
        }
        ReportAction::Bullets {
            assessment,
            section,
            heading,
            items,
        } => {
            let list = BulletList { heading, items };
            let op = ListOp::Add {
                list: ListKind::Bullets(section_numbered(session, assessment, section)?),
                text: list.text(),
            };
            session.change_list(assessment, &op)?;
        }
    }
    Ok(())
}

fn run_section(session: &mut Session, action: SectionAction, out: &mut dyn Write) -> Result<()> {
    match action {
        SectionAction::Add { assessment, title } => {
            let added = session.change_list(
                assessment,
                &ListOp::Add {
                    list: ListKind::Sections,
                    text: title,
                },
            )?;
            let loaded = session.load(assessment)?;
            let sections = loaded.report_sections(session.framework_of(&loaded)?);
            let number = sections
                .iter()
                .position(|view| view.section == SectionRef::Added(added))
                .map_or(sections.len(), |at| at + 1);
            writeln!(out, "{number}")?;
        }
        SectionAction::Move {
            assessment,
            section,
            to,
        } => {
            let loaded = session.load(assessment)?;
            let mut order: Vec<SectionRef> = loaded
                .report_sections(session.framework_of(&loaded)?)
                .into_iter()
                .map(|view| view.section)
                .collect();
            let moving = section_numbered(session, assessment, section)?;
            if to == 0 || to > order.len() {
                bail!("--to must be a place from 1 to {}", order.len());
            }
            order.retain(|other| *other != moving);
            order.insert(to - 1, moving);
            session.change_report(assessment, &ReportOp::Order(order))?;
        }
        SectionAction::Remove { assessment, section } => match section_numbered(session, assessment, section)? {
            SectionRef::Added(id) => {
                session.change_list(assessment, &ListOp::Remove { id })?;
            }
            SectionRef::Theme(theme) => {
                bail!(
                    "section {section} is theme {theme} of the framework, which every report has; move it, or leave it out of the report with `report section leave-out`"
                )
            }
        },
        SectionAction::Rename {
            assessment,
            section,
            title,
        } => match section_numbered(session, assessment, section)? {
            SectionRef::Added(id) => {
                session.change_list(assessment, &ListOp::Edit { id, text: title })?;
            }
            SectionRef::Theme(number) => {
                let loaded = session.load(assessment)?;
                let framework = session.framework_of(&loaded)?;
                let own = framework
                    .theme(number)
                    .map(|theme| theme.title.clone())
                    .unwrap_or_default();
                let names = loaded.report.names.titled(number, &title, &own);
                session.change_report(assessment, &ReportOp::Names(names))?;
            }
        },
        SectionAction::LeaveOut {
            assessment,
            section,
            include,
        } => match section_numbered(session, assessment, section)? {
            SectionRef::Added(_) => {
                bail!("section {section} is an added section; remove it with `report section remove`")
            }
            SectionRef::Theme(number) => {
                let names = session.load(assessment)?.report.names.leaving_out(number, !include);
                session.change_report(assessment, &ReportOp::Names(names))?;
            }
        },
    }
    Ok(())
}
