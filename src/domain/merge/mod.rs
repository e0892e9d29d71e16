//! Merging two copies of one assessment, field by field.
//!
//! Every recorded change carries an id that stays the same in every copy it
//! travels to, so each field's history is a set of change ids. For each field
//! (an answer's score or text, a finding, a scope question or response, a
//! team member, an action's part, the order of a list, the status, the
//! lock, the visit dates, the details):
//!
//! - their changes ⊆ mine: nothing new arrives, keep mine;
//! - my changes ⊆ theirs: they saw everything I did and more, take theirs;
//! - otherwise both sides changed it since they last shared a copy: equal
//!   values are no conflict; list order, status and lock resolve themselves
//!   (combined in the order written, furthest status, latest lock); anything
//!   else is a conflict the person merging resolves.
//!
//! Before anything is planned, the file must be consistent and its changes
//! allowed: each incoming change reads back and may be made by its author's
//! role to our copy as the rules say ([`crate::domain::rules::may_change`]:
//! ownership, Final, superseded, the lock); the newest change to each field
//! holds the file's value (history the data does not bear out is refused);
//! no change links versions; and a file that shares no history with our
//! copy and names another organisation is not a copy of it. What the merge
//! then takes is applied change by change, each value checked by the rules
//! ([`crate::domain::rules::valid`]) and applied as every change is.

mod apply;
mod checks;
mod keys;
mod signers;

use std::collections::BTreeSet;

use time::OffsetDateTime;
use uuid::Uuid;

use self::checks::{check_borne_out, check_identity, check_incoming, check_starts};
use self::keys::{History, histories, is_automatic, is_text, keys_of, label, shown, value};
pub use self::{
    apply::{accept_keys, keep_both, merge, reconcile},
    checks::check_replica,
    keys::{Key, Kinds, entry_kinds},
};
use super::{
    assessment::{Assessment, Status},
    change::{AssessmentField, Change, MalformedChange, Subject},
    role::{Author, Role},
    roster::RosterEntry,
    rules::Refused,
};

/// One copy of an assessment with every change recorded in it.
#[derive(Clone, Copy, Debug)]
pub struct Replica<'a> {
    /// The assessment as that copy has it now.
    pub assessment: &'a Assessment,
    /// Every change that copy has recorded.
    pub log: &'a [Change],
}

