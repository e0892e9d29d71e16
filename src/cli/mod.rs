//! The command line: the same binary as the app, for scripting, automation
//! and tests. No subcommand ever opens a window or needs a display.

use std::{io::Write, path::PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use time::{Date, OffsetDateTime, format_description::well_known::Rfc3339, macros::format_description};

use crate::{
    domain::{
        Assessment, AssessmentDetails, AssessmentId, Author, Catalogue, ChallengeOp, Change, Edit, ItemId, ListKind,
        ListOp, Role, Score, Status, TeamMember, Visit, audit, example::example_assessment, merge::Resolution,
        peer::MAX_ENTRY_CHARS,
    },
    exchange::{self, workbook},
    files,
    report::{Format, Pack, PackKind, PackOptions, Paper},
    storage::{self, Database},
};

/// Critical Friend: Use of Resources self-assessment and peer challenge for
/// adult social care. Run without a subcommand to open the app.
#[derive(Debug, Parser)]
#[command(name = "critical-friend", version, about, long_about = None)]
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
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every theme with its outcome statement and every item.
    Framework,
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
    },
    /// Add the completed example assessment and print its id.
    Demo,
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
        /// Self score, 0–3 or none (council).
        #[arg(long)]
        score: Option<ScoreValue>,
        /// Basis for this score (council).
        #[arg(long)]
        basis: Option<String>,
        /// Notes and queries (council).
        #[arg(long)]
        notes: Option<String>,
        /// Peer score, 0–3 or none (peer).
        #[arg(long)]
        peer_score: Option<ScoreValue>,
        /// Challenge and queries (peer).
        #[arg(long)]
        challenge: Option<String>,
    },
    /// Move an assessment through Draft → Submitted → Peer review → Final,
    /// reopen a Final one as a new version, or unlock the self-assessment.
    Status {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// submitted, review, final, reopen or unlock.
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
    /// Export an assessment with its history as an exchange file, for the
    /// peer team, a reviewer or the council. The file is read back and
    /// checked before success is reported.
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
    },
    /// Show what importing a file would change, changing nothing.
    Diff {
        /// The file to compare.
        file: PathBuf,
    },
    /// List, take or restore backups of the database (kept in a `backups`
    /// folder beside it; the newest 10, or `CRITICAL_FRIEND_KEEP_BACKUPS`).
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
        #[arg(long)]
        text: String,
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

/// Which pack to export, and how.
#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// The assessment's id (see `list`); not needed for the blank form.
    #[arg(long)]
    assessment: Option<AssessmentId>,
    /// Where to write the file.
    #[arg(long)]
    out: PathBuf,
    /// Which pack.
    #[arg(long, value_enum, default_value_t = KindArg::Full)]
    kind: KindArg,
    /// The theme number, with `--kind theme`.
    #[arg(long)]
    theme: Option<u8>,
    /// Paper size: a4 or letter.
    #[arg(long, default_value = "a4")]
    paper: Paper,
    /// Date printed on the pack, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// Leave out the peer team's scores and challenge.
    #[arg(long)]
    without_peer_review: bool,
    /// Add every recorded change as an appendix.
    #[arg(long)]
    with_history: bool,
    /// A share-safe copy: leave out people's names (the lead, the peer team,
    /// who made each change) so the pack can circulate non-attributably.
    #[arg(long)]
    share_safe: bool,
}

/// Findings subcommands.
#[derive(Debug, Subcommand)]
pub enum FindingAction {
    /// Add a strength or area for consideration to a theme (peer role).
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The theme number, 1–6.
        #[arg(long)]
        theme: u8,
        /// strength or area.
        #[arg(long, value_enum)]
        kind: FindingKind,
        /// The finding.
        #[arg(long)]
        text: String,
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
        #[arg(long)]
        text: String,
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
    /// The theme's list of this kind.
    fn list(self, theme: u8) -> ListKind {
        match self {
            FindingKind::Strength => ListKind::Strengths(theme),
            FindingKind::Area => ListKind::Areas(theme),
        }
    }
}

/// A score on the command line: 0–3, or `none` for "not scored".
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
}

