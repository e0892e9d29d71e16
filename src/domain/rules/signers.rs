//! Who signed a change, and what the roster lets them do. Once an
//! assessment has a roster, every change must be signed by a key on it for
//! the side the change claims, while that key stands — but for the person
//! working in this copy, whose own changes are taken here before anyone has
//! accepted their key.
//! Changes to the roster itself are made by those the roster lets manage
//! that key: the council for the council and the peer team's lead, the
//! lead for the rest of the team.

use super::Refused;
use crate::domain::{
    assessment::Assessment,
    change::{Change, Subject},
    roster::{RosterEntry, author_of, describe_person, entry_for, who_adds},
    signing::PublicKey,
};

/// Whether the key that signed `change` may sign it on `assessment`'s
/// roster: the first rule asked of every change once the assessment has a
/// roster. `own_key` is the key of the person working in this copy.
pub fn signed_by(assessment: &Assessment, own_key: Option<PublicKey>, change: &Change) -> Result<(), Refused> {
    let roster = &assessment.roster;
    if roster.is_empty() {
        // An assessment started before signing, until its council signs.
        return Ok(());
    }
    let Some(key) = change.author.key else {
        return Err(Refused::Unsigned(author_of(change)));
    };
    if let Some(entry) = entry_for(assessment, key, change.author.role) {
        return if entry.stands_at(change.at) {
            Ok(())
        } else {
            Err(Refused::Retired { who: entry.describe() })
        };
    }
    match roster.iter().find(|entry| entry.key == key) {
        Some(entry) => Err(Refused::NotTheirSide {
            who: describe_person(&entry.name, &entry.organisation),
            signs_for: entry.standing(),
            claims: change.author.role.label(),
        }),
        // Their own key, which others have yet to accept.
        None if own_key == Some(key) => Ok(()),
        None => Err(Refused::Stranger {
            who: author_of(change),
            fingerprint: key.fingerprint(),
        }),
    }
}

/// Whether `change` to the roster may be made: an entry read back under
/// its own key's place, a key's side never changed nor a retirement undone,
/// and its signer one the roster lets manage that key — or, on an empty
/// roster, the council's own key, first.
pub fn check_roster(assessment: &Assessment, change: &Change) -> Result<(), Refused> {
    let Subject::Roster(id) = change.subject else {
        return Ok(());
    };
    let Some(value) = change.to.as_deref() else {
        return Err(Refused::Roster(
            "a key is retired from the roster, never removed, so that what it signed can still be checked".to_owned(),
        ));
    };
    let entry = RosterEntry::from_value(value).map_err(|error| Refused::Invalid(error.to_string()))?;
    if entry.id(assessment.id) != id {
        return Err(Refused::Invalid(
            "that roster entry is filed under another key".to_owned(),
        ));
    }
    if let Some(before) = assessment.roster.iter().find(|e| e.id(assessment.id) == id) {
        let undone = before.retired.is_some() && entry.retired != before.retired;
        if before.role != entry.role || before.lead != entry.lead || undone {
            return Err(Refused::Roster(format!(
                "{} stays as it is: a key's side never changes and a retired key stays retired; add the person's new key instead",
                before.describe()
            )));
        }
    }
    if assessment.roster.is_empty() {
        return if change.author.key == Some(entry.key) && entry.role == crate::domain::role::Role::Council {
            Ok(())
        } else {
            Err(Refused::Roster(
                "the first key on an assessment's roster is its council's own".to_owned(),
            ))
        };
    }
    let signer = change
        .author
        .key
        .and_then(|key| entry_for(assessment, key, change.author.role))
        .filter(|signer| signer.stands_at(change.at));
    match signer {
        Some(signer) if signer.may_manage(&entry) => Ok(()),
        Some(_) | None => Err(Refused::Roster(format!(
            "only {} adds or retires {}; {} cannot",
            who_adds(entry.role, entry.lead),
            entry.describe(),
            author_of(change)
        ))),
    }
}
