//! The peer challenge report as the team writes it: the executive summary,
//! the background (the paragraphs the report writes itself, the counts
//! behind them, and the team's own paragraphs), the key messages, every
//! section in the team's order — the framework's themes and the sections it
//! adds — each with its bullet lists, strengths, areas for consideration and
//! paragraphs, and the contact details. Written in the Peer role; the
//! council reads it. It draws and reports changes; it never writes.

use std::collections::HashMap;

use crate::domain::{
    Assessment, Facts, Framework, ListKind, ListOp, Place, ReportOp, SectionRef,
    background_wording::Lead,
    peer_report::{number_in_words, visit_in_words},
};

use super::{
    lists::{ListsState, Shown, Style, list_ui},
    reorder::Reorder,
};

/// A change the report view asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum ReportChange {
    /// To one of the lists.
    List(ListOp),
    /// To the report's own fields.
    Report(ReportOp),
}

/// What is being typed in the report view.
#[derive(Default)]
pub struct ReportState {
    lists: ListsState,
    /// Text typed into the summary or contact box and not yet seen saved:
    /// kept in the box, whatever happens to the save.
    texts: HashMap<&'static str, String>,
    facts: Option<[String; 4]>,
    new_section: String,
    reorder: Reorder,
    /// A section's title being typed, until its box is left.
    titles: HashMap<SectionRef, String>,
    /// A lead of the background being reworded, until its box is left.
    leads: HashMap<Lead, String>,
    /// What a Final report leaves out, worked out once for the report's
    /// status and the assessment as it was last saved (building the
    /// report's sections every frame would be wasted).
    left_out: Option<(LeftOutKey, Option<String>)>,
}

/// What the left-out note was worked out for: whether the report was
/// Final, and when the assessment was last changed. (The time alone is
/// not enough: a change made in the same instant, or stamped by a clock
/// behind the last one, leaves it as it was.)
type LeftOutKey = (bool, time::OffsetDateTime);

/// Draws the report; returns the changes the user asked for. `may_issue`
/// says whether the user may issue the report as Final or set it back.
pub fn report_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    (locked_because, may_issue): (Option<&str>, bool),
    state: &mut ReportState,
) -> Vec<ReportChange> {
    let mut ops = Vec::new();
    let mut changes = Vec::new();
    ui.heading("Peer challenge report");
    let editable = locked_because.is_none();
    if let Some(reason) = locked_because {
        ui.label(egui::RichText::new(format!("Read-only: {reason}")).italics());
    }
    ui.label(
        egui::RichText::new(
            "The report the peer team publishes, numbered through from the background to the last section. \
             Export… → Peer challenge report prints it as PDF or Word.",
        )
        .weak(),
    );
    issue_ui(
        ui,
        (framework, assessment),
        may_issue,
        &mut state.left_out,
        &mut changes,
    );
    ui.add_space(6.0);
    text_ui(
        ui,
        "Executive summary",
        "summary",
        &assessment.report.summary,
        editable,
        state,
        &mut changes,
    );
    background_ui(ui, framework, assessment, editable, state, &mut ops, &mut changes);
    egui::CollapsingHeader::new("Key messages")
        .default_open(true)
        .show(ui, |ui| {
            let lists = &mut state.lists;
            let messages = Shown {
                list: ListKind::KeyMessages,
                title: "Key messages",
                style: Style::Bullets,
            };
            list_ui(ui, assessment, &messages, editable, lists, &mut ops);
            let paragraphs = Shown {
                list: ListKind::Paragraphs(Place::KeyMessages),
                title: "Key messages paragraphs",
                style: Style::Numbered,
            };
            list_ui(ui, assessment, &paragraphs, editable, lists, &mut ops);
        });
    sections_ui(ui, framework, assessment, editable, state, &mut ops, &mut changes);
    text_ui(
        ui,
        "Contact details",
        "contact",
        &assessment.report.contact,
        editable,
        state,
        &mut changes,
    );
    changes.extend(ops.into_iter().map(ReportChange::List));
    changes
}

