//! The workspace: one assessment open for scoring. The left panel lists
//! themes and items; the centre shows one item or the overview. Every change
//! becomes an [`Edit`], applied to the in-memory assessment, recorded for
//! undo and queued for saving by the app.

mod challenge;
mod compare;
mod evidence;
mod history;
mod item;
mod lists;
mod measures;
mod navigator;
mod overview;
mod plan;
mod plan_measure;
mod progress;
mod reorder;
mod report;
mod requests;
mod roster;
pub mod save_queue;
mod top_bar;
mod years;

use egui::{Key, Modifiers};
use time::OffsetDateTime;

use crate::domain::{
    AnswerField, AnswerValue, Assessment, Author, Change, Edit, Framework, ItemId, Role, Status, UndoHistory,
    change::{DocumentPart, EntryField, EntryKind, RequestPart, Subject},
    merge::MergeReport,
    rules,
};

use self::save_queue::SaveQueue;
use super::{Command, export_dialog::ExportDialog, home::describe};

/// What the centre of the workspace shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    /// Progress and scores across all themes.
    Overview,
    /// Self and peer scores side by side.
    Compare,
    /// The peer team's key messages, strengths and areas for consideration.
    Report,
    /// The peer team, the days on site and the scope questions.
    Challenge,
    /// Every recorded change and merge.
    History,
    /// The council's action plan.
    Plan,
    /// A progress review beside its baseline.
    Progress,
    /// This assessment beside the council's others.
    Years,
    /// The register of documents and the requests.
    Evidence,
    /// The national outcome measures and where the council stands.
    Measures,
    /// One item, by its position in framework order.
    Item(usize),
}

/// An assessment open for editing.
pub struct WorkspaceView {
    /// The assessment as the user sees it, including unsaved edits.
    pub assessment: Assessment,
    framework: Framework,
    selection: Selection,
    /// Enter was pressed in the item view: its first text box takes the keyboard.
    start_writing: bool,
    /// The theme the Measures view shows, or every theme.
    measures_theme: Option<u8>,
    /// The settings being typed in the Measures view, each with its value
    /// as recorded when the typing began.
    setting_drafts: std::collections::BTreeMap<crate::domain::settings::Setting, (String, String)>,
    /// The year typed in the Measures view for the next national file.
    pub ascof_period: String,
    /// Undo and redo, one history per person and role: undo never reaches
    /// back into changes somebody else, or you in another role, made.
    undos: std::collections::HashMap<(Role, String), UndoHistory>,
    /// Edits waiting to be written.
    pub saves: SaveQueue,
    /// The export dialog, while open.
    pub export: Option<ExportDialog>,
    /// Who edits are attributed to (kept in step by the app).
    pub author: Author,
    /// The history shown under an item, once asked for.
    pub history: Option<(ItemId, Vec<Change>)>,
    /// Why the last edit was refused, shown until the next one.
    refusal: Option<String>,
    compare: compare::CompareOptions,
    report: report::ReportState,
    /// Drafts in the peer challenge view.
    pub challenge: challenge::ChallengeState,
    plan: plan::PlanState,
    /// For a progress review, the assessment it reviews (loaded by the app).
    pub baseline: Option<Assessment>,
    /// The council's other assessments of this framework (loaded by the app).
    pub others: Vec<Assessment>,
    /// Which of them the Year on year view sets beside this one.
    pub years: std::collections::BTreeSet<crate::domain::AssessmentId>,
    /// Drafts in the evidence, and the file chosen to attach.
    pub evidence: evidence::EvidenceState,
    /// Where the council stands on the measures, for the items they evidence.
    pub measures: Vec<crate::service::MeasureStanding>,
    /// The whole assessment's history and merge reports, once loaded.
    pub assessment_history: Option<(Vec<Change>, Vec<MergeReport>)>,
    /// What to show next, applied once the frame is drawn, so a keystroke
    /// followed at once by a click still reaches the text box it was for.
    pending: Option<Selection>,
    /// A text box had the pointer or focus last frame: single-key
    /// shortcuts stay off, whether the box is editable or not.
    text_box_active: bool,
}

