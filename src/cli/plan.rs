//! The action plan, the progress review and year-on-year comparison from
//! the command line. Actions are numbered as the plan prints them; areas
//! for consideration as "THEME:K" (the K-th area under theme THEME), key
//! messages by their number. Every change goes through the session.

use std::io::Write;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use serde_json::json;
use time::Date;

use crate::{
    domain::{
        Action, ActionFilter, ActionOp, ActionSource, Assessment, AssessmentId, Framework, ItemId, ListKind, Quarter,
        Rag, SectionRef,
        challenge::{format_date, parse_date},
        change::{ActionPart, TextPart},
        measures::{TARGET_RULE, against_target, measure_line},
        progress::year_on_year,
    },
    service::Session,
    text::today,
};

use super::supporting_measure::MeasureArgs;

/// The action plan's subcommands (council role).
#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Add an action; prints its number.
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// What will be done.
        #[arg(long)]
        text: String,
        /// The area for consideration it answers: THEME:K, the K-th area under theme THEME.
        #[arg(long, value_name = "THEME:K", conflicts_with_all = ["from_key_message", "item"])]
        from_area: Option<String>,
        /// The key message it answers, by number.
        #[arg(long, value_name = "K", conflicts_with = "item")]
        from_key_message: Option<usize>,
        /// The item it answers, e.g. 2.3.
        #[arg(long, value_name = "N.N")]
        item: Option<String>,
        /// Who is responsible.
        #[arg(long, default_value = "")]
        owner: String,
        /// The executive portfolio it reports to.
        #[arg(long)]
        portfolio: Option<String>,
        /// When it is due (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        #[command(flatten)]
        measure: MeasureArgs,
    },
    /// One action for each area for consideration that has none yet.
    FromFindings {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
    },
    /// Change an action: its status, owner, due date or text, and/or add a
    /// note of progress — all or nothing.
    Update {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The action's number (`actions` lists them).
        #[arg(long = "action")]
        number: usize,
        /// red, amber, green or blue (done).
        #[arg(long)]
        status: Option<String>,
        /// Who is responsible now.
        #[arg(long)]
        owner: Option<String>,
        /// The executive portfolio it reports to now.
        #[arg(long)]
        portfolio: Option<String>,
        /// When it is due now (YYYY-MM-DD), or "none".
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        /// New wording.
        #[arg(long)]
        text: Option<String>,
        /// A note of progress.
        #[arg(long)]
        progress: Option<String>,
        /// The day the note reports on (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", requires = "progress")]
        on: Option<String>,
        #[command(flatten)]
        measure: MeasureArgs,
    },
    /// Take an action out of the plan.
    Remove {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The action's number.
        #[arg(long = "action")]
        number: usize,
    },
}

/// The progress review's subcommands.
#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Start the progress review of a Final assessment; prints the new assessment's id.
    Start {
        /// The Final assessment to review progress since.
        #[arg(long)]
        from: AssessmentId,
        /// The period the review covers, e.g. 2017/18.
        #[arg(long)]
        period: String,
    },
}

fn date(text: &str) -> Result<Date> {
    parse_date(text)?.with_context(|| "give a date as YYYY-MM-DD")
}

fn numbered(assessment: &Assessment, number: usize) -> Result<&Action> {
    assessment.action(number).with_context(|| {
        format!(
            "there is no action {number}; the plan has {} (`actions --assessment {}` lists them)",
            assessment.actions.len(),
            assessment.id
        )
    })
}

/// The source the arguments name.
fn source_of(
    assessment: &Assessment,
    framework: &Framework,
    area: Option<&str>,
    key_message: Option<usize>,
    item: Option<String>,
) -> Result<ActionSource> {
    if let Some(area) = area {
        let (theme, k) = area
            .split_once(':')
            .and_then(|(theme, k)| Some((theme.trim().parse::<u8>().ok()?, k.trim().parse::<usize>().ok()?)))
            .context("give --from-area as THEME:K, e.g. 3:2 for the second area under theme 3")?;
        if framework.theme(theme).is_none() {
            bail!("there is no theme {theme}");
        }
        let entry = assessment
            .peer
            .list(ListKind::Areas(SectionRef::Theme(theme)))
            .nth(k.wrapping_sub(1))
            .with_context(|| format!("theme {theme} has no area for consideration {k}"))?;
        return Ok(ActionSource::Area(entry.id));
    }
    if let Some(k) = key_message {
        let entry = assessment
            .peer
            .list(ListKind::KeyMessages)
            .nth(k.wrapping_sub(1))
            .with_context(|| format!("there is no key message {k}"))?;
        return Ok(ActionSource::KeyMessage(entry.id));
    }
    Ok(item.map_or(ActionSource::None, |item| ActionSource::Item(ItemId::new(item.trim()))))
}