/// Why a file cannot be merged at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeRefused {
    /// The copies answer different frameworks.
    #[error("the file answers framework {theirs}, but this assessment answers {mine}")]
    OtherFramework {
        /// Ours.
        mine: String,
        /// The file's.
        theirs: String,
    },
    /// A change was made in the role that does not own the field.
    #[error(
        "the file changes the {what} as {who} in the {role} role, but only the {owner} role may change it; nothing was imported"
    )]
    CrossesOwnership {
        /// What it changes.
        what: String,
        /// Who it says made the change.
        who: String,
        /// The role it was made in.
        role: Role,
        /// The role that owns the field.
        owner: Role,
    },
    /// Our copy is Final or superseded and the file would change it.
    #[error("{0}; the file would change it, so nothing was imported")]
    Frozen(&'static str),
    /// Our self-assessment is locked and the file changes it.
    #[error(
        "the self-assessment in this copy is locked (it was submitted to the peer team) and the file changes {0}; the council must unlock it first. Nothing was imported"
    )]
    Locked(String),
    /// A change names an entry as something it is not.
    #[error(
        "the file records a change to {claims} for an entry that is a {is}; the file is not consistent, so nothing was imported"
    )]
    Mislabelled {
        /// What the change says it touches.
        claims: String,
        /// What the entry is.
        is: String,
    },
    /// A change whose parts do not fit together.
    #[error("{0}; nothing was imported")]
    Malformed(#[from] MalformedChange),
    /// The file's history says a field holds what its data does not.
    #[error(
        "the file records that {what} was changed to {recorded}, but the file holds {holds}: its history and its data disagree, so nothing was imported (ask for a fresh export)"
    )]
    NotBorneOut {
        /// The field.
        what: String,
        /// What its newest change says.
        recorded: String,
        /// What the file holds.
        holds: String,
    },
    /// A change starts from a value the field never held.
    #[error(
        "the file records a change to {what} from {from}, a value it never held in this copy or in the file's history; its history is not consistent, so nothing was imported"
    )]
    NeverHeld {
        /// The field.
        what: String,
        /// The value the change says it started from.
        from: String,
    },
    /// A change or value the rules refuse.
    #[error("the file's change to {what} cannot be taken: {refused}; nothing was imported")]
    Refused {
        /// The field.
        what: String,
        /// Why.
        refused: Refused,
    },
    /// A change the file brings that is not as its author signed it.
    #[error("the file's change to {what} by {who} {problem}; nothing was imported")]
    BadSignature {
        /// The field.
        what: String,
        /// Who the change names.
        who: String,
        /// What is wrong with its signature.
        problem: crate::domain::signing::BadSignature,
    },
    /// A change both copies hold, said differently in the file.
    #[error(
        "the file's copy of the change to {what} by {who} differs from the one this copy holds, so it no longer matches its author's signature; nothing was imported"
    )]
    Altered {
        /// The field.
        what: String,
        /// Who the change names.
        who: String,
    },
    /// Keys the roster does not know, not accepted.
    #[error(
        "the file has changes signed by keys this assessment's roster does not know: {who}. Check each fingerprint with its owner (in person or by phone), then accept it — in the app, or with --accept \"{fingerprint}\" on the command line; nothing was imported"
    )]
    NotAccepted {
        /// Each key, described.
        who: String,
        /// The first one's fingerprint, for the example.
        fingerprint: String,
    },
    /// A key the roster does not know, which the person merging may not add.
    #[error(
        "the file has changes signed by {who}, whose key is not on this assessment's roster, and only {adds} can accept it: send the file to them; nothing was imported"
    )]
    CannotAccept {
        /// The key, described.
        who: String,
        /// Who may add it.
        adds: &'static str,
    },
    /// One key signing for both sides.
    #[error(
        "the file has changes signed by one key, {who}, for both the council and the peer team; nothing was imported"
    )]
    TwoSides {
        /// The key, described.
        who: String,
    },
    /// The file is for another organisation and shares no history with ours.
    #[error(
        "the file is for “{theirs}”, but this assessment is for “{mine}” and the two share no recorded change, so they are not copies of one assessment; nothing was imported"
    )]
    NotTheSameAssessment {
        /// Our organisation.
        mine: String,
        /// The file's.
        theirs: String,
    },
}

/// How a change reached the merged copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    /// Only the file changed it.
    Theirs,
    /// Both changed it; a rule chose (the text says which).
    Automatic(&'static str),
}

/// A change the merge makes without asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The field.
    pub key: Key,
    /// What people read, e.g. "2.3 Peer score".
    pub label: String,
    /// Our value, as people read it.
    pub from: Option<String>,
    /// The merged value, as people read it (for list order: worked out
    /// when applied).
    pub to: Option<String>,
    /// The merged value as recorded (for status and lock: the one chosen).
    pub value: Option<String>,
    /// Why.
    pub how: How,
}

/// A field both sides changed to different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The field.
    pub key: Key,
    /// What people read.
    pub label: String,
    /// Our value.
    pub mine: Option<String>,
    /// The file's value.
    pub theirs: Option<String>,
    /// Who last changed ours.
    pub mine_by: String,
    /// Who last changed theirs.
    pub theirs_by: String,
    /// Whether "keep both" is offered: text fields owned by the merging role.
    pub both_allowed: bool,
}

/// How a conflict is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Keep our value.
    Mine,
    /// Take the file's value.
    Theirs,
    /// Keep both texts, each labelled with its author.
    Both,
}

