//! The council's action plan: what it will do after the peer challenge.
//! Each action has its text, where it comes from (an area for
//! consideration, a key message or an item — linked by id, so the link
//! survives rewording), an owner, a due date, a Red/Amber/Green status or
//! Blue for done, and dated progress notes grouped by quarter of the
//! council's financial year (April to March).
//!
//! The plan belongs to the assessment but is not frozen with it: a Final
//! assessment's plan is still the council's to update; a reopened version
//! takes the plan with it.

use time::Date;
use uuid::Uuid;

use super::{
    assessment::Assessment,
    change::{ActionPart, TextPart},
    framework::{Framework, ItemId},
    peer::{ListKind, SectionRef},
};

/// The most an action's text or a progress note may hold.
pub const MAX_ACTION_CHARS: usize = 20_000;

/// The most an owner's name, or any other line of an action's free text,
/// may hold.
pub const MAX_OWNER_CHARS: usize = 200;

/// The most a quarter's value of an action's measure may hold ("£1,234.5k",
/// "N/A", "not yet published").
pub const MAX_VALUE_CHARS: usize = 40;

/// Where an action comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum ActionSource {
    /// Nowhere in particular.
    #[default]
    None,
    /// An area for consideration, by its entry's id.
    Area(Uuid),
    /// A key message, by its entry's id.
    KeyMessage(Uuid),
    /// An item of the framework.
    Item(ItemId),
}

impl ActionSource {
    /// The stored name: empty, `area:<id>`, `key-message:<id>`, `item:1.1`.
    pub fn key(&self) -> String {
        match self {
            ActionSource::None => String::new(),
            ActionSource::Area(id) => format!("area:{id}"),
            ActionSource::KeyMessage(id) => format!("key-message:{id}"),
            ActionSource::Item(item) => format!("item:{item}"),
        }
    }

    /// Reads a stored name back.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Some(ActionSource::None);
        }
        let (kind, rest) = text.split_once(':')?;
        match kind {
            "area" => Uuid::parse_str(rest).ok().map(ActionSource::Area),
            "key-message" => Uuid::parse_str(rest).ok().map(ActionSource::KeyMessage),
            "item" if !rest.trim().is_empty() => Some(ActionSource::Item(ItemId::new(rest.trim()))),
            _ => None,
        }
    }
}

/// One dated, attributed note of progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Stable id, shared by exported copies.
    pub id: Uuid,
    /// The day it reports on.
    pub on: Date,
    /// What has moved.
    pub text: String,
    /// Who wrote it.
    pub by: String,
}

/// One action of the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Action {
    /// Stable id, shared by exported copies.
    pub id: Uuid,
    /// What will be done.
    pub text: String,
    /// Where it comes from.
    pub source: ActionSource,
    /// Who is responsible.
    pub owner: String,
    /// The executive portfolio it reports to.
    pub portfolio: String,
    /// The measure that shows whether it is working, its target as
    /// written, and which way is better ("higher", "lower", "neither" or
    /// nothing).
    pub measure: String,
    pub target: String,
    pub better: String,
    /// The measure's value in each quarter of the financial year given
    /// one, as written.
    pub values: std::collections::BTreeMap<super::Quarter, String>,
    /// When it is due.
    pub due: Option<Date>,
    /// Red, Amber, Green, or Blue for done.
    pub status: Rag,
    /// Progress notes, oldest first.
    pub progress: Vec<Progress>,
}

impl Action {
    /// A new action worded `text`: Red, from nowhere, owned by nobody.
    pub fn new(id: Uuid, text: &str) -> Self {
        Self {
            id,
            text: text.to_owned(),
            ..Self::default()
        }
    }

    /// A part that is a line of free text ([`ActionPart::texts`]).
    pub fn text_part(&self, part: ActionPart) -> Option<&str> {
        match part {
            ActionPart::Text(TextPart::Owner) => Some(&self.owner),
            ActionPart::Text(TextPart::Portfolio) => Some(&self.portfolio),
            ActionPart::Text(TextPart::Measure) => Some(&self.measure),
            ActionPart::Text(TextPart::Target) => Some(&self.target),
            ActionPart::Text(TextPart::Better) => Some(&self.better),
            _ => None,
        }
    }