/// Runs `action`, `actions`, `review` and `compare`.
pub fn run(session: &mut Session, command: super::Command, out: &mut dyn Write) -> Result<()> {
    use super::Command;
    match command {
        Command::Action { action } => run_action(session, action, out),
        Command::Actions {
            assessment,
            status,
            owner,
            theme,
            overdue,
            json,
        } => {
            let query = ActionsQuery {
                status,
                owner,
                theme,
                overdue,
                json,
            };
            print_actions(session, assessment, query, out)
        }
        Command::Review { action } => run_review(session, action, out),
        Command::Compare {
            assessment,
            with,
            json,
            out: file,
        } => {
            let ids: Vec<AssessmentId> = std::iter::once(assessment).chain(with).collect();
            match file {
                Some(file) => compare_pack(session, &ids, &file, out),
                None => compare(session, &ids, json, out),
            }
        }
        other => bail!("“{other:?}” is not a command of the action plan"),
    }
}

/// Runs an action plan subcommand.
fn run_action(session: &mut Session, command: ActionCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        ActionCommand::Add {
            assessment,
            text,
            from_area,
            from_key_message,
            item,
            owner,
            portfolio,
            due,
            measure,
        } => {
            let loaded = session.load(assessment)?;
            let framework = session.framework_of(&loaded)?;
            let source = source_of(&loaded, framework, from_area.as_deref(), from_key_message, item)?;
            let due = due.as_deref().map(date).transpose()?;
            let id = uuid::Uuid::new_v4();
            let mut ops = vec![ActionOp::Add {
                id,
                text,
                source,
                owner,
                due,
            }];
            ops.extend(portfolio.map(|text| ActionOp::Part {
                id,
                part: ActionPart::Text(TextPart::Portfolio),
                text,
            }));
            ops.extend(measure.ops(id)?);
            session.change_actions(assessment, &ops)?;
            let number = session.load(assessment)?.action_number(id).unwrap_or_default();
            writeln!(out, "{number}")?;
        }
        ActionCommand::FromFindings { assessment } => {
            let added = session.plan_from_findings(assessment)?;
            let loaded = session.load(assessment)?;
            let numbers: Vec<String> = added
                .iter()
                .filter_map(|id| loaded.action_number(*id))
                .map(|n| n.to_string())
                .collect();
            if numbers.is_empty() {
                writeln!(
                    out,
                    "Every area for consideration already has an action; nothing was added."
                )?;
            } else {
                writeln!(
                    out,
                    "Added {}: {}.",
                    crate::text::count(numbers.len(), "action"),
                    numbers.join(", ")
                )?;
            }
        }
        update @ ActionCommand::Update { .. } => update_action(session, update)?,
        ActionCommand::Remove { assessment, number } => {
            let loaded = session.load(assessment)?;
            let id = numbered(&loaded, number)?.id;
            session.change_action(assessment, &ActionOp::Remove { id })?;
        }
    }
    Ok(())
}