/// Pack kinds as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Everything in the assessment.
    Full,
    /// Cover, summary table and charts.
    Summary,
    /// Cover plus one theme (give --theme N).
    Theme,
    /// The framework with empty boxes, for workshops.
    Blank,
    /// The self-assessment plus the numbered list of open queries.
    Previsit,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("“{text}” is not a date in the form YYYY-MM-DD"))
}

/// The database path from `--db`, `CRITICAL_FRIEND_DB` or the data folder.
pub fn database_path(db: Option<PathBuf>) -> Result<PathBuf> {
    db.or_else(storage::default_path)
        .context("no data folder could be found for this user; pass --db PATH")
}

/// Today's date where the user is (UTC if the local offset is unknown).
pub fn today() -> Date {
    OffsetDateTime::now_local()
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .date()
}

/// Runs a subcommand as `author`, writing its normal output to `out`.
pub fn run(command: Command, db: Option<PathBuf>, author: &Author, out: &mut dyn Write) -> Result<()> {
    let catalogue = Catalogue::builtin();
    if let Command::Framework = command {
        return print_framework(&catalogue, out);
    }
    let path = database_path(db)?;
    let passphrase = std::env::var("CRITICAL_FRIEND_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty());
    let mut database = Database::open_with(&path, passphrase.as_deref())?;
    let now = OffsetDateTime::now_utc();
    match command {
        Command::Framework => unreachable!("handled above"),
        Command::List { json } => list(&database, &catalogue, json, out)?,
        Command::New {
            org,
            title,
            period,
            lead,
        } => {
            let details = AssessmentDetails {
                organisation: org,
                title,
                period,
                lead,
            }
            .validated()?;
            let assessment = Assessment::new(catalogue.default_framework(), details, now);
            database.create(&assessment)?;
            writeln!(out, "{}", assessment.id)?;
        }
        Command::Demo => {
            let assessment = example_assessment(catalogue.default_framework(), now);
            database.create(&assessment)?;
            writeln!(out, "{}", assessment.id)?;
        }
        Command::ExportPdf(args) => export(&database, &catalogue, &args, Format::Pdf, out)?,
        Command::ExportDocx(args) => export(&database, &catalogue, &args, Format::Word, out)?,
        Command::ExportXlsx(args) => export(&database, &catalogue, &args, Format::Excel, out)?,
        Command::ExportCsv(args) => export(&database, &catalogue, &args, Format::Csv, out)?,
        command @ (Command::Set { .. } | Command::Finding { .. } | Command::KeyMessage { .. }) => {
            run_edit(&mut database, &catalogue, command, author, now)?;
        }
        Command::Status { assessment, to } => change_status(&mut database, assessment, to, author, now, out)?,
        Command::History { assessment, item } => print_history(&database, assessment, item, out)?,
        Command::ImportXlsx { file } => {
            let id = import_workbook(&mut database, &catalogue, &file, author, now)
                .with_context(|| format!("nothing was imported from {}", file.display()))?;
            writeln!(out, "{id}")?;
        }
        Command::Backup { action } => run_backup(&mut database, action, now, out)?,
        Command::Protect { out: file } => {
            let passphrase = std::env::var("CRITICAL_FRIEND_NEW_PASSPHRASE")
                .ok()
                .filter(|p| !p.is_empty())
                .context("set CRITICAL_FRIEND_NEW_PASSPHRASE to the passphrase for the protected copy")?;
            database.write_protected_copy(&file, &passphrase)?;
            writeln!(out, "{}", file.display())?;
        }
        Command::Stress {
            assessment,
            start,
            edits,
        } => stress(
            &mut database,
            &catalogue,
            assessment,
            start..start.saturating_add(edits),
            author,
            out,
        )?,
        command @ (Command::Scope { .. } | Command::Team { .. } | Command::Visit { .. }) => {
            run_challenge(&mut database, command, author, now)?;
        }
        command @ (Command::Export { .. } | Command::Import { .. } | Command::Diff { .. } | Command::Merges { .. }) => {
            run_exchange(&mut database, &catalogue, command, author, now, out)?;
        }
    }
    Ok(())
}

/// Saves the notes "edit N" for each N in `numbers`, on item N mod 34, each
/// in its own transaction, and prints N as soon as it is saved: what the
/// crash tests check after killing the process.
fn stress(
    database: &mut Database,
    catalogue: &Catalogue,
    assessment: AssessmentId,
    numbers: std::ops::Range<u64>,
    author: &Author,
    out: &mut dyn Write,
) -> Result<()> {
    let items: Vec<ItemId> = catalogue
        .default_framework()
        .items()
        .map(|(_, item)| item.id.clone())
        .collect();
    for number in numbers {
        let index = usize::try_from(number % items.len() as u64).unwrap_or(0);
        let edit = Edit::new(items[index].clone(), Change::Notes(format!("edit {number}")));
        database.apply_edits(assessment, &[edit], author, OffsetDateTime::now_utc())?;
        writeln!(out, "{number}")?;
        out.flush()?;
    }
    Ok(())
}

fn run_backup(database: &mut Database, action: BackupAction, now: OffsetDateTime, out: &mut dyn Write) -> Result<()> {
    match action {
        BackupAction::List => {
            let backups = storage::backup::list(database.path())?;
            if backups.is_empty() {
                writeln!(out, "No backups yet.")?;
            }
            for backup in backups {
                writeln!(
                    out,
                    "{}  {:>9} bytes  {}  {}",
                    backup.taken_at.format(&Rfc3339).unwrap_or_default(),
                    backup.bytes,
                    backup.reason.label(),
                    backup.path.display()
                )?;
            }
        }
        BackupAction::Now => {
            let path = database.back_up(storage::backup::Reason::Manual, now)?;
            writeln!(out, "{}", path.display())?;
        }
        BackupAction::Restore { file } => {
            let safety = database
                .restore(&file, now)
                .with_context(|| format!("nothing was restored from {}", file.display()))?;
            writeln!(
                out,
                "Restored {}; the state before is in {}",
                file.display(),
                safety.display()
            )?;
        }
    }
    Ok(())
}

/// Answers, findings and key messages.
fn run_edit(
    database: &mut Database,
    catalogue: &Catalogue,
    command: Command,
    author: &Author,
    now: OffsetDateTime,
) -> Result<()> {
    match command {
        Command::Set {
            assessment,
            item,
            score,
            basis,
            notes,
            peer_score,
            challenge,
        } => {
            let changes = [
                score.map(|s| Change::Score(s.0)),
                basis.map(Change::Basis),
                notes.map(Change::Notes),
                peer_score.map(|s| Change::PeerScore(s.0)),
                challenge.map(Change::Challenge),
            ];
            set_answer(database, catalogue, assessment, &item, changes, author, now)?;
        }
        Command::Finding {
            action:
                FindingAction::Add {
                    assessment,
                    theme,
                    kind,
                    text,
                },
        } => add_to_list(database, catalogue, assessment, kind.list(theme), &text, author, now)?,
        Command::KeyMessage {
            action: KeyMessageAction::Add { assessment, text },
        } => add_to_list(
            database,
            catalogue,
            assessment,
            ListKind::KeyMessages,
            &text,
            author,
            now,
        )?,
        _ => {}
    }
    Ok(())
}

/// The scope questions, the peer team and the visit dates.
fn run_challenge(database: &mut Database, command: Command, author: &Author, now: OffsetDateTime) -> Result<()> {
    match command {
        Command::Scope { action } => {
            let (assessment, op) = match action {
                ScopeAction::Add { assessment, question } => (assessment, ChallengeOp::AddQuestion(question)),
                ScopeAction::Respond {
                    assessment,
                    number,
                    text,
                } => {
                    let current = database.load(assessment)?;
                    let question = number
                        .checked_sub(1)
                        .and_then(|index| current.scope.get(index))
                        .with_context(|| {
                            format!(
                                "there is no scope question {number}; this assessment has {}",
                                current.scope.len()
                            )
                        })?;
                    (assessment, ChallengeOp::Respond { id: question.id, text })
                }
            };
            change_challenge(database, assessment, op, author, now)?;
        }
        Command::Team {
            action:
                TeamAction::Add {
                    assessment,
                    member,
                    team_role,
                    member_org,
                },
        } => {
            let member = TeamMember {
                id: uuid::Uuid::nil(),
                name: member.trim().to_owned(),
                role: team_role.trim().to_owned(),
                organisation: member_org.trim().to_owned(),
            };
            change_challenge(database, assessment, ChallengeOp::AddMember(member), author, now)?;
        }
        Command::Visit { assessment, start, end } => {
            let visit = Visit {
                start: Some(start),
                end: Some(end.unwrap_or(start)),
            };
            change_challenge(database, assessment, ChallengeOp::SetVisit(visit), author, now)?;
        }
        _ => {}
    }
    Ok(())
}

/// Exporting, importing and merging exchange files.
fn run_exchange(
    database: &mut Database,
    catalogue: &Catalogue,
    command: Command,
    author: &Author,
    now: OffsetDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        Command::Export { assessment, out: file } => {
            exchange::import::export(database, assessment, &file, catalogue, now).context("nothing was sent")?;
            writeln!(out, "{}", file.display())?;
        }
        Command::Import { file, prefer } => import(database, catalogue, &file, prefer, author, now, out)?,
        Command::Diff { file } => {
            let prepared = exchange::import::prepare(database, &file, catalogue, author)
                .with_context(|| format!("{} cannot be imported", file.display()))?;
            for line in prepared.describe() {
                writeln!(out, "{line}")?;
            }
        }
        Command::Merges { assessment } => {
            for report in database.merge_reports(assessment)? {
                writeln!(
                    out,
                    "{}  {}",
                    report.at.format(&Rfc3339).unwrap_or_default(),
                    report.source
                )?;
                for line in &report.lines {
                    writeln!(out, "    {line}")?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn change_challenge(
    database: &mut Database,
    assessment: AssessmentId,
    op: ChallengeOp,
    author: &Author,
    now: OffsetDateTime,
) -> Result<()> {
    let current = database.load(assessment)?;
    let op = op
        .validated()
        .map_err(|reason| anyhow::anyhow!("{reason}; nothing was changed"))?;
    current
        .check_challenge_edit(author.role, &op)
        .context("nothing was changed")?;
    database.change_challenge(assessment, &op, author, now)?;
    Ok(())
}

fn import(
    database: &mut Database,
    catalogue: &Catalogue,
    file: &std::path::Path,
    prefer: Option<Prefer>,
    author: &Author,
    now: OffsetDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    let nothing = || format!("nothing was imported from {}", file.display());
    let prepared = exchange::import::prepare(database, file, catalogue, author).with_context(nothing)?;
    let resolution = match prefer {
        Some(Prefer::Mine) | None => Resolution::Mine,
        Some(Prefer::Theirs) => Resolution::Theirs,
    };
    let conflicts = prepared.conflicts();
    if prefer.is_none() && !conflicts.is_empty() {
        let mut message = format!(
            "{} field(s) were changed both here and in the file; choose with --prefer mine or --prefer theirs (or merge in the app to decide one by one):",
            conflicts.len()
        );
        for line in prepared.describe().iter().filter(|line| line.starts_with("CONFLICT")) {
            message.push_str("\n  ");
            message.push_str(line);
        }
        return Err(anyhow::anyhow!(message)).with_context(nothing);
    }
    let resolutions = vec![resolution; conflicts.len()];
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let report =
        exchange::import::apply(database, &prepared, &resolutions, author, &source, now).with_context(nothing)?;
    writeln!(out, "{}", prepared.id())?;
    for line in &report.lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn export(
    database: &Database,
    catalogue: &Catalogue,
    args: &PackArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = match args.kind {
        KindArg::Full => PackKind::Full,
        KindArg::Summary => PackKind::Summary,
        KindArg::Theme => PackKind::Theme(args.theme.context("--kind theme needs --theme N (1 to 6)")?),
        KindArg::Blank => PackKind::BlankForm,
        KindArg::Previsit => PackKind::PreVisit,
    };
    let assessment = args.assessment.map(|id| database.load(id)).transpose()?;
    let framework = match &assessment {
        Some(assessment) => catalogue.find(&assessment.framework).with_context(|| {
            format!(
                "this version of Critical Friend does not have framework {}",
                assessment.framework
            )
        })?,
        None => catalogue.default_framework(),
    };
    let options = PackOptions {
        kind,
        paper: args.paper,
        exported_on: args.date.unwrap_or_else(today),
        include_peer_review: !args.without_peer_review,
        share_safe: args.share_safe,
    };
    let mut pack = Pack::build(framework, assessment.as_ref(), options).context("give --assessment ID")?;
    if let (true, Some(assessment)) = (args.with_history, &assessment) {
        pack.add_appendices(
            &database.history(assessment.id, None)?,
            &database.merge_reports(assessment.id)?,
        );
    }
    write_user_file(&args.out, &format.render(&pack)?, out)
}

/// Writes an export atomically and prints where it went.
fn write_user_file(path: &std::path::Path, bytes: &[u8], out: &mut dyn Write) -> Result<()> {
    files::write_atomically(path, bytes).with_context(|| {
        format!(
            "could not write the file; check the folder exists and is writable: {}",
            path.display()
        )
    })?;
    writeln!(out, "{}", path.display())?;
    Ok(())
}

/// Applies a workbook's answers: to its assessment if this database has it,
/// otherwise as a new assessment. One transaction either way.
fn import_workbook(
    database: &mut Database,
    catalogue: &Catalogue,
    file: &std::path::Path,
    author: &Author,
    now: OffsetDateTime,
) -> Result<AssessmentId> {
    let contents = workbook::read_file(file, catalogue)?;
    if let Some(id) = contents.assessment_id
        && database.contains(id)?
    {
        let existing = database.load(id)?;
        if existing.framework != contents.framework {
            bail!(
                "the workbook answers framework {} but assessment {id} uses {}",
                contents.framework,
                existing.framework
            );
        }
        for edit in &contents.edits {
            existing.check_edit(author.role, edit)?;
        }
        database.apply_edits(id, &contents.edits, author, now)?;
        return Ok(id);
    }
    let framework = catalogue
        .find(&contents.framework)
        .context("the workbook's framework is not available")?;
    let mut details = contents.details.clone();
    if details.organisation.trim().is_empty() {
        "Imported workbook".clone_into(&mut details.organisation);
    }
    if details.title.trim().is_empty() {
        "Self-assessment".clone_into(&mut details.title);
    }
    let mut assessment = Assessment::new(framework, details.validated()?, now);
    if let Some(id) = contents.assessment_id {
        assessment.id = id;
    }
    for edit in &contents.edits {
        assessment.apply(edit, now);
    }
    database.create(&assessment)?;
    Ok(assessment.id)
}

/// Applies `changes` to one item, if the author's role may make every one.
fn set_answer(
    database: &mut Database,
    catalogue: &Catalogue,
    assessment: AssessmentId,
    item: &str,
    changes: [Option<Change>; 5],
    author: &Author,
    now: OffsetDateTime,
) -> Result<()> {
    let current = database.load(assessment)?;
    let item = ItemId::new(item.trim());
    let framework = catalogue
        .find(&current.framework)
        .context("this version of Critical Friend does not have the assessment's framework")?;
    if framework.item(&item).is_none() {
        bail!("there is no item {item} in the framework; `critical-friend framework` lists them");
    }
    let edits: Vec<Edit> = changes
        .into_iter()
        .flatten()
        .map(|change| Edit::new(item.clone(), change))
        .collect();
    if edits.is_empty() {
        bail!("nothing to set: give --score, --basis, --notes, --peer-score or --challenge");
    }
    for edit in &edits {
        current.check_edit(author.role, edit).context("nothing was changed")?;
    }
    database.apply_edits(assessment, &edits, author, now)?;
    Ok(())
}

fn add_to_list(
    database: &mut Database,
    catalogue: &Catalogue,
    assessment: AssessmentId,
    list: ListKind,
    text: &str,
    author: &Author,
    now: OffsetDateTime,
) -> Result<()> {
    let current = database.load(assessment)?;
    current.check_list_edit(author.role).context("nothing was changed")?;
    if let ListKind::Strengths(theme) | ListKind::Areas(theme) = list {
        let framework = catalogue
            .find(&current.framework)
            .context("this version of Critical Friend does not have the assessment's framework")?;
        if !framework.themes.iter().any(|t| t.number == theme) {
            bail!(
                "there is no theme {theme}; themes are numbered 1 to {}",
                framework.themes.len()
            );
        }
    }
    let text = text.trim().to_owned();
    if text.is_empty() || text.chars().count() > MAX_ENTRY_CHARS {
        bail!("the text must be between 1 and {MAX_ENTRY_CHARS} characters; nothing was changed");
    }
    database.change_list(assessment, &ListOp::Add { list, text }, author, now)?;
    Ok(())
}

fn change_status(
    database: &mut Database,
    assessment: AssessmentId,
    to: StatusArg,
    author: &Author,
    now: OffsetDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    let current = database.load(assessment)?;
    match to {
        StatusArg::Unlock => {
            if author.role != Role::Council {
                bail!("only the council can unlock its self-assessment; nothing was changed");
            }
            if current.status == Status::Final || !current.self_locked {
                bail!("the self-assessment is not locked by submission; nothing was changed");
            }
            database.unlock_self(assessment, author, now)?;
        }
        StatusArg::Reopen => {
            if current.status != Status::Final || current.superseded_by.is_some() || author.role != Role::Council {
                bail!("only the council can reopen, and only the current Final version; nothing was changed");
            }
            let next = current.reopened(now);
            database.reopen(assessment, &next, author, now)?;
            writeln!(out, "{}", next.id)?;
        }
        StatusArg::Submitted | StatusArg::Review | StatusArg::Final => {
            let status = match to {
                StatusArg::Submitted => Status::Submitted,
                StatusArg::Review => Status::Review,
                _ => Status::Final,
            };
            current
                .check_transition(status, author.role)
                .context("nothing was changed")?;
            database.set_status(assessment, status, author, now)?;
        }
    }
    Ok(())
}

fn print_history(
    database: &Database,
    assessment: AssessmentId,
    item: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let item = item.map(|i| ItemId::new(i.trim()));
    for entry in database.history(assessment, item.as_ref())? {
        let (old, new) = audit::preview_pair(entry.old_value.as_deref(), entry.new_value.as_deref(), 60);
        writeln!(
            out,
            "{}  {}  {}  {old} → {new}  {}",
            entry.at.format(&Rfc3339).unwrap_or_default(),
            entry.item.as_ref().map_or("assessment", ItemId::as_str),
            entry.field_label(),
            entry.author.describe()
        )?;
    }
    Ok(())
}

fn print_framework(catalogue: &Catalogue, out: &mut dyn Write) -> Result<()> {
    let framework = catalogue.default_framework();
    writeln!(out, "{} (version {})", framework.title, framework.version)?;
    for theme in &framework.themes {
        writeln!(out, "\n{}. {}", theme.number, theme.title)?;
        writeln!(out, "   “{}”", theme.outcome)?;
        for item in &theme.items {
            writeln!(out, "   {:<5} {}", item.id.as_str(), item.title)?;
        }
    }
    writeln!(out, "\nScale:")?;
    for level in &framework.scale {
        writeln!(out, "   {} {} — {}", level.score, level.label, level.descriptor)?;
    }
    Ok(())
}

fn list(database: &Database, catalogue: &Catalogue, json: bool, out: &mut dyn Write) -> Result<()> {
    let listings = database.list()?;
    let item_count = |listing: &storage::AssessmentListing| {
        catalogue
            .find(&listing.framework)
            .map_or(0, crate::domain::Framework::item_count)
    };
    if json {
        let rows: Vec<_> = listings
            .iter()
            .map(|l| {
                serde_json::json!({
                    "id": l.id,
                    "organisation": l.details.organisation,
                    "title": l.details.title,
                    "period": l.details.period,
                    "lead": l.details.lead,
                    "status": l.status.as_str(),
                    "scored": l.scored,
                    "items": item_count(l),
                    "updated_at": l.updated_at.format(&Rfc3339).unwrap_or_default(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    if listings.is_empty() {
        writeln!(
            out,
            "No assessments yet. Create one with `critical-friend new` or `critical-friend demo`."
        )?;
    }
    for l in &listings {
        writeln!(
            out,
            "{}  {}  {}  {}  {}  {}/{} scored",
            l.id,
            l.details.organisation,
            l.details.title,
            l.details.period,
            l.status.label(),
            l.scored,
            item_count(l)
        )?;
    }
    Ok(())
}
