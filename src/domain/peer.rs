//! The peer team's own writing, as ordered lists of entries: per section,
//! strengths and areas for consideration; the key messages; the report's
//! numbered paragraphs (in the background, the key messages and each
//! section) and sub-headed bullet lists; and the sections the team adds
//! beside the framework's themes. Each entry is written in the Peer role
//! and travels, merges and is recorded on its own.

use std::{fmt, str::FromStr};

use uuid::Uuid;

/// A section of the peer team's report: one of the framework's themes, or
/// a section the team added (an entry of [`ListKind::Sections`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionRef {
    /// The theme with this number.
    Theme(u8),
    /// The added section with this entry id.
    Added(Uuid),
}

impl SectionRef {
    /// The stored name: `3` for theme 3, `section:<id>` for an added one.
    pub fn key(self) -> String {
        match self {
            SectionRef::Theme(number) => number.to_string(),
            SectionRef::Added(id) => format!("section:{id}"),
        }
    }
}

impl FromStr for SectionRef {
    type Err = UnknownList;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.strip_prefix("section:") {
            Some(id) => Uuid::parse_str(id)
                .map(SectionRef::Added)
                .map_err(|_| UnknownList(text.to_owned())),
            None => text
                .parse::<u8>()
                .map(SectionRef::Theme)
                .map_err(|_| UnknownList(text.to_owned())),
        }
    }
}

/// Where a run of numbered paragraphs sits in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The background, after the paragraphs the report writes itself.
    Background,
    /// Under the key messages.
    KeyMessages,
    /// In a section.
    Section(SectionRef),
}

impl Place {
    fn key(self) -> String {
        match self {
            Place::Background => "background".to_owned(),
            Place::KeyMessages => "key_messages".to_owned(),
            Place::Section(section) => section.key(),
        }
    }

    fn parse(text: &str) -> Result<Self, UnknownList> {
        match text {
            "background" => Ok(Place::Background),
            "key_messages" => Ok(Place::KeyMessages),
            other => other.parse().map(Place::Section),
        }
    }
}

/// Which ordered list an entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListKind {
    /// A section's strengths.
    Strengths(SectionRef),
    /// A section's areas for consideration.
    Areas(SectionRef),
    /// The assessment's key messages.
    KeyMessages,
    /// The sections the peer team adds to its report; each entry's text is
    /// the section's title.
    Sections,
    /// Numbered paragraphs in one place of the report.
    Paragraphs(Place),
    /// A section's bullet lists, each under its own sub-heading; each
    /// entry's first line is the sub-heading, and every later line a bullet.
    Bullets(SectionRef),
}

impl ListKind {
    /// The stored name, e.g. `strengths:2`, `paragraphs:background`.
    pub fn key(self) -> String {
        match self {
            ListKind::Strengths(section) => format!("strengths:{}", section.key()),
            ListKind::Areas(section) => format!("areas:{}", section.key()),
            ListKind::KeyMessages => "key_messages".to_owned(),
            ListKind::Sections => "sections".to_owned(),
            ListKind::Paragraphs(place) => format!("paragraphs:{}", place.key()),
            ListKind::Bullets(section) => format!("bullets:{}", section.key()),
        }
    }

    /// The heading with where it is: "Strengths (theme 2)", "Key messages".
    pub fn title(self) -> String {
        let section = |section: SectionRef| match section {
            SectionRef::Theme(number) => format!("theme {number}"),
            SectionRef::Added(_) => "an added section".to_owned(),
        };
        match self {
            ListKind::Strengths(at) | ListKind::Areas(at) | ListKind::Bullets(at) => {
                format!("{} ({})", self.label(), section(at))
            }
            ListKind::Paragraphs(Place::Background) => "Paragraphs (background)".to_owned(),
            ListKind::Paragraphs(Place::KeyMessages) => "Paragraphs (key messages)".to_owned(),
            ListKind::Paragraphs(Place::Section(at)) => format!("Paragraphs ({})", section(at)),
            ListKind::KeyMessages | ListKind::Sections => self.label().to_owned(),
        }
    }

    /// The heading people read.
    pub fn label(self) -> &'static str {
        match self {
            ListKind::Strengths(_) => "Strengths",
            ListKind::Areas(_) => "Areas for consideration",
            ListKind::KeyMessages => "Key messages",
            ListKind::Sections => "Report sections",
            ListKind::Paragraphs(_) => "Paragraphs",
            ListKind::Bullets(_) => "Bullet lists",
        }
    }

    /// The section this list belongs to, if it belongs to one.
    pub fn section(self) -> Option<SectionRef> {
        match self {
            ListKind::Strengths(at)
            | ListKind::Areas(at)
            | ListKind::Bullets(at)
            | ListKind::Paragraphs(Place::Section(at)) => Some(at),
            _ => None,
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
        let unknown = || UnknownList(text.to_owned());
        match text.split_once(':') {
            Some(("strengths", rest)) => rest.parse().map(ListKind::Strengths).map_err(|_| unknown()),
            Some(("areas", rest)) => rest.parse().map(ListKind::Areas).map_err(|_| unknown()),
            Some(("bullets", rest)) => rest.parse().map(ListKind::Bullets).map_err(|_| unknown()),
            Some(("paragraphs", rest)) => Place::parse(rest).map(ListKind::Paragraphs).map_err(|_| unknown()),
            None if text == "key_messages" => Ok(ListKind::KeyMessages),
            None if text == "sections" => Ok(ListKind::Sections),
            _ => Err(unknown()),
        }
    }
}

