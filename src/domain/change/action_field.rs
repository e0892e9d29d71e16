//! The fields of an action a change can touch: its source, its due date,
//! its status, its lines of free text (owner, portfolio, supporting
//! measure, target and which way is better) and each quarter's value of
//! its measure — with the names they are stored and exchanged under and
//! the words people read.

use crate::domain::quarter::Quarter;

/// An action's lines of free text: its owner's name, and any other a
/// council keeps beside its actions. Each is handled alike everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextPart {
    /// Who owns it.
    Owner,
    /// The executive portfolio it reports to: the cabinet member's
    /// portfolio, as a directorate scorecard gives each line.
    Portfolio,
    /// The measure that shows whether it is working, as a directorate
    /// scorecard gives a supporting measure beside each priority.
    Measure,
    /// The supporting measure's target, as written ("1.50", "74%", "£0").
    Target,
    /// Which way the supporting measure is better: one of
    /// [`TextPart::choices`].
    Better,
}

impl TextPart {
    /// Every line of free text, in the order a plan prints them.
    pub const ALL: [TextPart; 5] = [
        TextPart::Owner,
        TextPart::Portfolio,
        TextPart::Measure,
        TextPart::Target,
        TextPart::Better,
    ];

    /// The words it may hold besides nothing, when it is one of a few;
    /// empty when it is free text. The rules refuse anything else.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            TextPart::Better => &["higher", "lower", "neither"],
            TextPart::Owner | TextPart::Portfolio | TextPart::Measure | TextPart::Target => &[],
        }
    }

    fn spec(self) -> PartSpec {
        let part = PartSpec::new;
        match self {
            TextPart::Owner => part("action_owner", "owner", "Action owner", "Owner"),
            TextPart::Portfolio => part(
                "action_portfolio",
                "portfolio",
                "Action's executive portfolio",
                "Executive portfolio",
            ),
            TextPart::Measure => part(
                "action_measure",
                "measure",
                "Action's supporting measure",
                "Supporting measure",
            ),
            TextPart::Target => part("action_target", "target", "Target of an action's measure", "Target"),
            TextPart::Better => part(
                "action_better",
                "better",
                "Which way an action's measure is better",
                "Better (higher, lower, neither)",
            ),
        }
    }
}

/// An action's fields besides its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionPart {
    /// Where it comes from.
    Source,
    /// A line of free text.
    Text(TextPart),
    /// When it is due.
    Due,
    /// Red, Amber, Green or Blue.
    Status,
    /// The supporting measure's value in a quarter of the financial year,
    /// as written ("1.92", "71%"): one field per quarter, so two people
    /// giving two quarters' values never meet.
    Value(Quarter),
}

/// The stored name of a change to a quarter's value, before its quarter.
const VALUE_KEY: &str = "action_value";

/// Everything about one part of an action, in one place: the names it is
/// stored and exchanged under, and the words people read.
struct PartSpec {
    key: &'static str,
    name: &'static str,
    label: &'static str,
    heading: &'static str,
}

impl PartSpec {
    /// A part stored as `key`, exchanged as `name`, read as `label` and
    /// headed `heading` in the plan workbook.
    fn new(key: &'static str, name: &'static str, label: &'static str, heading: &'static str) -> Self {
        Self {
            key,
            name,
            label,
            heading,
        }
    }
}

impl ActionPart {
    /// Who owns it.
    pub const OWNER: ActionPart = ActionPart::Text(TextPart::Owner);

    /// Every part but the quarters' values, in the order a plan prints
    /// them: the scorecard's source, owner, due date and status, then any
    /// other line of free text.
    pub fn all() -> Vec<ActionPart> {
        let mut parts = vec![
            ActionPart::Source,
            ActionPart::OWNER,
            ActionPart::Due,
            ActionPart::Status,
        ];
        parts.extend(Self::texts().filter(|part| *part != ActionPart::OWNER));
        parts
    }

    fn spec(self) -> PartSpec {
        let part = PartSpec::new;
        match self {
            ActionPart::Source => part("action_source", "source", "Where an action comes from", "Source"),
            ActionPart::Text(text) => text.spec(),
            ActionPart::Due => part("action_due", "due", "Action due date", "Due (YYYY-MM-DD)"),
            ActionPart::Status => part(
                "action_status",
                "status",
                "Action status",
                "Status (Red, Amber, Green, Blue = done)",
            ),
            ActionPart::Value(_) => part(VALUE_KEY, "value", "Value of an action's measure", "Value"),
        }
    }

    /// The quarter's value a stored name (`action_value:2017-Q2`) names.
    pub(super) fn parse_value(key: &str) -> Option<ActionPart> {
        let quarter = key.strip_prefix(VALUE_KEY)?.strip_prefix(':')?;
        Quarter::parse_key(quarter).map(ActionPart::Value)
    }

    /// The stored name of a change to it, e.g. `action_owner`,
    /// `action_value:2017-Q2`.
    pub fn key(self) -> String {
        match self {
            ActionPart::Value(quarter) => format!("{VALUE_KEY}:{}", quarter.key()),
            other => other.spec().key.to_owned(),
        }
    }

    /// Its own name, as a column, an exchange file's field and the command
    /// line's JSON call it: `owner`.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// What people read.
    pub fn label(self) -> String {
        match self {
            ActionPart::Value(quarter) => format!("{}, {quarter}", self.spec().label),
            other => other.spec().label.to_owned(),
        }
    }

    /// Its column's heading in the plan workbook.
    pub fn heading(self) -> &'static str {
        self.spec().heading
    }

    /// The words it may hold besides nothing, when it is a line of text
    /// that is one of a few ([`TextPart::choices`]); else empty.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            ActionPart::Text(text) => text.choices(),
            _ => &[],
        }
    }

    /// Whether it is a line of free text.
    pub fn is_text(self) -> bool {
        matches!(self, ActionPart::Text(_))
    }

    /// The parts that are lines of free text, in order.
    pub fn texts() -> impl Iterator<Item = ActionPart> {
        TextPart::ALL.into_iter().map(ActionPart::Text)
    }
}
