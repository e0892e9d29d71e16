//! The charts drawn on the page: each theme's average score as bars, and
//! every item's score as a grid of shaded cells. Each is one `Figure` in
//! the structure tree, whose alternative text says in words what it shows;
//! the heading above and the legend below are text of their own.

use super::{
    canvas::{Canvas, Ink, MARGIN_PT},
    fonts::Face,
    fonts::fit_one_line,
    tags::Tag,
};
use crate::{
    domain::summary::format_average,
    packs::{
        HeatRow, PackMeta, SummaryRow,
        chart::{averages_alt, averages_title, grid_alt},
    },
};

/// What a bar chart's bars are: the chart's heading, its alternative text,
/// the second bar's label prefix and the legend under it.
pub(super) struct Bars<'a> {
    /// The heading above the chart.
    pub title: &'a str,
    /// What the chart shows, in words.
    pub alt: String,
    /// Printed before the second bar's value: "peer ", "2016/17 ".
    pub second: &'a str,
    /// The legend when there are two bars a theme.
    pub legend: &'a str,
}

/// Horizontal bars of each theme's average self score, on the framework's
/// scale, with the peer team's beneath where it has scored.
pub(super) fn bar_chart(canvas: &mut Canvas, meta: &PackMeta, rows: &[SummaryRow]) {
    let bars = Bars {
        title: averages_title(rows),
        alt: averages_alt(meta, rows),
        second: "peer ",
        legend: "Upper, dark bars: self-assessment. Lower, grey bars: peer team.",
    };
    bars_chart(canvas, meta, rows, &bars);
}

/// Horizontal bars of each row's `average`, with its `peer_average` (as
/// `bars` names it) beneath where there is one.
pub(super) fn bars_chart(canvas: &mut Canvas, meta: &PackMeta, rows: &[SummaryRow], names: &Bars<'_>) {
    let bar_height = 16.0;
    let row_gap = 8.0;
    #[allow(clippy::cast_precision_loss)]
    let chart_height = rows.len() as f32 * (bar_height + row_gap) + 40.0;
    canvas.heading(names.title, 12.0, chart_height);
    canvas.open(Tag::Figure(names.alt.clone()));
    let label_width = 150.0;
    let left = MARGIN_PT + label_width;
    let plot_width = canvas.body_width_pt() - label_width - 40.0;
    let top = canvas.cursor_pt();
    #[allow(clippy::cast_precision_loss)]
    let bottom = top + rows.len() as f32 * (bar_height + row_gap);
    #[allow(clippy::cast_possible_truncation)]
    let x_of = |value: f64| left + plot_width * meta.level_fraction(value) as f32;
    for level in &meta.levels {
        let x = x_of(f64::from(level.score));
        canvas.line((x, top - 2.0), (x, bottom), 0.4, Ink::Rule);
        canvas.text(
            x - 2.5,
            bottom + 3.0,
            &level.score.to_string(),
            Face::Regular,
            8.0,
            Ink::Muted,
        );
    }
    let with_peer = rows.iter().any(|row| row.peer_average.is_some());
    for (index, row) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + index as f32 * (bar_height + row_gap);
        let label = fit_one_line(&row.label, label_width - 6.0, 9.0);
        canvas.text(MARGIN_PT, y + 3.5, &label, Face::Regular, 9.0, Ink::Text);
        let half = if with_peer { bar_height / 2.0 } else { bar_height };
        let bars = [
            ("", row.average, Ink::Accent, y),
            (names.second, row.peer_average, Ink::Grey(0.6), y + half),
        ];
        for (prefix, value, ink, bar_top) in bars.into_iter().take(if with_peer { 2 } else { 1 }) {
            let size = if with_peer { 7.0 } else { 9.0 };
            match value {
                Some(average) => {
                    let width = x_of(average) - left;
                    canvas.fill_rect(left, bar_top, width.max(1.0), half - 1.0, ink);
                    let label = format!("{prefix}{}", format_average(Some(average)));
                    canvas.text(left + width + 4.0, bar_top, &label, Face::Bold, size, Ink::Text);
                }
                None => canvas.text(
                    left + 4.0,
                    bar_top,
                    &format!("{prefix}not scored"),
                    Face::Regular,
                    size,
                    Ink::Muted,
                ),
            }
        }
    }
    canvas.close();
    canvas.set_cursor_pt(bottom + 18.0);
    if with_peer {
        canvas.paragraph(names.legend, Face::Regular, 8.0, Ink::Muted);
    }
}

/// Grey level for a score in the heat grid: darker is higher up the scale.
/// Every cell also prints its score, so nothing depends on shade alone.
fn heat_ink(meta: &PackMeta, score: Option<u8>) -> (Ink, Ink) {
    #[allow(clippy::cast_possible_truncation)]
    let fill = match score {
        None => Ink::White,
        Some(_) => Ink::Grey(meta.heat_grey(score) as f32),
    };
    let text = match score {
        None => Ink::Muted,
        Some(_) if meta.heat_text_is_white(score) => Ink::White,
        Some(_) => Ink::Text,
    };
    (fill, text)
}

/// Every item by score: one row per theme, one shaded cell per item.
pub(super) fn heat_grid(canvas: &mut Canvas, meta: &PackMeta, rows: &[HeatRow]) {
    let cell_width = 30.0;
    let cell_height = 24.0;
    #[allow(clippy::cast_precision_loss)]
    let height = rows.len() as f32 * (cell_height + 4.0) + 30.0;
    canvas.heading("Scores by item", 12.0, height);
    canvas.open(Tag::Figure(grid_alt(meta, rows)));
    let left = MARGIN_PT + 130.0;
    for row in rows {
        let top = canvas.cursor_pt();
        let label = fit_one_line(&row.label, left - MARGIN_PT - 6.0, 9.0);
        canvas.text(MARGIN_PT, top + 7.0, &label, Face::Regular, 9.0, Ink::Text);
        for (index, cell) in row.cells.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = left + index as f32 * (cell_width + 2.0);
            let (fill, ink) = heat_ink(meta, cell.score);
            canvas.fill_rect(x, top, cell_width, cell_height, fill);
            canvas.stroke_rect(x, top, cell_width, cell_height, Ink::Rule);
            canvas.text(x + 3.0, top + 2.5, &cell.number, Face::Regular, 6.5, ink);
            let score = cell.score.map_or_else(|| "–".to_owned(), |s| s.to_string());
            canvas.text(x + 3.0, top + 11.0, &score, Face::Bold, 10.0, ink);
        }
        canvas.gap_pt(cell_height + 4.0);
    }
    canvas.close();
    canvas.gap_pt(4.0);
    canvas.paragraph(
        &format!(
            "Each cell shows the {} number and its score (– not scored); darker cells score higher. Scale: {}.",
            meta.labels.item.to_lowercase(),
            meta.scale_legend()
        ),
        Face::Regular,
        8.0,
        Ink::Muted,
    );
}
