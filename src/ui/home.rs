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
    format_local_time,
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
        // Wraps in a narrow window rather than run off its edge.
        ui.horizontal_wrapped(|ui| {
            ui.heading("Assessments");
            ui.add_space(16.0);
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
            for example in [Command::OpenExample, Command::OpenChallengedExample] {
                if ui.button(example.label()).on_hover_text(example.tooltip()).clicked() {
                    commands.push(example);
                }
            }
            for command in [
                Command::OpenImport,
                Command::OpenFrameworks,
                Command::OpenBackups,
                Command::Help,
            ] {
                if ui.button(command.label()).on_hover_text(command.tooltip()).clicked() {
                    commands.push(command);
                }
            }
        });
        ui.add_space(8.0);
        if self.listings.is_empty() {
            ui.label(
                "No assessments yet. Start a new self-assessment — against the ADASS/TEASC Use of Resources \
                 framework, CQC's local authority assessment framework, or one you add — or open the completed \
                 example to see how one looks.",
            );
        } else {
            self.table_ui(ui, catalogue, commands);
        }
        self.dialogs_ui(ui.ctx(), commands);
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
                            ui.add(
                                egui::ProgressBar::new(fraction)
                                    .desired_width(110.0)
                                    .text(format!("{} of {item_count}", listing.scored)),
                            );
                        });
                        row.col(|ui| {
                            ui.label(format_local_time(listing.updated_at));
                        });
                        row.col(|ui| {
                            let open = Command::Open(listing.id);
                            if ui.button(open.label()).on_hover_text(open.tooltip()).clicked() {
                                commands.push(open);
                            }
                            if ui.button("Edit details").clicked() {
                                self.dialog = Some(Box::new(DetailsDialog::new(
                                    DetailsPurpose::Edit(listing.id),
                                    listing.details.clone(),
                                )));
                            }
                            if ui
                                .button("Duplicate")
                                .on_hover_text("Start next year’s draft from this one")
                                .clicked()
                            {
                                let mut details = listing.details.clone();
                                details.title = format!("{} (copy)", details.title);
                                self.dialog = Some(Box::new(DetailsDialog::new(
                                    DetailsPurpose::Duplicate(listing.id),
                                    details,
                                )));
                            }
                            if ui.button("Delete").clicked() {
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
                ui.set_width(420.0);
                ui.heading("Delete assessment?");
                ui.label(format!(
                    "Delete “{name}”? Its scores, basis and notes are removed from this database. This cannot be undone."
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Delete permanently").clicked() {
                        commands.push(Command::Delete(*id));
                        close = true;
                    }
                    if ui.button("Keep it").clicked() {
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
