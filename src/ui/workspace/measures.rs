//! Under an item, the measures that evidence it: each with the council's
//! latest value, England's, its rank and quartile and its trend, once the
//! published file is imported (here, or `critical-friend measures import-ascof`).

use std::collections::BTreeMap;

use crate::{
    domain::{
        Framework, Item,
        measures::{MeasureSet, published_year},
        settings::{Setting, Settings},
    },
    service::MeasureStanding,
    ui::Command,
};

/// Whether the person at the keyboard may change a setting.
pub type MaySet<'a> = &'a dyn Fn(Setting) -> bool;

/// Each setting being typed, with its value as recorded when typing began.
pub type Drafts = BTreeMap<Setting, (String, String)>;

/// The measures that evidence `item`, with where the council stands.
///
/// With `basis` (the council's basis for the score, when it may write it),
/// each measure with a value has *Cite in the basis*: it returns the basis
/// with the measure's figures added as a sentence, so the numbers the
/// score rests on stay with it as they were that day. A measure already
/// cited says so, greyed, in the same place.
pub fn item_measures_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    item: &Item,
    standings: &[MeasureStanding],
    basis: Option<&str>,
) -> Option<String> {
    let set = MeasureSet::ascof();
    let measures: Vec<_> = set.for_item(&framework.id, item.id.as_str()).collect();
    if measures.is_empty() {
        return None;
    }
    let mut cited = None;
    ui.strong("Measures that evidence this item");
    for measure in measures {
        let standing = standings.iter().find(|s| s.measure.code == measure.code);
        let line = match standing {
            Some(standing) => format!("{} {} — {}", measure.code, measure.name, standing.summary()),
            None => format!(
                "{} {} ({}) — no values for this council yet: import the published file in the Measures view",
                measure.code,
                measure.name,
                measure.better.label()
            ),
        };
        ui.horizontal_wrapped(|ui| {
            if let (Some(standing), Some(basis)) = (standing.filter(|s| s.standing.value.is_some()), basis) {
                let citation = standing.citation();
                let already = basis.contains(&citation);
                let label = if already {
                    format!("Cited ASCOF {}", measure.code)
                } else {
                    format!("Cite ASCOF {} in the basis", measure.code)
                };
                let button = ui.add_enabled(!already, egui::Button::new(label));
                if button
                    .on_hover_text("Adds the figures to the basis for this score, as they are today")
                    .clicked()
                {
                    let joined = if basis.trim().is_empty() {
                        citation
                    } else {
                        format!("{}\n\n{citation}", basis.trim_end())
                    };
                    cited = Some(joined);
                }
            }
            ui.label(format!("• ASCOF {line}")).on_hover_text(&measure.definition);
        });
    }
    ui.add_space(6.0);
    cited
}

