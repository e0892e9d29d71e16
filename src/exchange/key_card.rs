//! A key card: a person's name, organisation, side and public key in a
//! small file of its own, signed by that key, so a council can name the
//! peer team's lead — or anyone add a colleague — before a file of theirs
//! arrives. A card proves only that whoever made it holds the key; that the
//! key is the person's is what reading the fingerprint aloud to them
//! checks. The format is in `docs/exchange-format.md`.

use std::{io::Read, path::Path};

use serde::{Deserialize, Serialize};

use crate::domain::{
    Role,
    roster::describe_person,
    signing::{PublicKey, Signature, Signer},
};

/// The `format` value every key card carries.
pub const FORMAT: &str = "critical-friend-key-card";
/// The version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// A card is a few hundred bytes; anything over this is not one.
const MAX_BYTES: u64 = 64 * 1024;

/// A person's key, as their card gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyCard {
    format: String,
    format_version: u32,
    /// Their name.
    pub name: String,
    /// Their organisation.
    pub organisation: String,
    /// The side they work for.
    pub role: Role,
    /// Their public key.
    pub key: PublicKey,
    /// Their key's signature over the rest.
    signature: String,
}

/// A file that is not a key card, or one altered since it was made.
#[derive(Debug, thiserror::Error)]
pub enum KeyCardError {
    /// It could not be read.
    #[error("could not read the key card ({0})")]
    Io(#[from] std::io::Error),
    /// Not a card.
    #[error("the file is not a Critical Friend key card ({0})")]
    NotACard(String),
    /// A newer format.
    #[error(
        "the key card uses format version {0}, newer than this version of Critical Friend reads; update Critical Friend"
    )]
    Newer(u32),
    /// Its signature does not hold.
    #[error("the key card was changed after it was made (its signature does not match); ask for a new one")]
    Altered,
}

impl KeyCard {
    /// The card of `signer`'s key, for `name` of `organisation` on `role`'s side.
    pub fn new(signer: &Signer, name: &str, organisation: &str, role: Role) -> Self {
        let mut card = Self {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            name: name.trim().to_owned(),
            organisation: organisation.trim().to_owned(),
            role,
            key: signer.public(),
            signature: String::new(),
        };
        card.signature = signer.sign_bytes(&card.signed_bytes()).to_text();
        card
    }

    fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&(
            &self.format,
            self.format_version,
            &self.name,
            &self.organisation,
            self.role,
            self.key,
        ))
        .unwrap_or_default()
    }

    /// The card as the file holds it.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a card and checks its signature.
    pub fn from_json(text: &str) -> Result<Self, KeyCardError> {
        let card: Self = serde_json::from_str(text).map_err(|error| KeyCardError::NotACard(error.to_string()))?;
        if card.format != FORMAT {
            return Err(KeyCardError::NotACard(format!("its format is “{}”", card.format)));
        }
        if card.format_version > FORMAT_VERSION {
            return Err(KeyCardError::Newer(card.format_version));
        }
        let signature = Signature::from_text(&card.signature).map_err(|_| KeyCardError::Altered)?;
        if !card.key.verifies(&card.signed_bytes(), &signature) {
            return Err(KeyCardError::Altered);
        }
        Ok(card)
    }

    /// Reads the card at `path`.
    pub fn read(path: &Path) -> Result<Self, KeyCardError> {
        let mut text = String::new();
        std::fs::File::open(path)?.take(MAX_BYTES).read_to_string(&mut text)?;
        Self::from_json(&text)
    }

    /// "Pat Peer (LGA), peer team, key 3F9A 71C2 0BDE 4410 92AA".
    pub fn describe(&self) -> String {
        format!(
            "{}, {}, key {}",
            describe_person(&self.name, &self.organisation),
            self.role.label().to_lowercase(),
            self.key.fingerprint()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_reads_back_and_an_altered_one_does_not() {
        let signer = Signer::generate().expect("random");
        let card = KeyCard::new(&signer, " Pat Peer ", "LGA", Role::Peer);
        assert_eq!(KeyCard::from_json(&card.to_json()).expect("reads"), card);
        let renamed = card.to_json().replace("Pat Peer", "Jo Bloggs");
        assert!(matches!(KeyCard::from_json(&renamed), Err(KeyCardError::Altered)));
        let other = Signer::generate().expect("random").public().to_text();
        let rekeyed = card.to_json().replace(&card.key.to_text(), &other);
        assert!(matches!(KeyCard::from_json(&rekeyed), Err(KeyCardError::Altered)));
        assert!(matches!(KeyCard::from_json("{}"), Err(KeyCardError::NotACard(_))));
    }
}
