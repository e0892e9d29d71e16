//! The action plan and the progress review on the page: counts per theme
//! per status, the plan's table, each action's progress notes by quarter;
//! theme averages then and now as a chart and a table, every item's scores
//! and movement, and the actions by theme. A status is always a word.

use super::{
    canvas::{Canvas, Ink, MARGIN_PT},
    charts::{Bars, bars_chart},
    fonts::Face,
    table::Column,
    tags::Tag,
};
use crate::{
    domain::Rag,
    packs::{PackMeta, PlanSection, ProgressSection, StatusRow, YearsSection},
};

const BODY_PT: f32 = 10.0;

fn status_columns(canvas: &Canvas, first: &str) -> Vec<Column> {
    let count_width = 52.0;
    let mut columns = vec![Column::new(
        first,
        canvas.body_width_pt() - 6.0 * count_width,
        Face::Regular,
    )];
    columns.extend(
        Rag::ALL
            .iter()
            .map(|rag| Column::new(rag.label(), count_width, Face::Regular)),
    );
    columns.push(Column::new("Overdue", count_width, Face::Regular));
    columns.push(Column::new("Total", count_width, Face::Regular));
    columns
}

/// The plan: status counts, the table of actions, then each action's notes.
pub(super) fn actions(canvas: &mut Canvas, plan: &PlanSection) {
    if plan.rows.is_empty() {
        canvas.paragraph(
            "No actions yet. Start the plan from the report's areas for consideration, or add actions one by one.",
            Face::Regular,
            BODY_PT,
            Ink::Muted,
        );
        return;
    }
    canvas.heading("Status by theme", 12.0, 60.0);
    let columns = status_columns(canvas, "Theme");
    let rows: Vec<Vec<String>> = plan.status.iter().map(StatusRow::cells).collect();
    canvas.table(&columns, &rows, 1);
    canvas.gap_pt(6.0);
    canvas.heading("Actions", 12.0, 60.0);
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("No.", 30.0, Face::Bold),
        Column::new("Action", width - 30.0 - 100.0 - 80.0 - 66.0, Face::Regular),
        Column::new("Owner", 100.0, Face::Regular),
        Column::new("Due", 80.0, Face::Regular),
        Column::new("Status", 66.0, Face::Bold),
    ];
    let rows: Vec<Vec<String>> = plan.rows.iter().map(super::super::ActionRow::cells).collect();
    canvas.table(&columns, &rows, 1);
    if let Some(card) = &plan.scorecard {
        canvas.gap_pt(6.0);
        canvas.heading(&format!("Scorecard {}: supporting measures", card.year), 12.0, 60.0);
        let [number, measure, target, q1, q2, q3, q4, against, status] = crate::packs::SCORECARD_HEADINGS;
        let quarter = 40.0;
        let columns = [
            Column::new(number, 30.0, Face::Bold),
            Column::new(
                measure,
                width - 30.0 - 50.0 - 4.0 * quarter - 62.0 - 62.0,
                Face::Regular,
            ),
            Column::new(target, 50.0, Face::Regular),
            Column::new(q1, quarter, Face::Regular),
            Column::new(q2, quarter, Face::Regular),
            Column::new(q3, quarter, Face::Regular),
            Column::new(q4, quarter, Face::Regular),
            Column::new(against, 62.0, Face::Bold),
            Column::new(status, 62.0, Face::Regular),
        ];
        canvas.table(&columns, &card.rows, 1);
    }
    if plan.rows.iter().all(|row| row.notes.is_empty()) {
        return;
    }
    canvas.gap_pt(6.0);
    canvas.heading("Progress by quarter", 12.0, 60.0);
    for row in plan.rows.iter().filter(|row| !row.notes.is_empty()) {
        canvas.ensure_pt(40.0);
        canvas.paragraph(
            &format!("{}. {} — {}", row.number, row.text, row.status.label()),
            Face::Bold,
            BODY_PT,
            Ink::Text,
        );
        canvas.open(Tag::L("Disc"));
        for note in &row.notes {
            canvas.ensure_pt(14.0);
            canvas.begin_item(MARGIN_PT + 6.0, "•", Face::Regular, BODY_PT);
            canvas.paragraph_at(MARGIN_PT + 16.0, width - 16.0, note, Face::Regular, BODY_PT, Ink::Text);
            canvas.end_item();
        }
        canvas.close();
        canvas.gap_pt(6.0);
    }
}

