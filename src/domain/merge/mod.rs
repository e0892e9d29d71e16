//! Merging two copies of one assessment, field by field.
//!
//! Every recorded change carries a UUID that stays the same in every copy it
//! travels to, so each field's history is a set of change ids. For each field
//! (an answer's score or text, a finding, a scope question or response, a
//! team member, the order of a list, the status, the lock, the visit dates,
//! the details):
//!
//! - their changes ⊆ mine: nothing new arrives, keep mine;
//! - my changes ⊆ theirs: they saw everything I did and more, take theirs;
//! - otherwise both sides changed it since they last shared a copy: equal
//!   values are no conflict; list order, status and lock resolve themselves
//!   (combined in the order written, furthest status, latest lock); anything
//!   else is a conflict the person merging resolves.
//!
//! Ownership comes first: every incoming change must have been made in the
//! role that owns its field, or the whole file is refused. Which field an
//! entry's change touches is decided by what the entry is (a finding, a
//! scope question, a team member), never by the label the file gives it. A
//! value that differs without a change behind it never travels, so editing
//! a file by hand cannot move anything. A Final or superseded copy takes
//! nothing, not even history; a locked self-assessment takes no change to
//! the council's answers or scope questions; and a file that shares no
//! history with our copy and names another organisation is not a copy of it.

mod apply;
mod keys;

use std::collections::BTreeSet;

use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    assessment::{Assessment, Status},
    audit::{AuditEntry, AuditField, MalformedChange, TargetKind},
    edit::{Change, Field},
    framework::ItemId,
    role::{Author, Role},
};

#[allow(clippy::wildcard_imports)]
use self::keys::*;
pub use self::{
    apply::{keep_both, merge},
    keys::Key,
};

/// One copy of an assessment with every change recorded in it.
#[derive(Clone, Copy, Debug)]
pub struct Replica<'a> {
    /// The assessment as that copy has it now.
    pub assessment: &'a Assessment,
    /// Every change that copy has recorded.
    pub log: &'a [AuditEntry],
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
    /// Our value.
    pub from: Option<String>,
    /// The merged value (for list order: worked out when applied).
    pub to: Option<String>,
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
    pub incoming: Vec<AuditEntry>,
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
    /// Changes to add to our history: the file's new ones and any "keep both".
    pub new_log: Vec<AuditEntry>,
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
/// role decides whether "keep both" is offered). Changes nothing.
pub fn plan(mine: Replica<'_>, theirs: Replica<'_>, merger: Role) -> Result<MergePlan, MergeRefused> {
    if mine.assessment.framework != theirs.assessment.framework {
        return Err(MergeRefused::OtherFramework {
            mine: mine.assessment.framework.to_string(),
            theirs: theirs.assessment.framework.to_string(),
        });
    }
    let lists = entry_kinds(&[mine, theirs])?;
    let seen: BTreeSet<Uuid> = mine.log.iter().map(|row| row.id).collect();
    let incoming: Vec<AuditEntry> = theirs
        .log
        .iter()
        .filter(|row| !seen.contains(&row.id))
        .cloned()
        .collect();
    check_ownership(&incoming, &lists)?;
    check_identity(mine, theirs, incoming.len())?;

    let mine_histories = histories(mine.log, &lists);
    let theirs_histories = histories(theirs.log, &lists);
    let mut result = MergePlan {
        incoming,
        ..MergePlan::default()
    };
    let empty = (BTreeSet::new(), None);
    for (key, theirs_history) in &theirs_histories {
        let mine_history = mine_histories.get(key).unwrap_or(&empty);
        if theirs_history.0.is_subset(&mine_history.0) {
            continue;
        }
        let ours = value(mine.assessment, key);
        let their_value = value(theirs.assessment, key);
        if mine_history.0.is_subset(&theirs_history.0) {
            if ours != their_value {
                result.changes.push(Planned {
                    key: key.clone(),
                    label: label(key, &lists),
                    from: text_of(ours.as_ref()),
                    to: text_of(their_value.as_ref()),
                    how: How::Theirs,
                });
            }
            continue;
        }
        if ours == their_value {
            continue;
        }
        match both_changed(
            key,
            ours.as_ref(),
            their_value.as_ref(),
            (mine_history, theirs_history),
            &lists,
            merger,
        ) {
            Some(Ok(change)) => result.changes.push(change),
            Some(Err(conflict)) => result.conflicts.push(conflict),
            None => {}
        }
    }
    check_frozen(mine.assessment, &result, &lists)?;
    check_lock(mine.assessment, &result, &lists)?;
    Ok(result)
}

/// A superseded copy takes nothing: no value, no history. A Final copy
/// takes only changes to its action plan, which Final does not freeze.
fn check_frozen(mine: &Assessment, plan: &MergePlan, kinds: &Kinds) -> Result<(), MergeRefused> {
    if plan.changes_nothing() && plan.incoming.is_empty() {
        return Ok(());
    }
    if mine.superseded_by.is_some() {
        return Err(MergeRefused::Frozen(
            "this copy was superseded when the assessment was reopened",
        ));
    }
    let plan_only = plan.incoming.iter().all(|row| {
        let keys = keys_of(row, kinds);
        !keys.is_empty() && keys.iter().all(|key| is_plan(key, kinds))
    });
    if mine.status == Status::Final && !plan_only {
        return Err(MergeRefused::Frozen(
            "this copy is Final and frozen (only its action plan takes changes)",
        ));
    }
    Ok(())
}

