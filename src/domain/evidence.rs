//! The evidence behind the scores: the council's register of documents,
//! each linked to the items it supports and perhaps with the file itself
//! attached; the peer team's requests for more, answered by the council as
//! provided (with the document) or declined (with a reason); and which
//! documents the peer team considered. Documents and requests are numbered
//! as the register and the request list print them: D1, D2…; R1, R2….

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::{
    assessment::Assessment,
    challenge::{format_date, parse_date},
    framework::ItemId,
};

/// The largest file that may be attached: 100 MB.
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

/// The most a title, reference, owner or reason may hold.
pub const MAX_FIELD_CHARS: usize = 2_000;

/// The most a description or request may hold.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A file attached to a document: which bytes (by SHA-256), how many, and
/// the name it had.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attached {
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// How many bytes.
    pub size: u64,
    /// The file's name when it was attached, e.g. `Budget 2016.pdf`.
    pub name: String,
}

impl Attached {
    /// Whether the digest is 64 lower-case hex digits and the size within the limit.
    pub fn is_valid(&self) -> bool {
        self.sha256.len() == 64
            && self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && self.size <= MAX_ATTACHMENT_BYTES
            && !self.name.trim().is_empty()
            && self.name.chars().count() <= MAX_FIELD_CHARS
    }

    /// As the history records it: `sha256|size|name`.
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.sha256, self.size, self.name)
    }

    /// Reads [`Attached::key`] back.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '|');
        let attached = Self {
            sha256: parts.next()?.to_owned(),
            size: parts.next()?.parse().ok()?,
            name: parts.next()?.to_owned(),
        };
        attached.is_valid().then_some(attached)
    }
}

/// A document's particulars besides its title, as the history records them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Particulars {
    /// File name, intranet link or register number (text only: never opened).
    #[serde(default)]
    pub reference: String,
    /// Its date, `YYYY-MM-DD` or empty.
    #[serde(default)]
    pub date: String,
    /// Who holds it.
    #[serde(default)]
    pub owner: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
}

impl Particulars {
    /// As the history records them: compact JSON.
    pub fn key(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads [`Particulars::key`] back.
    pub fn parse(text: &str) -> Option<Self> {
        let particulars: Self = serde_json::from_str(text).ok()?;
        parse_date(&particulars.date).ok()?;
        Some(particulars)
    }
}

/// One document of the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Stable id, shared by exported copies.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// Reference, date, owner and description.
    pub particulars: Particulars,
    /// The items it supports.
    pub items: Vec<ItemId>,
    /// The file itself, if attached.
    pub file: Option<Attached>,
    /// The peer team has considered it.
    pub considered: bool,
}

/// Items as the history and the register's CSV record them: `1.1,2.3`.
pub fn items_key(items: &[ItemId]) -> String {
    items.iter().map(ItemId::as_str).collect::<Vec<_>>().join(",")
}

/// Reads [`items_key`] back (also `1.1, 2.3` with spaces).
pub fn parse_items(text: &str) -> Vec<ItemId> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(ItemId::new)
        .collect()
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    /// Asked, not yet answered.
    #[default]
    Open,
    /// The council provided it.
    Provided,
    /// The council declined it.
    Declined,
}

impl RequestStatus {
    /// "Open", "Provided", "Declined".
    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Open => "Open",
            RequestStatus::Provided => "Provided",
            RequestStatus::Declined => "Declined",
        }
    }
}

/// The council's answer to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase", deny_unknown_fields)]
pub enum Answer {
    /// Provided, as this document of the register.
    Provided {
        /// The document.
        document: Uuid,
        /// When, `YYYY-MM-DD`.
        on: String,
    },
    /// Declined, for this reason.
    Declined {
        /// Why.
        reason: String,
        /// When, `YYYY-MM-DD`.
        on: String,
    },
}