/// A bullet list under its own sub-heading, as a [`ListKind::Bullets`]
/// entry holds it: the first line the sub-heading, each later line a bullet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulletList {
    /// "Corporate resource pressures".
    pub heading: String,
    /// The bullets, in order.
    pub items: Vec<String>,
}

impl BulletList {
    /// Reads an entry's text; blank lines are ignored.
    pub fn parse(text: &str) -> Self {
        let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
        Self {
            heading: lines.next().unwrap_or_default().to_owned(),
            items: lines
                .map(|line| line.trim_start_matches(['-', '•', '*']).trim_start().to_owned())
                .collect(),
        }
    }

    /// The entry text for this list.
    pub fn text(&self) -> String {
        std::iter::once(self.heading.as_str())
            .chain(self.items.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n")
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

/// Everything the peer team writes as lists.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PeerLists {
    /// Every entry, each list in its order.
    pub entries: Vec<ListEntry>,
}

/// Lists whose entries were given new ids, and which new id each old one got.
pub struct Renumbered {
    /// The lists, with new ids.
    pub lists: PeerLists,
    new_ids: std::collections::HashMap<Uuid, Uuid>,
}

impl Renumbered {
    /// Where an added section went: its new id (a theme stays as it is).
    pub fn section(&self, section: SectionRef) -> SectionRef {
        match section {
            SectionRef::Added(old) => SectionRef::Added(self.new_ids.get(&old).copied().unwrap_or(old)),
            theme @ SectionRef::Theme(_) => theme,
        }
    }

    /// The new id of an entry, if it was one of the lists'.
    pub fn entry(&self, old: Uuid) -> Option<Uuid> {
        self.new_ids.get(&old).copied()
    }

    fn list(&self, list: ListKind) -> ListKind {
        match list {
            ListKind::Strengths(at) => ListKind::Strengths(self.section(at)),
            ListKind::Areas(at) => ListKind::Areas(self.section(at)),
            ListKind::Bullets(at) => ListKind::Bullets(self.section(at)),
            ListKind::Paragraphs(Place::Section(at)) => ListKind::Paragraphs(Place::Section(self.section(at))),
            other => other,
        }
    }
}

impl PeerLists {
    /// A copy with a new id for every entry; lists that name an added
    /// section name its new id.
    pub fn renumbered(&self) -> Renumbered {
        let mut renumbered = Renumbered {
            lists: self.clone(),
            new_ids: self.entries.iter().map(|entry| (entry.id, Uuid::new_v4())).collect(),
        };
        let lists: Vec<ListEntry> = self
            .entries
            .iter()
            .map(|entry| ListEntry {
                id: renumbered.new_ids[&entry.id],
                list: renumbered.list(entry.list),
                text: entry.text.clone(),
            })
            .collect();
        renumbered.lists.entries = lists;
        renumbered
    }

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
                field: "peer challenge report",
                owner: Role::Peer,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_names_round_trip_and_old_names_still_read() {
        let section = SectionRef::Added(Uuid::from_u128(7));
        for list in [
            ListKind::Strengths(SectionRef::Theme(2)),
            ListKind::Areas(section),
            ListKind::KeyMessages,
            ListKind::Sections,
            ListKind::Paragraphs(Place::Background),
            ListKind::Paragraphs(Place::KeyMessages),
            ListKind::Paragraphs(Place::Section(section)),
            ListKind::Bullets(SectionRef::Theme(5)),
        ] {
            assert_eq!(list.key().parse::<ListKind>().ok(), Some(list), "{list}");
        }
        assert_eq!(
            ListKind::Strengths(SectionRef::Theme(2)).key(),
            "strengths:2",
            "as files have always said"
        );
        for bad in [
            "strengths:x",
            "paragraphs:",
            "bullets:section:nope",
            "sections:1",
            "areas",
        ] {
            assert!(bad.parse::<ListKind>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bullet_list_is_a_heading_and_its_lines() {
        let list = BulletList::parse("Corporate resource pressures\n- Business rate appeals\n\n• Transport  ");
        assert_eq!(list.heading, "Corporate resource pressures");
        assert_eq!(list.items, ["Business rate appeals", "Transport"]);
        assert_eq!(BulletList::parse(&list.text()), list);
    }
}