/// The report's own status, Draft or Final, which the peer team sets: a
/// Final report takes no change, and leaves out what has nothing written.
fn issue_ui(
    ui: &mut egui::Ui,
    (framework, assessment): (&Framework, &Assessment),
    may_issue: bool,
    left_out: &mut Option<(LeftOutKey, Option<String>)>,
    changes: &mut Vec<ReportChange>,
) {
    ui.horizontal_wrapped(|ui| {
        let status = if assessment.report_is_final() { "Final" } else { "Draft" };
        ui.strong(format!("Report status: {status}"));
        if !may_issue {
            return;
        }
        let (label, hover, issue) = if assessment.report.issued {
            (
                "Set the report back to Draft",
                "So the peer team can change it again",
                false,
            )
        } else {
            (
                "Issue the report as Final",
                "The report then takes no change until the peer team sets it back to Draft",
                true,
            )
        };
        if ui.button(label).on_hover_text(hover).clicked() {
            changes.push(ReportChange::Report(ReportOp::Issue(issue)));
        }
    });
    let key = (assessment.report_is_final(), assessment.updated_at);
    if left_out
        .as_ref()
        .is_none_or(|(worked_out_for, _)| *worked_out_for != key)
    {
        let options = crate::packs::PackOptions::of(crate::packs::PackKind::Report, crate::text::today());
        *left_out = Some((key, crate::packs::left_out_note(framework, assessment, &options)));
    }
    if let Some((_, Some(note))) = left_out {
        ui.label(egui::RichText::new(note.as_str()).weak());
    }
}

/// A multi-line text of the report's own: saved as it is typed.
fn text_ui(
    ui: &mut egui::Ui,
    title: &'static str,
    key: &'static str,
    stored: &str,
    editable: bool,
    state: &mut ReportState,
    changes: &mut Vec<ReportChange>,
) {
    egui::CollapsingHeader::new(title).default_open(true).show(ui, |ui| {
        // What is shown is what was typed until the database holds it.
        if state.texts.get(key).is_some_and(|typed| typed == stored) {
            state.texts.remove(key);
        }
        let mut text = state.texts.get(key).cloned().unwrap_or_else(|| stored.to_owned());
        let label = ui.label(format!("{title} (paragraphs separated by a blank line)"));
        let mut read_only: &str = text.as_str();
        let response = if editable {
            ui.add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(6)
                    .desired_width(f32::INFINITY),
            )
        } else {
            ui.add(
                egui::TextEdit::multiline(&mut read_only)
                    .desired_rows(6)
                    .desired_width(f32::INFINITY),
            )
        }
        .labelled_by(label.id);
        if response.changed() {
            state.texts.insert(key, text.clone());
            let op = if key == "summary" {
                ReportOp::Summary(text)
            } else {
                ReportOp::Contact(text)
            };
            changes.push(ReportChange::Report(op));
        } else if state.texts.contains_key(key)
            && ui.button(format!("Save the {} again", title.to_lowercase())).clicked()
        {
            let typed = state.texts.get(key).cloned().unwrap_or_default();
            let op = if key == "summary" {
                ReportOp::Summary(typed)
            } else {
                ReportOp::Contact(typed)
            };
            changes.push(ReportChange::Report(op));
        }
    });
}

fn background_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    editable: bool,
    state: &mut ReportState,
    ops: &mut Vec<ListOp>,
    changes: &mut Vec<ReportChange>,
) {
    egui::CollapsingHeader::new("Background")
        .default_open(true)
        .show(ui, |ui| {
            ui.label(
                "The background opens with paragraphs the report writes itself: the scope questions, the peer team, \
             the days on site and what the team counted. Each is a starting text the team may reword.",
            );
            let visit = visit_in_words(&assessment.visit);
            ui.label(
                egui::RichText::new(format!(
                    "Scope questions: {} · team members: {} · on site: {}",
                    number_in_words(u32::try_from(assessment.scope.len()).unwrap_or(u32::MAX)),
                    number_in_words(u32::try_from(assessment.team.len()).unwrap_or(u32::MAX)),
                    if visit.is_empty() {
                        "not yet set"
                    } else {
                        visit.as_str()
                    }
                ))
                .weak(),
            );
            facts_ui(ui, assessment, editable, state, changes);
            leads_ui(ui, framework, assessment, editable, &mut state.leads, changes);
            let paragraphs = Shown {
                list: ListKind::Paragraphs(Place::Background),
                title: "Background paragraphs",
                style: Style::Numbered,
            };
            list_ui(ui, assessment, &paragraphs, editable, &mut state.lists, ops);
        });
}

