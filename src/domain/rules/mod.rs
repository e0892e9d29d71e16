//! Whether a change may happen: the one place every rule lives. Every
//! change — typed in the app, given on the command line, read from a
//! workbook, merged from an exchange file, carried by a bundle — is a
//! [`Change`], and [`check`] is asked about each before it is applied, with
//! the same arguments whatever its source. A rule cannot be enforced by one
//! front end and forgotten by another.
//!
//! The rules, in the order they are asked:
//! 1. what the change names exists (the item, the entry as what it is);
//! 2. its signer may make it: once the assessment has a roster, the key that
//!    signed it stands on the roster for the side the change claims
//!    ([`signers`]); and that side may change that field now ([`access`]):
//!    each field belongs to one role, a submitted self-assessment is locked
//!    until the council unlocks it, a Final assessment (but for its action
//!    plan) and a superseded version are frozen;
//! 3. its *from* is the value there now — else it is a conflict;
//! 4. the workflow allows it: Draft → Submitted → Peer review → Final, and
//!    versions are linked only by reopening or starting a review; a key is
//!    added or retired only by those the roster lets manage it;
//! 5. its new value is valid ([`values`], [`plan`], [`evidence`]): texts
//!    within their limits, scores on the framework's scale, dates, and
//!    references to things that exist — sections, findings, documents,
//!    items, other assessments — with every id unique in the database.

mod access;
mod evidence;
mod framework_files;
mod plan;
mod signers;
mod snapshot;
mod values;

use uuid::Uuid;

pub use self::{
    access::{frozen, may_answer, may_change, may_issue_report, may_write_report},
    framework_files::{FrameworkAdd, check_add_framework, check_remove_framework},
    signers::{check_roster, signed_by},
    snapshot::check_new,
};
pub use super::change::describe::Write;
use super::{
    assessment::{Assessment, AssessmentId, DetailsError, Status, TransitionRefused},
    change::{Change, Subject, describe, value},
    edit::EditRefused,
    framework::{Framework, FrameworkRef, NotOnScale},
    role::Author,
};

/// The longest basis, notes or challenge text we accept, in characters
/// (about 200,000 words: far beyond any real answer, well inside the
/// exchange file's size limit).
pub const MAX_ANSWER_CHARS: usize = 1_048_576;

/// What the rules know of an assessment other than the one changing: a
/// baseline, or a version it was reopened from or as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    /// Its council.
    pub organisation: String,
    /// The framework it answers.
    pub framework: FrameworkRef,
    /// Where it is in its life.
    pub status: Status,
    /// The version it was reopened from.
    pub supersedes: Option<AssessmentId>,
    /// The version it was reopened as.
    pub superseded_by: Option<AssessmentId>,
}

/// The database beyond the assessment a change is to: ids are unique in
/// the whole database, and links name assessments it holds.
pub trait World {
    /// Whether an assessment other than `this` already uses `id` for an
    /// entry or a recorded change.
    fn used_elsewhere(&self, id: Uuid, this: AssessmentId) -> bool;
    /// Another assessment, if the database holds it.
    fn linked(&self, id: AssessmentId) -> Option<Linked>;
}

/// A database that holds nothing else: for checking a change against one
/// assessment alone (what a window shows it may do).
#[derive(Clone, Copy, Debug, Default)]
pub struct Alone;

impl World for Alone {
    fn used_elsewhere(&self, _: Uuid, _: AssessmentId) -> bool {
        false
    }

    fn linked(&self, _: AssessmentId) -> Option<Linked> {
        None
    }
}

/// Everything a change is checked against.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The assessment as it is now.
    pub assessment: &'a Assessment,
    /// The framework it answers.
    pub framework: &'a Framework,
    /// For a progress review, the assessment it reviews (its findings are
    /// where the review's actions come from).
    pub baseline: Option<&'a Assessment>,
    /// The rest of the database.
    pub world: &'a dyn World,
    /// Entries a history being merged knows, by what they were, including
    /// those since removed: an action may come from a finding removed after
    /// it was made. `None` when only what is there now counts.
    pub known: Option<&'a std::collections::HashMap<Uuid, super::change::EntryKind>>,
    /// The key of the person working in this copy: their changes are taken
    /// here before anyone has accepted the key onto the roster.
    pub own_key: Option<super::signing::PublicKey>,
}