    /// The same part, to change.
    pub fn text_part_mut(&mut self, part: ActionPart) -> Option<&mut String> {
        match part {
            ActionPart::Text(TextPart::Owner) => Some(&mut self.owner),
            ActionPart::Text(TextPart::Portfolio) => Some(&mut self.portfolio),
            ActionPart::Text(TextPart::Measure) => Some(&mut self.measure),
            ActionPart::Text(TextPart::Target) => Some(&mut self.target),
            ActionPart::Text(TextPart::Better) => Some(&mut self.better),
            _ => None,
        }
    }

    /// Whether it is past due and not done, on `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status != Rag::Blue && self.due.is_some_and(|due| due < today)
    }
}

/// A change to the action plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionOp {
    /// A new action at the end of the plan, Red until said otherwise.
    Add {
        /// Its id, chosen by whoever asks, so later changes in the same
        /// request can name it.
        id: Uuid,
        /// What will be done.
        text: String,
        /// Where it comes from.
        source: ActionSource,
        /// Who is responsible.
        owner: String,
        /// When it is due.
        due: Option<Date>,
    },
    /// New wording.
    Text {
        /// The action.
        id: Uuid,
        /// The new text.
        text: String,
    },
    /// A new line of one of its free-text parts ([`ActionPart::texts`]),
    /// or a quarter's value of its measure ([`ActionPart::Value`]; empty
    /// takes the value out).
    Part {
        /// The action.
        id: Uuid,
        /// Which part.
        part: ActionPart,
        /// Its new text.
        text: String,
    },
    /// A new owner.
    Owner {
        /// The action.
        id: Uuid,
        /// Who now.
        owner: String,
    },
    /// A new due date, or none.
    Due {
        /// The action.
        id: Uuid,
        /// When now.
        due: Option<Date>,
    },
    /// A new status.
    Status {
        /// The action.
        id: Uuid,
        /// Red, Amber, Green or Blue.
        status: Rag,
    },
    /// A note of progress on a day.
    Progress {
        /// The action.
        id: Uuid,
        /// The day it reports on.
        on: Date,
        /// What has moved.
        text: String,
    },
    /// Where it comes from, now.
    Source {
        /// The action.
        id: Uuid,
        /// A finding, key message or item, or none.
        source: ActionSource,
    },
    /// Put it at this place in the plan (1 is first).
    Move {
        /// The action.
        id: Uuid,
        /// Its new place.
        place: usize,
    },
    /// Correct a note of progress: its day and text.
    EditNote {
        /// The note.
        note: Uuid,
        /// The day it reports on.
        on: Date,
        /// What has moved.
        text: String,
    },
    /// Take a note of progress out.
    RemoveNote {
        /// The note.
        note: Uuid,
    },
    /// Take the action out of the plan, with its notes.
    Remove {
        /// The action.
        id: Uuid,
    },
}

impl ActionOp {
    /// The action it changes, if it already exists.
    pub fn action(&self) -> Option<Uuid> {
        match self {
            ActionOp::Add { .. } | ActionOp::EditNote { .. } | ActionOp::RemoveNote { .. } => None,
            ActionOp::Text { id, .. }
            | ActionOp::Owner { id, .. }
            | ActionOp::Due { id, .. }
            | ActionOp::Status { id, .. }
            | ActionOp::Progress { id, .. }
            | ActionOp::Part { id, .. }
            | ActionOp::Source { id, .. }
            | ActionOp::Move { id, .. }
            | ActionOp::Remove { id } => Some(*id),
        }
    }
}

impl Assessment {
    /// The action numbered `number` (1-based, as the plan prints them).
    pub fn action(&self, number: usize) -> Option<&Action> {
        number.checked_sub(1).and_then(|index| self.actions.get(index))
    }

    /// The number the plan prints for an action.
    pub fn action_number(&self, id: Uuid) -> Option<usize> {
        self.actions.iter().position(|action| action.id == id).map(|at| at + 1)
    }

    /// The finding `id`, in this assessment or, for a progress review, in
    /// the assessment it reviews (`baseline`).
    fn finding<'a>(&'a self, id: Uuid, baseline: Option<&'a Assessment>) -> Option<&'a super::peer::ListEntry> {
        std::iter::once(self)
            .chain(baseline)
            .find_map(|assessment| assessment.peer.entries.iter().find(|entry| entry.id == id))
    }