/// The command an evidence change asks for.
fn evidence_command(change: evidence::EvidenceChange) -> Command {
    match change {
        evidence::EvidenceChange::Document(op) => Command::ChangeDocument(op),
        evidence::EvidenceChange::Add {
            title,
            particulars,
            items,
            file,
        } => Command::AddDocument {
            title,
            particulars,
            items,
            file,
        },
        evidence::EvidenceChange::Request(op) => Command::ChangeRequest(op),
        evidence::EvidenceChange::Open(file) => Command::OpenAttachment(file),
        evidence::EvidenceChange::ChooseFile(document) => Command::ChooseAttachment(document),
        evidence::EvidenceChange::ChooseBundle => Command::ChooseBundle,
    }
}

impl WorkspaceView {
    /// The Measures view, and the comparator group the council names there.
    fn measures_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let (assessment, role) = (&self.assessment, self.author.role);
        let may_set = |setting| {
            let subject = crate::domain::Subject::Assessment(crate::domain::change::AssessmentField::Setting(setting));
            crate::domain::rules::may_change(assessment, role, &subject).is_ok()
        };
        commands.extend(measures::measures_view_ui(
            ui,
            &self.framework,
            (&self.measures, (&self.assessment.settings, &may_set)),
            (
                &mut self.measures_theme,
                &mut self.setting_drafts,
                &mut self.ascof_period,
            ),
        ));
    }
}

