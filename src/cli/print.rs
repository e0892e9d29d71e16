//! What the command line prints: the frameworks, the assessments, the
//! history, merge reports and backups.

use std::io::Write;

use anyhow::Result;
use time::format_description::well_known::Rfc3339;

use crate::{
    domain::{AssessmentId, Catalogue, Framework, ItemId, Origin},
    service::Session,
    storage::{AssessmentListing, backup::BackupInfo},
    text::{count, format_local_time},
};

/// Every recorded change to an assessment, or to one item, oldest first.
pub fn history(
    session: &Session,
    assessment: AssessmentId,
    (item, verbose): (Option<String>, bool),
    out: &mut dyn Write,
) -> Result<()> {
    let item = item.map(|i| ItemId::new(i.trim()));
    let loaded = session.load(assessment)?;
    let labels = &session.framework_of(&loaded)?.labels;
    for entry in session.database().history(assessment, item.as_ref())? {
        let (old, new) = entry.preview(60);
        writeln!(
            out,
            "{}  {}  {}  {old} → {new}  {}  ({}){}",
            entry.at.format(&Rfc3339).unwrap_or_default(),
            entry.subject.item().map_or("assessment", ItemId::as_str),
            entry.label(labels),
            entry.author.describe(),
            entry.signed_note(verbose),
            if entry.declined { "  (not taken)" } else { "" }
        )?;
    }
    Ok(())
}

/// A framework: every theme with its statement and items, the scale and
/// the rating rule.
pub fn framework(framework: &Framework, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}", framework.describe())?;
    for theme in &framework.themes {
        writeln!(out, "\n{}. {}", theme.number, theme.title)?;
        writeln!(out, "   {}: “{}”", framework.labels.theme_statement, theme.outcome)?;
        for item in &theme.items {
            match &item.reference {
                Some(reference) => writeln!(out, "   {:<5} {} ({reference})", item.id.as_str(), item.title)?,
                None => writeln!(out, "   {:<5} {}", item.id.as_str(), item.title)?,
            }
        }
    }
    writeln!(out, "\nScale:")?;
    for level in framework.scale.levels() {
        writeln!(out, "   {} {} — {}", level.score, level.label, level.descriptor)?;
    }
    if let Some(rule) = &framework.rating {
        writeln!(
            out,
            "\nOverall rating (percentage of the maximum score, every {} scored):",
            framework.labels.item.to_lowercase()
        )?;
        for band in &rule.bands {
            writeln!(out, "   {}–{}%  {}", band.from_percent, band.to_percent, band.label)?;
        }
    }
    writeln!(out, "\nSource: {}", framework.source)?;
    Ok(())
}

/// Every framework the database can use, with where it came from and how
/// many assessments answer it.
pub fn frameworks(catalogue: &Catalogue, session: Option<&Session>, json: bool, out: &mut dyn Write) -> Result<()> {
    let mut rows = Vec::new();
    for entry in catalogue.entries() {
        let framework = &entry.framework;
        let uses = match session {
            Some(session) => session.framework_uses(&framework.reference())?,
            None => 0,
        };
        let origin = match &entry.origin {
            Origin::BuiltIn => "built in".to_owned(),
            Origin::Added { at, by } => format!("added {} by {}", format_local_time(*at), by.describe()),
        };
        rows.push((framework, origin, uses));
    }
    if json {
        let rows: Vec<_> = rows
            .iter()
            .map(|(framework, origin, uses)| {
                serde_json::json!({
                    "id": framework.id,
                    "version": framework.version,
                    "title": framework.title,
                    "themes": framework.themes.len(),
                    "items": framework.item_count(),
                    "scale": framework.scale.span(),
                    "rating": framework.rating.is_some(),
                    "origin": origin,
                    "assessments": uses,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    for (framework, origin, uses) in rows {
        writeln!(
            out,
            "{:<32} {:<8} {} — {} themes, {} {}, scored {}{}; {origin}; {}",
            framework.id,
            framework.version,
            framework.short_title,
            framework.themes.len(),
            framework.item_count(),
            framework.labels.items.to_lowercase(),
            framework.scale.span(),
            if framework.rating.is_some() {
                ", with an overall rating"
            } else {
                ""
            },
            count(uses, "assessment")
        )?;
    }
    Ok(())
}

/// The assessments in the database, as a table or JSON.
pub fn list(session: &Session, json: bool, out: &mut dyn Write) -> Result<()> {
    let catalogue = session.catalogue();
    let listings = session.database().list()?;
    let item_count = |listing: &AssessmentListing| {
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

/// The merge reports stored with an assessment.
pub fn merges(session: &Session, assessment: AssessmentId, out: &mut dyn Write) -> Result<()> {
    for report in session.database().merge_reports(assessment)? {
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
    Ok(())
}

/// The backups, newest first.
pub fn backups(backups: &[BackupInfo], out: &mut dyn Write) -> Result<()> {
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
    Ok(())
}
