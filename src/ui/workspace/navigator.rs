//! The left panel: themes with scored/total, items with their score ("–"
//! when not scored) and a "!" when scored without a basis.

use crate::domain::{Assessment, Framework};

use super::{Selection, item::score_mark};

/// Draws the navigator; returns what the user picked.
pub fn navigator_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    selection: Selection,
) -> Option<Selection> {
    let mut picked = None;
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        // The top bar's "Overview" tab does the same; this one is the
        // list's head, named apart for a screen reader.
        let selected = selection == Selection::Overview;
        let overview = ui.selectable_label(selected, "Overview");
        overview
            .widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, "Overview of every theme"));
        if overview.clicked() {
            picked = Some(Selection::Overview);
        }
        let mut index = 0;
        for theme in &framework.themes {
            ui.add_space(6.0);
            let scored = theme
                .items
                .iter()
                .filter(|item| assessment.answer(&item.id).score.is_some())
                .count();
            ui.horizontal(|ui| {
                ui.strong(format!("{}. {}", theme.number, theme.title));
                ui.label(egui::RichText::new(format!("{scored}/{}", theme.items.len())).weak());
            });
            for item in &theme.items {
                let answer = assessment.answer(&item.id);
                ui.horizontal(|ui| {
                    ui.add_sized(
                        [22.0, 18.0],
                        egui::Label::new(egui::RichText::new(score_mark(answer.score)).strong()),
                    );
                    if let Some(peer) = answer.peer_score {
                        // The peer team's score beside the council's, in its
                        // own column so long titles never hide it, marked ≠
                        // when they differ (never by colour alone).
                        let differs = answer.score != Some(peer);
                        let mark = format!("p{peer}{}", if differs { "≠" } else { "" });
                        ui.add_sized([30.0, 18.0], egui::Label::new(egui::RichText::new(mark).weak()))
                            .on_hover_text(if differs {
                                "The peer team's score, which differs from the self-assessment"
                            } else {
                                "The peer team's score, which agrees with the self-assessment"
                            });
                    }
                    let selected = selection == Selection::Item(index);
                    let response = ui
                        .selectable_label(selected, format!("{} {}", item.id, item.title))
                        .on_hover_text(format!("{} {}", item.id, item.title));
                    // What the columns beside it show, said with its name.
                    let name = item_name(&format!("{} {}", item.id, item.title), answer);
                    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &name));
                    if response.clicked() {
                        picked = Some(Selection::Item(index));
                    }
                    if answer.lacks_basis() {
                        ui.label(egui::RichText::new("!").strong())
                            .on_hover_text("Scored, but no basis written yet");
                    }
                });
                index += 1;
            }
        }
        crate::ui::input::keep_focus_in_view(ui);
    });
    picked
}

/// An item's name for a screen reader, with what its row shows beside it:
/// "1.2 Initial Access, scored 2, peer team 1, no basis yet".
fn item_name(title: &str, answer: &crate::domain::Answer) -> String {
    let score = answer
        .score
        .map_or_else(|| "not scored".to_owned(), |score| format!("scored {score}"));
    let peer = answer
        .peer_score
        .map(|peer| format!(", peer team {peer}"))
        .unwrap_or_default();
    let basis = if answer.lacks_basis() { ", no basis yet" } else { "" };
    format!("{title}, {score}{peer}{basis}")
}