impl Resolution {
    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Resolution::Mine => "Keep mine",
            Resolution::Theirs => "Take theirs",
            Resolution::Both => "Keep both",
        }
    }
}

/// What a merge would do, worked out before anything changes.
#[derive(Clone, Debug, Default)]
pub struct MergePlan {
    /// Changes made without asking.
    pub changes: Vec<Planned>,
    /// Fields that need a choice.
    pub conflicts: Vec<Conflict>,
    /// Changes recorded in the file that we have not seen.
    pub incoming: Vec<Change>,
    /// What each entry of either copy is.
    pub kinds: Kinds,
    /// Keys that signed the file's changes but are not on the roster: the
    /// person merging must accept each (as shown here) for it to be merged.
    pub strangers: Vec<RosterEntry>,
    /// How many of the file's new changes are unsigned (made before signing).
    pub unsigned: usize,
}

impl MergePlan {
    /// Whether merging would change nothing but add history.
    pub fn changes_nothing(&self) -> bool {
        self.changes.is_empty() && self.conflicts.is_empty()
    }
}

/// The merged copy and everything to store with it.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged assessment.
    pub assessment: Assessment,
    /// Changes to add to our history: the file's new ones and any "keep
    /// both", each marked declined where the merged copy holds another value.
    pub new_log: Vec<Change>,
    /// Changes already in our history that the merged copy no longer holds.
    pub declined: Vec<Uuid>,
    /// What happened, for people.
    pub report: MergeReport,
}

/// What a merge did, stored with the assessment and printable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeReport {
    /// Where the changes came from, e.g. a file name.
    pub source: String,
    /// Who merged.
    pub author: Author,
    /// When.
    pub at: OffsetDateTime,
    /// One line per change, conflict and resolution.
    pub lines: Vec<String>,
}

