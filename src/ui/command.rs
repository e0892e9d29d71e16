//! Everything a user can ask the app to do. Screens push commands while
//! drawing; the app runs them after the frame. Menu text, tooltips and
//! shortcuts come from here so buttons and keys always agree.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::{
    domain::{
        AssessmentDetails, AssessmentId, ChallengeOp, Framework, FrameworkRef, ItemId, ListOp, ReportOp, Status,
        merge::Resolution,
    },
    packs::{Format, PackKind, Paper},
};

/// What to export, and where.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::struct_excessive_bools, reason = "each is a box the user ticks")]
pub struct ExportRequest {
    /// The file to write.
    pub path: PathBuf,
    /// Which pack.
    pub kind: PackKind,
    /// Which file format.
    pub format: Format,
    /// Paper size (PDF and Word).
    pub paper: Paper,
    /// Include the peer team's scores and challenge.
    pub include_peer_review: bool,
    /// Add every recorded change as an appendix.
    pub include_history: bool,
    /// Leave out people's names.
    pub share_safe: bool,
    /// The report's appendix of scores.
    pub include_scores: bool,
}

/// A user request, run by the app after the frame that produced it.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Create and open a new assessment, of this framework (the default if none).
    CreateAssessment(AssessmentDetails, Option<FrameworkRef>),
    /// Change an assessment's organisation, title, period or lead.
    EditDetails(AssessmentId, AssessmentDetails),
    /// Start a new draft from an existing assessment's answers.
    Duplicate(AssessmentId, AssessmentDetails),
    /// Delete an assessment (already confirmed by the user).
    Delete(AssessmentId),
    /// Open an assessment in the workspace.
    Open(AssessmentId),
    /// Add the completed example assessment and open it.
    OpenExample,
    /// Add the example council after its peer challenge and open it.
    OpenChallengedExample,
    /// Add the example council a year after its peer challenge and open its progress review.
    OpenYearOnExample,
    /// Give the keyboard to the item's first text box for the user's role.
    StartWriting,
    /// Save everything and return to the list of assessments.
    GoHome,
    /// Undo the last change to an answer.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Move the open assessment to a new status.
    SetStatus(Status),
    /// Reopen the open Final assessment as a new version.
    Reopen,
    /// Unlock the open assessment's submitted self-assessment.
    UnlockSelf,
    /// Lock it again after an unlock.
    LockSelf,
    /// Ask the user to confirm this step first.
    Confirm(Box<Command>),
    /// Load an item's change history into the item view.
    ShowHistory(ItemId),
    /// Open the dialog for your role, name or organisation.
    EditYou,
    /// Record changes from now on as this person.
    SetYou(crate::domain::Author),
    /// Open this folder in the system's file manager.
    OpenFolder(std::path::PathBuf),
    /// Choose where to save your key card.
    ChooseKeyCard,
    /// Save your key card to this file.
    SaveKeyCard(std::path::PathBuf),
    /// Choose a person's key card to add to the open assessment's roster.
    ChooseRosterCard,
    /// Add the person on this key card to the open assessment's roster.
    AddRosterCard(std::path::PathBuf),
    /// Retire the key with this fingerprint from the open assessment's roster.
    RetireKey(String),
    /// Change one of the peer team's lists.
    ChangeList(ListOp),
    /// Change the report's summary, contact details, facts or section order.
    ChangeReport(ReportOp),
    /// Set one of the assessment's settings (the comparator group, the
    /// region) to a value as typed, over the value as recorded when the
    /// typing began.
    SetSetting {
        setting: crate::domain::settings::Setting,
        seen: String,
        text: String,
    },
    /// Change the scope questions, the peer team or the visit dates.
    ChangeChallenge(ChallengeOp),
    /// Change the council's action plan.
    ChangeAction(crate::domain::ActionOp),
    /// Start the action plan from the report's areas for consideration.
    PlanFromFindings,
    /// Start the progress review of the open Final assessment, for this period, and open it.
    StartReview(String),
    /// Change the register of documents.
    ChangeDocument(crate::domain::evidence::DocumentOp),
    /// Add a document to the register, attaching the file if one is given.
    AddDocument {
        /// Its title.
        title: String,
        /// Reference, date, owner, description.
        particulars: crate::domain::evidence::Particulars,
        /// The items it supports.
        items: Vec<ItemId>,
        /// The file to attach.
        file: Option<PathBuf>,
    },
    /// Ask or answer a request for evidence.
    ChangeRequest(crate::domain::evidence::RequestOp),
    /// Open an attached file with the system's program for it.
    OpenAttachment(crate::domain::evidence::Attached),
    /// Ask the system for a file to attach: to the next document added
    /// (`None`), or to this document of the register.
    ChooseAttachment(Option<uuid::Uuid>),
    /// Attach this file to this document of the register.
    AttachFile(uuid::Uuid, PathBuf),
    /// Write the open assessment's evidence bundle to this file.
    ExportBundle(PathBuf),
    /// Ask the system for the national ASCOF file, to import for the year
    /// typed in the Measures view.
    ChooseAscofFile,
    /// Import the national ASCOF file at `path` for the year `period`.
    ImportAscof {
        /// The CSV file, as published.
        path: PathBuf,
        /// The year it covers, e.g. 2023-24.
        period: String,
    },
    /// Ask the system for an evidence bundle to import.
    ChooseBundle,
    /// Add an evidence bundle's files to the register.
    ImportBundle(PathBuf),
    /// Load the whole assessment's history and merge reports.
    ShowAssessmentHistory,
    /// Open the import dialog.
    OpenImport,
    /// Ask the system for a file to import.
    ChooseImportFile(PathBuf),
    /// Read a file and show what importing it would change.
    CheckImport(PathBuf),
    /// Import the checked file, with one resolution per conflict.
    ApplyImport(Vec<Resolution>, Vec<crate::domain::signing::PublicKey>),
    /// Show the frameworks, to add or remove one.
    OpenFrameworks,
    /// Ask the system for a framework file.
    ChooseFrameworkFile(PathBuf),
    /// Read a framework file and show what it holds.
    CheckFramework(PathBuf),
    /// Add this checked framework to the database.
    AddFramework(Box<Framework>),
    /// Remove an added framework no assessment uses (already confirmed).
    RemoveFramework(FrameworkRef),
    /// Show the backups.
    OpenBackups,
    /// Take a backup now.
    BackUpNow,
    /// Replace the database with a backup (already confirmed).
    RestoreBackup(PathBuf),
    /// Ask the system for a file to export to.
    ChooseExportFile(PathBuf),
    /// Write a pack.
    Export(ExportRequest),
    /// Write the open assessment as an exchange file.
    ExportExchange(PathBuf),
    /// Give the item shown this score, in your role (a single key).
    ScoreByKey(u8),
    /// Show the next item (a single key).
    NextItem,
    /// Show the previous item (a single key).
    PreviousItem,
    /// Show or hide the help: keys, and how a peer challenge works.
    Help,
    /// Settle a field saved elsewhere while this window showed it.
    ResolveConflict(Box<super::conflict_dialog::Clash>, Resolution),
}

