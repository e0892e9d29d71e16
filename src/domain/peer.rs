//! The peer team's own writing: per theme, strengths and areas for
//! consideration, and for the whole assessment, key messages. Each is an
//! ordered list of short texts, written in the Peer role.

use std::{fmt, str::FromStr};

use uuid::Uuid;

/// Which ordered list an entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListKind {
    /// A theme's strengths.
    Strengths(u8),
    /// A theme's areas for consideration.
    Areas(u8),
    /// The assessment's key messages.
    KeyMessages,
}

impl ListKind {
    /// The stored name, e.g. `strengths:2`.
    pub fn key(self) -> String {
        match self {
            ListKind::Strengths(theme) => format!("strengths:{theme}"),
            ListKind::Areas(theme) => format!("areas:{theme}"),
            ListKind::KeyMessages => "key_messages".to_owned(),
        }
    }

    /// The heading with its theme: "Strengths (theme 2)", "Key messages".
    pub fn title(self) -> String {
        match self {
            ListKind::Strengths(theme) | ListKind::Areas(theme) => format!("{} (theme {theme})", self.label()),
            ListKind::KeyMessages => self.label().to_owned(),
        }
    }

    /// The heading people read.
    pub fn label(self) -> &'static str {
        match self {
            ListKind::Strengths(_) => "Strengths",
            ListKind::Areas(_) => "Areas for consideration",
            ListKind::KeyMessages => "Key messages",
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// A stored list name that is not known.
#[derive(Debug, thiserror::Error)]
#[error("unknown list “{0}”")]
pub struct UnknownList(pub String);

impl FromStr for ListKind {
    type Err = UnknownList;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let theme = |rest: &str| rest.parse::<u8>().map_err(|_| UnknownList(text.to_owned()));
        match text.split_once(':') {
            Some(("strengths", rest)) => Ok(ListKind::Strengths(theme(rest)?)),
            Some(("areas", rest)) => Ok(ListKind::Areas(theme(rest)?)),
            None if text == "key_messages" => Ok(ListKind::KeyMessages),
            _ => Err(UnknownList(text.to_owned())),
        }
    }
}

/// One entry of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListEntry {
    /// Stable id, so edits and moves travel between copies.
    pub id: Uuid,
    /// Which list.
    pub list: ListKind,
    /// The text.
    pub text: String,
}

/// The longest entry we accept, in characters.
pub const MAX_ENTRY_CHARS: usize = 20_000;

/// Everything the peer team writes beyond the per-item fields.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PeerLists {
    /// Every entry, each list in its order.
    pub entries: Vec<ListEntry>,
}

impl PeerLists {
    /// The entries of one list, in order.
    pub fn list(&self, list: ListKind) -> impl Iterator<Item = &ListEntry> {
        self.entries.iter().filter(move |entry| entry.list == list)
    }

    /// Whether anything has been written.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A change to one of the peer team's lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListOp {
    /// Add an entry at the end of a list.
    Add {
        /// Which list.
        list: ListKind,
        /// The text.
        text: String,
    },
    /// Replace an entry's text.
    Edit {
        /// The entry.
        id: Uuid,
        /// The new text.
        text: String,
    },
    /// Move an entry one place up (earlier) or down.
    Move {
        /// The entry.
        id: Uuid,
        /// Towards the start of the list.
        up: bool,
    },
    /// Remove an entry.
    Remove {
        /// The entry.
        id: Uuid,
    },
}

impl super::assessment::Assessment {
    /// Whether `role` may change the peer team's lists now.
    pub fn check_list_edit(&self, role: super::role::Role) -> Result<(), super::edit::EditRefused> {
        use super::{edit::EditRefused, role::Role};
        super::rules::frozen(self)?;
        if role != Role::Peer {
            return Err(EditRefused::OtherRole {
                field: "list of findings and key messages",
                owner: Role::Peer,
            });
        }
        Ok(())
    }
}