/// The Measures view: every measure the app knows for this framework, with
/// where the council stands on it — its latest value, England's, its rank
/// and quartile, and its trend drawn small and said in words — filtered by
/// the theme whose items it evidences — and the council's settings: the
/// comparator group it is ranked among and its region, which the council
/// names here (returned as typed, to save, when it presses *Save*); and
/// the national file, imported for the year typed beside its button.
pub fn measures_view_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    (standings, (settings, may_set)): (&[MeasureStanding], (&Settings, MaySet<'_>)),
    (theme, drafts, period): (&mut Option<u8>, &mut Drafts, &mut String),
) -> Option<Command> {
    let set = MeasureSet::ascof();
    ui.heading("Measures");
    ui.label(format!(
        "The national outcome measures that evidence this framework's {}, with where the council stands on each. \
         Source: {}. Values come from the file NHS England publishes each year, imported here or with \
         `critical-friend measures import-ascof`; a value not published is shown as such, never as 0.",
        framework.labels.items.to_lowercase(),
        set.source.trim_end_matches('.')
    ));
    let import = import_ui(ui, period);
    let shown: Vec<_> = set
        .measures
        .iter()
        .filter(|measure| measure.framework == framework.id)
        .collect();
    if shown.is_empty() {
        ui.label("No measure is linked to this framework's items yet.");
        return None;
    }
    let region_name = standings.iter().find_map(MeasureStanding::region_name);
    let saved = settings_ui(ui, (settings, region_name), may_set, drafts);
    theme_filter_ui(ui, framework, theme);
    let theme = *theme;
    let in_theme = |measure: &crate::domain::measures::Measure| {
        theme.is_none_or(|number| {
            measure.items.iter().any(|item| {
                framework
                    .item(&crate::domain::ItemId::new(item.as_str()))
                    .is_some_and(|(found, _)| found.number == number)
            })
        })
    };
    egui::Grid::new("measures_table").striped(true).show(ui, |ui| {
        for heading in crate::packs::BENCHMARK_HEADINGS {
            ui.strong(heading);
        }
        ui.end_row();
        for measure in shown.into_iter().filter(|measure| in_theme(measure)) {
            measure_row_ui(ui, measure, standings.iter().find(|s| s.measure.code == measure.code));
            ui.end_row();
        }
    });
    saved
        .map(|(setting, seen, text)| Command::SetSetting { setting, seen, text })
        .or(import)
}

/// The year a national file covers, typed, and the button that asks for
/// the file: it asks only once the year reads as one.
fn import_ui(ui: &mut egui::Ui, period: &mut String) -> Option<Command> {
    let mut asked = None;
    ui.horizontal_wrapped(|ui| {
        let label = "Year the file covers";
        ui.label(label);
        let field = ui.add(
            egui::TextEdit::singleline(period)
                .hint_text("e.g. 2023-24")
                .desired_width(120.0),
        );
        crate::ui::name_field(ui, &field, label);
        let year = published_year(period);
        let command = Command::ChooseAscofFile;
        let button = ui.add_enabled(year.is_ok(), egui::Button::new(command.label()));
        let button = if year.is_ok() {
            button.on_hover_text(command.tooltip())
        } else {
            // A screen reader hears why, as the pointer's hover shows it.
            let reason = "type the year the file covers first, e.g. 2023-24";
            let why = format!("{} — not now: {reason}", command.label());
            button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, false, &why));
            button.on_disabled_hover_text(format!("Not now: {reason}"))
        };
        if button.clicked() || (year.is_ok() && crate::ui::input::entered(ui, &field)) {
            asked = Some(command);
        }
        if let (Err(problem), false) = (&year, period.trim().is_empty()) {
            ui.label(egui::RichText::new(problem.as_str()).weak());
        }
    });
    asked
}

/// Whom the ranks are among — the council's comparator group, or every
/// council — and the region set beside the council; the council names
/// both as ONS codes.
fn settings_ui(
    ui: &mut egui::Ui,
    (settings, region_name): (&Settings, Option<&str>),
    may_set: MaySet<'_>,
    drafts: &mut Drafts,
) -> Option<(Setting, String, String)> {
    let group = settings.comparators();
    let among = if group.is_empty() {
        "Ranks are among every council with a published value.".to_owned()
    } else {
        format!(
            "Ranks are among the council's comparator group of {} councils: {}.",
            group.len(),
            group.join(", ")
        )
    };
    ui.label(among);
    ui.label(settings.region().map_or_else(
        || "No region named: each measure shows England's value only.".to_owned(),
        |region| match region_name.filter(|name| *name != region) {
            Some(name) => format!("The Region column is the council's region, {name} ({region})."),
            None => format!("The Region column is the council's region, {region}."),
        },
    ));
    let boxes = [
        (
            Setting::Comparators,
            group.join(", "),
            (
                "Comparator group (ONS codes)",
                "e.g. E06000001, E06000002; empty for every council",
                "Save group",
            ),
        ),
        (
            Setting::Region,
            settings.get(Setting::Region).to_owned(),
            (
                "Region (ONS code)",
                "e.g. E12000003 for Yorkshire and The Humber; empty for none",
                "Save region",
            ),
        ),
    ];
    let mut saved = None;
    for (setting, shown, (label, hint, button)) in boxes {
        if !may_set(setting) {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            let recorded = settings.get(setting);
            let (text, seen) = drafts
                .entry(setting)
                .or_insert_with(|| (shown.clone(), recorded.to_owned()));
            ui.label(label);
            let field = ui.add(egui::TextEdit::singleline(text).hint_text(hint).desired_width(420.0));
            crate::ui::name_field(ui, &field, label);
            if ui.button(button).clicked() || crate::ui::input::entered(ui, &field) {
                saved = Some((setting, seen.clone(), text.trim().to_owned()));
            }
            // Untouched, it follows what is recorded.
            if !field.has_focus() && saved.is_none() && *text == shown {
                drafts.remove(&setting);
            }
        });
    }
    saved
}

