//! Keys and the roster, through the gate: this database's own key as a
//! card to give others, a person's key added to an assessment's roster
//! from their card, and a key retired. Each change to a roster is a signed
//! change checked by the rules like any other.

use std::path::Path;

use super::{ServiceError, Session};
use crate::{
    domain::{AssessmentId, Refused, Role, Write, roster::RosterEntry, signing::PublicKey},
    exchange::key_card::KeyCard,
};

/// Why a key could not be found or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// This database cannot be written, so it has no key.
    #[error("this database cannot be written, so it has no key of its own yet")]
    NoKey,
    /// No key on the roster has that fingerprint.
    #[error("no key on this assessment's roster has the fingerprint “{0}”; `critical-friend roster list` shows them")]
    NotOnRoster(String),
    /// The card could not be read.
    #[error(transparent)]
    Card(#[from] crate::exchange::key_card::KeyCardError),
}

impl From<KeyError> for ServiceError {
    fn from(error: KeyError) -> Self {
        ServiceError::Keys(format!("{error}; nothing was changed"))
    }
}

/// A key card that could not be read, as the gate reports it.
pub fn roster_error(error: crate::exchange::key_card::KeyCardError) -> ServiceError {
    KeyError::Card(error).into()
}

impl Session {
    /// This database's own key as a card, in the person's name.
    pub fn key_card(&self) -> Result<KeyCard, ServiceError> {
        let signer = self.signer.as_ref().ok_or(KeyError::NoKey)?;
        let author = self.author();
        Ok(KeyCard::new(signer, &author.name, &author.organisation, author.role))
    }

    /// Writes this database's key card to `path` (never over the database's
    /// own files, and atomically).
    pub fn save_key_card(&self, path: &Path) -> Result<KeyCard, ServiceError> {
        let card = self.key_card()?;
        self.own_files().write(path, card.to_json().as_bytes())?;
        Ok(card)
    }

    /// Adds the key on `card` to assessment `id`'s roster: the council adds
    /// the council and names the peer team's lead; the lead adds the team.
    pub fn add_key(&mut self, id: AssessmentId, card: &KeyCard) -> Result<RosterEntry, ServiceError> {
        let author = crate::domain::Author {
            role: card.role,
            name: card.name.clone(),
            organisation: card.organisation.clone(),
            key: Some(card.key),
        };
        let lead = card.role == Role::Peer && self.author().role == Role::Council;
        let entry = RosterEntry::of(&author, card.key, lead);
        self.commit(id, &[Write::Roster(&entry)], |_, _| Ok(()))?;
        Ok(entry)
    }

    /// Retires the key with `fingerprint` from assessment `id`'s roster:
    /// changes it signs from now on are refused.
    pub fn retire_key(&mut self, id: AssessmentId, fingerprint: &str) -> Result<RosterEntry, ServiceError> {
        let assessment = self.load(id)?;
        let entry = assessment
            .roster
            .iter()
            .find(|entry| entry.key.has_fingerprint(fingerprint))
            .ok_or_else(|| KeyError::NotOnRoster(fingerprint.to_owned()))?;
        if entry.retired.is_some() {
            return Err(Refused::Roster(format!("{} is already retired", entry.describe())).into());
        }
        let retired = RosterEntry {
            retired: Some(self.now()),
            ..entry.clone()
        };
        self.commit(id, &[Write::Roster(&retired)], |_, _| Ok(()))?;
        Ok(retired)
    }

    /// The keys among `strangers` whose fingerprints are `fingerprints`:
    /// what a person accepts by naming them. A fingerprint that names none
    /// of them is refused, so a mistyped one never passes unnoticed.
    pub fn keys_named(strangers: &[RosterEntry], fingerprints: &[String]) -> Result<Vec<PublicKey>, ServiceError> {
        fingerprints
            .iter()
            .map(|fingerprint| {
                strangers
                    .iter()
                    .find(|entry| entry.key.has_fingerprint(fingerprint))
                    .map(|entry| entry.key)
                    .ok_or_else(|| {
                        let known: Vec<String> = strangers.iter().map(RosterEntry::describe).collect();
                        ServiceError::Keys(format!(
                            "no new key in the file has the fingerprint “{fingerprint}” (its new keys: {}); nothing was imported",
                            if known.is_empty() { "none".to_owned() } else { known.join("; ") }
                        ))
                    })
            })
            .collect()
    }
}