impl MergeReport {
    /// The report as plain text.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Works out what merging `theirs` into `mine` would do, as `merger` (whose
/// role decides whether "keep both" is offered, and whose key would accept
/// keys the roster does not know). Changes nothing.
pub fn plan(mine: Replica<'_>, theirs: Replica<'_>, merger: &Author) -> Result<MergePlan, MergeRefused> {
    if mine.assessment.framework != theirs.assessment.framework {
        return Err(MergeRefused::OtherFramework {
            mine: mine.assessment.framework.to_string(),
            theirs: theirs.assessment.framework.to_string(),
        });
    }
    let kinds = entry_kinds(&[mine, theirs])?;
    let seen: BTreeSet<Uuid> = mine.log.iter().map(|change| change.id).collect();
    let incoming: Vec<Change> = theirs
        .log
        .iter()
        .filter(|change| !seen.contains(&change.id))
        .cloned()
        .collect();
    for change in &incoming {
        change.check_values()?;
    }
    let unsigned = signers::check_signatures(mine.log, theirs)?;
    let settled = signers::settle(mine.assessment, &incoming, merger)?;
    // Only a field an incoming change touches can have history ours lacks.
    let touched: BTreeSet<Key> = incoming.iter().flat_map(|change| keys_of(change, &kinds)).collect();
    let mine_histories = histories(mine.log, &kinds, &touched);
    let theirs_histories = histories(theirs.log, &kinds, &touched);
    let mut result = MergePlan {
        incoming,
        kinds,
        strangers: settled.strangers,
        unsigned,
        ..MergePlan::default()
    };
    let empty = (BTreeSet::new(), None);
    for (key, theirs_history) in &theirs_histories {
        let mine_history = mine_histories.get(key).unwrap_or(&empty);
        if theirs_history.0.is_subset(&mine_history.0) {
            continue;
        }
        let ours = value(mine.assessment, key, &result.kinds);
        let their_value = value(theirs.assessment, key, &result.kinds);
        if mine_history.0.is_subset(&theirs_history.0) {
            if ours != their_value {
                result
                    .changes
                    .push(planned(key, &result.kinds, (ours, their_value), How::Theirs));
            }
            continue;
        }
        if ours == their_value {
            continue;
        }
        match both_changed(
            key,
            (ours, their_value),
            (mine_history, theirs_history),
            &result.kinds,
            merger.role,
        ) {
            Both::Automatic(change) => result.changes.push(change),
            Both::Conflict(conflict) => result.conflicts.push(conflict),
            Both::Same => {}
        }
    }
    check_incoming(mine.assessment, (&settled.roster, merger.key), &result)?;
    check_borne_out(theirs, &theirs_histories, &result)?;
    check_starts(mine, theirs, &result)?;
    check_identity(mine, theirs, result.incoming.len())?;
    Ok(result)
}

fn planned(key: &Key, kinds: &Kinds, (ours, theirs): (Option<String>, Option<String>), how: How) -> Planned {
    Planned {
        key: key.clone(),
        label: label(key, kinds),
        from: shown(key, kinds, ours.as_deref()),
        to: shown(key, kinds, theirs.as_deref()),
        value: theirs,
        how,
    }
}

/// What to do with a field both sides changed to different values.
enum Both {
    /// A rule decides.
    Automatic(Planned),
    /// The person merging decides.
    Conflict(Conflict),
    /// The rule's choice is what we have.
    Same,
}

/// A field both sides changed to different values: a change a rule makes,
/// a conflict for the person merging, or nothing to do.
fn both_changed(
    key: &Key,
    (ours, theirs): (Option<String>, Option<String>),
    (mine_history, theirs_history): (&History<'_>, &History<'_>),
    kinds: &Kinds,
    merger: Role,
) -> Both {
    let automatic = |to: Option<String>, rule: &'static str| {
        if to == ours {
            Both::Same
        } else {
            Both::Automatic(planned(key, kinds, (ours.clone(), to), How::Automatic(rule)))
        }
    };
    if is_automatic(key) {
        return match key {
            Key::Order(_) => Both::Automatic(Planned {
                to: None,
                ..planned(
                    key,
                    kinds,
                    (ours.clone(), None),
                    How::Automatic("combined, in the order the entries were written"),
                )
            }),
            Key::Field(Subject::Assessment(AssessmentField::Status)) => {
                let rank = |value: &String| {
                    value
                        .parse::<Status>()
                        .ok()
                        .and_then(|status| Status::ALL.iter().position(|s| *s == status))
                        .unwrap_or(0)
                };
                let furthest = ours
                    .iter()
                    .chain(theirs.iter())
                    .max_by_key(|value| rank(value))
                    .cloned();
                automatic(furthest, "the status furthest along the workflow")
            }
            _ => {
                let latest = [mine_history.1, theirs_history.1]
                    .into_iter()
                    .flatten()
                    .max_by_key(|change| (change.at, change.id))
                    .and_then(|change| change.to.clone());
                automatic(latest, "the latest lock or unlock")
            }
        };
    }
    let by = |history: &History<'_>| {
        history
            .1
            .map_or_else(|| "unknown".to_owned(), |change| change.author.describe())
    };
    let owner = keys::subject_of(key, kinds).and_then(|subject| owner_of(&subject));
    Both::Conflict(Conflict {
        key: key.clone(),
        label: label(key, kinds),
        both_allowed: is_text(key, kinds)
            && ours.is_some()
            && theirs.is_some()
            && owner.is_none_or(|role| role == merger),
        mine: shown(key, kinds, ours.as_deref()),
        theirs: shown(key, kinds, theirs.as_deref()),
        mine_by: by(mine_history),
        theirs_by: by(theirs_history),
    })
}

/// The role that owns a field, as far as the field alone says.
fn owner_of(subject: &Subject) -> Option<Role> {
    match subject {
        Subject::Answer(_, field) => Some(field.owner()),
        Subject::Entry(_, field) => field.kind().map(super::change::EntryKind::owner),
        Subject::Assessment(_) | Subject::Roster(_) => None,
    }
}
