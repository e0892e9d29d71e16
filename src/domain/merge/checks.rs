//! What a file must be before anything of it is merged: each incoming
//! change allowed to its author's role by the rules, its history borne out
//! by its data, every change starting from a value its field held, and the
//! file a copy of this assessment at all.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::{
    Assessment, Key, Kinds, MergePlan, MergeRefused, Replica,
    keys::{self, entry_kinds, histories, keys_of, label, shown, value},
    signers,
};
use crate::domain::{
    assessment::Status,
    change::{AssessmentField, Subject},
    role::{Author, Role},
    roster::RosterEntry,
    rules::{self, Refused},
    signing::PublicKey,
};

/// Every incoming change may be made, by its signer, to our copy as it
/// will stand — its lock as merged, its roster as `roster` — the same
/// question the rules ask of a change typed here ([`rules::may_sign`]).
/// `own_key` is the merger's. A file never links versions.
pub(super) fn check_incoming(
    mine: &Assessment,
    (roster, own_key): (&[RosterEntry], Option<PublicKey>),
    plan: &MergePlan,
) -> Result<(), MergeRefused> {
    // A lock undone, or a report set back to Draft, in the file lets the
    // file's other changes through, as it let them through there.
    let undone = |field: AssessmentField, on: &str| {
        let key = Key::Field(Subject::Assessment(field));
        plan.changes
            .iter()
            .any(|change| change.key == key && change.value.as_deref() != Some(on))
    };
    let unlocked = mine.self_locked && undone(AssessmentField::SelfLocked, "true");
    let redrafted = mine.report.issued && undone(AssessmentField::ReportIssued, crate::domain::peer_report::ISSUED);
    let standing = if unlocked || redrafted || roster != mine.roster.as_slice() {
        let mut standing = Assessment {
            self_locked: mine.self_locked && !unlocked,
            roster: roster.to_vec(),
            ..mine.clone()
        };
        standing.report.issued = mine.report.issued && !redrafted;
        std::borrow::Cow::Owned(standing)
    } else {
        std::borrow::Cow::Borrowed(mine)
    };
    for change in &plan.incoming {
        let what = || {
            label(
                &keys_of(change, &plan.kinds).next().unwrap_or(Key::Entry(Uuid::nil())),
                &plan.kinds,
            )
        };
        if let Subject::Assessment(field) = &change.subject
            && field.is_version_link()
            && crate::domain::change::value::current(mine, &change.subject) != change.to
        {
            return Err(MergeRefused::Refused {
                what: what().to_lowercase(),
                refused: Refused::Link(
                    "a file never links one version of an assessment to another; reopen it or start its review here"
                        .to_owned(),
                ),
            });
        }
        if let Subject::Entry(id, crate::domain::change::EntryField::Position) = &change.subject
            && !plan.kinds.contains_key(id)
        {
            return Err(MergeRefused::Refused {
                what: "the order of a list".to_owned(),
                refused: Refused::NoSuchEntry("entry"),
            });
        }
        rules::signed_by(&standing, own_key, change)
            .and_then(|()| rules::may_change(&standing, change.author.role, &as_known(change, &standing, &plan.kinds)))
            .map_err(|refused| refusal(refused, &what(), &change.author))?;
    }
    Ok(())
}

/// The subject a rule is asked about for an incoming change: a move of an
/// entry our copy does not hold (yet) is asked about as a change to that
/// entry, of the kind either history knows it as, so its owner is known.
fn as_known(change: &crate::domain::Change, mine: &Assessment, kinds: &Kinds) -> Subject {
    use crate::domain::change::{EntryField, value::kind_of};
    match &change.subject {
        Subject::Entry(id, EntryField::Position) if kind_of(mine, *id).is_none() => kinds.get(id).map_or_else(
            || change.subject.clone(),
            |kind| Subject::Entry(*id, EntryField::Entry(*kind)),
        ),
        other => other.clone(),
    }
}

