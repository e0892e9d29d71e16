//! The measures' trends as small line charts, two to a row, under the
//! pre-visit pack's benchmarking table: the council's values as a dark
//! line with filled points, England's as a grey line with open points. A
//! year not published is a gap in its line. Each chart is one `Figure`
//! whose alternative text gives every value in words.

use super::{
    canvas::{Canvas, Ink, MARGIN_PT},
    fonts::{Face, fit_one_line, wrap},
    tags::Tag,
};
use crate::packs::TrendChart;

const CHART_HEIGHT_PT: f32 = 160.0;
const PLOT_HEIGHT_PT: f32 = 80.0;
const GAP_PT: f32 = 24.0;
const AXIS_PT: f32 = 44.0;

/// The charts under a heading of their own, with the legend once.
pub(super) fn trend_charts(canvas: &mut Canvas, charts: &[TrendChart]) {
    if charts.is_empty() {
        return;
    }
    canvas.gap_pt(12.0);
    canvas.heading("Trends", 12.5, CHART_HEIGHT_PT + 20.0);
    canvas.paragraph(
        "Dark line, filled points: the council. Grey line, open points: England. A gap is a year not published.",
        Face::Regular,
        8.0,
        Ink::Muted,
    );
    canvas.gap_pt(6.0);
    let width = (canvas.body_width_pt() - GAP_PT) / 2.0;
    for pair in charts.chunks(2) {
        canvas.ensure_pt(CHART_HEIGHT_PT);
        let top = canvas.cursor_pt();
        for (column, chart) in pair.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let left = MARGIN_PT + column as f32 * (width + GAP_PT);
            trend_chart(canvas, chart, (left, top), width);
        }
        canvas.set_cursor_pt(top + CHART_HEIGHT_PT);
    }
}

/// One chart with its top-left corner at `(left, top)`.
fn trend_chart(canvas: &mut Canvas, chart: &TrendChart, (left, top): (f32, f32), width: f32) {
    let Some((low, high)) = chart.range() else {
        return;
    };
    canvas.open(Tag::Figure(chart.alt()));
    canvas.text(left, top, &chart.code, Face::Bold, 9.0, Ink::Text);
    // The title on two lines at most, the second shortened if need be.
    let lines = wrap(&chart.title, Face::Regular, 8.0, width);
    for (index, line) in lines.iter().take(2).enumerate() {
        let line = if index == 1 && lines.len() > 2 {
            fit_one_line(&format!("{line} {}", lines[2..].join(" ")), width, 8.0)
        } else {
            line.clone()
        };
        #[allow(clippy::cast_precision_loss)]
        let line_top = top + 12.0 + index as f32 * 10.0;
        canvas.text(left, line_top, &line, Face::Regular, 8.0, Ink::Muted);
    }
    let plot_left = left + AXIS_PT;
    let plot_width = width - AXIS_PT - 8.0;
    let plot_top = top + 40.0;
    let plot_bottom = plot_top + PLOT_HEIGHT_PT;
    #[allow(clippy::cast_possible_truncation)]
    let y_of = |value: f64| plot_bottom - PLOT_HEIGHT_PT * ((value - low) / (high - low)) as f32;
    let count = chart.points.len().max(2) - 1;
    #[allow(clippy::cast_precision_loss)]
    let x_of = |index: usize| plot_left + plot_width * index as f32 / count as f32;
    for value in [low, high] {
        // Only a percent sign is short enough to sit on the axis; the
        // title names every other unit.
        let unit = if chart.unit == "%" { "%" } else { "" };
        let label = fit_one_line(&format!("{value:.1}{unit}"), AXIS_PT - 4.0, 7.0);
        canvas.text_right(
            plot_left - 4.0,
            y_of(value) - 3.5,
            &label,
            Face::Regular,
            7.0,
            Ink::Muted,
        );
        canvas.line(
            (plot_left, y_of(value)),
            (plot_left + plot_width, y_of(value)),
            0.4,
            Ink::Rule,
        );
    }
    for (index, point) in chart.points.iter().enumerate() {
        let period = &point.period;
        #[allow(clippy::cast_precision_loss)]
        let room = plot_width / chart.points.len().max(1) as f32 + 10.0;
        let label = fit_one_line(period, room, 7.0);
        let x = x_of(index) - Face::Regular.width_pt(&label, 7.0) / 2.0;
        canvas.text(x, plot_bottom + 4.0, &label, Face::Regular, 7.0, Ink::Muted);
    }
    for (council, points) in chart.lines(|index, value| (x_of(index), y_of(value))) {
        let (ink, filled) = if council {
            (Ink::Accent, true)
        } else {
            (Ink::Grey(0.55), false)
        };
        for pair in points.windows(2) {
            if let [Some(from), Some(to)] = pair {
                canvas.line(*from, *to, 1.4, ink);
            }
        }
        for (x, y) in points.into_iter().flatten() {
            if filled {
                canvas.fill_rect(x - 2.2, y - 2.2, 4.4, 4.4, ink);
            } else {
                canvas.fill_rect(x - 2.4, y - 2.4, 4.8, 4.8, Ink::White);
                canvas.stroke_rect(x - 2.4, y - 2.4, 4.8, 4.8, ink);
            }
        }
    }
    canvas.close();
}
