//! The action plan and the progress review in Word: the same tables as the
//! PDF (status always in words), each action's notes by quarter, and the
//! chart of theme averages then and now as a picture with alternative text.

use docx_rs::{Docx, Paragraph};

use super::{DocxError, report::named_chart, table, text};
use crate::{
    domain::Rag,
    packs::{ActionRow, PackMeta, PlanSection, ProgressItem, ProgressSection, StatusRow, YearsSection},
};

fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(text::run(text)).style("Heading2")
}

fn status_headings(first: &str) -> Vec<String> {
    let mut headings = vec![first.to_owned()];
    headings.extend(Rag::ALL.iter().map(|rag| rag.label().to_owned()));
    headings.push("Overdue".to_owned());
    headings.push("Total".to_owned());
    headings
}

/// The plan: status counts, the table of actions, then each action's notes.
pub(super) fn actions(doc: Docx, plan: &PlanSection, body_twips: usize) -> Docx {
    if plan.rows.is_empty() {
        return doc.add_paragraph(Paragraph::new().add_run(text::run(
            "No actions yet. Start the plan from the report's areas for consideration, or add actions one by one.",
        )));
    }
    let headings = status_headings("Theme");
    let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
    let mut doc = doc
        .add_paragraph(heading("Status by theme"))
        .add_table(table(
            &headings,
            &[0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
            plan.status.iter().map(StatusRow::cells).collect(),
            body_twips,
            1,
        ))
        .add_paragraph(heading("Actions"))
        .add_table(table(
            &["No.", "Action", "Owner", "Due", "Status"],
            &[0.07, 0.5, 0.16, 0.14, 0.13],
            plan.rows.iter().map(ActionRow::cells).collect(),
            body_twips,
            1,
        ));
    if let Some(card) = &plan.scorecard {
        doc = doc
            .add_paragraph(heading(&format!("Scorecard {}: supporting measures", card.year)))
            .add_table(table(
                &crate::packs::SCORECARD_HEADINGS,
                &[0.06, 0.3, 0.09, 0.08, 0.08, 0.08, 0.08, 0.11, 0.12],
                card.rows.clone(),
                body_twips,
                1,
            ));
    }
    if plan.rows.iter().any(|row| !row.notes.is_empty()) {
        doc = doc.add_paragraph(heading("Progress by quarter"));
    }
    for row in plan.rows.iter().filter(|row| !row.notes.is_empty()) {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(text::run(format!("{}. {} — {}", row.number, row.text, row.status.label())).bold()),
        );
        for note in &row.notes {
            doc = doc.add_paragraph(super::lists::bullet(note, false));
        }
    }
    doc
}

/// A review beside its baseline; the chart's alternative text is
/// [`ProgressSection::chart_alt`], given to the package in order.
pub(super) fn progress(
    doc: Docx,
    meta: &PackMeta,
    progress: &ProgressSection,
    body_twips: usize,
) -> Result<Docx, DocxError> {
    let title = format!("Average self score by theme, {} and {}", progress.then, progress.now);
    let legend = format!("Dark bars: {}. Grey bars: {}.", progress.now, progress.then);
    let doc = named_chart(doc, meta, &progress.themes, (&title, &legend), body_twips)?;
    let themes = progress.theme_rows();
    let item = meta.labels.item.clone();
    let item_headings = [
        "No.".to_owned(),
        item.clone(),
        format!("Self {}", progress.then),
        format!("Peer {}", progress.then),
        format!("Self {}", progress.now),
        format!("Peer {}", progress.now),
        "Movement".to_owned(),
    ];
    let item_headings: Vec<&str> = item_headings.iter().map(String::as_str).collect();
    let mut status = status_headings("Theme");
    status.remove(5);
    let status: Vec<&str> = status.iter().map(String::as_str).collect();
    let mut doc = doc
        .add_table(table(
            &["Theme", &progress.then, &progress.now, "Movement"],
            &[0.46, 0.18, 0.18, 0.18],
            themes,
            body_twips,
            1,
        ))
        .add_paragraph(heading(&format!("Every {}", item.to_lowercase())))
        .add_table(table(
            &item_headings,
            &[0.07, 0.37, 0.1, 0.1, 0.1, 0.1, 0.16],
            progress.items.iter().map(ProgressItem::cells).collect(),
            body_twips,
            1,
        ))
        .add_paragraph(heading("Actions by theme"))
        .add_table(table(
            &status,
            &[0.5, 0.1, 0.1, 0.1, 0.1, 0.1],
            progress.status_rows(),
            body_twips,
            1,
        ));
    for theme in progress.actions.iter().filter(|theme| !theme.actions.is_empty()) {
        doc = doc.add_paragraph(Paragraph::new().add_run(text::run(&theme.label).bold()));
        for (number, text, status) in &theme.actions {
            doc = doc.add_paragraph(super::lists::bullet(
                &format!("{number}. {text} — {}", status.label()),
                false,
            ));
        }
    }
    Ok(doc)
}

/// One council's assessments side by side: theme averages, then every item.
pub(super) fn years(doc: Docx, meta: &PackMeta, years: &YearsSection, body_twips: usize) -> Docx {
    #[allow(clippy::cast_precision_loss)]
    let share = 0.5 / years.periods.len().max(1) as f32;
    let mut headings = vec!["Theme".to_owned()];
    headings.extend(years.periods.iter().cloned());
    headings.push("Movement".to_owned());
    let mut fractions = vec![0.34];
    fractions.extend(years.periods.iter().map(|_| share));
    fractions.push(0.16);
    let theme_headings: Vec<&str> = headings.iter().map(String::as_str).collect();
    let item = meta.labels.item.clone();
    let mut item_headings = vec!["No.", item.as_str()];
    item_headings.extend(theme_headings.iter().skip(1));
    let mut item_fractions = vec![0.07, 0.27];
    item_fractions.extend(fractions.iter().skip(1));
    doc.add_paragraph(heading("Theme averages"))
        .add_table(table(&theme_headings, &fractions, years.themes.clone(), body_twips, 1))
        .add_paragraph(heading(&format!("Every {}", item.to_lowercase())))
        .add_table(table(
            &item_headings,
            &item_fractions,
            years.items.clone(),
            body_twips,
            1,
        ))
}