/// A rule's refusal of an incoming change, in the merge's words.
pub(super) fn refusal(refused: Refused, what: &str, author: &Author) -> MergeRefused {
    use crate::domain::edit::EditRefused;
    match refused {
        Refused::Edit(EditRefused::OtherRole { owner, .. }) => MergeRefused::CrossesOwnership {
            what: what.to_lowercase(),
            who: author.name.clone(),
            role: author.role,
            owner,
        },
        Refused::CouncilOnly(_) => MergeRefused::CrossesOwnership {
            what: what.to_lowercase(),
            who: author.name.clone(),
            role: author.role,
            owner: Role::Council,
        },
        Refused::Edit(EditRefused::Superseded) => {
            MergeRefused::Frozen("this copy was superseded when the assessment was reopened")
        }
        Refused::Edit(EditRefused::Final) => {
            MergeRefused::Frozen("this copy is Final and frozen (only its action plan takes changes)")
        }
        Refused::Edit(EditRefused::SelfLocked) => MergeRefused::Locked(what.to_owned()),
        refused => MergeRefused::Refused {
            what: what.to_lowercase(),
            refused,
        },
    }
}

/// The newest change the file holds to every field its new changes touch
/// holds the file's value: history the data does not bear out is refused.
pub(super) fn check_borne_out(
    theirs: Replica<'_>,
    all: &keys::Histories<'_>,
    plan: &MergePlan,
) -> Result<(), MergeRefused> {
    let touched: BTreeSet<Key> = plan
        .incoming
        .iter()
        .flat_map(|change| keys_of(change, &plan.kinds))
        .filter(|key| !matches!(key, Key::Order(_)))
        .collect();
    for key in touched {
        let Some((_, Some(newest))) = all.get(&key) else {
            continue;
        };
        let holds = value(theirs.assessment, &key, &plan.kinds);
        if !super::apply::holds(&key, &plan.kinds, newest, holds.as_deref()) {
            return Err(MergeRefused::NotBorneOut {
                what: crate::text::in_sentence(&label(&key, &plan.kinds)),
                recorded: crate::domain::change::preview(shown(&key, &plan.kinds, newest.to.as_deref()).as_deref(), 60),
                holds: crate::domain::change::preview(shown(&key, &plan.kinds, holds.as_deref()).as_deref(), 60),
            });
        }
    }
    Ok(())
}

/// Every incoming change starts from a value its field is known to have
/// held: what our copy holds now, or a value another recorded change to it
/// (in either history) started from or left. A change from nowhere is not
/// history of this assessment.
pub(super) fn check_starts(mine: Replica<'_>, theirs: Replica<'_>, plan: &MergePlan) -> Result<(), MergeRefused> {
    let mut known: std::collections::BTreeMap<Key, Vec<(Uuid, Option<&str>)>> = plan
        .incoming
        .iter()
        .filter(|change| change.from.is_some())
        .flat_map(|change| keys_of(change, &plan.kinds))
        .map(|key| (key, Vec::new()))
        .collect();
    for change in mine.log.iter().chain(theirs.log) {
        for key in keys_of(change, &plan.kinds) {
            if let Some(values) = known.get_mut(&key) {
                values.push((change.id, change.from.as_deref()));
                values.push((change.id, change.to.as_deref()));
            }
        }
    }
    for change in &plan.incoming {
        let Some(key) = keys_of(change, &plan.kinds).next() else {
            continue;
        };
        let Some(subject) = keys::subject_of(&key, &plan.kinds) else {
            continue;
        };
        if change.from.is_none() || matches!(key, Key::Order(_)) {
            continue;
        }
        let now = value(mine.assessment, &key, &plan.kinds);
        let held = |value: Option<&str>| {
            value == change.from.as_deref()
                || crate::domain::change::value::legacy(&subject, change.from.as_deref(), value)
        };
        let others = known.get(&key).into_iter().flatten().filter(|(id, _)| *id != change.id);
        if !held(now.as_deref()) && !others.into_iter().any(|(_, value)| held(*value)) {
            return Err(MergeRefused::NeverHeld {
                what: crate::text::in_sentence(&label(&key, &plan.kinds)),
                from: crate::domain::change::preview(shown(&key, &plan.kinds, change.from.as_deref()).as_deref(), 60),
            });
        }
    }
    Ok(())
}