/// A locked self-assessment takes no change to the council's answers or
/// scope questions, unless the file also unlocks it.
fn check_lock(mine: &Assessment, plan: &MergePlan, kinds: &Kinds) -> Result<(), MergeRefused> {
    let locked_after = plan
        .changes
        .iter()
        .find(|change| change.key == Key::SelfLocked)
        .map_or(mine.self_locked, |change| change.to.as_deref() == Some("true"));
    if !(mine.self_locked && locked_after) {
        return Ok(());
    }
    for row in &plan.incoming {
        if let Some(key) = keys_of(row, kinds).into_iter().find(|key| is_self_content(key, kinds)) {
            return Err(MergeRefused::Locked(label(&key, kinds)));
        }
    }
    Ok(())
}

/// Two copies of one assessment share history, or at least the council's
/// name: a file with our id that shares neither is some other assessment.
fn check_identity(mine: Replica<'_>, theirs: Replica<'_>, incoming: usize) -> Result<(), MergeRefused> {
    let shares_history = incoming < theirs.log.len();
    let name = |assessment: &Assessment| assessment.details.organisation.trim().to_lowercase();
    if shares_history || theirs.log.is_empty() || name(mine.assessment) == name(theirs.assessment) {
        return Ok(());
    }
    Err(MergeRefused::NotTheSameAssessment {
        mine: mine.assessment.details.organisation.clone(),
        theirs: theirs.assessment.details.organisation.clone(),
    })
}

/// A field both sides changed to different values: a change a rule makes
/// (`Ok`), a conflict for the person merging (`Err`), or nothing to do.
fn both_changed(
    key: &Key,
    ours: Option<&FieldValue>,
    theirs: Option<&FieldValue>,
    (mine_history, theirs_history): (&History<'_>, &History<'_>),
    lists: &Kinds,
    merger: Role,
) -> Option<Result<Planned, Conflict>> {
    let automatic = |to: Option<FieldValue>, rule: &'static str| {
        Some(Ok(Planned {
            key: key.clone(),
            label: label(key, lists),
            from: text_of(ours),
            to: text_of(to.as_ref()),
            how: How::Automatic(rule),
        }))
    };
    match key {
        Key::Order(_) => automatic(None, "combined, in the order the entries were written"),
        Key::Status => {
            let rank = |value: &FieldValue| match value {
                FieldValue::Status(status) => Status::ALL.iter().position(|s| s == status).unwrap_or(0),
                _ => 0,
            };
            let furthest = ours.into_iter().chain(theirs).max_by_key(|value| rank(value)).cloned();
            (furthest.as_ref() != ours)
                .then(|| automatic(furthest, "the status furthest along the workflow"))
                .flatten()
        }
        Key::SelfLocked => {
            let latest = [mine_history.1, theirs_history.1]
                .into_iter()
                .flatten()
                .max_by_key(|row| (row.at, row.id))
                .and_then(|row| row.new_value.as_deref().map(|value| FieldValue::Lock(value == "true")));
            (latest.as_ref() != ours)
                .then(|| automatic(latest, "the latest lock or unlock"))
                .flatten()
        }
        _ => {
            let by = |history: &History<'_>| {
                history
                    .1
                    .map_or_else(|| "unknown".to_owned(), |row| row.author.describe())
            };
            let is_text = matches!(
                key,
                Key::Answer(_, Field::Basis | Field::Notes | Field::Challenge) | Key::Response(_)
            ) || matches!(key, Key::Entry(id)
                if lists.get(id).is_some_and(|kind| !matches!(kind, TargetKind::Team | TargetKind::Progress)));
            Some(Err(Conflict {
                key: key.clone(),
                label: label(key, lists),
                both_allowed: is_text
                    && ours.is_some()
                    && theirs.is_some()
                    && owner(key, lists).is_none_or(|role| role == merger),
                mine: text_of(ours),
                theirs: text_of(theirs),
                mine_by: by(mine_history),
                theirs_by: by(theirs_history),
            }))
        }
    }
}

/// Refuses malformed changes and changes made in a role that does not own
/// the field.
fn check_ownership(rows: &[AuditEntry], lists: &Kinds) -> Result<(), MergeRefused> {
    for row in rows {
        row.check_shape()?;
        for key in keys_of(row, lists) {
            if let Some(owner) = owner(&key, lists)
                && owner != row.author.role
            {
                return Err(MergeRefused::CrossesOwnership {
                    what: label(&key, lists).to_lowercase(),
                    who: row.author.name.clone(),
                    role: row.author.role,
                    owner,
                });
            }
        }
    }
    Ok(())
}

/// Checks that every change in a lone copy (one being imported as new) was
/// made in the role that owns its field.
pub fn check_replica(replica: Replica<'_>) -> Result<(), MergeRefused> {
    check_ownership(replica.log, &entry_kinds(&[replica])?)
}