impl WorkspaceView {
    /// Opens `assessment` at its first item.
    pub fn new(assessment: Assessment, framework: Framework, author: Author) -> Self {
        Self {
            assessment,
            framework,
            selection: Selection::Item(0),
            undos: std::collections::HashMap::new(),
            saves: SaveQueue::default(),
            export: None,
            author,
            history: None,
            refusal: None,
            compare: compare::CompareOptions::default(),
            report: report::ReportState::default(),
            challenge: challenge::ChallengeState::default(),
            plan: plan::PlanState::default(),
            baseline: None,
            others: Vec::new(),
            years: std::collections::BTreeSet::new(),
            evidence: evidence::EvidenceState::default(),
            measures: Vec::new(),
            assessment_history: None,
            pending: None,
            text_box_active: false,
            start_writing: false,
            measures_theme: None,
            setting_drafts: std::collections::BTreeMap::new(),
            ascof_period: String::new(),
        }
    }
    /// Replaces the assessment with a fresh copy from the database (after a
    /// status change), keeping the place.
    pub fn reload(&mut self, assessment: Assessment) {
        self.assessment = assessment;
        self.undos.clear();
        self.history = None;
        self.assessment_history = None;
        self.refusal = None;
        self.challenge.refresh();
    }
    /// Shows the assessment as the database now holds it, after another
    /// window or process changed it, keeping the place and every edit
    /// still waiting to be saved here.
    pub fn refresh(&mut self, fresh: Assessment) {
        let before = std::mem::replace(&mut self.assessment, fresh);
        let queued = self.saves.queued().to_vec();
        for edit in &queued {
            self.show_unsaved(edit);
        }
        self.history = None;
        self.challenge.rebase(&before);
    }
    /// Shows `edit` in this window without saving it.
    pub fn show_unsaved(&mut self, edit: &Edit) {
        self.assessment.apply(edit, OffsetDateTime::now_utc());
    }
    fn access_for(&self, field: AnswerField) -> Option<String> {
        rules::may_answer(&self.assessment, self.author.role, field)
            .err()
            .map(|reason| reason.to_string())
    }
    /// Why the current role may not change `subject` now (`None`: it may).
    fn may(&self, subject: &Subject) -> Option<String> {
        rules::may_change(&self.assessment, self.author.role, subject)
            .err()
            .map(|reason| reason.to_string())
    }
    /// The framework the assessment answers.
    pub fn framework(&self) -> &Framework {
        &self.framework
    }
    /// What the centre shows.
    pub fn selection(&self) -> Selection {
        self.selection
    }
    /// Shows something else once this frame is drawn, flushing pending
    /// saves first.
    pub fn select(&mut self, selection: Selection) {
        self.pending = Some(selection);
    }
    fn apply_selection(&mut self, selection: Selection) {
        if selection != self.selection {
            self.undo_mut().seal();
            self.saves.flush_soon();
            self.selection = selection;
            self.refusal = None;
        }
    }
    /// Applies a user's edit: in memory, to the undo history, and to the
    /// save queue — if the current role may make it.
    pub fn edit(&mut self, edit: Edit, now_seconds: f64) {
        if let Some(reason) = self.access_for(edit.value.field()) {
            self.refusal = Some(format!("Not changed: {reason}."));
            return;
        }
        self.refusal = None;
        if let Some(before) = self.assessment.apply(&edit, OffsetDateTime::now_utc()) {
            self.undo_mut().record(before.clone(), edit.clone());
            // Saved as made from what this window showed: if someone else
            // has changed it meanwhile, the save is a conflict.
            self.saves.push(edit.seen_as(before.value), now_seconds);
        }
    }
    /// The current person's undo history.
    fn undo_mut(&mut self) -> &mut UndoHistory {
        let key = (self.author.role, self.author.name.clone());
        self.undos.entry(key).or_default()
    }
    /// The current person's undo history, if they have changed anything.
    fn undo_history(&self) -> Option<&UndoHistory> {
        self.undos.get(&(self.author.role, self.author.name.clone()))
    }
    /// Undoes your latest change, showing the item it was made on; if it
    /// may no longer be undone, says why and keeps it.
    pub fn undo(&mut self, now_seconds: f64) {
        let Some(edit) = self.undo_history().and_then(UndoHistory::next_undo).cloned() else {
            return;
        };
        if self.replay(&edit, "undo", now_seconds) {
            self.undo_mut().undo();
        }
    }
    /// Redoes your latest undone change.
    pub fn redo(&mut self, now_seconds: f64) {
        let Some(edit) = self.undo_history().and_then(UndoHistory::next_redo).cloned() else {
            return;
        };
        if self.replay(&edit, "redo", now_seconds) {
            self.undo_mut().redo();
        }
    }
    /// Shows the item and applies `edit`; returns false, with the reason
    /// shown, when the role may not make it now.
    fn replay(&mut self, edit: &Edit, what: &str, now_seconds: f64) -> bool {
        if let Some(index) = self.framework.item_index(&edit.item) {
            self.select(Selection::Item(index));
        }
        if let Some(reason) = self.access_for(edit.value.field()) {
            self.refusal = Some(format!("Cannot {what} {}: {reason}.", edit.describe()));
            return false;
        }
        if let Some(before) = self.assessment.apply(edit, OffsetDateTime::now_utc()) {
            self.saves.push(edit.clone().seen_as(before.value), now_seconds);
            self.saves.flush_soon();
        }
        true
    }
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let now = ui.input(|i| i.time);
        self.keyboard(ui.ctx(), now, commands);
        egui::Panel::top("workspace_top").show(ui, |ui| self.top_bar_ui(ui, commands));
        egui::Panel::left("navigator")
            .resizable(true)
            .default_size(320.0)
            .size_range(egui::Rangef::new(220.0, 420.0))
            .show(ui, |ui| {
                if let Some(selection) = navigator::navigator_ui(ui, &self.framework, &self.assessment, self.selection)
                {
                    self.select(selection);
                }
            });
        self.text_box_active = false;
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(self.selection)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    match self.selection {
                        Selection::Overview => {
                            if let Some(selection) = overview::overview_ui(ui, &self.framework, &self.assessment) {
                                self.select(selection);
                            }
                        }
                        Selection::Compare => {
                            let picked = compare::compare_ui(ui, &self.framework, &self.assessment, &mut self.compare);
                            if let Some(selection) = picked {
                                self.select(selection);
                            }
                        }
                        Selection::Report => {
                            let locked = rules::may_write_report(&self.assessment, self.author.role)
                                .err()
                                .map(|e| e.to_string());
                            let may_issue = rules::may_issue_report(&self.assessment, self.author.role);
                            let changes = report::report_ui(
                                ui,
                                &self.framework,
                                &self.assessment,
                                (locked.as_deref(), may_issue),
                                &mut self.report,
                            );
                            commands.extend(changes.into_iter().map(|change| match change {
                                report::ReportChange::List(op) => Command::ChangeList(op),
                                report::ReportChange::Report(op) => Command::ChangeReport(op),
                            }));
                        }
                        Selection::Challenge => {
                            let ops =
                                challenge::challenge_ui(ui, &self.assessment, self.author.role, &mut self.challenge);
                            commands.extend(ops.into_iter().map(Command::ChangeChallenge));
                        }
                        Selection::History => {
                            commands.extend(roster::roster_ui(ui, &self.assessment, &self.author));
                            ui.add_space(10.0);
                            history::history_ui(ui, &self.framework.labels, self.assessment_history.as_ref());
                        }
                        Selection::Plan => self.plan_ui(ui, commands),
                        Selection::Progress => {
                            progress::progress_ui(ui, &self.framework, &self.assessment, self.baseline.as_ref());
                        }
                        Selection::Measures => self.measures_ui(ui, commands),
                        Selection::Years => {
                            years::years_ui(ui, &self.framework, &self.assessment, &self.others, &mut self.years);
                        }
                        Selection::Evidence => {
                            let (council, peer) = self.evidence_access();
                            let access = evidence::EvidenceAccess {
                                council: council.as_deref(),
                                peer: peer.as_deref(),
                            };
                            let changes = evidence::evidence_ui(ui, &self.assessment, &access, &mut self.evidence);
                            commands.extend(changes.into_iter().map(evidence_command));
                        }
                        Selection::Item(index) => self.item_ui(ui, index, now, commands),
                    }
                    crate::ui::input::keep_focus_in_view(ui);
                });
        });
        commands.extend(super::dialog::dialog_ui(&mut self.export, ui.ctx()));
        if let Some(selection) = self.pending.take() {
            self.apply_selection(selection);
        }
    }
    /// The assessments the Year on year view and pack set side by side, oldest first.
    pub fn compared(&self) -> Vec<&Assessment> {
        years::compared(&self.assessment, &self.others, &self.years)
    }
    /// Why the council, and why the peer team, may not change the evidence
    /// now (`None`: they may).
    fn evidence_access(&self) -> (Option<String>, Option<String>) {
        let nil = uuid::Uuid::nil();
        (
            self.may(&Subject::Entry(nil, EntryField::Entry(EntryKind::Document))),
            self.may(&Subject::Entry(nil, EntryField::Entry(EntryKind::Request)))
                .or_else(|| self.may(&Subject::Entry(nil, EntryField::Request(RequestPart::Items))))
                .or_else(|| self.may(&Subject::Entry(nil, EntryField::Document(DocumentPart::Considered)))),
        )
    }
    fn plan_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let locked = self.may(&Subject::Entry(uuid::Uuid::nil(), EntryField::Entry(EntryKind::Action)));
        let may_review = rules::allows(
            &self.assessment,
            &self.framework,
            &self.author,
            crate::domain::Write::StartReview,
        )
        .is_ok();
        let changes = plan::plan_ui(
            ui,
            (&self.framework, &self.assessment, self.baseline.as_ref()),
            locked.as_deref(),
            may_review,
            crate::text::today(),
            &mut self.plan,
        );
        commands.extend(changes.into_iter().map(|change| match change {
            plan::PlanChange::Action(op) => Command::ChangeAction(op),
            plan::PlanChange::FromFindings => Command::PlanFromFindings,
            plan::PlanChange::StartReview(period) => Command::StartReview(period),
        }));
    }
    fn item_ui(&mut self, ui: &mut egui::Ui, index: usize, now: f64, commands: &mut Vec<Command>) {
        let Some((theme, item)) = self.framework.item_at(index) else {
            self.selection = Selection::Overview;
            return;
        };
        if let Some(refusal) = &self.refusal {
            ui.colored_label(ui.visuals().warn_fg_color, refusal);
        }
        let answer = self.assessment.answer(&item.id);
        let access = item::ItemAccess {
            self_locked_because: self.access_for(AnswerField::Score),
            peer_locked_because: self.access_for(AnswerField::PeerScore),
            show_peer: self.author.role == Role::Peer
                || self.assessment.status != Status::Draft
                || answer.peer_score.is_some()
                || !answer.challenge.is_empty(),
            peer_first: self.author.role == Role::Peer,
            start_writing: std::mem::take(&mut self.start_writing),
        };
        let history = self
            .history
            .as_ref()
            .filter(|(id, _)| id == &item.id)
            .map(|(_, entries)| entries.as_slice());
        let outcome = item::item_ui(
            ui,
            &self.framework,
            theme,
            item,
            answer,
            index,
            &access,
            history,
            &self.measures,
        );
        let id = item.id.clone();
        let (council, peer) = self.evidence_access();
        let access = evidence::EvidenceAccess {
            council: council.as_deref(),
            peer: peer.as_deref(),
        };
        let can_cite = self.access_for(AnswerField::Basis).is_none();
        let asked = evidence::item_evidence_ui(ui, &self.assessment, &id, &access, can_cite, &mut self.evidence);
        commands.extend(asked.changes.into_iter().map(evidence_command));
        if let Some(basis) = asked.cite {
            // A citation is one change of its own, undone on its own.
            self.undo_mut().seal();
            self.edit(Edit::new(id.clone(), AnswerValue::Basis(basis)), now);
            self.undo_mut().seal();
        }
        if outcome.show_history {
            commands.push(Command::ShowHistory(id.clone()));
        }
        for change in outcome.changes {
            self.edit(Edit::new(id.clone(), change), now);
        }
        if outcome.text_focus_lost {
            self.undo_mut().seal();
        }
        self.text_box_active = outcome.text_active;
        if let Some(selection) = outcome.navigate {
            self.select(selection);
        }
    }
    fn keyboard(&mut self, ctx: &egui::Context, now: f64, commands: &mut Vec<Command>) {
        // A text box with the keyboard has its own undo.
        if ctx.text_edit_focused() || self.export.is_some() {
            return;
        }
        let redo = Command::Redo;
        let undo = Command::Undo;
        ctx.input_mut(|input| {
            if redo.shortcut().is_some_and(|s| input.consume_shortcut(&s))
                || input.consume_key(Modifiers::COMMAND, Key::Y)
            {
                commands.push(redo);
            } else if undo.shortcut().is_some_and(|s| input.consume_shortcut(&s)) {
                commands.push(undo);
            }
        });
        // Single keys belong to whatever has focus, or to the text box under
        // the pointer (even a read-only one); only otherwise are they
        // shortcuts — and only in the item view and the overview of the
        // items, where they are announced, never in a view of forms.
        if ctx.memory(|memory| memory.focused().is_some())
            || self.text_box_active
            || !matches!(self.selection, Selection::Item(_) | Selection::Overview)
        {
            return;
        }
        let count = self.framework.item_count();
        // The same list the help shows: what each single key does.
        let pressed: Vec<Command> = ctx.input_mut(|input| {
            Command::keyboard()
                .into_iter()
                .filter(|command| {
                    command
                        .keys()
                        .iter()
                        .any(|key| input.consume_key(Modifiers::NONE, *key))
                })
                .collect()
        });
        let score = pressed.iter().find_map(|command| match command {
            Command::ScoreByKey(value) => Some(*value),
            _ => None,
        });
        let step =
            i32::from(pressed.contains(&Command::NextItem)) - i32::from(pressed.contains(&Command::PreviousItem));
        if pressed.contains(&Command::StartWriting) && matches!(self.selection, Selection::Item(_)) {
            self.start_writing = true;
            ctx.request_repaint();
        }
        // A digit off this framework's scale does nothing: the rules would refuse it.
        let score = score
            .and_then(|digit| crate::domain::Score::new(digit).ok())
            .filter(|score| self.framework.scale.contains(*score));
        if let (Some(score), Selection::Item(index)) = (score, self.selection)
            && let Some((_, item)) = self.framework.item_at(index)
        {
            let score = Some(score);
            let id = item.id.clone();
            let change = match self.author.role {
                Role::Council => AnswerValue::Score(score),
                Role::Peer => AnswerValue::PeerScore(score),
            };
            self.edit(Edit::new(id, change), now);
        }
        if step != 0 {
            let next = match self.selection {
                Selection::Item(index) if step > 0 => (index + 1 < count).then_some(index + 1),
                Selection::Item(index) => index.checked_sub(1),
                _ if step > 0 => Some(0),
                _ => count.checked_sub(1),
            };
            if let Some(index) = next {
                self.select(Selection::Item(index));
            }
        }
    }
}
