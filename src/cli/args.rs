//! The command line's arguments: every subcommand and option, as clap
//! reads them. What each does is in `mod.rs`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use time::Date;

pub(crate) use super::pack_args::parse_date;
pub use super::pack_args::{KindArg, PackArgs};
use crate::domain::{AssessmentId, Author, ListKind, Role, Score};

/// Critical Friend: Use of Resources self-assessment and peer challenge for
/// adult social care. Run without a subcommand to open the app, or with an
/// exchange file to open the app and check that file for import.
#[derive(Debug, Parser)]
#[command(name = "critical-friend", version = crate::VERSION, about, long_about = None)]
pub struct Args {
    /// The database file (created if missing). Defaults to one in your data folder.
    #[arg(long, global = true, env = "CRITICAL_FRIEND_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who is making changes: council or peer (every edit is attributed).
    #[arg(long = "as", global = true, default_value = "council", value_name = "ROLE")]
    pub role: Role,
    /// Your name, recorded with every change.
    #[arg(long, global = true, env = "CRITICAL_FRIEND_NAME", default_value = "")]
    pub name: String,
    /// Your organisation, recorded with every change.
    #[arg(long, global = true, default_value = "")]
    pub org: String,
    /// An exchange file to import: opens the app with the file checked in
    /// the import dialog (as double-clicking the file does).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// What to do; omit to open the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Args {
    /// The person changes are attributed to.
    pub fn author(&self) -> Author {
        Author {
            role: self.role,
            name: self.name.trim().to_owned(),
            organisation: self.org.trim().to_owned(),
            // The database's own key, set when the session opens it.
            key: None,
        }
    }
}

