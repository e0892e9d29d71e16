//! Help: the keys (listed from the `Command` enum, so they are always the
//! keys the app answers to), the theme, and how a peer challenge runs in
//! Critical Friend. F1 or the Help button shows and hides it.

use super::CriticalFriendApp;
use crate::ui::Command;

/// How a peer challenge runs in Critical Friend, step by step.
/// Keys every part of the app answers to that are not commands of its own.
const GENERAL_KEYS: &[(&str, &str)] = &[
    ("Tab, Shift+Tab", "Move to the next or previous control"),
    ("Space, Enter", "Press the button that has the keyboard"),
    ("Enter", "In a one-line field beside an Add button: add what it names"),
    (
        "Ctrl+Enter",
        "In a new finding's, key message's or paragraph's box: add it",
    ),
    ("Escape", "Close Help, or the dialog that is open"),
    (
        "Ctrl++, Ctrl+−, Ctrl+0",
        "Make everything larger, smaller, or its usual size (remembered)",
    ),
];

const STEPS: [&str; 10] = [
    "The council scores each item on its framework's scale (0–3 for Use of Resources, 1–4 for CQC) and writes the basis for the score and its notes and queries. Everything is saved as you type.",
    "The numbers behind a score: in the Measures view, import the national ASCOF file NHS England publishes each year, for the year it covers, and name the council's region and comparator group. Each item then shows the measures that evidence it, and Cite in the basis writes the figures into its basis.",
    "Submit to peer team: the self-assessment is locked, and the council exports an exchange file (Export… → An exchange file) for the peer team.",
    "Each member of the peer team imports the file (Import or merge a file… on the home screen), switches to the Peer team role under You…, and scores and challenges each item.",
    "The peer team writes its findings — key messages, strengths and areas for consideration — and the lead merges the reviewers' files into one copy.",
    "The lead sends the merged file back; the council imports it and sees every score side by side under Compare.",
    "Mark Final freezes the assessment. Export… prints the packs: the full pack, a summary, the pre-visit pack, or a blank workshop form.",
    "After the challenge, the council's Action plan view starts the plan from the report's areas for consideration; each action gets an owner, a due date, a status (Red, Amber, Green, or Blue for done) and notes of progress by quarter. Final does not freeze the plan.",
    "When the peer team returns 10–12 months later, Start progress review (in the Action plan view of the Final assessment) creates the next assessment with the answers and the plan; its Progress view shows what moved.",
    "Next year, Reopen as new version (or Duplicate on the home screen) starts a new draft from these answers.",
];

impl CriticalFriendApp {
    /// Draws the help window while it is open.
    pub(super) fn help_ui(&mut self, ctx: &egui::Context) {
        let shortcut = Command::Help.shortcut();
        if shortcut.is_some_and(|shortcut| ctx.input_mut(|input| input.consume_shortcut(&shortcut))) {
            self.help_open = !self.help_open;
        }
        // Escape closes it, as it closes every dialog.
        if self.help_open && ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            self.help_open = false;
        }
        if !self.help_open {
            return;
        }
        // A modal: Tab stays inside it, and nothing behind it can be
        // reached until it closes.
        let height = (ctx.content_rect().height() - 80.0).max(200.0);
        let modal = egui::Modal::new(egui::Id::unique("help")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(560.0_f32.min(ctx.content_rect().width() - 60.0));
            ui.horizontal(|ui| {
                crate::ui::dialog::heading(ui, "Help");
                if ui.button("Close").on_hover_text("Close Help (Escape or F1)").clicked() {
                    self.help_open = false;
                }
            });
            egui::ScrollArea::vertical().max_height(height).show(ui, |ui| {
                // The theme first: a setting, found without scrolling.
                ui.heading("Theme");
                let mut preference = ctx.options(|options| options.theme_preference);
                ui.horizontal(|ui| {
                    ui.radio_value(&mut preference, egui::ThemePreference::System, "Follow the system");
                    ui.radio_value(&mut preference, egui::ThemePreference::Light, "Light");
                    ui.radio_value(&mut preference, egui::ThemePreference::Dark, "Dark");
                });
                ctx.set_theme(preference);
                ui.add_space(8.0);
                ui.heading("Keys");
                ui.label("Single keys work when no control has the keyboard and the pointer is not over a text box.");
                egui::Grid::new("help_keys")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for command in Command::keyboard() {
                            // The digits share one row: "0–9".
                            let keys = match command {
                                Command::ScoreByKey(0) => format!("0–{}", crate::domain::score::MAX_LEVEL),
                                Command::ScoreByKey(_) => continue,
                                _ => command.keys_text(),
                            };
                            ui.strong(keys);
                            ui.label(command.tooltip());
                            ui.end_row();
                        }
                        for (keys, what) in GENERAL_KEYS {
                            ui.strong(*keys);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
                ui.add_space(8.0);
                ui.heading("How a peer challenge works in Critical Friend");
                for (number, step) in (1..).zip(STEPS) {
                    ui.label(format!("{number}. {step}"));
                }
                ui.add_space(8.0);
                ui.heading("About");
                // What a support call needs: the exact build and the file in use.
                ui.label(format!("Critical Friend {}", crate::VERSION));
                ui.label(format!(
                    "Database: {} (schema {})",
                    self.db_path.display(),
                    crate::storage::schema::latest_version()
                ));
                crate::ui::input::keep_focus_in_view(ui);
            });
        });
        if modal.should_close() {
            self.help_open = false;
        }
    }
}