impl Answer {
    /// As the history records it: compact JSON.
    pub fn key(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads [`Answer::key`] back.
    pub fn parse(text: &str) -> Option<Self> {
        let answer: Self = serde_json::from_str(text).ok()?;
        let on = match &answer {
            Answer::Provided { on, .. } | Answer::Declined { on, .. } => on,
        };
        parse_date(on).ok().flatten()?;
        Some(answer)
    }

    /// The day it was answered.
    pub fn on(&self) -> Option<Date> {
        match self {
            Answer::Provided { on, .. } | Answer::Declined { on, .. } => parse_date(on).ok().flatten(),
        }
    }
}

/// A request from the peer team for a document or information.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Stable id, shared by exported copies.
    pub id: Uuid,
    /// What is wanted.
    pub text: String,
    /// The items it concerns, if any.
    pub items: Vec<ItemId>,
    /// Who asked.
    pub asked_by: String,
    /// When.
    pub asked_on: Date,
    /// The council's answer, once given.
    pub answer: Option<Answer>,
}

impl Request {
    /// Open, Provided or Declined.
    pub fn status(&self) -> RequestStatus {
        match self.answer {
            None => RequestStatus::Open,
            Some(Answer::Provided { .. }) => RequestStatus::Provided,
            Some(Answer::Declined { .. }) => RequestStatus::Declined,
        }
    }

    /// How the request stands, in words: "Open since 2026-11-02",
    /// "Provided 2026-11-09 as D4", "Declined 2026-11-09: not held".
    pub fn standing(&self, assessment: &Assessment) -> String {
        match &self.answer {
            None => format!("Open since {}", format_date(Some(self.asked_on))),
            Some(Answer::Provided { document, on }) => match assessment.document_number(*document) {
                Some(number) => format!("Provided {on} as D{number}"),
                None => format!("Provided {on} (the document has since been removed)"),
            },
            Some(Answer::Declined { reason, on }) => format!("Declined {on}: {reason}"),
        }
    }
}

/// A change to the register (the council's, but for `Considered`, the peer team's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentOp {
    /// A new document at the end of the register.
    Add {
        /// Its id, chosen by whoever asks.
        id: Uuid,
        /// Its title.
        title: String,
        /// Reference, date, owner, description.
        particulars: Particulars,
        /// The items it supports.
        items: Vec<ItemId>,
        /// The file, already stored, if attached.
        file: Option<Attached>,
    },
    /// The items it supports, now.
    Link {
        /// The document.
        id: Uuid,
        /// Every item it supports.
        items: Vec<ItemId>,
    },
    /// Attach a file (already stored) to a document.
    Attach {
        /// The document.
        id: Uuid,
        /// The file.
        file: Attached,
    },
    /// The peer team considered it, or not (peer).
    Considered {
        /// The document.
        id: Uuid,
        /// Whether.
        considered: bool,
    },
    /// Correct its title and particulars (council).
    Edit {
        /// The document.
        id: Uuid,
        /// Its title.
        title: String,
        /// Reference, date, owner and description.
        particulars: Particulars,
    },
    /// Take it out of the register.
    Remove {
        /// The document.
        id: Uuid,
    },
}

impl DocumentOp {
    /// The document it changes, if it already exists.
    pub fn document(&self) -> Option<Uuid> {
        match self {
            DocumentOp::Add { .. } => None,
            DocumentOp::Link { id, .. }
            | DocumentOp::Attach { id, .. }
            | DocumentOp::Considered { id, .. }
            | DocumentOp::Edit { id, .. }
            | DocumentOp::Remove { id } => Some(*id),
        }
    }
}

/// A change to the requests: the peer team asks, the council answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestOp {
    /// Ask for something (peer).
    Ask {
        /// Its id, chosen by whoever asks.
        id: Uuid,
        /// What is wanted.
        text: String,
        /// The items it concerns.
        items: Vec<ItemId>,
        /// When.
        on: Date,
    },
    /// Answer it (council).
    Answer {
        /// The request.
        id: Uuid,
        /// Provided or declined.
        answer: Answer,
    },
}

/// The document numbers a text cites, in order and each once: every `D`
/// followed by digits that stands as a word of its own, as in "the budget
/// (D3) and D12". "D3a", "AD3" and "D0" cite nothing.
pub fn cited_numbers(text: &str) -> Vec<usize> {
    let mut cited = Vec::new();
    let mut previous: Option<char> = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c != 'D' || previous.is_some_and(char::is_alphanumeric) {
            previous = Some(c);
            continue;
        }
        let digits = rest.find(|d: char| !d.is_ascii_digit()).unwrap_or(rest.len());
        let (number, after) = rest.split_at(digits);
        let stands_alone = !after.chars().next().is_some_and(char::is_alphanumeric);
        if let Ok(number) = number.parse::<usize>()
            && number > 0
            && stands_alone
            && !cited.contains(&number)
        {
            cited.push(number);
        }
        previous = number.chars().next_back().or(Some(c));
        rest = after;
    }
    cited
}

