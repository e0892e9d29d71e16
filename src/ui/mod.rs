//! Screens and dialogs. The UI draws state and pushes [`Command`]s; it never
//! touches the database or writes files. Every interactive widget carries an
//! accessible label (screen readers and the UI tests both rely on it).

pub mod backups_dialog;
pub mod command;
pub mod confirm_dialog;
pub mod conflict_dialog;
pub mod details_dialog;
pub mod dialog;
pub mod export_dialog;
pub mod frameworks_dialog;
pub mod home;
pub mod import_dialog;
pub mod input;
pub mod theme;
pub mod workspace;
pub mod you_dialog;

pub use crate::text::format_local_time;
pub use command::Command;

const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Adds DejaVu Sans after egui's own fonts, so Welsh and typographic
/// characters (ŵ ŷ – ’ “ ” € and many more) always have a glyph.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(DEJAVU_SANS)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("DejaVuSans".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Marks `response` as a live region, so a screen reader announces its text
/// whenever it changes: `Polite` waits for a pause, `Assertive` interrupts.
pub fn announce(ui: &egui::Ui, response: &egui::Response, live: egui::accesskit::Live) {
    ui.ctx().accesskit_node_builder(response.id, |node| node.set_live(live));
}

/// Gives a button whose visible word ("Earlier", "Open") needs its row to
/// make sense a whole name for a screen reader ("Move Vision one place
/// earlier", "Open Example Borough Council — …"), and the same as hover
/// text for everyone else.
pub fn named(response: egui::Response, name: &str) -> egui::Response {
    let enabled = response.enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    response.on_hover_text(name)
}

/// Names a text box for a screen reader where its visible label ("on",
/// "Owner") needs its row to make sense: "Date of the note on action 3".
pub fn name_field(ui: &egui::Ui, response: &egui::Response, name: &str) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
}

/// A label and a combo box showing `value`, whose name says both ("Status
/// of action 1: Amber"): AT-SPI passes a combo box's name on but not its
/// value, so a screen reader on Linux would otherwise hear only "Status of
/// action 1". The value stays as well, for the platforms that read it.
pub fn labelled_combo(
    ui: &mut egui::Ui,
    (label, value): (&str, &str),
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    choices: impl FnOnce(&mut egui::Ui),
) -> egui::Response {
    ui.label(label);
    let combo = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(value)
        .show_ui(ui, choices)
        .response;
    ui.ctx()
        .accesskit_node_builder(combo.id, |node| node.set_label(format!("{label}: {value}")));
    combo
}

/// A labelled single-line text field; the label is its accessible name.
pub fn labelled_line_ui(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}