/// A review beside its baseline.
pub(super) fn progress(canvas: &mut Canvas, meta: &PackMeta, progress: &ProgressSection) {
    let legend = format!(
        "Upper, dark bars: {}. Lower, grey bars: {}.",
        progress.now, progress.then
    );
    let second = format!("{} ", progress.then);
    let bars = Bars {
        title: &format!("Average self score by theme, {} and {}", progress.then, progress.now),
        alt: progress.chart_alt(),
        second: &second,
        legend: &legend,
    };
    bars_chart(canvas, meta, &progress.themes, &bars);
    canvas.gap_pt(8.0);
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("Theme", width - 3.0 * 90.0, Face::Regular),
        Column::new(progress.then.clone(), 90.0, Face::Regular),
        Column::new(progress.now.clone(), 90.0, Face::Regular),
        Column::new("Movement", 90.0, Face::Regular),
    ];
    let rows = progress.theme_rows();
    canvas.table(&columns, &rows, 1);
    canvas.heading(&format!("Every {}", meta.labels.item.to_lowercase()), 12.0, 60.0);
    let score_width = 56.0;
    let columns = [
        Column::new("No.", 30.0, Face::Bold),
        Column::new(
            meta.labels.item.clone(),
            width - 30.0 - 4.0 * score_width - 80.0,
            Face::Regular,
        ),
        Column::new(format!("Self {}", progress.then), score_width, Face::Regular),
        Column::new(format!("Peer {}", progress.then), score_width, Face::Regular),
        Column::new(format!("Self {}", progress.now), score_width, Face::Regular),
        Column::new(format!("Peer {}", progress.now), score_width, Face::Regular),
        Column::new("Movement", 80.0, Face::Bold),
    ];
    let rows: Vec<Vec<String>> = progress.items.iter().map(super::super::ProgressItem::cells).collect();
    canvas.table(&columns, &rows, 1);
    canvas.heading("Actions by theme", 12.0, 60.0);
    let status = progress.status_rows();
    let mut columns = status_columns(canvas, "Theme");
    columns.remove(5);
    let first = columns[0].width_pt + 52.0;
    columns[0].width_pt = first;
    canvas.table(&columns, &status, 1);
    for theme in progress.actions.iter().filter(|theme| !theme.actions.is_empty()) {
        canvas.ensure_pt(40.0);
        canvas.paragraph(&theme.label, Face::Bold, BODY_PT, Ink::Text);
        canvas.open(Tag::L("Decimal"));
        for (number, text, status) in &theme.actions {
            canvas.ensure_pt(14.0);
            canvas.begin_item(MARGIN_PT + 6.0, &format!("{number}."), Face::Regular, BODY_PT);
            canvas.paragraph_at(
                MARGIN_PT + 26.0,
                width - 26.0,
                &format!("{text} — {}", status.label()),
                Face::Regular,
                BODY_PT,
                Ink::Text,
            );
            canvas.end_item();
        }
        canvas.close();
        canvas.gap_pt(4.0);
    }
}

/// One council's assessments side by side: theme averages, then every item.
pub(super) fn years(canvas: &mut Canvas, meta: &PackMeta, years: &YearsSection) {
    let width = canvas.body_width_pt();
    #[allow(clippy::cast_precision_loss)]
    let count = years.periods.len() as f32;
    let period_width = (44.0_f32).max(((width - 200.0 - 80.0) / count).min(70.0));
    let columns = |first: Column| {
        let mut columns = vec![first];
        columns.extend(
            years
                .periods
                .iter()
                .map(|period| Column::new(period.clone(), period_width, Face::Regular)),
        );
        columns.push(Column::new("Movement", 80.0, Face::Bold));
        columns
    };
    canvas.heading("Theme averages", 12.0, 60.0);
    let theme_width = width - count * period_width - 80.0;
    canvas.table(
        &columns(Column::new("Theme", theme_width, Face::Regular)),
        &years.themes,
        1,
    );
    canvas.heading(&format!("Every {}", meta.labels.item.to_lowercase()), 12.0, 60.0);
    let mut item_columns = columns(Column::new(meta.labels.item.clone(), theme_width - 30.0, Face::Regular));
    item_columns.insert(0, Column::new("No.", 30.0, Face::Bold));
    canvas.table(&item_columns, &years.items, 1);
}