fn theme_filter_ui(ui: &mut egui::Ui, framework: &Framework, theme: &mut Option<u8>) {
    let value = theme.and_then(|number| framework.theme(number)).map_or_else(
        || "Every theme".to_owned(),
        |found| format!("{}. {}", found.number, found.title),
    );
    ui.horizontal(|ui| {
        crate::ui::labelled_combo(ui, ("Theme", &value), "measures_theme", |ui| {
            ui.selectable_value(theme, None, "Every theme");
            for found in &framework.themes {
                ui.selectable_value(theme, Some(found.number), format!("{}. {}", found.number, found.title));
            }
        });
    });
}

fn measure_row_ui(ui: &mut egui::Ui, measure: &crate::domain::measures::Measure, standing: Option<&MeasureStanding>) {
    ui.label(format!("ASCOF {}", measure.code));
    // The name in a column of its own width, so the table fits; shortened
    // on screen, whole in its hover text and for a screen reader.
    let name = format!("{} ({})", measure.name, measure.better.label());
    ui.add_sized([240.0, 18.0], egui::Label::new(&name).truncate())
        .on_hover_text(format!("{name}\n\n{}", measure.definition));
    let Some(standing) = standing else {
        ui.label("no values imported");
        for _ in 0..4 {
            ui.label("–");
        }
        ui.label(measure.items.join(", "));
        return;
    };
    ui.label(standing.value_text());
    ui.label(standing.england_text());
    ui.label(standing.region_cell());
    ui.label(standing.rank_text());
    sparkline_ui(ui, standing);
    ui.label(measure.items.join(", "));
}

/// A small line of the council's values over time, gaps where a value was
/// not published; a screen reader hears the values in words.
fn sparkline_ui(ui: &mut egui::Ui, standing: &MeasureStanding) {
    let trend = &standing.trend;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(90.0, 18.0), egui::Sense::hover());
    let said = if trend.is_empty() {
        "Trend: no values imported".to_owned()
    } else {
        format!("Trend: {}", standing.trend_text())
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &said));
    let response = response.on_hover_text(&said);
    let values: Vec<f64> = trend.iter().filter_map(|(_, value)| *value).collect();
    let (Some(low), Some(high)) = (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) else {
        return;
    };
    let span = (high - low).max(f64::EPSILON);
    let count = trend.len().max(2) - 1;
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        reason = "a handful of points on screen"
    )]
    let point = |index: usize, value: f64| {
        egui::pos2(
            rect.left() + rect.width() * index as f32 / count as f32,
            rect.bottom() - rect.height() * ((value - low) / span) as f32,
        )
    };
    let stroke = egui::Stroke::new(1.5, ui.visuals().text_color());
    let painter = ui.painter_at(response.rect.expand(2.0));
    for (index, pair) in trend.windows(2).enumerate() {
        if let (Some(from), Some(to)) = (pair[0].1, pair[1].1) {
            painter.line_segment([point(index, from), point(index + 1, to)], stroke);
        }
    }
    if let Some((index, Some(last))) = trend.iter().map(|(_, value)| *value).enumerate().next_back() {
        painter.circle_filled(point(index, last), 2.5, ui.visuals().text_color());
    }
}
