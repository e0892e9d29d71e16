//! The overview: per theme, items scored, average and the count at each
//! level of the framework's scale; the overall rating where the framework
//! has a rule; items scored without a basis; items with open notes.

use crate::domain::{Assessment, Framework, ItemId, Scale, summarise, summary::format_average};

use super::Selection;

/// Draws the overview; returns an item the user chose to open.
pub fn overview_ui(ui: &mut egui::Ui, framework: &Framework, assessment: &Assessment) -> Option<Selection> {
    let summary = summarise(framework, assessment);
    let mut picked = None;
    ui.heading("Overview");
    let overall = &summary.overall;
    let items = framework.labels.items.to_lowercase();
    #[allow(clippy::cast_precision_loss)]
    let fraction = overall.scored as f32 / overall.item_count.max(1) as f32;
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(320.0)
            .text(format!("{} of {} {items} scored", overall.scored, overall.item_count)),
    );
    ui.label(format!(
        "Average of scored {items}: {}",
        format_average(overall.average)
    ));
    for (who, rating) in [
        ("Self-assessment", &summary.rating),
        ("Peer team", &summary.peer_rating),
    ] {
        let peer_without_scores = who == "Peer team" && summary.overall_peer.scored == 0;
        if let Some(text) = rating.describe(&items).filter(|_| !peer_without_scores) {
            ui.label(egui::RichText::new(crate::domain::Rating::sentence(who, &text)).strong());
        }
    }
    ui.add_space(8.0);
    let levels = framework.scale.levels();
    egui::Grid::new("overview_themes")
        .striped(true)
        .num_columns(3 + levels.len())
        .show(ui, |ui| {
            for title in ["Theme", "Scored", "Average"] {
                ui.strong(title);
            }
            for level in levels {
                ui.strong(level.score.to_string()).on_hover_text(&level.label);
            }
            ui.end_row();
            for theme in &summary.themes {
                ui.label(format!("{}. {}", theme.number, theme.title));
                ui.label(format!("{} of {}", theme.scores.scored, theme.scores.item_count));
                ui.label(format_average(theme.scores.average));
                for count in &theme.scores.distribution {
                    ui.label(count.to_string());
                }
                ui.end_row();
            }
        });
    ui.add_space(12.0);
    let with_peer = summary.overall_peer.scored > 0;
    ui.strong(if with_peer {
        "Average self and peer score by theme (upper bar self, lower bar peer)"
    } else {
        "Average self score by theme"
    });
    average_bars_ui(ui, &framework.scale, &summary, with_peer);
    ui.add_space(12.0);
    ui.strong("Scores by item");
    ui.label(
        egui::RichText::new("Darker cells score higher; each shows its number and score. Click one to open it.").weak(),
    );
    if let Some(selection) = heat_grid_ui(ui, framework, assessment) {
        picked = Some(selection);
    }
    ui.add_space(12.0);
    item_list_ui(
        ui,
        framework,
        "Scored without a basis",
        &format!("Every scored {} has a basis.", framework.labels.item.to_lowercase()),
        &summary.scored_without_basis,
        |_| String::new(),
        &mut picked,
    );
    ui.add_space(12.0);
    item_list_ui(
        ui,
        framework,
        "Open notes and queries",
        &format!("No {} has open notes or queries.", framework.labels.item.to_lowercase()),
        &summary.open_notes,
        |id| first_line(&assessment.answer(id).notes),
        &mut picked,
    );
    picked
}