/// The background's opening paragraphs as the report words them, each a
/// box the team may reword (saved when it is left; emptied, the written
/// wording comes back).
fn leads_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    editable: bool,
    drafts: &mut HashMap<Lead, String>,
    changes: &mut Vec<ReportChange>,
) {
    for (lead, written) in assessment.written_leads(framework) {
        let worded = assessment.report.wording.0.get(&lead).unwrap_or(&written);
        let reworded = if assessment.report.wording.0.contains_key(&lead) {
            "the team's words"
        } else {
            "as the report writes it; reword it here"
        };
        ui.label(egui::RichText::new(format!("{} ({reworded})", lead.label())).weak());
        let text = drafts.entry(lead).or_insert_with(|| worded.clone());
        let mut shown: &str = worded;
        let field = if editable {
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
        } else {
            ui.add(
                egui::TextEdit::multiline(&mut shown)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
        };
        crate::ui::name_field(ui, &field, lead.label());
        if field.lost_focus() {
            if text.trim() != worded {
                let wording = assessment.report.wording.with(lead, text, &written);
                changes.push(ReportChange::Report(ReportOp::Wording(wording)));
            }
            drafts.remove(&lead);
        } else if !field.has_focus() {
            drafts.remove(&lead);
        }
    }
}

/// The four counts, each a box that takes a whole number or nothing.
fn facts_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    editable: bool,
    state: &mut ReportState,
    changes: &mut Vec<ReportChange>,
) {
    let stored = assessment.report.facts;
    let as_text = |count: Option<u32>| count.map(|n| n.to_string()).unwrap_or_default();
    let texts = state
        .facts
        .get_or_insert_with(|| [stored.documents, stored.meetings, stored.people, stored.hours].map(as_text));
    let mut edited = false;
    ui.horizontal_wrapped(|ui| {
        for (text, name) in texts
            .iter_mut()
            .zip(["Documents considered", "Meetings", "People met", "Hours spent"])
        {
            let label = ui.label(name);
            edited |= ui
                .add_enabled(editable, egui::TextEdit::singleline(text).desired_width(56.0))
                .labelled_by(label.id)
                .changed();
        }
    });
    let parse = |text: &str| -> Result<Option<u32>, ()> {
        let text = text.trim();
        if text.is_empty() {
            Ok(None)
        } else {
            text.parse().map(Some).map_err(|_| ())
        }
    };
    let parsed: Result<Vec<Option<u32>>, ()> = texts.iter().map(|text| parse(text)).collect();
    match parsed {
        Ok(counts) => {
            let facts = Facts {
                documents: counts[0],
                meetings: counts[1],
                people: counts[2],
                hours: counts[3],
            };
            if edited && facts != stored {
                changes.push(ReportChange::Report(ReportOp::Facts(facts)));
            }
            if let Some(sentence) = facts.sentence(&assessment.details.organisation) {
                ui.label(egui::RichText::new(sentence).italics());
            }
        }
        Err(()) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "Each count is a whole number, or left empty.",
            );
        }
    }
}