/// Two copies of one assessment share history, or at least the council's
/// name: a file with our id that shares neither is some other assessment.
pub(super) fn check_identity(mine: Replica<'_>, theirs: Replica<'_>, incoming: usize) -> Result<(), MergeRefused> {
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

/// Checks a lone copy (one being imported as new): its changes read back
/// and are signed as they say; each was made, by a key its roster stands
/// for (as `importer` would accept any it does not know), in the role that
/// owns its field; and its history and data agree — its roster included.
/// Returns what each entry is, and the keys `importer` must accept.
pub fn check_replica(replica: Replica<'_>, importer: &Author) -> Result<(Kinds, Vec<RosterEntry>), MergeRefused> {
    let kinds = entry_kinds(&[replica])?;
    let mut plan = MergePlan {
        incoming: replica.log.to_vec(),
        kinds,
        ..MergePlan::default()
    };
    for change in &plan.incoming {
        change.check_values()?;
    }
    signers::check_signatures(&[], replica)?;
    let start = Assessment::new_with_id(
        replica.assessment.id,
        replica.assessment.framework.clone(),
        replica.assessment.created_at,
    );
    let settled = signers::settle(&start, replica.log, importer)?;
    let mut owners_only = replica.assessment.clone();
    // Ownership alone: a new copy may be Final, locked, superseded or hold
    // an issued report.
    owners_only.status = Status::Draft;
    owners_only.self_locked = false;
    owners_only.report.issued = false;
    owners_only.superseded_by = None;
    owners_only.roster = settled.roster;
    // Changes from before its council's first signed one need no signature.
    let signing_began = replica
        .log
        .iter()
        .filter(|change| matches!(change.subject, Subject::Roster(_)))
        .map(|change| change.at)
        .min();
    for change in &plan.incoming {
        if let Subject::Assessment(field) = &change.subject
            && field.is_version_link()
        {
            continue;
        }
        let what = || {
            label(
                &keys_of(change, &plan.kinds).next().unwrap_or(Key::Entry(Uuid::nil())),
                &plan.kinds,
            )
        };
        let before_signing = change.author.key.is_none() && signing_began.is_none_or(|began| change.at < began);
        if !before_signing {
            rules::signed_by(&owners_only, importer.key, change)
                .map_err(|refused| refusal(refused, &what(), &change.author))?;
        }
        rules::may_change(
            &owners_only,
            change.author.role,
            &as_known(change, &owners_only, &plan.kinds),
        )
        .map_err(|refused| refusal(refused, &what(), &change.author))?;
    }
    check_roster_recorded(replica)?;
    let every: BTreeSet<Key> = replica
        .log
        .iter()
        .flat_map(|change| keys_of(change, &plan.kinds))
        .collect();
    check_borne_out(replica, &histories(replica.log, &plan.kinds, &every), &plan)?;
    plan.strangers = settled.strangers;
    Ok((plan.kinds, plan.strangers))
}

/// Every key on a file's roster was put there by a change in its history.
fn check_roster_recorded(replica: Replica<'_>) -> Result<(), MergeRefused> {
    for entry in &replica.assessment.roster {
        let place = Subject::Roster(entry.id(replica.assessment.id));
        if !replica.log.iter().any(|change| change.subject == place) {
            return Err(MergeRefused::NotBorneOut {
                what: "the roster".to_owned(),
                recorded: "no change adding it".to_owned(),
                holds: entry.describe(),
            });
        }
    }
    Ok(())
}
