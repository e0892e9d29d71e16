//! The links a new version makes: reopening marks the Final version as
//! superseded by the new one, which records where it came from; a progress
//! review records the assessment it reviews. Each is a change like any
//! other, recorded in the history of the assessment it is about.

use time::OffsetDateTime;

use crate::domain::{Assessment, AssessmentId, Author, Change, Subject, change::AssessmentField};

/// One link to record.
pub(super) struct Link {
    /// The assessment whose history records it.
    pub on: AssessmentId,
    /// The change.
    pub change: Change,
    /// Whether it changes that assessment now (else the new assessment was
    /// made holding it, and the change records how it came to).
    pub made_here: bool,
}

/// The links between `current` and the assessment `made` from it.
pub(super) fn links(current: &Assessment, made: &Assessment, author: &Author, now: OffsetDateTime) -> Vec<Link> {
    let link = |on: AssessmentId, field, to: AssessmentId, made_here| Link {
        on,
        change: Change::new(Subject::Assessment(field), (None, Some(to.to_string())), author, now),
        made_here,
    };
    let mut links = Vec::new();
    if made.supersedes == Some(current.id) {
        links.push(link(current.id, AssessmentField::SupersededBy, made.id, true));
        links.push(link(made.id, AssessmentField::Supersedes, current.id, false));
    }
    if made.baseline == Some(current.id) {
        links.push(link(made.id, AssessmentField::Baseline, current.id, false));
    }
    links
}