impl<'a> Context<'a> {
    /// A context of `assessment` alone, in a database holding nothing else.
    pub fn alone(assessment: &'a Assessment, framework: &'a Framework) -> Self {
        Self {
            assessment,
            framework,
            baseline: None,
            world: &Alone,
            known: None,
            own_key: None,
        }
    }
}

/// Why a change may not happen. Each message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Role, lock, Final or superseded.
    #[error(transparent)]
    Edit(#[from] EditRefused),
    /// A status change the workflow does not allow.
    #[error(transparent)]
    Transition(#[from] TransitionRefused),
    /// Organisation or title missing, or a detail too long.
    #[error("{0}")]
    Details(#[from] DetailsError),
    /// The self-assessment is not locked, so there is nothing to unlock.
    #[error("the self-assessment is not locked by submission, so there is nothing to unlock")]
    NotLocked,
    /// The self-assessment is already locked, or was never submitted.
    #[error("only a submitted self-assessment that was unlocked can be locked again")]
    NotUnlocked,
    /// Only the council unlocks or reopens.
    #[error("only the council can {0}; switch role to do it")]
    CouncilOnly(&'static str),
    /// Only a Final assessment can be reopened.
    #[error("only a Final assessment can be reopened as a new version; this one is “{0}”")]
    NotFinal(&'static str),
    /// A score that is not a level of the framework's scale.
    #[error(transparent)]
    NotOnScale(#[from] NotOnScale),
    /// The framework has no such item.
    #[error("there is no item {0} in this assessment's framework")]
    NoSuchItem(String),
    /// The framework has no such theme.
    #[error("there is no theme {number}; themes are numbered 1 to {count}")]
    NoSuchTheme {
        /// The theme asked for.
        number: u8,
        /// How many the framework has.
        count: usize,
    },
    /// The entry to change is not there (removed, perhaps in another window).
    #[error("the {0} to change is not in this assessment (it may have been removed)")]
    NoSuchEntry(&'static str),
    /// Someone else changed the value since it was seen.
    #[error(
        "the {what} was changed by someone else since you saw it (it is now {now}; you saw {seen}); look at theirs and choose which to keep"
    )]
    Conflict {
        /// What was changed, as people read it.
        what: String,
        /// The value there now, quoted.
        now: String,
        /// The value the change was made from, quoted.
        seen: String,
    },
    /// An id another entry, change or assessment already has.
    #[error("the id {0} is already used in this database by something else; ids are never shared")]
    Taken(Uuid),
    /// A link to another assessment that is not true.
    #[error("{0}")]
    Link(String),
    /// A text that is empty or too long, or dates out of order.
    #[error("{0}")]
    Invalid(String),
    /// A framework's id and version already name different text.
    #[error(
        "framework {0} is already in this database with different text; a framework never changes once added, so give the changed text a new version"
    )]
    FrameworkTaken(FrameworkRef),
    /// A built-in framework cannot be removed or replaced.
    #[error("framework {0} is built into Critical Friend; it cannot be removed or replaced")]
    FrameworkBuiltIn(FrameworkRef),
    /// A framework assessments answer cannot be removed.
    #[error(
        "framework {reference} is used by {uses}; a framework in use can never be removed, only superseded by a new version"
    )]
    FrameworkInUse {
        /// Which framework.
        reference: FrameworkRef,
        /// "2 assessments".
        uses: String,
    },
    /// No such framework.
    #[error("there is no framework {0} in this database; `critical-friend framework list` shows those there are")]
    NoSuchFramework(FrameworkRef),
    /// An unsigned change to an assessment that has a roster.
    #[error(
        "a change by {0} is not signed, and this assessment takes only signed changes (it was made with a version of Critical Friend from before signing)"
    )]
    Unsigned(String),
    /// A key the roster does not know.
    #[error(
        "{who} signs with a key that is not on this assessment's roster (fingerprint {fingerprint}); check the fingerprint with them, then accept the key (in the app, or with --accept \"{fingerprint}\" on the command line)"
    )]
    Stranger {
        /// Who the change names.
        who: String,
        /// Their key's fingerprint.
        fingerprint: String,
    },
    /// A key used after it was retired.
    #[error(
        "the key of {who} was retired, and changes it signed after that are refused; the person's new key must be added to the roster"
    )]
    Retired {
        /// The retired entry, described.
        who: String,
    },
    /// A change claiming another side than its signer's.
    #[error(
        "{who}'s key is on this assessment's roster for the {signs_for}, so it cannot sign a change as the {claims}"
    )]
    NotTheirSide {
        /// The signer.
        who: String,
        /// Their standing on the roster.
        signs_for: &'static str,
        /// The side the change claims.
        claims: &'static str,
    },
    /// A change to the roster its signer may not make.
    #[error("{0}")]
    Roster(String),
}

