//! The home screen: every assessment in the database, with New, Open, Edit
//! details, Duplicate and Delete. Delete always asks first, naming the
//! assessment.

use egui_extras::{Column, TableBuilder};

use crate::{
    domain::{AssessmentDetails, AssessmentId, Catalogue},
    service::AssessmentListing,
};

use super::{
    Command,
    details_dialog::{DetailsDialog, DetailsPurpose, FrameworkChoice},
    dialog::dialog_ui,
    format_local_time, named,
};

/// State of the home screen.
#[derive(Default)]
pub struct HomeView {
    /// The assessments, as last read from the database.
    pub listings: Vec<AssessmentListing>,
    dialog: Option<Box<DetailsDialog>>,
    confirm_delete: Option<(AssessmentId, String)>,
}

impl HomeView {
    /// A home screen showing `listings`.
    pub fn new(listings: Vec<AssessmentListing>) -> Self {
        Self {
            listings,
            ..Self::default()
        }
    }

    /// Draws the screen, pushing what the user asks for onto `commands`.
    pub fn ui(&mut self, ui: &mut egui::Ui, catalogue: &Catalogue, commands: &mut Vec<Command>) {
        if self.listings.is_empty() {
            self.welcome_ui(ui, catalogue, commands);
        } else {
            // Wraps in a narrow window rather than run off its edge.
            ui.horizontal_wrapped(|ui| {
                ui.heading("Assessments");
                ui.add_space(16.0);
                self.new_assessment_button(ui, catalogue);
                for command in [
                    Command::OpenExample,
                    Command::OpenChallengedExample,
                    Command::OpenYearOnExample,
                    Command::OpenImport,
                    Command::OpenFrameworks,
                    Command::OpenBackups,
                    Command::Help,
                ] {
                    command_button(ui, command, commands);
                }
            });
            ui.add_space(8.0);
            self.table_ui(ui, catalogue, commands);
        }
        self.dialogs_ui(ui.ctx(), commands);
    }

    /// The first screen, before there is anything to list: what the app
    /// is for in a sentence, and the three ways in.
    fn welcome_ui(&mut self, ui: &mut egui::Ui, catalogue: &Catalogue, commands: &mut Vec<Command>) {
        ui.heading("Critical Friend");
        ui.label(
            "A council's self-assessment of how it uses its resources in adult social care, the peer team's \
             challenge of it, the report and the action plan that follows — kept on this computer, with no network.",
        );
        ui.add_space(8.0);
        ui.label("No assessments yet. There are three ways in:");
        ui.add_space(4.0);
        let way_in = |ui: &mut egui::Ui, heading: &str, says: &str| {
            ui.add_space(6.0);
            ui.strong(heading);
            ui.label(says);
        };
        way_in(
            ui,
            "Start a self-assessment",
            "For a council's team: score each item of the Use of Resources framework (or CQC's, or one you add) \
             and write the basis for each score. Everything is saved as you type.",
        );
        self.new_assessment_button(ui, catalogue);
        way_in(
            ui,
            "Open an example",
            "A fictional council's completed self-assessment; the same council after its peer challenge, with \
             the peer team's scores and findings; or a year on, with its action plan and progress review.",
        );
        ui.horizontal_wrapped(|ui| {
            for command in [
                Command::OpenExample,
                Command::OpenChallengedExample,
                Command::OpenYearOnExample,
            ] {
                command_button(ui, command, commands);
            }
        });
        way_in(
            ui,
            "Bring in a file",
            "From the council or the peer team: an exchange file (.cfriend), a workbook exported by Critical \
             Friend, or a bundle of evidence.",
        );
        command_button(ui, Command::OpenImport, commands);
        ui.add_space(16.0);
        ui.horizontal_wrapped(|ui| {
            for command in [Command::OpenFrameworks, Command::OpenBackups, Command::Help] {
                command_button(ui, command, commands);
            }
        });
    }