impl Command {
    /// Button and menu text.
    pub fn label(&self) -> &'static str {
        match self {
            Command::CreateAssessment(..) => "Create",
            Command::EditDetails(..) => "Save details",
            Command::Duplicate(..) => "Duplicate",
            Command::Delete(_) => "Delete",
            Command::Open(_) => "Open",
            Command::OpenExample => "Open the example assessment",
            Command::OpenChallengedExample => "Open the example after a peer challenge",
            Command::OpenYearOnExample => "Open the example a year on",
            Command::StartWriting => "Start writing",
            Command::GoHome => "← Assessments",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::SetStatus(Status::Submitted) => "Submit to peer team",
            Command::SetStatus(Status::Review) => "Start peer review",
            Command::SetStatus(Status::Final) => "Mark Final",
            Command::SetStatus(Status::Draft) => "Back to draft",
            Command::Reopen => "Reopen as new version",
            Command::UnlockSelf => "Unlock self-assessment",
            Command::LockSelf => "Lock self-assessment",
            Command::Confirm(step) => step.label(),
            Command::ShowHistory(_) => "Show history",
            Command::EditYou => "You…",
            Command::SetYou(_) => "Save",
            Command::OpenFolder(_) => "Open folder",
            Command::ChooseKeyCard | Command::SaveKeyCard(_) => "Save my key card…",
            Command::ChooseRosterCard | Command::AddRosterCard(_) => "Add a person from their key card…",
            Command::RetireKey(_) => "Retire this key",
            Command::ChangeList(_) => "Change findings",
            Command::ChangeReport(_) => "Change the report",
            Command::SetSetting {
                setting: crate::domain::settings::Setting::Comparators,
                ..
            } => "Save the comparator group",
            Command::SetSetting {
                setting: crate::domain::settings::Setting::Region,
                ..
            } => "Save the region",
            Command::ChangeChallenge(_) => "Change the peer challenge",
            Command::ChangeAction(_) => "Change the action plan",
            Command::PlanFromFindings => "Start the action plan from the report",
            Command::StartReview(_) => "Start progress review",
            Command::ChangeDocument(_) | Command::AddDocument { .. } => "Change the register",
            Command::ChangeRequest(_) => "Change the requests",
            Command::OpenAttachment(_) => "Open the file",
            Command::ChooseAttachment(_) => "Attach a file…",
            Command::AttachFile(..) => "Attach",
            Command::ExportBundle(_) => "Export the bundle",
            Command::ChooseBundle | Command::ImportBundle(_) => "Import an evidence bundle…",
            Command::ChooseAscofFile | Command::ImportAscof { .. } => "Import the published ASCOF file…",
            Command::ShowAssessmentHistory => "History",
            Command::OpenImport => "Import or merge a file…",
            Command::ChooseImportFile(_) | Command::ChooseExportFile(_) | Command::ChooseFrameworkFile(_) => "Choose…",
            Command::CheckImport(_) | Command::CheckFramework(_) => "Check",
            Command::OpenFrameworks => "Frameworks…",
            Command::AddFramework(_) => "Add",
            Command::RemoveFramework(_) => "Remove",
            Command::OpenBackups => "Backups…",
            Command::BackUpNow => "Back up now",
            Command::RestoreBackup(_) => "Restore",
            Command::ApplyImport(..) => "Import",
            Command::Export(_) | Command::ExportExchange(_) => "Export",
            Command::ScoreByKey(digit) => SCORE_LABELS.get(usize::from(*digit)).copied().unwrap_or("Score"),
            Command::NextItem => "Next item",
            Command::PreviousItem => "Previous item",
            Command::Help => "Help",
            Command::ResolveConflict(_, resolution) => resolution.label(),
        }
    }

    /// Hover text explaining the command.
    pub fn tooltip(&self) -> &'static str {
        match self {
            Command::CreateAssessment(..) => "Create the assessment and start scoring",
            Command::EditDetails(..) => "Save the organisation, title, period and lead",
            Command::Duplicate(..) => "Start a new draft with this assessment’s scores and text",
            Command::Delete(_) => "Delete this assessment from the database",
            Command::Open(_) => "Open this assessment",
            Command::OpenExample => "Add a fully completed example for a fictional council and open it",
            Command::OpenChallengedExample => {
                "Add the same fictional council after its peer challenge — peer scores, findings, key messages — and open it"
            }
            Command::StartWriting => {
                "In an item: start writing in the basis for the score (the challenge, for the peer team)"
            }
            Command::OpenYearOnExample => {
                "Add the same fictional council a year after its challenge — the Final report, its evidence, the action plan with a year of notes — and open its progress review"
            }
            Command::GoHome => "Save and go back to the list of assessments",
            Command::Undo => "Undo the last change to a score or text (Ctrl+Z)",
            Command::Redo => "Redo the last undone change (Ctrl+Shift+Z)",
            Command::SetStatus(Status::Submitted) => "Send to the peer team; this locks the self-assessment",
            Command::SetStatus(Status::Review) => "The peer team starts its review",
            Command::SetStatus(Status::Final) => "Agree the assessment; this freezes everything",
            Command::SetStatus(Status::Draft) => "Return to draft",
            Command::Reopen => "Start a new version; this one stays read-only and is marked superseded",
            Command::UnlockSelf => "Allow the council to change its self-assessment again (recorded)",
            Command::LockSelf => "Lock the council's scores and texts again, as on submission (recorded)",
            Command::Confirm(step) => step.tooltip(),
            Command::ShowHistory(_) => "Every change to this item",
            Command::EditYou => "Your role, name and organisation, recorded with every change",
            Command::SetYou(_) => "Record changes from now on with this role, name and organisation",
            Command::OpenFolder(_) => "Show the folder the file was saved in",
            Command::ChooseKeyCard | Command::SaveKeyCard(_) => {
                "Your name, organisation and public key in a small file, to send to the council or the peer team's lead"
            }
            Command::ChooseRosterCard | Command::AddRosterCard(_) => {
                "The council adds council colleagues and names the peer team's lead; the lead adds the team"
            }
            Command::RetireKey(_) => {
                "A lost laptop or a person who left: changes this key signs from now on are refused (recorded)"
            }
            Command::ChangeList(_) => "Add, edit, move or remove a finding or key message",
            Command::ChangeReport(_) => "Change the report's summary, contact details, counts or section order",
            Command::SetSetting {
                setting: crate::domain::settings::Setting::Comparators,
                ..
            } => "Name the councils the council compares itself with on the measures",
            Command::SetSetting {
                setting: crate::domain::settings::Setting::Region,
                ..
            } => "Name the council's region, whose value shows beside England's",
            Command::ChangeChallenge(_) => "Change the peer team, the days on site or the scope questions",
            Command::ChangeAction(_) => "Add, update or remove an action of the council's plan",
            Command::PlanFromFindings => "One action per area for consideration that has none yet",
            Command::StartReview(_) => {
                "Start the next assessment from this Final one: its answers as a starting point, its action plan, and a view of what moved"
            }
            Command::ChangeDocument(_) | Command::AddDocument { .. } => {
                "Add, correct, link or remove a document of the register, or mark it considered"
            }
            Command::ChangeRequest(_) => "Ask for evidence, or answer a request",
            Command::OpenAttachment(_) => "Open the attached file with the program your computer uses for it",
            Command::ChooseAttachment(_) => "Pick a file to attach to the document (at most 100 MB)",
            Command::AttachFile(..) => "Store the file in the database with its document",
            Command::ExportBundle(_) => "Write the register, an index and every attached file to this zip file",
            Command::ChooseBundle | Command::ImportBundle(_) => {
                "Add the files of the council's evidence bundle to this copy's register (import its exchange file first)"
            }
            Command::ChooseAscofFile | Command::ImportAscof { .. } => {
                "Every council's published values for the year typed beside, from NHS England's CSV file; a year imported again is replaced"
            }
            Command::ShowAssessmentHistory => "Every recorded change to this assessment, and every merge",
            Command::OpenImport => {
                "Add an assessment from a file, or merge a reviewer's, the peer team's or the council's copy into yours"
            }
            Command::ChooseImportFile(_) => "Pick the file to import",
            Command::OpenFrameworks => {
                "The frameworks assessments can answer — Use of Resources, CQC's, and any you add from a file"
            }
            Command::ChooseFrameworkFile(_) => "Pick the framework file to add",
            Command::CheckFramework(_) => "Read the file and show the framework it holds; nothing is added",
            Command::AddFramework(_) => "Add this framework to the database, exactly as shown",
            Command::RemoveFramework(_) => "Remove this framework; no assessment uses it",
            Command::OpenBackups => "See the automatic backups and restore one",
            Command::BackUpNow => "Take a backup of the database as it is now",
            Command::RestoreBackup(_) => "Replace the database with this backup; the current state is backed up first",
            Command::CheckImport(_) => "Read the file and show what importing it would change; nothing is written",
            Command::ApplyImport(..) => "Import the file, with your choices, in one step",
            Command::ChooseExportFile(_) => "Pick where to save the pack",
            Command::Export(_) => "Write the pack to this file",
            Command::ExportExchange(_) => "Write the assessment and its history to this file, for another copy",
            Command::ScoreByKey(_) => {
                "Give the item shown this score, in your role (the digits of its framework’s scale: 0–3 for Use of Resources, 1–4 for CQC)"
            }
            Command::NextItem => "Show the next item",
            Command::PreviousItem => "Show the previous item",
            Command::Help => "Keys, themes and how a peer challenge works in Critical Friend (F1)",
            Command::ResolveConflict(..) => "Keep this for the field saved elsewhere while you were editing it",
        }
    }

    /// Whether the step is consequential enough to ask first.
    pub fn needs_confirmation(&self) -> bool {
        matches!(
            self,
            Command::SetStatus(Status::Submitted | Status::Final)
                | Command::UnlockSelf
                | Command::LockSelf
                | Command::Reopen
        )
    }

    /// What will happen, said before a consequential step.
    pub fn consequence(&self) -> &'static str {
        match self {
            Command::SetStatus(Status::Submitted) => {
                "The self-assessment goes to the peer team and is locked: the council's scores and texts cannot be changed unless the council unlocks them, which is recorded."
            }
            Command::SetStatus(Status::Final) => {
                "The assessment is agreed and frozen: its scores, texts, findings and report cannot change any more. Only the council's action plan stays open, to be kept up to date until the progress review. To change the rest later, reopen it as a new version."
            }
            Command::UnlockSelf => {
                "The council can change its scores and texts again. The unlock is recorded in the history, and the peer team sees it when copies are merged. You can lock it again."
            }
            Command::LockSelf => {
                "The council's scores and texts are locked again, as on submission. This is recorded in the history."
            }
            Command::Reopen => {
                "A new version is made from this one, back in Draft, with the same answers and findings. This Final version stays as it is, read-only, marked superseded."
            }
            Command::RetireKey(_) => {
                "Changes this key signs from now on are refused, in this copy and in every copy this one's files reach; what it signed before stays. A key stays retired: add the person's new key from their card. This is recorded in the history."
            }
            Command::Confirm(step) => step.consequence(),
            _ => "",
        }
    }

    /// The keyboard shortcut, where there is one.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        match self {
            Command::Undo => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)),
            Command::Redo => Some(KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)),
            Command::Help => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            _ => None,
        }
    }

    /// The single keys for a command, pressed with no modifier, which work
    /// only when no control has the keyboard and no text box is under the
    /// pointer.
    pub fn keys(&self) -> &'static [Key] {
        match self {
            Command::ScoreByKey(digit) => DIGIT_KEYS.get(usize::from(*digit)).map_or(&[], std::slice::from_ref),
            Command::NextItem => &[Key::ArrowDown, Key::ArrowRight, Key::N],
            Command::PreviousItem => &[Key::ArrowUp, Key::ArrowLeft, Key::P],
            Command::StartWriting => &[Key::Enter],
            _ => &[],
        }
    }

    /// Every command the keyboard reaches, in the order the help lists them.
    pub fn keyboard() -> Vec<Command> {
        let mut commands = vec![Command::Help];
        commands.extend((0..=crate::domain::score::MAX_LEVEL).map(Command::ScoreByKey));
        commands.extend([
            Command::NextItem,
            Command::PreviousItem,
            Command::StartWriting,
            Command::Undo,
            Command::Redo,
        ]);
        commands
    }

    /// The keys for a command as people write them: "Ctrl+Z", "↓, →, N".
    pub fn keys_text(&self) -> String {
        if let Some(shortcut) = self.shortcut() {
            return egui::ModifierNames::NAMES.format(&shortcut.modifiers, false)
                + if shortcut.modifiers.is_none() { "" } else { "+" }
                + shortcut.logical_key.name();
        }
        self.keys()
            .iter()
            .map(|key| key_text(*key))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The key for each digit, 0 to 9: a score's key is its digit.
const DIGIT_KEYS: [Key; 10] = [
    Key::Num0,
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// [`Command::ScoreByKey`]'s label for each digit.
const SCORE_LABELS: [&str; 10] = [
    "Score 0", "Score 1", "Score 2", "Score 3", "Score 4", "Score 5", "Score 6", "Score 7", "Score 8", "Score 9",
];

/// A key as people write it, in characters the shipped fonts have.
fn key_text(key: Key) -> &'static str {
    match key {
        Key::ArrowDown => "↓",
        Key::ArrowUp => "↑",
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        other => other.name(),
    }
}
