//! The command line: the same binary as the app, for scripting, automation
//! and tests. No subcommand ever opens a window or needs a display. Every
//! change goes through the [`Session`], exactly as the app's do; this module
//! only turns arguments into requests and prints what came back.

mod args;
mod entries;
mod evidence;
mod frameworks;
mod keys;
mod measures;
mod pack_args;
mod plan;
mod print;
mod report;
mod supporting_measure;

use std::{io::Write, path::PathBuf};

use anyhow::{Context, Result, bail};

pub use self::args::*;
use crate::{
    domain::{
        AnswerValue, AssessmentDetails, AssessmentId, Author, Catalogue, ChallengeOp, Edit, ItemId, ListKind, ListOp,
        Status, TeamMember, Visit, merge::Resolution,
    },
    packs::{Format, Pack, PackKind, PackOptions},
    service::{OwnFiles, Session},
    storage,
    text::{count, local_offset, today},
};

/// The database path from `--db`, `CRITICAL_FRIEND_DB` or the data folder.
pub fn database_path(db: Option<PathBuf>) -> Result<PathBuf> {
    db.or_else(storage::default_path)
        .context("no data folder could be found for this user; pass --db PATH")
}

/// Whether `command` only reads the database (or exports from it): such a
/// command never creates one, so a mistyped `--db` makes nothing.
fn only_reads(command: &Command) -> bool {
    matches!(
        command,
        Command::Diff { .. }
            | Command::History { .. }
            | Command::Merges { .. }
            | Command::ExportPdf(_)
            | Command::ExportDocx(_)
            | Command::ExportXlsx(_)
            | Command::ExportCsv(_)
            | Command::Actions { .. }
            | Command::Compare { .. }
            | Command::Requests { .. }
            | Command::List { .. }
            | Command::Export { .. }
            | Command::ExportBundle { .. }
            | Command::Backup {
                action: BackupAction::List
            }
            | Command::Evidence {
                action: evidence::EvidenceCommand::List { .. }
            }
            | Command::Roster {
                action: keys::RosterAction::List { .. }
            }
    )
}

fn passphrase() -> Option<String> {
    std::env::var("CRITICAL_FRIEND_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
}

/// Runs a subcommand as `author`, writing its normal output to `out`.
pub fn run(command: Command, db: Option<PathBuf>, author: &Author, out: &mut dyn Write) -> Result<()> {
    let path = database_path(db)?;
    if let Command::Framework { action } = command {
        return frameworks::run(&path, author, action, out);
    }
    if let Command::Measures { action } = command {
        return measures::run(&path, author, action, out);
    }
    if let Some((args, format)) = format_of(&command)
        && args.assessment.is_none()
    {
        return export_blank(&path, author, args, format, out);
    }
    let mut session = if only_reads(&command) {
        Session::open_existing(&path, passphrase().as_deref(), author.clone())?
    } else {
        Session::open(&path, passphrase().as_deref(), author.clone())?
    };
    match command {
        Command::Framework { .. } | Command::Measures { .. } => {}
        Command::List { json } => print::list(&session, json, out)?,
        Command::New {
            org,
            title,
            period,
            lead,
            framework,
            framework_version,
        } => {
            let details = AssessmentDetails {
                organisation: org,
                title,
                period,
                lead,
            };
            let id = create(
                &mut session,
                details,
                framework.as_deref(),
                framework_version.as_deref(),
            )?;
            writeln!(out, "{id}")?;
        }
        Command::Demo {
            after_challenge,
            a_year_on,
        } => {
            let example = if a_year_on {
                session.create_example_a_year_on()?
            } else if after_challenge {
                session.create_example_after_challenge()?
            } else {
                session.create_example()?
            };
            writeln!(out, "{}", example.id)?;
        }
        Command::ExportPdf(args) => export(&session, &args, Format::Pdf, out)?,
        Command::ExportDocx(args) => export(&session, &args, Format::Word, out)?,
        Command::ExportXlsx(args) => export(&session, &args, Format::Excel, out)?,
        Command::ExportCsv(args) => export(&session, &args, Format::Csv, out)?,
        Command::ImportXlsx { file } => writeln!(out, "{}", session.import_workbook(&file)?)?,
        command @ (Command::Set { .. } | Command::Finding { .. } | Command::KeyMessage { .. }) => {
            run_edit(&mut session, command)?;
        }
        Command::Report { action } => report::run(&mut session, action, out)?,
        Command::Entry { action } => entries::run(&mut session, action, out)?,
        Command::Status { assessment, to } => change_status(&mut session, assessment, to, out)?,
        Command::History {
            assessment,
            item,
            verbose,
        } => print::history(&session, assessment, (item, verbose), out)?,
        Command::Key { fingerprint, card } => keys::key(&session, fingerprint, card, out)?,
        Command::Roster { action } => keys::roster(&mut session, action, out)?,
        Command::Backup { action } => run_backup(&mut session, action, out)?,
        Command::Protect { out: file } => {
            let passphrase = std::env::var("CRITICAL_FRIEND_NEW_PASSPHRASE")
                .ok()
                .filter(|p| !p.is_empty())
                .context("set CRITICAL_FRIEND_NEW_PASSPHRASE to the passphrase for the protected copy")?;
            session.write_protected_copy(&file, &passphrase)?;
            writeln!(out, "{}", file.display())?;
        }
        Command::Stress {
            assessment,
            start,
            edits,
        } => stress(&mut session, assessment, start..start.saturating_add(edits), out)?,
        command @ (Command::Scope { .. } | Command::Team { .. } | Command::Visit { .. }) => {
            run_challenge(&mut session, command)?;
        }
        command @ (Command::Export { .. } | Command::Import { .. } | Command::Diff { .. } | Command::Merges { .. }) => {
            run_exchange(&mut session, command, out)?;
        }
        // The action plan, the review and the evidence.
        command => after_the_challenge(&mut session, command, out)?,
    }
    Ok(())
}

/// The action plan, the review and the evidence.
fn after_the_challenge(session: &mut Session, command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Evidence { .. }
        | Command::Request { .. }
        | Command::Requests { .. }
        | Command::ExportBundle { .. }
        | Command::ImportBundle { .. } => evidence::run(session, command, out),
        _ => plan::run(session, command, out),
    }
}

