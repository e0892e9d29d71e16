//! The roster: whose keys may sign changes to an assessment, and as whom.
//! A change's role comes from the roster entry of the key that signed it,
//! not from what the change says. The assessment's creator's key is the
//! council's first; the council adds council colleagues and names the
//! peer team's lead; the lead adds the team. A key is retired, never
//! removed: changes it signed before stay, later ones are refused.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    assessment::{Assessment, AssessmentId},
    role::{Author, Role},
    signing::PublicKey,
};

/// One key on the roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    /// The key.
    pub key: PublicKey,
    /// Whose it is.
    pub name: String,
    /// Their organisation.
    pub organisation: String,
    /// The side they sign for.
    pub role: Role,
    /// The peer team's lead, who adds the rest of the team.
    pub lead: bool,
    /// When it was retired (a lost laptop, a person who left); changes it
    /// signs from then on are refused.
    pub retired: Option<OffsetDateTime>,
}

/// A roster entry as a change records it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Recorded {
    key: PublicKey,
    name: String,
    organisation: String,
    role: Role,
    #[serde(default)]
    lead: bool,
    #[serde(default, with = "time::serde::rfc3339::option")]
    retired: Option<OffsetDateTime>,
}

/// Text that is not a roster entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is not an entry of the roster: {0}")]
pub struct NotAnEntry(pub String);

impl RosterEntry {
    /// The id of this key's place on `assessment`'s roster for its side:
    /// the same in every copy, so two people accepting one key make one
    /// entry. One key may stand for both sides (a council officer who is
    /// also named the peer team's lead), as two entries.
    pub fn id(&self, assessment: AssessmentId) -> Uuid {
        let mut name = self.key.bytes().to_vec();
        name.extend_from_slice(self.role.as_str().as_bytes());
        Uuid::new_v5(&assessment.uuid(), &name)
    }

    /// The entry for `author`'s key, as the side they say they are on.
    pub fn of(author: &Author, key: PublicKey, lead: bool) -> Self {
        Self {
            key,
            name: author.name.trim().to_owned(),
            organisation: author.organisation.trim().to_owned(),
            role: author.role,
            lead: lead && author.role == Role::Peer,
            retired: None,
        }
    }

    /// The entry as a change records it (JSON).
    pub fn value(&self) -> String {
        serde_json::to_string(&Recorded {
            key: self.key,
            name: self.name.clone(),
            organisation: self.organisation.clone(),
            role: self.role,
            lead: self.lead,
            retired: self.retired,
        })
        .unwrap_or_default()
    }

    /// Reads [`RosterEntry::value`] back.
    pub fn from_value(text: &str) -> Result<Self, NotAnEntry> {
        let recorded: Recorded = serde_json::from_str(text).map_err(|error| NotAnEntry(error.to_string()))?;
        Ok(Self {
            key: recorded.key,
            name: recorded.name,
            organisation: recorded.organisation,
            role: recorded.role,
            lead: recorded.lead,
            retired: recorded.retired,
        })
    }

    /// What they sign as: "Council", "Peer team's lead", "Peer team".
    pub fn standing(&self) -> &'static str {
        match (self.role, self.lead) {
            (Role::Council, _) => "Council",
            (Role::Peer, true) => "Peer team's lead",
            (Role::Peer, false) => "Peer team",
        }
    }

    /// "Pat Peer (LGA), Peer team's lead, key 3F9A 71C2 0BDE 4410 92AA".
    pub fn describe(&self) -> String {
        let who = describe_person(&self.name, &self.organisation);
        let retired = self
            .retired
            .map(|at| format!(", retired {}", at.date()))
            .unwrap_or_default();
        format!("{who}, {}, key {}{retired}", self.standing(), self.key.fingerprint())
    }

    /// Whether a change signed at `at` is signed while the key stood.
    pub fn stands_at(&self, at: OffsetDateTime) -> bool {
        self.retired.is_none_or(|retired| at < retired)
    }

    /// Whether this entry may add, rename or retire `other`: the council
    /// for the council and the peer team's lead, the lead for the rest of
    /// the peer team.
    pub fn may_manage(&self, other: &RosterEntry) -> bool {
        if self.retired.is_some() {
            return false;
        }
        match (self.role, other.role) {
            (Role::Council, Role::Council) => true,
            (Role::Council, Role::Peer) => other.lead,
            (Role::Peer, Role::Peer) => self.lead && !other.lead,
            (Role::Peer, Role::Council) => false,
        }
    }
}

/// The entry of `key` for `role` on `assessment`'s roster.
pub fn entry_for(assessment: &Assessment, key: PublicKey, role: Role) -> Option<&RosterEntry> {
    assessment
        .roster
        .iter()
        .find(|entry| entry.key == key && entry.role == role)
}

/// "Pat Peer (LGA)", or "Pat Peer", or "Unnamed".
pub fn describe_person(name: &str, organisation: &str) -> String {
    let name = if name.trim().is_empty() { "Unnamed" } else { name.trim() };
    if organisation.trim().is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({})", organisation.trim())
    }
}

/// The person a change names, as a refusal names them: "Pat Peer (LGA)".
pub fn author_of(change: &super::change::Change) -> String {
    describe_person(&change.author.name, &change.author.organisation)
}

/// Who may accept a key for `role` on a roster: what a refusal tells the
/// person who cannot.
pub fn who_adds(role: Role, lead: bool) -> &'static str {
    match (role, lead) {
        (Role::Council, _) | (Role::Peer, true) => "the council",
        (Role::Peer, false) => "the peer team's lead",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::signing::Signer;

    fn entry(role: Role, lead: bool) -> RosterEntry {
        RosterEntry {
            key: Signer::generate().expect("random").public(),
            name: "Pat".into(),
            organisation: "LGA".into(),
            role,
            lead,
            retired: None,
        }
    }

    #[test]
    fn the_council_names_the_lead_and_the_lead_the_team() {
        let council = entry(Role::Council, false);
        let lead = entry(Role::Peer, true);
        let member = entry(Role::Peer, false);
        assert!(council.may_manage(&entry(Role::Council, false)));
        assert!(council.may_manage(&lead));
        assert!(!council.may_manage(&member));
        assert!(lead.may_manage(&member));
        assert!(!lead.may_manage(&council));
        assert!(!lead.may_manage(&entry(Role::Peer, true)));
        assert!(!member.may_manage(&entry(Role::Peer, false)));
        let mut retired = council;
        retired.retired = Some(OffsetDateTime::UNIX_EPOCH);
        assert!(!retired.may_manage(&lead));
    }

    #[test]
    fn an_entry_reads_back_and_nothing_else_does() {
        let mut lead = entry(Role::Peer, true);
        lead.retired = Some(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(RosterEntry::from_value(&lead.value()), Ok(lead));
        assert!(RosterEntry::from_value("{}").is_err());
        assert!(RosterEntry::from_value("Pat").is_err());
    }
}