    /// What an action's source says, as people read it: "Areas for
    /// consideration (theme 3): <its text>", "Key messages: …", "1.1
    /// Information and Advice". Empty when it has none; says so when the
    /// finding it came from has since been removed. A progress review finds
    /// its findings in its `baseline`.
    pub fn source_text(&self, framework: &Framework, source: &ActionSource, baseline: Option<&Assessment>) -> String {
        match source {
            ActionSource::None => String::new(),
            ActionSource::Area(id) | ActionSource::KeyMessage(id) => self.finding(*id, baseline).map_or_else(
                || "(the finding it came from has been removed)".to_owned(),
                |entry| format!("{}: {}", self.list_title(entry.list, baseline), entry.text),
            ),
            ActionSource::Item(item) => framework.item(item).map_or_else(
                || format!("Item {item}"),
                |(_, found)| format!("{item} {}", found.title),
            ),
        }
    }

    /// A list's heading with where it is, an added section named by its
    /// title: "Areas for consideration (Resource pressures)".
    fn list_title(&self, list: ListKind, baseline: Option<&Assessment>) -> String {
        let added = match list {
            ListKind::Strengths(SectionRef::Added(id))
            | ListKind::Areas(SectionRef::Added(id))
            | ListKind::Bullets(SectionRef::Added(id))
            | ListKind::Paragraphs(super::Place::Section(SectionRef::Added(id))) => Some(id),
            _ => None,
        };
        let named = added
            .and_then(|id| self.finding(id, baseline))
            .map(|section| section.text.clone());
        match named {
            Some(name) => list.title().replace("an added section", &name),
            None => list.title(),
        }
    }

    /// Where an action comes from, as a plan prints it: [`Self::source_text`],
    /// but only the finding's list where the action is worded as the finding is.
    pub fn action_source(&self, framework: &Framework, action: &Action, baseline: Option<&Assessment>) -> String {
        let source = self.source_text(framework, &action.source, baseline);
        source
            .strip_suffix(&format!(": {}", action.text))
            .map_or(source.clone(), str::to_owned)
    }

    /// The theme an action belongs to, through its source: an area under a
    /// theme, or an item. Key messages and added sections belong to none.
    pub fn action_theme(&self, framework: &Framework, action: &Action, baseline: Option<&Assessment>) -> Option<u8> {
        match &action.source {
            ActionSource::Area(id) => self.finding(*id, baseline).and_then(|entry| match entry.list {
                ListKind::Areas(SectionRef::Theme(number)) => Some(number),
                _ => None,
            }),
            ActionSource::Item(item) => framework.item(item).map(|(theme, _)| theme.number),
            ActionSource::None | ActionSource::KeyMessage(_) => None,
        }
    }

    /// "Start the action plan from the report": one new action per area
    /// for consideration that no action comes from yet, in the report's
    /// order, worded as the area is.
    pub fn actions_from_findings(&self) -> Vec<ActionOp> {
        self.peer
            .entries
            .iter()
            .filter(|entry| matches!(entry.list, ListKind::Areas(_)))
            .filter(|entry| {
                !self
                    .actions
                    .iter()
                    .any(|action| action.source == ActionSource::Area(entry.id))
            })
            .map(|entry| ActionOp::Add {
                id: Uuid::new_v4(),
                text: entry.text.clone(),
                source: ActionSource::Area(entry.id),
                owner: String::new(),
                due: None,
            })
            .collect()
    }
}

/// A plan carried into another assessment (a reopened version, a progress
/// review): every action and note gets a new id, since ids are unique
/// across a database; a source naming a finding names it by `renamed` where
/// the finding was carried too, and keeps its old id where it was not (the
/// review reads it from its baseline).
pub fn carried(actions: &[Action], renamed: impl Fn(Uuid) -> Option<Uuid>) -> Vec<Action> {
    actions
        .iter()
        .map(|action| Action {
            id: Uuid::new_v4(),
            source: match &action.source {
                ActionSource::Area(id) => ActionSource::Area(renamed(*id).unwrap_or(*id)),
                ActionSource::KeyMessage(id) => ActionSource::KeyMessage(renamed(*id).unwrap_or(*id)),
                other => other.clone(),
            },
            progress: action
                .progress
                .iter()
                .map(|note| Progress {
                    id: Uuid::new_v4(),
                    ..note.clone()
                })
                .collect(),
            ..action.clone()
        })
        .collect()
}

