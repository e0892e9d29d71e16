//! Marking what is drawn for the structure tree: each run of ops is
//! content of the element it is drawn in, with a marked-content id, or an
//! artifact; content drawn straight after into the same element joins the
//! sequence before it, so a paragraph's lines are one sequence.

use std::collections::BTreeMap;

use printpdf::{DictItem, Op};

use super::{Canvas, Stuff};
use crate::packs::pdf::tags::Tag;

impl Canvas {
    /// Adds ops to the page, marked as content of the current element or as
    /// an artifact.
    pub(super) fn put(&mut self, stuff: Stuff, ops: impl IntoIterator<Item = Op>) {
        let page = self.page_index();
        if !self.tagged {
            self.pages[page].ops.extend(ops);
            return;
        }
        let artifact = self.tags.is_artifact() || (stuff == Stuff::Drawing && !self.tags.in_figure());
        if let Some(mcid) = self.joins(page, artifact) {
            let target = &mut self.pages[page].ops;
            target.pop();
            target.extend(ops);
            target.push(Op::EndMarkedContent);
            self.last_sequence = Some((page, target.len(), mcid));
            return;
        }
        let mut opened = false;
        let begin = if artifact {
            Op::BeginMarkedContent {
                tag: "Artifact".to_owned(),
            }
        } else {
            if self.tags.wants_paragraph() {
                self.tags.open(Tag::P);
                opened = true;
            }
            let mcid = self.tags.mark(page);
            self.last_sequence = Some((page, 0, Some(mcid)));
            Op::BeginMarkedContentWithProperties {
                tag: self.tags.current_name().to_owned(),
                properties: DictItem::Dict {
                    map: BTreeMap::from([("MCID".to_owned(), DictItem::Int(i64::from(mcid)))]),
                },
            }
        };
        let target = &mut self.pages[page].ops;
        target.push(begin);
        target.extend(ops);
        target.push(Op::EndMarkedContent);
        let mcid = if artifact {
            None
        } else {
            self.last_sequence.and_then(|(_, _, mcid)| mcid)
        };
        self.last_sequence = Some((page, target.len(), mcid));
        if opened {
            // Its own paragraph: nothing joins it.
            self.last_sequence = None;
            self.tags.close();
        }
    }

    /// Whether content drawn now joins the sequence drawn last — the same
    /// page, nothing drawn since, and the same element still holding that
    /// sequence last (or both artifacts) — and if so, that sequence's MCID.
    #[allow(clippy::option_option)]
    fn joins(&self, page: usize, artifact: bool) -> Option<Option<u32>> {
        let (on, length, mcid) = self.last_sequence?;
        let same = on == page
            && self.pages[page].ops.len() == length
            && matches!(self.pages[page].ops.last(), Some(Op::EndMarkedContent))
            && match mcid {
                None => artifact,
                Some(mcid) => !artifact && !self.tags.wants_paragraph() && self.tags.last_mark(page) == Some(mcid),
            };
        same.then_some(mcid)
    }
}