/// Creates an assessment of the framework named (the default if none).
fn create(
    session: &mut Session,
    details: AssessmentDetails,
    framework: Option<&str>,
    version: Option<&str>,
) -> Result<AssessmentId> {
    let framework = match framework {
        Some(id) => Some(session.framework_named(id, version)?.reference()),
        None => None,
    };
    Ok(session.create(details, framework.as_ref())?.id)
}

/// Saves the notes "edit N" for each N in `numbers`, on the assessment's
/// item N modulo its item count, each
/// in its own transaction through the gate, and prints N as soon as it is
/// saved: what the crash tests check after killing the process.
fn stress(
    session: &mut Session,
    assessment: AssessmentId,
    numbers: std::ops::Range<u64>,
    out: &mut dyn Write,
) -> Result<()> {
    let assessment = session.load(assessment)?;
    let items: Vec<ItemId> = session
        .framework_of(&assessment)?
        .items()
        .map(|(_, item)| item.id.clone())
        .collect();
    let assessment = assessment.id;
    for number in numbers {
        let index = usize::try_from(number % items.len() as u64).unwrap_or(0);
        let edit = Edit::new(items[index].clone(), AnswerValue::Notes(format!("edit {number}")));
        session.apply_edits(assessment, &[edit])?;
        writeln!(out, "{number}")?;
        out.flush()?;
    }
    Ok(())
}