/// How many actions have each status, in [`Rag::ALL`]'s order.
pub fn status_counts<'a>(actions: impl IntoIterator<Item = &'a Action>) -> [usize; 4] {
    let mut counts = [0; 4];
    for action in actions {
        if let Some(slot) = Rag::ALL.iter().position(|rag| *rag == action.status) {
            counts[slot] += 1;
        }
    }
    counts
}

pub use super::quarter::{Quarter, note_line, parse_note_line, parse_progress, progress_value};
pub use super::rag::{Rag, UnknownRag};

/// Which actions a view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionFilter {
    /// Only this status.
    pub status: Option<Rag>,
    /// Only owners whose name contains this (any case).
    pub owner: String,
    /// Only this theme.
    pub theme: Option<u8>,
    /// Only past due and not done.
    pub overdue: bool,
}

impl ActionFilter {
    /// Whether `action` of `assessment` (whose baseline, for a progress
    /// review, is `baseline`) passes on `today`.
    pub fn admits(
        &self,
        (assessment, baseline): (&Assessment, Option<&Assessment>),
        framework: &Framework,
        action: &Action,
        today: Date,
    ) -> bool {
        self.status.is_none_or(|status| action.status == status)
            && (self.owner.trim().is_empty() || action.owner.to_lowercase().contains(&self.owner.trim().to_lowercase()))
            && self
                .theme
                .is_none_or(|theme| assessment.action_theme(framework, action, baseline) == Some(theme))
            && (!self.overdue || action.is_overdue(today))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn statuses_read_as_words_letters_and_names() {
        for rag in Rag::ALL {
            assert_eq!(rag.as_str().parse::<Rag>(), Ok(rag));
            assert_eq!(rag.letter().parse::<Rag>(), Ok(rag));
        }
        assert_eq!("Done".parse::<Rag>(), Ok(Rag::Blue));
        assert_eq!(Rag::Blue.label(), "Blue (done)");
        assert!("purple".parse::<Rag>().is_err());
    }

    #[test]
    fn sources_round_trip_and_nonsense_is_refused() {
        for source in [
            ActionSource::None,
            ActionSource::Area(Uuid::from_u128(3)),
            ActionSource::KeyMessage(Uuid::from_u128(4)),
            ActionSource::Item(ItemId::new("2.3")),
        ] {
            assert_eq!(ActionSource::parse(&source.key()), Some(source));
        }
        for bad in ["area:x", "item:", "theme:1", "nonsense"] {
            assert_eq!(ActionSource::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn overdue_means_past_due_and_not_done() {
        let mut action = Action {
            due: Some(date!(2026 - 06 - 30)),
            status: Rag::Amber,
            ..Action::new(Uuid::nil(), "Review charging")
        };
        assert!(action.is_overdue(date!(2026 - 07 - 01)));
        assert!(!action.is_overdue(date!(2026 - 06 - 30)), "due today is not overdue");
        action.status = Rag::Blue;
        assert!(!action.is_overdue(date!(2027 - 01 - 01)), "done is never overdue");
        action.due = None;
        action.status = Rag::Red;
        assert!(!action.is_overdue(date!(2030 - 01 - 01)), "no due date, never overdue");
    }

    /// An action made from a finding in a section the team added says which
    /// section, not "(an added section)".
    #[test]
    fn an_action_from_an_added_section_names_the_section() {
        use crate::domain::{Catalogue, ListEntry, example::example_after_challenge};
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let mut assessment = example_after_challenge(framework, time::OffsetDateTime::UNIX_EPOCH);
        let section = ListEntry {
            id: Uuid::from_u128(7),
            list: ListKind::Sections,
            text: "Resource pressures".to_owned(),
        };
        let area = ListEntry {
            id: Uuid::from_u128(8),
            list: ListKind::Areas(SectionRef::Added(section.id)),
            text: "Plan for the next three years' savings.".to_owned(),
        };
        assessment.peer.entries.extend([section, area]);
        let source = assessment.source_text(framework, &ActionSource::Area(Uuid::from_u128(8)), None);
        assert_eq!(
            source,
            "Areas for consideration (Resource pressures): Plan for the next three years' savings."
        );
    }
}
