//! Who signed what a file brings. Before anything of a file is planned,
//! every change it brings must carry its author's signature over its
//! content and this assessment, and every change both copies hold must be
//! the same in both; the file's changes to the roster are taken as far as
//! the roster lets their signers make them; and every key the roster still
//! does not know is one the person merging must accept — trust on first
//! use — and may accept (the council for the council and the peer team's
//! lead, the lead for the rest of the team).

use std::collections::HashMap;

use time::OffsetDateTime;
use uuid::Uuid;

use super::{MergeRefused, Replica};
use crate::domain::{
    assessment::Assessment,
    change::{Change, Subject},
    role::{Author, Role},
    roster::{RosterEntry, author_of, entry_for, who_adds},
    rules::{self, Refused},
    signing::{self, PublicKey},
};

/// What a change is to, as a refusal names it.
fn what(change: &Change) -> String {
    crate::text::in_sentence(&change.subject.name())
}

/// Every change the file brings is signed as it says (or not signed at
/// all: whether that is taken is the roster's question), and every change
/// both copies hold is the same in both. Returns how many of the file's new
/// changes are unsigned.
pub(super) fn check_signatures(mine_log: &[Change], theirs: Replica<'_>) -> Result<usize, MergeRefused> {
    let held: HashMap<Uuid, &Change> = mine_log.iter().map(|change| (change.id, change)).collect();
    let mut unsigned = 0;
    let mut checker = signing::SignatureChecker::default();
    for change in theirs.log {
        match held.get(&change.id) {
            Some(ours) if !same_words(ours, change) => {
                return Err(MergeRefused::Altered {
                    what: what(change),
                    who: author_of(change),
                });
            }
            Some(_) => {}
            None => {
                checker
                    .check(theirs.assessment.id, change)
                    .map_err(|problem| MergeRefused::BadSignature {
                        what: what(change),
                        who: author_of(change),
                        problem,
                    })?;
                unsigned += usize::from(change.signature.is_none());
            }
        }
    }
    Ok(unsigned)
}

/// Whether two copies of one change say the same: everything but whether
/// each copy declined it.
fn same_words(ours: &Change, theirs: &Change) -> bool {
    ours.subject == theirs.subject
        && ours.from == theirs.from
        && ours.to == theirs.to
        && ours.author == theirs.author
        && ours.at == theirs.at
        && ours.signature == theirs.signature
}

/// The roster once a file's changes to it are taken, and the keys the
/// person merging must accept for the rest to be checked.
pub(super) struct Settled {
    /// The roster as it will stand, with the keys to accept on it.
    pub(super) roster: Vec<RosterEntry>,
    /// The keys to accept, as accepting them would add them.
    pub(super) strangers: Vec<RosterEntry>,
}

/// Takes the file's changes to the roster onto `mine`'s, each as far as
/// the roster then lets its signer make it, until none more can be; any
/// key still unknown that signed a change is to be accepted by `merger`,
/// who must be allowed to add it, and the rest is tried again.
pub(super) fn settle(mine: &Assessment, incoming: &[Change], merger: &Author) -> Result<Settled, MergeRefused> {
    let mut standing = Assessment::new_with_id(mine.id, mine.framework.clone(), mine.created_at);
    standing.roster.clone_from(&mine.roster);
    let mut pending: Vec<&Change> = incoming
        .iter()
        .filter(|change| matches!(change.subject, Subject::Roster(_)))
        .collect();
    pending.sort_by_key(|change| (change.at, change.id));
    // When acceptance is asked, as far as the two copies know.
    let latest = incoming
        .iter()
        .map(|change| change.at)
        .fold(mine.updated_at, OffsetDateTime::max);
    let mut strangers = Vec::new();
    loop {
        take_pending(&mut standing, &mut pending, merger.key);
        let unknown = unknown_signers(&standing, incoming, merger)?;
        if unknown.is_empty() {
            break;
        }
        for entry in unknown {
            let acceptance = acceptance(&standing, &entry, merger, latest);
            rules::check_roster(&standing, &acceptance).map_err(|_| MergeRefused::CannotAccept {
                who: entry.describe(),
                adds: who_adds(entry.role, entry.lead),
            })?;
            apply(&mut standing, &acceptance)?;
            strangers.push(entry);
        }
    }
    if let Some(left) = pending.first() {
        let refused = rules::signed_by(&standing, merger.key, left)
            .and_then(|()| rules::check_roster(&standing, left))
            .err()
            .unwrap_or_else(|| Refused::Roster("it cannot be taken".to_owned()));
        return Err(MergeRefused::Refused {
            what: "the roster".to_owned(),
            refused,
        });
    }
    Ok(Settled {
        roster: standing.roster,
        strangers,
    })
}