impl From<describe::NotThere> for Refused {
    fn from(missing: describe::NotThere) -> Self {
        Refused::NoSuchEntry(missing.0)
    }
}

/// Whether `change` may be made to the assessment in `context` now. The one
/// rule entry: the app, the command line, workbooks, exchange files and
/// bundles all ask it about every change, with these same arguments.
pub fn check(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    access::exists(context, change)?;
    may_sign(context, change)?;
    let now = value::current(context.assessment, &change.subject);
    if change.from != now {
        return Err(conflict(context, change, now.as_deref()));
    }
    access::workflow(context, change)?;
    check_roster(context.assessment, change)?;
    valid(context, change)
}

/// Whether `change`'s signer may make it: its key stands on the roster for
/// the side it claims ([`signers`]), and that side may change its field now
/// ([`may_change`]). The second rule alone, for a change arriving in a file
/// whose values are checked as they are merged.
pub fn may_sign(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    signed_by(context.assessment, context.own_key, change)?;
    may_change(context.assessment, change.author.role, &change.subject)
}

/// The first control character in `text` other than a tab or a line
/// break, or a Unicode non-character: no text holds one (they break Word
/// files, and an exchange file writes each control as six characters).
fn control_character(text: &str) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r') || matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// Whether the new value of `change` is one the assessment may hold: the
/// fifth rule alone, for a value that arrives with its history already
/// checked (a merge, a new assessment from a file).
pub fn valid(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    if let Some(control) = change.to.as_deref().and_then(control_character) {
        let which = if control == '\0' {
            "a NUL character (a zero byte".to_owned()
        } else {
            format!("a control character (U+{:04X}", u32::from(control))
        };
        return Err(Refused::Invalid(format!(
            "the {} holds {which}, which no text holds; it comes with text pasted or read from a file that is not plain text): remove it",
            crate::text::in_sentence(&change.subject.name())
        )));
    }
    match &change.subject {
        Subject::Answer(..) | Subject::Assessment(_) => values::check_value(context, change),
        // Who may add or retire a key is asked of the change that does it
        // ([`check_roster`]); a value arriving with its history has been.
        Subject::Roster(_) => Ok(()),
        Subject::Entry(..) => match change.subject.entry_kind() {
            Some(kind) if kind.is_plan() => plan::check_value(context, change),
            Some(super::change::EntryKind::Document | super::change::EntryKind::Request) => {
                evidence::check_value(context, change)
            }
            _ => values::check_value(context, change),
        },
    }
}

fn conflict(context: &Context<'_>, change: &Change, now: Option<&str>) -> Refused {
    let quoted = |value: Option<&str>| super::change::preview(value::shown(&change.subject, value).as_deref(), 60);
    Refused::Conflict {
        what: crate::text::in_sentence(&change.label(&context.framework.labels)),
        now: quoted(now),
        seen: quoted(change.from.as_deref()),
    }
}

/// Describes `write` by `author` as changes and checks each against the
/// assessment as the ones before it leave it: all may be made, or none.
/// Returns the changes and the assessment after them.
pub fn check_write(
    context: &Context<'_>,
    write: Write<'_>,
    author: &Author,
    at: time::OffsetDateTime,
) -> Result<(Vec<Change>, Assessment), Refused> {
    access::check_whole(context, write, author.role)?;
    let changes = describe::describe(context.assessment, write, author, at)?;
    let mut after = context.assessment.clone();
    for change in &changes {
        check(
            &Context {
                assessment: &after,
                ..*context
            },
            change,
        )?;
        after
            .apply_change(change)
            .map_err(|error| Refused::Invalid(error.to_string()))?;
    }
    Ok((changes, after))
}

/// Whether `author` may make `write` to `assessment` now, as far as the
/// assessment alone can tell (the rest of the database is not consulted):
/// what a window asks to show a step as available or say why not.
pub fn allows(
    assessment: &Assessment,
    framework: &Framework,
    author: &Author,
    write: Write<'_>,
) -> Result<(), Refused> {
    check_write(
        &Context {
            own_key: author.key,
            ..Context::alone(assessment, framework)
        },
        write,
        author,
        assessment.updated_at,
    )
    .map(drop)
}

#[cfg(test)]
mod tests;