/// Changes an action: status, owner, portfolio, due date, wording, a note.
fn update_action(session: &mut Session, command: ActionCommand) -> Result<()> {
    let ActionCommand::Update {
        assessment,
        number,
        status,
        owner,
        portfolio,
        due,
        text,
        progress,
        on,
        measure,
    } = command
    else {
        return Ok(());
    };
    let loaded = session.load(assessment)?;
    let id = numbered(&loaded, number)?.id;
    let mut ops = Vec::new();
    if let Some(text) = text {
        ops.push(ActionOp::Text { id, text });
    }
    if let Some(status) = status {
        ops.push(ActionOp::Status {
            id,
            status: status.parse::<Rag>()?,
        });
    }
    if let Some(owner) = owner {
        ops.push(ActionOp::Owner { id, owner });
    }
    if let Some(text) = portfolio {
        let part = ActionPart::Text(TextPart::Portfolio);
        ops.push(ActionOp::Part { id, part, text });
    }
    if let Some(due) = due {
        let due = if due.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            Some(date(&due)?)
        };
        ops.push(ActionOp::Due { id, due });
    }
    if let Some(text) = progress {
        let on = on.as_deref().map(date).transpose()?.unwrap_or_else(today);
        ops.push(ActionOp::Progress { id, on, text });
    }
    ops.extend(measure.ops(id)?);
    if ops.is_empty() {
        bail!(
            "say what to change: --status, --owner, --portfolio, --due, --text, --progress, --measure, --target, \
             --better or --value"
        );
    }
    session.change_actions(assessment, &ops)?;
    Ok(())
}

/// What `actions` shows.
#[derive(Debug, Default)]
struct ActionsQuery {
    /// Only this status.
    status: Option<String>,
    /// Only owners whose name contains this.
    owner: Option<String>,
    /// Only this theme.
    theme: Option<u8>,
    /// Only past due and not done.
    overdue: bool,
    /// JSON instead of text.
    json: bool,
}