/// Takes every pending change to the roster its signer may now make, until
/// none more can be taken.
fn take_pending(standing: &mut Assessment, pending: &mut Vec<&Change>, own_key: Option<PublicKey>) {
    loop {
        let before = pending.len();
        pending.retain(|change| {
            let allowed = rules::signed_by(standing, own_key, change).is_ok()
                && rules::check_roster(standing, change).is_ok()
                && standing.apply_change(change).is_ok();
            !allowed
        });
        if pending.len() == before {
            return;
        }
    }
}

/// The keys that signed incoming changes but are not on the roster (none
/// while the roster is empty: an assessment from before signing), each as
/// `merger` would accept it: for the one side all its changes claim, the
/// council accepting a peer as the team's lead.
fn unknown_signers(
    standing: &Assessment,
    incoming: &[Change],
    merger: &Author,
) -> Result<Vec<RosterEntry>, MergeRefused> {
    if standing.roster.is_empty() {
        return Ok(Vec::new());
    }
    // The council accepts a peer only as the team's lead, and only while the
    // team has none but a council key that wrote as the peer team here (a
    // demonstration, say): the rest of the team is the lead's to accept.
    let has_lead = standing.roster.iter().any(|entry| {
        entry.role == Role::Peer
            && entry.lead
            && entry.retired.is_none()
            && entry_for(standing, entry.key, Role::Council).is_none()
    });
    let council_names_lead = merger.role == Role::Council
        && merger
            .key
            .and_then(|key| entry_for(standing, key, Role::Council))
            .is_some()
        && !has_lead;
    let mut unknown: Vec<RosterEntry> = Vec::new();
    for change in incoming {
        let Some(key) = change.author.key else {
            continue;
        };
        if Some(key) == merger.key || standing.roster.iter().any(|entry| entry.key == key) {
            continue;
        }
        match unknown.iter().find(|entry| entry.key == key) {
            Some(entry) if entry.role != change.author.role => {
                return Err(MergeRefused::TwoSides { who: entry.describe() });
            }
            Some(_) => {}
            None => unknown.push(RosterEntry::of(
                &change.author,
                key,
                council_names_lead && change.author.role == Role::Peer,
            )),
        }
    }
    Ok(unknown)
}

/// The change by which `merger` accepts `entry` onto `assessment`'s roster.
pub(super) fn acceptance(assessment: &Assessment, entry: &RosterEntry, merger: &Author, at: OffsetDateTime) -> Change {
    Change::new(
        Subject::Roster(entry.id(assessment.id)),
        (None, Some(entry.value())),
        merger,
        at,
    )
}

fn apply(assessment: &mut Assessment, change: &Change) -> Result<(), MergeRefused> {
    assessment.apply_change(change).map_err(|error| MergeRefused::Refused {
        what: "the roster".to_owned(),
        refused: Refused::Invalid(error.to_string()),
    })
}

/// The keys among `strangers` not in `accepted`, described for a refusal.
pub(super) fn not_accepted(strangers: &[RosterEntry], accepted: &[PublicKey]) -> Result<(), MergeRefused> {
    let missing: Vec<String> = strangers
        .iter()
        .filter(|entry| !accepted.contains(&entry.key))
        .map(RosterEntry::describe)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let first = strangers
        .iter()
        .find(|entry| !accepted.contains(&entry.key))
        .map(|entry| entry.key.fingerprint())
        .unwrap_or_default();
    Err(MergeRefused::NotAccepted {
        who: missing.join("; "),
        fingerprint: first,
    })
}
