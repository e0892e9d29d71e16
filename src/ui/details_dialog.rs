//! The modal form for an assessment's organisation, title, period and lead,
//! used to create, edit and duplicate assessments.

use crate::domain::{AssessmentDetails, AssessmentId, Catalogue, FrameworkRef};

use super::{
    Command,
    dialog::{Dialog, Outcome},
    labelled_line_ui,
};

/// What the dialog is for.
#[derive(Clone, Debug, PartialEq)]
pub enum DetailsPurpose {
    /// A new, empty assessment.
    New,
    /// Changing an existing assessment's details.
    Edit(AssessmentId),
    /// A new draft copied from an existing assessment.
    Duplicate(AssessmentId),
}

/// A framework a new assessment can answer, as the dialog offers it.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameworkChoice {
    /// Which framework.
    pub reference: FrameworkRef,
    /// "Use of Resources, version 2016: 6 themes, 34 items, scored 0–3".
    pub label: String,
}

impl FrameworkChoice {
    /// Every framework the catalogue knows, newest version of each last.
    pub fn all(catalogue: &Catalogue) -> Vec<Self> {
        catalogue
            .all()
            .map(|framework| Self {
                reference: framework.reference(),
                label: format!(
                    "{}, version {}: {} themes, {} {}, scored {}",
                    framework.short_title,
                    framework.version,
                    framework.themes.len(),
                    framework.item_count(),
                    framework.labels.items.to_lowercase(),
                    framework.scale.span()
                ),
            })
            .collect()
    }
}

/// The open dialog's state.
#[derive(Clone, Debug)]
pub struct DetailsDialog {
    purpose: DetailsPurpose,
    details: AssessmentDetails,
    error: Option<String>,
    /// For a new assessment: the frameworks to choose from, and the choice.
    frameworks: Vec<FrameworkChoice>,
    framework: Option<FrameworkRef>,
}

impl DetailsDialog {
    /// A dialog for `purpose`, prefilled with `details`.
    pub fn new(purpose: DetailsPurpose, details: AssessmentDetails) -> Self {
        Self {
            purpose,
            details,
            error: None,
            frameworks: Vec::new(),
            framework: None,
        }
    }

    /// The dialog for a new assessment, offering `frameworks` with `default` chosen.
    pub fn new_assessment(frameworks: Vec<FrameworkChoice>, default: FrameworkRef) -> Self {
        Self {
            frameworks,
            framework: Some(default),
            ..Self::new(DetailsPurpose::New, AssessmentDetails::default())
        }
    }

    fn heading(&self) -> &'static str {
        match self.purpose {
            DetailsPurpose::New => "New assessment",
            DetailsPurpose::Edit(_) => "Edit details",
            DetailsPurpose::Duplicate(_) => "Duplicate assessment",
        }
    }

    fn command(&self, details: AssessmentDetails) -> Command {
        match self.purpose {
            DetailsPurpose::New => Command::CreateAssessment(details, self.framework.clone()),
            DetailsPurpose::Edit(id) => Command::EditDetails(id, details),
            DetailsPurpose::Duplicate(id) => Command::Duplicate(id, details),
        }
    }
}

impl Dialog for DetailsDialog {
    fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::open();
        let modal = egui::Modal::new(egui::Id::unique("details_dialog")).show(ctx, |ui| {
            crate::ui::dialog::focus_first_when_opened(ui);
            ui.set_width(420.0);
            crate::ui::dialog::heading(ui, self.heading());
            if matches!(self.purpose, DetailsPurpose::Duplicate(_)) {
                ui.label("The new draft starts with a copy of every score, basis and note.");
            }
            ui.add_space(8.0);
            labelled_line_ui(
                ui,
                "Organisation",
                &mut self.details.organisation,
                "e.g. Example Borough Council",
            );
            labelled_line_ui(
                ui,
                "Title",
                &mut self.details.title,
                "e.g. Use of Resources self-assessment",
            );
            labelled_line_ui(ui, "Period", &mut self.details.period, "e.g. 2016/17");
            labelled_line_ui(
                ui,
                "Lead",
                &mut self.details.lead,
                "e.g. Director of Adult Social Services",
            );
            if !self.frameworks.is_empty() {
                ui.add_space(4.0);
                ui.strong("Framework");
                for choice in &self.frameworks {
                    let selected = self.framework.as_ref() == Some(&choice.reference);
                    if ui.radio(selected, &choice.label).clicked() {
                        self.framework = Some(choice.reference.clone());
                    }
                }
            }
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, format!("Cannot save: {error}"));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let submit = self.command(AssessmentDetails::default());
                if ui.button(submit.label()).on_hover_text(submit.tooltip()).clicked() {
                    match self.details.clone().validated() {
                        Ok(details) => outcome = Outcome::done(self.command(details)),
                        Err(error) => self.error = Some(error.to_string()),
                    }
                }
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::closed();
                }
            });
        });
        if modal.should_close() && outcome.keep_open {
            outcome = Outcome::closed();
        }
        outcome
    }
}