impl Assessment {
    /// The document numbered `number` (D1 is 1).
    pub fn document(&self, number: usize) -> Option<&Document> {
        number.checked_sub(1).and_then(|index| self.documents.get(index))
    }

    /// The number the register prints for a document.
    pub fn document_number(&self, id: Uuid) -> Option<usize> {
        self.documents.iter().position(|d| d.id == id).map(|at| at + 1)
    }

    /// The documents that support `item`, with their numbers.
    pub fn documents_for(&self, item: &ItemId) -> Vec<(usize, &Document)> {
        (1..)
            .zip(&self.documents)
            .filter(|(_, document)| document.items.contains(item))
            .collect()
    }

    /// "D1, D4": the documents that support `item`, or empty.
    pub fn evidence_numbers(&self, item: &ItemId) -> String {
        self.documents_for(item)
            .into_iter()
            .map(|(number, _)| format!("D{number}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The first citation, in any item's basis or notes, of a document
    /// numbered `number` or later: what removing the document numbered
    /// `number` would renumber. Citations of numbers past the register's end
    /// name nothing and do not count.
    pub fn citation_from(&self, number: usize) -> Option<(&ItemId, &'static str, usize)> {
        let last = self.documents.len();
        self.answers.iter().find_map(|(item, answer)| {
            [("basis", &answer.basis), ("notes", &answer.notes)]
                .into_iter()
                .find_map(|(field, text)| {
                    cited_numbers(text)
                        .into_iter()
                        .find(|cited| (number..=last).contains(cited))
                        .map(|cited| (item, field, cited))
                })
        })
    }

    /// How many documents the peer team considered.
    pub fn documents_considered(&self) -> usize {
        self.documents.iter().filter(|d| d.considered).count()
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for RequestStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_lowercase().as_str() {
            "open" => Ok(RequestStatus::Open),
            "provided" => Ok(RequestStatus::Provided),
            "declined" => Ok(RequestStatus::Declined),
            _ => Err(format!(
                "“{text}” is not a request status; use open, provided or declined"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_d_and_a_number_standing_alone() {
        assert_eq!(cited_numbers("The budget (D3), D12 and D3 again; D4."), vec![3, 12, 4]);
        assert_eq!(cited_numbers("D1"), vec![1]);
        assert!(cited_numbers("AD3, D3a, D0, D, d3, 3D3").is_empty());
        assert_eq!(cited_numbers("[D7]/D8—D9"), vec![7, 8, 9]);
        assert_eq!(cited_numbers("Ḋ1 é D2"), vec![2]);
    }

    #[test]
    fn recorded_values_round_trip_and_nonsense_is_refused() {
        let attached = Attached {
            sha256: "a".repeat(64),
            size: 12,
            name: "Budget | 2016.pdf".to_owned(),
        };
        assert_eq!(Attached::parse(&attached.key()), Some(attached));
        assert_eq!(
            Attached::parse(&format!("{}|12|x", "A".repeat(64))),
            None,
            "upper-case hex"
        );
        assert_eq!(
            Attached::parse(&format!("{}|{}|x", "a".repeat(64), MAX_ATTACHMENT_BYTES + 1)),
            None
        );
        let particulars = Particulars {
            reference: "FIN/2016/3".to_owned(),
            date: "2016-04-01".to_owned(),
            ..Particulars::default()
        };
        assert_eq!(Particulars::parse(&particulars.key()), Some(particulars));
        assert_eq!(Particulars::parse(r#"{"date":"soon"}"#), None);
        let answer = Answer::Declined {
            reason: "Not held".to_owned(),
            on: "2026-11-09".to_owned(),
        };
        assert_eq!(Answer::parse(&answer.key()), Some(answer));
        assert_eq!(Answer::parse(r#"{"status":"maybe"}"#), None);
        assert_eq!(parse_items(" 1.1, 2.3 ,"), [ItemId::new("1.1"), ItemId::new("2.3")]);
        assert_eq!(items_key(&parse_items("1.1,2.3")), "1.1,2.3");
    }
}