/// Prints an assessment's action plan, filtered.
fn print_actions(session: &Session, id: AssessmentId, query: ActionsQuery, out: &mut dyn Write) -> Result<()> {
    let assessment = session.load(id)?;
    let framework = session.framework_of(&assessment)?;
    let baseline = assessment.baseline.and_then(|base| session.load(base).ok());
    let filter = ActionFilter {
        status: query.status.as_deref().map(str::parse).transpose()?,
        owner: query.owner.unwrap_or_default(),
        theme: query.theme,
        overdue: query.overdue,
    };
    let today = today();
    let shown: Vec<(usize, &Action)> = assessment
        .actions
        .iter()
        .enumerate()
        .filter(|(_, action)| filter.admits((&assessment, baseline.as_ref()), framework, action, today))
        .map(|(index, action)| (index + 1, action))
        .collect();
    if query.json {
        let rows: Vec<_> = shown
            .iter()
            .map(|(number, action)| {
                let mut row = json!({
                    "number": number,
                    "text": action.text,
                    "source": action.source.key(),
                    "source_text": assessment.source_text(framework, &action.source, baseline.as_ref()),
                    "theme": assessment.action_theme(framework, action, baseline.as_ref()),
                    "due": format_date(action.due),
                    "status": action.status.as_str(),
                    "overdue": action.is_overdue(today),
                    "progress": action.progress.iter().map(|note| json!({
                        "on": format_date(Some(note.on)),
                        "quarter": Quarter::of(note.on).to_string(),
                        "text": note.text,
                        "by": note.by,
                    })).collect::<Vec<_>>(),
                });
                for part in ActionPart::texts() {
                    row[part.name()] = json!(action.text_part(part).unwrap_or_default());
                }
                add_measure_json(&mut row, action);
                row
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    if shown.is_empty() {
        writeln!(
            out,
            "No actions{}.",
            if assessment.actions.is_empty() {
                " yet"
            } else {
                " match"
            }
        )?;
        return Ok(());
    }
    for (number, action) in shown {
        let due = match action.due {
            Some(due) if action.is_overdue(today) => format!("due {} — OVERDUE", format_date(Some(due))),
            Some(due) => format!("due {}", format_date(Some(due))),
            None => "no due date".to_owned(),
        };
        let owner = if action.owner.is_empty() {
            "no owner"
        } else {
            &action.owner
        };
        writeln!(
            out,
            "{number}. [{}] {} ({owner}; {due})",
            action.status.label(),
            action.text
        )?;
        let source = assessment.source_text(framework, &action.source, baseline.as_ref());
        if !source.is_empty() {
            writeln!(out, "   From: {source}")?;
        }
        if let Some(measure) = measure_line(action) {
            writeln!(out, "   {measure}")?;
        }
        for note in &action.progress {
            writeln!(
                out,
                "   {} {} ({}): {}",
                format_date(Some(note.on)),
                Quarter::of(note.on),
                note.by,
                note.text
            )?;
        }
    }
    Ok(())
}

/// An action's supporting measure's values, by quarter ("Q2 2017/18"), and
/// its colour against the target with the rule, in its row of `actions
/// --json`.
fn add_measure_json(row: &mut serde_json::Value, action: &Action) {
    let values: serde_json::Map<String, serde_json::Value> = action
        .values
        .iter()
        .map(|(quarter, value)| (quarter.short(), json!(value)))
        .collect();
    row["values"] = json!(values);
    row["against_target"] = json!(against_target(action).map(|against| json!({
        "quarter": against.quarter.short(),
        "value": against.value,
        "rag": against.rag.as_str(),
        "rule": TARGET_RULE,
    })));
}

/// Starts a progress review and prints its id.
fn run_review(session: &mut Session, command: ReviewCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        ReviewCommand::Start { from, period } => {
            let review = session.start_review(from, &period)?;
            writeln!(out, "{}", review.id)?;
        }
    }
    Ok(())
}

/// Writes one council's assessments side by side as a PDF or Word pack.
fn compare_pack(session: &Session, ids: &[AssessmentId], file: &std::path::Path, out: &mut dyn Write) -> Result<()> {
    use crate::packs::{Format, Pack, PackKind, PackOptions};
    let format = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => Format::Pdf,
        Some("docx") => Format::Word,
        _ => bail!("the comparison is written as a .pdf or .docx file; name the file so"),
    };
    let own = session.own_files();
    own.check(file)?;
    let assessments = ids.iter().map(|id| session.load(*id)).collect::<Result<Vec<_>, _>>()?;
    let first = assessments.first().context("compare needs at least two assessments")?;
    let framework = session.framework_of(first)?;
    let refs: Vec<&Assessment> = assessments.iter().collect();
    let options = PackOptions::of(PackKind::YearOnYear, today());
    let pack = Pack::years(framework, &refs, options)?;
    own.write(file, &format.render(&pack)?)?;
    writeln!(out, "{}", file.display())?;
    Ok(())
}

/// Prints one council's assessments side by side.
fn compare(session: &Session, ids: &[AssessmentId], json: bool, out: &mut dyn Write) -> Result<()> {
    let assessments = ids.iter().map(|id| session.load(*id)).collect::<Result<Vec<_>, _>>()?;
    let first = assessments.first().context("compare needs at least two assessments")?;
    let framework = session.framework_of(first)?;
    let refs: Vec<&Assessment> = assessments.iter().collect();
    let table = year_on_year(framework, &refs)?;
    let show = |score: Option<crate::domain::Score>| score.map_or_else(|| "–".to_owned(), |s| s.to_string());
    let average = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"));
    if json {
        let value = json!({
            "periods": table.periods,
            "items": table.items.iter().map(|(id, title, scores, movement)| json!({
                "item": id.as_str(),
                "title": title,
                "scores": scores.iter().map(|s| s.map(crate::domain::Score::value)).collect::<Vec<_>>(),
                "movement": movement.words(),
            })).collect::<Vec<_>>(),
            "themes": table.themes.iter().map(|(label, averages, movement)| json!({
                "theme": label,
                "averages": averages,
                "movement": movement.words(),
            })).collect::<Vec<_>>(),
            "overall": table.overall,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(out, "Item\t{}\tMovement", table.periods.join("\t"))?;
    for (id, title, scores, movement) in &table.items {
        let scores: Vec<String> = scores.iter().map(|s| show(*s)).collect();
        writeln!(out, "{id} {title}\t{}\t{}", scores.join("\t"), movement.label())?;
    }
    writeln!(out)?;
    writeln!(out, "Theme average\t{}\tMovement", table.periods.join("\t"))?;
    for (label, averages, movement) in &table.themes {
        let averages: Vec<String> = averages.iter().map(|a| average(*a)).collect();
        writeln!(out, "{label}\t{}\t{}", averages.join("\t"), movement.label())?;
    }
    let overall: Vec<String> = table.overall.iter().map(|a| average(*a)).collect();
    writeln!(out, "All items\t{}", overall.join("\t"))?;
    Ok(())
}
