//! Under an item, the measures that evidence it: each with the council's
//! latest value, England's, its rank and quartile and its trend, once the
//! published file is imported (`critical-friend measures import-ascof`).

use crate::{
    domain::{Framework, Item, measures::MeasureSet},
    service::MeasureStanding,
};

/// The measures that evidence `item`, with where the council stands.
pub fn item_measures_ui(ui: &mut egui::Ui, framework: &Framework, item: &Item, standings: &[MeasureStanding]) {
    let set = MeasureSet::ascof();
    let measures: Vec<_> = set.for_item(&framework.id, item.id.as_str()).collect();
    if measures.is_empty() {
        return;
    }
    ui.strong("Measures that evidence this item");
    for measure in measures {
        let line = match standings.iter().find(|s| s.measure.code == measure.code) {
            Some(standing) => format!("{} {} — {}", measure.code, measure.name, standing.summary()),
            None => format!(
                "{} {} ({}) — no values for this council yet: import the published file with `critical-friend measures import-ascof`",
                measure.code,
                measure.name,
                measure.better.label()
            ),
        };
        ui.label(format!("• ASCOF {line}")).on_hover_text(&measure.definition);
    }
    ui.add_space(6.0);
}