/// Horizontal bars of each theme's average on the framework's scale, drawn with the painter.
fn average_bars_ui(ui: &mut egui::Ui, scale: &Scale, summary: &crate::domain::AssessmentSummary, with_peer: bool) {
    let label_width = 170.0;
    let plot_width = 300.0;
    let row_height = 20.0;
    #[allow(clippy::cast_possible_truncation)]
    let x_of = |value: f64| plot_width * scale.fraction(value) as f32;
    for theme in &summary.themes {
        ui.horizontal(|ui| {
            ui.add_sized(
                [label_width, row_height],
                egui::Label::new(format!("{}. {}", theme.number, theme.title)).truncate(),
            );
            let (rect, _) = ui.allocate_exact_size(egui::vec2(plot_width, row_height), egui::Sense::hover());
            let painter = ui.painter_at(rect);
            let visuals = ui.visuals();
            painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
            for level in &scale.levels()[1..scale.levels().len() - 1] {
                let x = rect.left() + x_of(f64::from(level.score.value()));
                painter.line_segment(
                    [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
                    egui::Stroke::new(1.0, visuals.weak_text_color()),
                );
            }
            let height = if with_peer {
                (row_height - 6.0) / 2.0
            } else {
                row_height - 6.0
            };
            let bars = [
                (theme.scores.average, 3.0, visuals.selection.bg_fill),
                (theme.peer.average, 3.0 + height, visuals.weak_text_color()),
            ];
            for (average, top, color) in bars.into_iter().take(if with_peer { 2 } else { 1 }) {
                if let Some(average) = average {
                    let width = x_of(average).max(2.0);
                    let bar = egui::Rect::from_min_size(rect.min + egui::vec2(0.0, top), egui::vec2(width, height));
                    painter.rect_filled(bar, 1.0, color);
                }
            }
            if with_peer {
                ui.label(format!(
                    "self {} · peer {}",
                    format_average(theme.scores.average),
                    format_average(theme.peer.average)
                ));
            } else {
                ui.label(format_average(theme.scores.average));
            }
        });
    }
    // The axis: where each level falls, and what the bars are.
    ui.horizontal(|ui| {
        ui.add_space(label_width + ui.spacing().item_spacing.x);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(plot_width, row_height), egui::Sense::hover());
        let painter = ui.painter_at(rect.expand2(egui::vec2(8.0, 0.0)));
        for level in scale.levels() {
            let x = rect.left() + x_of(f64::from(level.score.value()));
            painter.text(
                egui::pos2(x, rect.center().y),
                egui::Align2::CENTER_CENTER,
                level.score.to_string(),
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().text_color(),
            );
        }
    });
    let range = scale.describe_range();
    ui.label(if with_peer {
        format!(
            "Average score of each theme, {range}: the upper bar is the self-assessment, the lower bar the peer team."
        )
    } else {
        format!("Average score of each theme, {range}.")
    });
}

/// Greys like the printed pack's, in light and dark mode alike, so a
/// darker cell always means a higher score on the framework's scale.
fn heat_fill(scale: &Scale, score: Option<crate::domain::Score>) -> (egui::Color32, egui::Color32) {
    let Some(score) = score else {
        return (egui::Color32::TRANSPARENT, egui::Color32::GRAY);
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let level = (235.0 - 175.0 * scale.fraction(f64::from(score.value()))).round() as u8;
    let text = if level < 150 {
        egui::Color32::WHITE
    } else {
        egui::Color32::BLACK
    };
    (egui::Color32::from_gray(level), text)
}

/// One row per theme, one button per item, shaded by score.
fn heat_grid_ui(ui: &mut egui::Ui, framework: &Framework, assessment: &Assessment) -> Option<Selection> {
    let mut picked = None;
    for theme in &framework.themes {
        // Rows wrap in a narrow window rather than run off its edge.
        ui.horizontal_wrapped(|ui| {
            ui.add_sized(
                [170.0, 30.0],
                egui::Label::new(format!("{}. {}", theme.number, theme.title)).truncate(),
            );
            for item in &theme.items {
                let score = assessment.answer(&item.id).score;
                let (fill, text) = heat_fill(&framework.scale, score);
                let mark = score.map_or_else(|| "–".to_owned(), |s| s.to_string());
                let button = egui::Button::new(egui::RichText::new(format!("{} · {mark}", item.id)).color(text))
                    .fill(fill)
                    .min_size(egui::vec2(52.0, 26.0));
                if ui.add(button).on_hover_text(&item.title).clicked() {
                    picked = framework.item_index(&item.id).map(Selection::Item);
                }
            }
        });
    }
    picked
}

fn item_list_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    heading: &str,
    empty: &str,
    items: &[ItemId],
    detail: impl Fn(&ItemId) -> String,
    picked: &mut Option<Selection>,
) {
    ui.strong(format!("{heading} ({})", items.len()));
    if items.is_empty() {
        ui.label(empty);
    }
    for id in items {
        let Some((_, item)) = framework.item(id) else { continue };
        ui.horizontal_wrapped(|ui| {
            if ui.link(format!("{} {}", item.id, item.title)).clicked() {
                *picked = framework.item_index(id).map(Selection::Item);
            }
            let text = detail(id);
            if !text.is_empty() {
                ui.label(egui::RichText::new(text).weak());
            }
        });
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let mut short: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        short.push('…');
    }
    short
}