/// What to do with frameworks.
#[derive(Debug, Subcommand)]
pub enum FrameworkAction {
    /// List every framework this database can use: built in, and added.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show a framework: its themes, statements, items, scale and rating rule.
    Show {
        /// The framework's id.
        id: String,
        /// Its version (default: the newest).
        #[arg(long = "version", value_name = "VERSION")]
        version: Option<String>,
    },
    /// Check a framework file (docs/framework-format.md) and add it to the
    /// database; prints its id and version.
    Add {
        /// The framework file (JSON).
        file: std::path::PathBuf,
    },
    /// Check a framework file without adding it.
    Check {
        /// The framework file (JSON).
        file: std::path::PathBuf,
    },
    /// Remove an added framework that no assessment uses.
    Remove {
        /// The framework's id.
        id: String,
        /// Its version.
        #[arg(long = "version", value_name = "VERSION")]
        version: String,
    },
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The frameworks: list them, show one, add one from a file, remove an
    /// unused one. Without a subcommand, shows the default framework.
    Framework {
        /// What to do.
        #[command(subcommand)]
        action: Option<FrameworkAction>,
    },
    /// Measures behind the scores: list them, import the published ASCOF
    /// file, and see where a council stands against England and others.
    Measures {
        /// What to do.
        #[command(subcommand)]
        action: super::measures::MeasureAction,
    },
    /// List the assessments in the database.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Create an empty assessment and print its id.
    New {
        /// The organisation, e.g. "Example Borough Council".
        #[arg(long)]
        org: String,
        /// The title, e.g. "Use of Resources self-assessment".
        #[arg(long)]
        title: String,
        /// The period it covers, e.g. 2016/17.
        #[arg(long, default_value = "")]
        period: String,
        /// Who leads it.
        #[arg(long, default_value = "")]
        lead: String,
        /// The framework it answers, by id (`framework list` shows them);
        /// the default is the ADASS/TEASC Use of Resources framework.
        #[arg(long, value_name = "ID")]
        framework: Option<String>,
        /// The framework's version, where the database holds several (default: the newest).
        #[arg(long, value_name = "VERSION", requires = "framework")]
        framework_version: Option<String>,
    },
    /// Add the completed example assessment and print its id.
    Demo {
        /// The same council after its peer challenge: peer scores,
        /// findings, key messages, the team and its visit.
        #[arg(long, conflicts_with = "a_year_on")]
        after_challenge: bool,
        /// The same council a year after its challenge: the challenge Final
        /// with its evidence register and a year of the action plan, and
        /// the progress review started from it (whose id is printed).
        #[arg(long)]
        a_year_on: bool,
    },
    /// Export a PDF pack (full, summary, one theme, blank form or pre-visit).
    ExportPdf(PackArgs),
    /// Export the pack as a Word document.
    ExportDocx(PackArgs),
    /// Export the pack as an Excel workbook (can be imported back).
    ExportXlsx(PackArgs),
    /// Export the items table as CSV.
    ExportCsv(PackArgs),
    /// Apply the scores and text of an exported Excel workbook; prints the assessment's id.
    ImportXlsx {
        /// The workbook to import.
        file: PathBuf,
    },
    /// Change one item's answer; only the fields your role owns, and not
    /// on a locked or Final assessment.
    Set {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The item number, e.g. 2.3.
        #[arg(long)]
        item: String,
        /// Self score on the framework's scale (0–3, or 1–4 for CQC), or none (council).
        #[arg(long)]
        score: Option<ScoreValue>,
        /// Basis for this score, or the framework's first text (council).
        #[arg(long, conflicts_with = "basis_file")]
        basis: Option<String>,
        /// The basis, read from a UTF-8 file (`-`: standard input).
        #[arg(long, value_name = "PATH")]
        basis_file: Option<PathBuf>,
        /// Notes and queries, or the framework's second text (council).
        #[arg(long, conflicts_with = "notes_file")]
        notes: Option<String>,
        /// The notes, read from a UTF-8 file (`-`: standard input).
        #[arg(long, value_name = "PATH")]
        notes_file: Option<PathBuf>,
        /// Peer score on the framework's scale, or none (peer).
        #[arg(long)]
        peer_score: Option<ScoreValue>,
        /// Challenge and queries (peer).
        #[arg(long, conflicts_with = "challenge_file")]
        challenge: Option<String>,
        /// The challenge, read from a UTF-8 file (`-`: standard input).
        #[arg(long, value_name = "PATH")]
        challenge_file: Option<PathBuf>,
    },
    /// The peer challenge report: summary, facts, contact, sections,
    /// paragraphs and bullet lists (peer role).
    Report {
        /// What to do.
        #[command(subcommand)]
        action: super::report::ReportAction,
    },
    /// Any numbered list of the peer team's or the report's: list, edit,
    /// move or remove an entry by its number.
    Entry {
        /// What to do.
        #[command(subcommand)]
        action: super::entries::EntryAction,
    },
    /// The council's action plan: add, from-findings, update, remove.
    Action {
        /// What to do.
        #[command(subcommand)]
        action: super::plan::ActionCommand,
    },
    /// Print an action plan, filtered by status, owner, theme or overdue.
    Actions {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Only this status: red, amber, green or blue.
        #[arg(long)]
        status: Option<String>,
        /// Only actions whose owner's name contains this.
        #[arg(long)]
        owner: Option<String>,
        /// Only actions of this theme.
        #[arg(long)]
        theme: Option<u8>,
        /// Only actions past their due date and not done.
        #[arg(long)]
        overdue: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The register of documents behind the scores (council; `considered`: peer).
    Evidence {
        /// What to do.
        #[command(subcommand)]
        action: super::evidence::EvidenceCommand,
    },
    /// Write the evidence bundle: the register, an index and every attached file, as one zip.
    ExportBundle {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The zip file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Add a bundle's files to the register of the assessment it came from.
    ImportBundle {
        /// The bundle.
        file: PathBuf,
    },
    /// Requests for evidence: ask (peer) or answer (council).
    Request {
        /// What to do.
        #[command(subcommand)]
        action: super::evidence::RequestCommand,
    },
    /// Print the requests for evidence, or only the open ones.
    Requests {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Only those not yet answered.
        #[arg(long)]
        open: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The progress review 10–12 months on, from a Final assessment.
    Review {
        /// What to do.
        #[command(subcommand)]
        action: super::plan::ReviewCommand,
    },
    /// Compare two or more of one council's assessments, item by item and theme by theme.
    Compare {
        /// The first assessment (the baseline).
        #[arg(long)]
        assessment: AssessmentId,
        /// Another assessment to compare; give it again for each.
        #[arg(long = "with", required = true)]
        with: Vec<AssessmentId>,
        /// Print JSON instead of a table.
        #[arg(long, conflicts_with = "out")]
        json: bool,
        /// Write the comparison as a pack instead: a `.pdf` or `.docx` file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Move an assessment through Draft → Submitted → Peer review → Final,
    /// reopen a Final one as a new version, or unlock the self-assessment.
    Status {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// submitted, review, final, reopen, unlock or lock.
        #[arg(long = "set", value_enum)]
        to: StatusArg,
    },
    /// The peer team's strengths and areas for consideration, per theme.
    Finding {
        /// What to do.
        #[command(subcommand)]
        action: FindingAction,
    },
    /// The peer team's key messages.
    KeyMessage {
        /// What to do.
        #[command(subcommand)]
        action: KeyMessageAction,
    },
    /// Print the recorded changes to an assessment, or to one item.
    History {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Only this item, e.g. 2.3.
        #[arg(long)]
        item: Option<String>,
        /// Show the fingerprint of the key that signed each change.
        #[arg(long)]
        verbose: bool,
    },
    /// The council's scope questions and the peer team's responses.
    Scope {
        /// What to do.
        #[command(subcommand)]
        action: ScopeAction,
    },
    /// The peer team's members.
    Team {
        /// What to do.
        #[command(subcommand)]
        action: TeamAction,
    },
    /// Record the peer team's days on site (peer role).
    Visit {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The first day on site, YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        start: Date,
        /// The last day on site, YYYY-MM-DD (default: the first day).
        #[arg(long, value_parser = parse_date)]
        end: Option<Date>,
    },
    /// Export an assessment with its history as an exchange file, for the peer team, a reviewer or
    /// the council. The file is read back and checked before success is reported.
    Export {
        /// The assessment's id (see `list`).
        #[arg(long)]
        assessment: AssessmentId,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Import an exchange file: a new assessment is added, a known one is
    /// merged field by field. Prints the assessment's id, then the merge report.
    Import {
        /// The file to import.
        file: PathBuf,
        /// How to settle fields changed on both sides; without it, conflicts
        /// are listed and nothing is imported.
        #[arg(long, value_enum)]
        prefer: Option<Prefer>,
        /// Accept the key with this fingerprint, which signed changes in the
        /// file but is not on the assessment's roster (check it with its
        /// owner first). Repeat for each key.
        #[arg(long, value_name = "FINGERPRINT")]
        accept: Vec<String>,
    },
    /// Your key, which signs your changes: prints your name and its
    /// fingerprint, for others to check.
    Key {
        /// Print the fingerprint alone.
        #[arg(long)]
        fingerprint: bool,
        /// Save your key card here, for a council or peer team lead to add
        /// you to an assessment's roster.
        #[arg(long, value_name = "FILE")]
        card: Option<PathBuf>,
    },
    /// Who may sign changes to an assessment, and as whom.
    Roster {
        /// What to do.
        #[command(subcommand)]
        action: super::keys::RosterAction,
    },
    /// Show what importing a file would change, changing nothing.
    Diff {
        /// The file to compare.
        file: PathBuf,
    },
    /// List, take or restore backups of the database (kept in a `backups` folder beside it; the newest 10, or `CRITICAL_FRIEND_KEEP_BACKUPS`).
    Backup {
        /// What to do.
        #[command(subcommand)]
        action: BackupAction,
    },
    /// For the crash tests: save `edits` notes one transaction at a time,
    /// printing each one's number once it is saved.
    #[command(hide = true)]
    Stress {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The first edit's number.
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// How many edits.
        #[arg(long, default_value_t = 1_000_000)]
        edits: u64,
    },
    /// Write a copy of the whole database protected with the passphrase in
    /// `CRITICAL_FRIEND_NEW_PASSPHRASE` (needs a build with the `encryption`
    /// feature). Open it afterwards with `CRITICAL_FRIEND_PASSPHRASE` set.
    Protect {
        /// Where to write the protected copy (must not exist yet).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the merge reports stored with an assessment.
    Merges {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
    },
}

/// Backup subcommands.
#[derive(Debug, Subcommand)]
pub enum BackupAction {
    /// List the backups, newest first.
    List,
    /// Back the database up now.
    Now,
    /// Replace the database with a backup (the current state is backed up first).
    Restore {
        /// The backup file (see `backup list`).
        file: PathBuf,
    },
}

/// Which side wins every conflict in a command-line merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Prefer {
    /// Keep the values in this database.
    Mine,
    /// Take the values in the file.
    Theirs,
}

/// Scope question subcommands.
#[derive(Debug, Subcommand)]
pub enum ScopeAction {
    /// Add a scope question (council role).
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The question.
        #[arg(long)]
        question: String,
    },
    /// Write the peer team's response to question K (peer role).
    Respond {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The question's number, from 1.
        #[arg(long)]
        number: usize,
        /// The response.
        #[command(flatten)]
        text: super::report::TextArg,
    },
}

/// Peer team subcommands.
#[derive(Debug, Subcommand)]
pub enum TeamAction {
    /// Add a member of the peer team (peer role). The global --name and
    /// --org say who is making the change, so the member's are --member and
    /// --member-org.
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The member's name.
        #[arg(long)]
        member: String,
        /// Their role on the team, e.g. "Lead peer".
        #[arg(long = "role", default_value = "")]
        team_role: String,
        /// Their organisation.
        #[arg(long, default_value = "")]
        member_org: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FindingAction {
    /// Add a strength or area for consideration to a theme or a report
    /// section (peer role).
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The theme number (1 to the framework's number of themes).
        #[arg(long, required_unless_present = "section", conflicts_with = "section")]
        theme: Option<u8>,
        /// The report section's number (`report sections` lists them).
        #[arg(long)]
        section: Option<usize>,
        /// strength or area.
        #[arg(long, value_enum)]
        kind: FindingKind,
        /// The finding.
        #[command(flatten)]
        text: super::report::TextArg,
    },
}

/// Key message subcommands.
#[derive(Debug, Subcommand)]
pub enum KeyMessageAction {
    /// Add a key message (peer role).
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The message.
        #[command(flatten)]
        text: super::report::TextArg,
    },
}

/// The two kinds of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FindingKind {
    /// A strength.
    Strength,
    /// An area for consideration.
    Area,
}

impl FindingKind {
    /// The section's list of this kind.
    pub fn list(self, section: crate::domain::SectionRef) -> ListKind {
        match self {
            FindingKind::Strength => ListKind::Strengths(section),
            FindingKind::Area => ListKind::Areas(section),
        }
    }
}

/// A score on the command line: a digit (the rules check it is on the
/// assessment's framework's scale), or `none` for "not scored".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreValue(pub Option<Score>);

impl std::str::FromStr for ScoreValue {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().eq_ignore_ascii_case("none") {
            return Ok(Self(None));
        }
        text.parse::<Score>()
            .map(|score| Self(Some(score)))
            .map_err(|error| format!("{error}, or none"))
    }
}

/// Status changes as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    /// Submit to the peer team (locks the self-assessment).
    Submitted,
    /// Start the peer review.
    Review,
    /// Mark Final (freezes everything).
    Final,
    /// Reopen a Final assessment as a new version.
    Reopen,
    /// Unlock the submitted self-assessment (recorded).
    Unlock,
    /// Lock it again after an unlock (recorded).
    Lock,
}
