//! The contents a pack opens with: each section and, under a report's
//! section, the sub-headings its team wrote among the paragraphs — in the
//! PDF's contents page and bookmarks and the Word file's contents alike.

use super::{Pack, Section};

/// One line of the contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentsEntry {
    /// What it says.
    pub title: String,
    /// 1 for a section, 2 for a sub-heading in one.
    pub level: u8,
    /// The Word bookmark its heading carries, which the entry links to.
    pub bookmark: String,
}

/// The Word bookmark of section `section` (1 is the first), or of its
/// `sub`-th sub-heading (0 for the section itself).
pub fn bookmark_key(section: usize, sub: usize) -> String {
    if sub == 0 {
        format!("_Toc{section:04}")
    } else {
        format!("_Toc{section:04}_{sub:03}")
    }
}

impl Pack {
    /// Every line of the contents, in order.
    pub fn contents(&self) -> Vec<ContentsEntry> {
        let mut entries = Vec::new();
        for (index, section) in (1..).zip(&self.sections) {
            entries.push(ContentsEntry {
                title: section.title(),
                level: 1,
                bookmark: bookmark_key(index, 0),
            });
            if let Section::Part(part) = section {
                let subheadings = part.paragraphs.iter().filter(|paragraph| paragraph.subheading);
                for (sub, paragraph) in (1..).zip(subheadings) {
                    entries.push(ContentsEntry {
                        title: paragraph.text.clone(),
                        level: 2,
                        bookmark: bookmark_key(index, sub),
                    });
                }
            }
        }
        entries
    }
}