    /// "New assessment", which opens the details dialog.
    fn new_assessment_button(&mut self, ui: &mut egui::Ui, catalogue: &Catalogue) {
        if ui
            .button("New assessment")
            .on_hover_text("Start an empty self-assessment")
            .clicked()
        {
            self.dialog = Some(Box::new(DetailsDialog::new_assessment(
                FrameworkChoice::all(catalogue),
                catalogue.default_framework().reference(),
            )));
        }
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, catalogue: &Catalogue, commands: &mut Vec<Command>) {
        let row_height = ui.spacing().interact_size.y + 6.0;
        TableBuilder::new(ui)
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::auto().at_least(160.0).clip(true))
            .column(Column::remainder().at_least(160.0).clip(true))
            .column(Column::auto().at_least(60.0))
            .column(Column::auto().at_least(90.0))
            .column(Column::auto().at_least(110.0))
            .column(Column::auto().at_least(110.0))
            .column(Column::auto())
            .header(22.0, |mut header| {
                for title in [
                    "Organisation",
                    "Title",
                    "Period",
                    "Status",
                    "Progress",
                    "Last edited",
                    "Actions",
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|mut body| {
                for listing in &self.listings {
                    let framework = catalogue.find(&listing.framework);
                    let item_count = framework.map_or(0, crate::domain::Framework::item_count);
                    let framework_name =
                        framework.map_or_else(|| listing.framework.to_string(), |f| f.short_title.clone());
                    let which = format!("{}, {}", describe(&listing.details), listing.status.label());
                    body.row(row_height, |mut row| {
                        row.col(|ui| {
                            ui.label(&listing.details.organisation);
                        });
                        row.col(|ui| {
                            // Which framework it answers, beside its title.
                            ui.add(egui::Label::new(&listing.details.title).truncate());
                            ui.add(
                                egui::Label::new(egui::RichText::new(format!("· {framework_name}")).weak()).truncate(),
                            );
                        });
                        row.col(|ui| {
                            ui.label(&listing.details.period);
                        });
                        row.col(|ui| {
                            ui.label(listing.status.label());
                        });
                        row.col(|ui| {
                            #[allow(clippy::cast_precision_loss)]
                            let fraction = if item_count == 0 {
                                0.0
                            } else {
                                listing.scored as f32 / item_count as f32
                            };
                            let bar = ui.add(
                                egui::ProgressBar::new(fraction)
                                    .desired_width(110.0)
                                    .text(format!("{} of {item_count}", listing.scored)),
                            );
                            let scored = format!("{} of {item_count} scored in {which}", listing.scored);
                            crate::ui::name_field(ui, &bar, &scored);
                        });
                        row.col(|ui| {
                            ui.label(format_local_time(listing.updated_at));
                        });
                        row.col(|ui| {
                            // Each button's name says which assessment, for
                            // a screen reader that reads it out of its row.
                            let open = Command::Open(listing.id);
                            if named(ui.button(open.label()), &format!("Open {which}")).clicked() {
                                commands.push(open);
                            }
                            if named(ui.button("Edit details"), &format!("Edit the details of {which}")).clicked() {
                                self.dialog = Some(Box::new(DetailsDialog::new(
                                    DetailsPurpose::Edit(listing.id),
                                    listing.details.clone(),
                                )));
                            }
                            let duplicate = format!("Duplicate {which}: start next year’s draft from it");
                            if named(ui.button("Duplicate"), &duplicate).clicked() {
                                let mut details = listing.details.clone();
                                details.title = format!("{} (copy)", details.title);
                                self.dialog = Some(Box::new(DetailsDialog::new(
                                    DetailsPurpose::Duplicate(listing.id),
                                    details,
                                )));
                            }
                            if named(ui.button("Delete"), &format!("Delete {which}")).clicked() {
                                self.confirm_delete = Some((listing.id, describe(&listing.details)));
                            }
                        });
                    });
                }
            });
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        commands.extend(dialog_ui(&mut self.dialog, ctx));
        if let Some((id, name)) = &self.confirm_delete {
            let mut close = false;
            let modal = egui::Modal::new(egui::Id::unique("confirm_delete")).show(ctx, |ui| {
                crate::ui::dialog::focus_first_when_opened(ui);
                ui.set_width(420.0);
                crate::ui::dialog::heading(ui, "Delete assessment?");
                ui.label(format!(
                    "Delete “{name}”? Its scores, basis and notes are removed from this database. This cannot be undone."
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    // The safe choice first: it is where the keyboard starts.
                    if ui.button("Keep it").clicked() {
                        close = true;
                    }
                    if ui.button("Delete permanently").clicked() {
                        commands.push(Command::Delete(*id));
                        close = true;
                    }
                });
            });
            if close || modal.should_close() {
                self.confirm_delete = None;
            }
        }
    }
}

/// "Organisation — Title (period)".
pub fn describe(details: &AssessmentDetails) -> String {
    if details.period.is_empty() {
        format!("{} — {}", details.organisation, details.title)
    } else {
        format!("{} — {} ({})", details.organisation, details.title, details.period)
    }
}

/// A button that runs `command`, with its label and hover text.
fn command_button(ui: &mut egui::Ui, command: Command, commands: &mut Vec<Command>) {
    if ui.button(command.label()).on_hover_text(command.tooltip()).clicked() {
        commands.push(command);
    }
}