fn sections_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    editable: bool,
    state: &mut ReportState,
    ops: &mut Vec<ListOp>,
    changes: &mut Vec<ReportChange>,
) {
    let sections = assessment.report_sections(framework);
    let order: Vec<SectionRef> = sections.iter().map(|view| view.section).collect();
    ui.add_space(6.0);
    ui.strong("Sections, in the report's order");
    for (index, view) in sections.iter().enumerate() {
        let kind = match view.section {
            SectionRef::Theme(number) if view.left_out => format!("theme {number}, left out of the report"),
            SectionRef::Theme(number) => format!("theme {number}"),
            SectionRef::Added(_) => "added".to_owned(),
        };
        let title = format!("{}. {} ({kind})", index + 1, view.title);
        // The buttons come first, so they keep their places whatever the
        // length of the title beside them.
        ui.horizontal_wrapped(|ui| {
            if editable {
                let moved = |to: usize| {
                    let mut order = order.clone();
                    let section = order.remove(index);
                    order.insert(to, section);
                    ReportChange::Report(ReportOp::Order(order))
                };
                let name = |way: &str| format!("Move {} one place {way}", view.title);
                let key = (view.section, true);
                if state.reorder.button(ui, key, index > 0, "Earlier", &name("earlier")) {
                    changes.push(moved(index - 1));
                }
                let key = (view.section, false);
                if state
                    .reorder
                    .button(ui, key, index + 1 < sections.len(), "Later", &name("later"))
                {
                    changes.push(moved(index + 1));
                }
            }
            ui.label(egui::RichText::new(&title).strong());
            if editable
                && let SectionRef::Added(id) = view.section
                && crate::ui::named(
                    ui.button("Remove section"),
                    &format!("Remove the section {}", view.title),
                )
                .on_hover_text("Only a section that holds nothing can be removed")
                .clicked()
            {
                ops.push(ListOp::Remove { id });
            }
        });
        egui::CollapsingHeader::new(format!("Contents of {}", view.title))
            .id_salt(("section", view.section))
            .show(ui, |ui| {
                if editable {
                    match section_title_ui(ui, framework, assessment, view, &mut state.titles) {
                        Some(ReportChange::List(op)) => ops.push(op),
                        Some(change) => changes.push(change),
                        None => {}
                    }
                }
                let name = &view.title;
                let lists = [
                    (
                        ListKind::Bullets(view.section),
                        format!("Bullet lists, {name}"),
                        Style::Headed,
                    ),
                    (
                        ListKind::Strengths(view.section),
                        format!("Strengths, {name}"),
                        Style::Bullets,
                    ),
                    (
                        ListKind::Areas(view.section),
                        format!("Areas for consideration, {name}"),
                        Style::Bullets,
                    ),
                    (
                        ListKind::Paragraphs(Place::Section(view.section)),
                        format!("Paragraphs, {name}"),
                        Style::Numbered,
                    ),
                ];
                for (list, title, style) in lists {
                    let shown = Shown {
                        list,
                        title: &title,
                        style,
                    };
                    list_ui(ui, assessment, &shown, editable, &mut state.lists, ops);
                }
            });
    }
    if editable {
        new_section_ui(ui, state, ops);
    }
    ui.add_space(6.0);
}

/// A section's title in the report, saved when its box is left, and — for
/// a theme — whether the report leaves it out. An added section's title is
/// its entry's text; a theme's is the report's name for it.
fn section_title_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    view: &crate::domain::peer_report::SectionView,
    drafts: &mut HashMap<SectionRef, String>,
) -> Option<ReportChange> {
    let mut change = None;
    ui.horizontal_wrapped(|ui| {
        let name = format!("Title of {} in the report", view.title);
        ui.label("Title in the report");
        let text = drafts.entry(view.section).or_insert_with(|| view.title.clone());
        let field = ui.add(egui::TextEdit::singleline(text).desired_width(320.0));
        crate::ui::name_field(ui, &field, &name);
        if field.lost_focus() {
            let typed = text.trim().to_owned();
            if typed != view.title {
                change = Some(match view.section {
                    SectionRef::Added(id) => ReportChange::List(ListOp::Edit { id, text: typed }),
                    SectionRef::Theme(number) => {
                        let own = framework.theme(number).map(|t| t.title.as_str()).unwrap_or_default();
                        ReportChange::Report(ReportOp::Names(assessment.report.names.titled(number, &typed, own)))
                    }
                });
            }
            drafts.remove(&view.section);
        } else if !field.has_focus() {
            drafts.remove(&view.section);
        }
        if let SectionRef::Theme(number) = view.section {
            let mut out = view.left_out;
            let label = format!("Leave theme {number} out of the report");
            if ui
                .checkbox(&mut out, label)
                .on_hover_text("For a theme the team did not look at; it must hold nothing")
                .changed()
            {
                change = Some(ReportChange::Report(ReportOp::Names(
                    assessment.report.names.leaving_out(number, out),
                )));
            }
        }
    });
    change
}

/// The title box and "Add section".
fn new_section_ui(ui: &mut egui::Ui, state: &mut ReportState, ops: &mut Vec<ListOp>) {
    ui.add_space(4.0);
    let label = ui.label("New section title");
    ui.horizontal(|ui| {
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.new_section)
                    .desired_width(320.0)
                    .hint_text("e.g. Vision, Strategy & Leadership"),
            )
            .labelled_by(label.id);
        let entered = crate::ui::input::entered(ui, &field);
        let title = state.new_section.trim().to_owned();
        if ui
            .add_enabled(!title.is_empty(), egui::Button::new("Add section"))
            .clicked()
            || (entered && !title.is_empty())
        {
            ops.push(ListOp::Add {
                list: ListKind::Sections,
                text: title,
            });
            state.new_section.clear();
        }
    });
}