fn run_backup(session: &mut Session, action: BackupAction, out: &mut dyn Write) -> Result<()> {
    match action {
        BackupAction::List => print::backups(&session.backups()?, out)?,
        BackupAction::Now => writeln!(out, "{}", session.back_up_now()?.display())?,
        BackupAction::Restore { file } => {
            let safety = session.restore(&file)?;
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
fn run_edit(session: &mut Session, command: Command) -> Result<()> {
    let (assessment, op) = match command {
        Command::Set {
            assessment,
            item,
            score,
            basis,
            basis_file,
            notes,
            notes_file,
            peer_score,
            challenge,
            challenge_file,
        } => {
            let item = ItemId::new(item.trim());
            let from_file = |path: Option<PathBuf>| path.map(|path| report::read_text_file(&path)).transpose();
            let basis = basis.or(from_file(basis_file)?);
            let notes = notes.or(from_file(notes_file)?);
            let challenge = challenge.or(from_file(challenge_file)?);
            let edits: Vec<Edit> = [
                score.map(|s| AnswerValue::Score(s.0)),
                basis.map(AnswerValue::Basis),
                notes.map(AnswerValue::Notes),
                peer_score.map(|s| AnswerValue::PeerScore(s.0)),
                challenge.map(AnswerValue::Challenge),
            ]
            .into_iter()
            .flatten()
            .map(|change| Edit::new(item.clone(), change))
            .collect();
            if edits.is_empty() {
                bail!("nothing to set: give --score, --basis, --notes, --peer-score or --challenge");
            }
            session.apply_edits(assessment, &edits)?;
            return Ok(());
        }
        Command::Finding {
            action:
                FindingAction::Add {
                    assessment,
                    theme,
                    section,
                    kind,
                    text,
                },
        } => {
            let section = match (theme, section) {
                (Some(theme), _) => crate::domain::SectionRef::Theme(theme),
                (None, Some(number)) => report::section_numbered(session, assessment, number)?,
                (None, None) => bail!("say where the finding goes: --theme N or --section K"),
            };
            (
                assessment,
                ListOp::Add {
                    list: kind.list(section),
                    text: text.read()?,
                },
            )
        }
        Command::KeyMessage {
            action: KeyMessageAction::Add { assessment, text },
        } => (
            assessment,
            ListOp::Add {
                list: ListKind::KeyMessages,
                text: text.read()?,
            },
        ),
        _ => return Ok(()),
    };
    session.change_list(assessment, &op)?;
    Ok(())
}

/// The scope questions, the peer team and the visit dates.
fn run_challenge(session: &mut Session, command: Command) -> Result<()> {
    let (assessment, op) = match command {
        Command::Scope {
            action: ScopeAction::Add { assessment, question },
        } => (assessment, ChallengeOp::AddQuestion(question)),
        Command::Scope {
            action:
                ScopeAction::Respond {
                    assessment,
                    number,
                    text,
                },
        } => {
            let current = session.load(assessment)?;
            let question = number
                .checked_sub(1)
                .and_then(|index| current.scope.get(index))
                .with_context(|| {
                    format!(
                        "there is no scope question {number}; this assessment has {}",
                        count(current.scope.len(), "question")
                    )
                })?;
            (
                assessment,
                ChallengeOp::Respond {
                    id: question.id,
                    text: text.read()?,
                },
            )
        }
        Command::Team {
            action:
                TeamAction::Add {
                    assessment,
                    member,
                    team_role,
                    member_org,
                },
        } => (
            assessment,
            ChallengeOp::AddMember(TeamMember {
                id: uuid::Uuid::nil(),
                name: member.trim().to_owned(),
                role: team_role.trim().to_owned(),
                organisation: member_org.trim().to_owned(),
            }),
        ),
        Command::Visit { assessment, start, end } => (
            assessment,
            ChallengeOp::SetVisit(Visit {
                start: Some(start),
                end: Some(end.unwrap_or(start)),
            }),
        ),
        _ => return Ok(()),
    };
    session.change_challenge(assessment, &op)?;
    Ok(())
}

/// Exporting, importing and merging exchange files.
fn run_exchange(session: &mut Session, command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Export { assessment, out: file } => {
            session.export_exchange(assessment, &file)?;
            writeln!(out, "{}", file.display())?;
        }
        Command::Import { file, prefer, accept } => import(session, &file, (prefer, &accept), out)?,
        Command::Diff { file } => {
            for line in session.prepare_import(&file)?.describe() {
                writeln!(out, "{line}")?;
            }
        }
        Command::Merges { assessment } => print::merges(session, assessment, out)?,
        _ => {}
    }
    Ok(())
}

fn import(
    session: &mut Session,
    file: &std::path::Path,
    (prefer, accept): (Option<Prefer>, &[String]),
    out: &mut dyn Write,
) -> Result<()> {
    let prepared = session.prepare_import(file)?;
    let accepted = Session::keys_named(prepared.strangers(), accept)?;
    let conflicts = prepared.conflicts();
    if prefer.is_none() && !conflicts.is_empty() {
        let mut message = format!(
            "Nothing was imported: {} changed both here and in the file; choose with --prefer mine or --prefer theirs (or merge in the app to decide one by one):",
            count(conflicts.len(), "field")
        );
        for line in prepared.describe().iter().filter(|line| line.starts_with("CONFLICT")) {
            message.push_str("\n  ");
            message.push_str(line);
        }
        bail!(message);
    }
    let resolution = match prefer {
        Some(Prefer::Mine) | None => Resolution::Mine,
        Some(Prefer::Theirs) => Resolution::Theirs,
    };
    let resolutions = vec![resolution; conflicts.len()];
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let report = session.apply_import_accepting(&prepared, (&resolutions, &accepted), &source)?;
    writeln!(out, "{}", prepared.id())?;
    for line in &report.lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn pack_options(args: &PackArgs) -> Result<PackOptions> {
    let kind = match args.kind {
        KindArg::Full => PackKind::Full,
        KindArg::Summary => PackKind::Summary,
        KindArg::Theme => PackKind::Theme(
            args.theme
                .context("--kind theme needs --theme N (a theme number of the framework)")?,
        ),
        KindArg::Blank => PackKind::BlankForm,
        KindArg::Previsit => PackKind::PreVisit,
        KindArg::Report => PackKind::Report,
        KindArg::ActionPlan => PackKind::ActionPlan,
        KindArg::Progress => PackKind::Progress,
    };
    Ok(PackOptions {
        kind,
        paper: args.paper,
        exported_on: args.date.unwrap_or_else(today),
        include_peer_review: !args.without_peer_review,
        share_safe: args.share_safe,
        utc_offset: local_offset(),
        include_scores: !args.without_scores,
    })
}

fn format_of(command: &Command) -> Option<(&PackArgs, Format)> {
    match command {
        Command::ExportPdf(args) => Some((args, Format::Pdf)),
        Command::ExportDocx(args) => Some((args, Format::Word)),
        Command::ExportXlsx(args) => Some((args, Format::Excel)),
        Command::ExportCsv(args) => Some((args, Format::Csv)),
        _ => None,
    }
}

/// A pack without an assessment: only the blank form. It needs no
/// database, but is never written over the database's files.
/// The blank workshop form. It needs no database, unless it is of a
/// framework added to one.
fn export_blank(
    path: &std::path::Path,
    author: &Author,
    args: &PackArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let builtin = Catalogue::builtin();
    let wanted = args.framework.as_deref();
    let session = match wanted {
        Some(id) if builtin.latest(id).is_none() && path.exists() => {
            Some(Session::open_existing(path, passphrase().as_deref(), author.clone())?)
        }
        _ => None,
    };
    let catalogue = session.as_ref().map_or(&builtin, Session::catalogue);
    let framework = match wanted {
        Some(id) => catalogue.latest(id).with_context(|| {
            format!("there is no framework “{id}”; `critical-friend framework list` shows those there are")
        })?,
        None => catalogue.default_framework(),
    };
    let pack = Pack::build(framework, None, pack_options(args)?).context("give --assessment ID")?;
    OwnFiles::of(path).write(&args.out, &format.render(&pack)?)?;
    writeln!(out, "{}", args.out.display())?;
    Ok(())
}

fn export(session: &Session, args: &PackArgs, format: Format, out: &mut dyn Write) -> Result<()> {
    let own = session.own_files();
    own.check(&args.out)?;
    let assessment = args.assessment.map(|id| session.load(id)).transpose()?;
    let framework = match &assessment {
        Some(assessment) => session.framework_of(assessment)?,
        None => session.catalogue().default_framework(),
    };
    let baseline = assessment
        .as_ref()
        .and_then(|assessment| assessment.baseline)
        .map(|id| session.load(id))
        .transpose()?;
    let options = pack_options(args)?;
    let mut pack = Pack::build_with(framework, assessment.as_ref(), baseline.as_ref(), options)?;
    if let Some(assessment) = assessment.as_ref() {
        pack.add_benchmarks(session.benchmarks_for(assessment)?);
    }
    if let (true, Some(assessment)) = (args.with_history, &assessment) {
        let database = session.database();
        pack.add_appendices(
            &database.history(assessment.id, None)?,
            &database.merge_reports(assessment.id)?,
        );
    }
    own.write(&args.out, &format.render(&pack)?)?;
    writeln!(out, "{}", args.out.display())?;
    if let Some(note) = assessment
        .as_ref()
        .and_then(|assessment| crate::packs::left_out_note(framework, assessment, &options))
    {
        eprintln!("{note}");
    }
    Ok(())
}

fn change_status(session: &mut Session, assessment: AssessmentId, to: StatusArg, out: &mut dyn Write) -> Result<()> {
    match to {
        StatusArg::Unlock => session.unlock(assessment)?,
        StatusArg::Lock => session.lock(assessment)?,
        StatusArg::Reopen => writeln!(out, "{}", session.reopen(assessment)?.id)?,
        StatusArg::Submitted => session.set_status(assessment, Status::Submitted)?,
        StatusArg::Review => session.set_status(assessment, Status::Review)?,
        StatusArg::Final => session.set_status(assessment, Status::Final)?,
    }
    Ok(())
}
