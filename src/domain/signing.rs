//! Signed changes: every change is signed by its author's Ed25519 key
//! (`ed25519-dalek`) when it is recorded, over its whole content and the
//! assessment it belongs to, so it cannot be altered, moved to another
//! assessment or replayed as another change. A key is shown to people as a
//! fingerprint they can read aloud to each other and compare.
//!
//! This layer holds no file and no secret beyond the [`Signer`] it is
//! handed: where a person's key is kept is storage's business.

use std::fmt::{self, Write as _};

use base64::{Engine, engine::general_purpose::STANDARD};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::{assessment::AssessmentId, change::Change};

/// `N` bytes written as base64, as keys and signatures are.
fn bytes_from_text<const N: usize>(text: &str) -> Result<[u8; N], NotAKey> {
    STANDARD
        .decode(text.trim())
        .ok()
        .and_then(|bytes| <[u8; N]>::try_from(bytes).ok())
        .ok_or_else(|| NotAKey(crate::domain::change::preview(Some(text), 40)))
}

/// A person's public key: who signed a change.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublicKey([u8; 32]);

/// A change's signature.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; 64]);

/// Text or bytes that are not a key or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a Critical Friend key or signature")]
pub struct NotAKey(pub String);

impl PublicKey {
    /// The key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Its 32 bytes.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as text (base64), as files and the database carry it.
    pub fn to_text(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// Reads [`PublicKey::to_text`] back.
    pub fn from_text(text: &str) -> Result<Self, NotAKey> {
        bytes_from_text(text).map(Self)
    }

    /// What people read aloud and compare: the first 80 bits of the key's
    /// SHA-256 as five groups of four letters and digits, e.g.
    /// `3F9A 71C2 0BDE 4410 92AA`.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0);
        let hex = digest.iter().take(10).fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02X}");
            hex
        });
        hex.as_bytes()
            .chunks(4)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether `text` names this key's fingerprint (spaces, dashes and
    /// case do not matter).
    pub fn has_fingerprint(&self, text: &str) -> bool {
        let plain = |t: &str| {
            t.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect::<String>()
        };
        let given = plain(text);
        !given.is_empty() && given == plain(&self.fingerprint())
    }

    /// Whether `signature` is this key's over `message`.
    pub fn verifies(&self, message: &[u8], signature: &Signature) -> bool {
        VerifyingKey::from_bytes(&self.0).is_ok_and(|key| {
            key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&signature.0))
                .is_ok()
        })
    }
}

impl serde::Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_text())
    }
}

impl<'de> serde::Deserialize<'de> for PublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_text(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.fingerprint())
    }
}

impl Signature {
    /// The signature from its 64 bytes.
    pub fn from_bytes(bytes: [u8; 64]) -> Self {
        Self(bytes)
    }

    /// Its 64 bytes.
    pub fn bytes(&self) -> &[u8; 64] {
        &self.0
    }

    /// The signature as text (base64).
    pub fn to_text(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// Reads [`Signature::to_text`] back.
    pub fn from_text(text: &str) -> Result<Self, NotAKey> {
        bytes_from_text(text).map(Self)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}…)", &self.to_text()[..12])
    }
}

/// A person's secret key, which signs their changes. Never shown, never
/// exported; dropped, it is wiped from memory (`zeroize`).
pub struct Signer(SigningKey);

impl Signer {
    /// The key from its 32 secret bytes.
    pub fn from_secret(secret: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(secret))
    }

    /// A new key from the operating system's random numbers.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut secret = [0_u8; 32];
        getrandom::fill(&mut secret)?;
        let signer = Self::from_secret(&secret);
        secret.fill(0);
        Ok(signer)
    }

    /// The secret bytes, for storage to keep.
    pub fn secret(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public half, which signs as this person.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key().to_bytes())
    }

    /// This key's signature over `message`.
    pub fn sign_bytes(&self, message: &[u8]) -> Signature {
        Signature(self.0.sign(message).to_bytes())
    }

    /// Signs `change` of `assessment` if it is this key's and not yet
    /// signed.
    pub fn sign(&self, assessment: AssessmentId, change: &mut Change) {
        if change.signature.is_none() && change.author.key == Some(self.public()) {
            change.signature = Some(self.sign_bytes(&signed_bytes(assessment, change)));
        }
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signer({})", self.public().fingerprint())
    }
}

/// What a change's signature covers: a label and version, the assessment,
/// and every part of the change but whether a copy declined it (a copy's
/// own view, not its author's words). Each part is written with its length
/// first, so no two changes read the same.
pub fn signed_bytes(assessment: AssessmentId, change: &Change) -> Vec<u8> {
    let mut bytes = b"Critical Friend change, signed, version 1\n".to_vec();
    let mut part = |value: &[u8]| {
        bytes.extend_from_slice(&(value.len() as u64).to_le_bytes());
        bytes.extend_from_slice(value);
    };
    part(assessment.uuid().as_bytes());
    part(change.id.as_bytes());
    part(change.subject.item().map_or("", |item| item.as_str()).as_bytes());
    part(
        change
            .subject
            .target()
            .map(|t| *t.as_bytes())
            .unwrap_or_default()
            .as_slice(),
    );
    part(change.subject.key().as_bytes());
    for value in [&change.from, &change.to] {
        match value {
            Some(text) => {
                part(b"1");
                part(text.as_bytes());
            }
            None => part(b"0"),
        }
    }
    part(change.author.role.as_str().as_bytes());
    part(change.author.name.as_bytes());
    part(change.author.organisation.as_bytes());
    part(change.author.key.map(|key| key.0).unwrap_or_default().as_slice());
    part(&change.at.unix_timestamp_nanos().to_le_bytes());
    bytes
}

/// Why a change's signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadSignature {
    /// It names a key but carries no signature, or a signature but no key.
    #[error("is not signed")]
    Missing,
    /// The signature is not its key's over its content: it was altered
    /// after signing, moved from another assessment, or forged.
    #[error("does not match its signature: it was changed after it was signed, or signed for another assessment")]
    Mismatch,
}

/// Whether `change`'s signature is its author's key's over its content and
/// `assessment`. An unsigned change (no key, no signature) passes here;
/// whether it is taken is the rules' question.
pub fn check_signature(assessment: AssessmentId, change: &Change) -> Result<(), BadSignature> {
    SignatureChecker::default().check(assessment, change)
}

/// Checks many changes' signatures, reading each key once: a file's changes
/// are signed by a handful of people, and reading a key (decompressing its
/// curve point) is a third of the cost of checking a signature.
#[derive(Default)]
pub struct SignatureChecker {
    keys: std::collections::HashMap<PublicKey, Option<VerifyingKey>>,
}

impl SignatureChecker {
    /// As [`check_signature`].
    pub fn check(&mut self, assessment: AssessmentId, change: &Change) -> Result<(), BadSignature> {
        let (key, signature) = match (&change.author.key, &change.signature) {
            (None, None) => return Ok(()),
            (Some(key), Some(signature)) => (key, signature),
            _ => return Err(BadSignature::Missing),
        };
        let verifying = self
            .keys
            .entry(*key)
            .or_insert_with(|| VerifyingKey::from_bytes(&key.0).ok());
        let holds = verifying.as_ref().is_some_and(|verifying| {
            verifying
                .verify_strict(
                    &signed_bytes(assessment, change),
                    &ed25519_dalek::Signature::from_bytes(&signature.0),
                )
                .is_ok()
        });
        if holds { Ok(()) } else { Err(BadSignature::Mismatch) }
    }
}

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    /// One way of altering a signed change.
    type Alteration = Box<dyn Fn(&mut super::Change)>;

    use uuid::Uuid;

    use super::*;
    use crate::domain::{
        change::{AssessmentField, Subject},
        role::{Author, Role},
    };

    fn signed(signer: &Signer, assessment: AssessmentId) -> Change {
        let author = Author {
            role: Role::Council,
            name: "Jo".into(),
            organisation: "Barnsley".into(),
            key: Some(signer.public()),
        };
        let mut change = Change::new(
            Subject::Assessment(AssessmentField::Summary),
            (None, Some("A strong council.".into())),
            &author,
            OffsetDateTime::UNIX_EPOCH,
        );
        signer.sign(assessment, &mut change);
        change
    }

    #[test]
    fn a_signed_change_holds_until_any_part_of_it_is_changed() {
        let signer = Signer::generate().expect("random");
        let here = AssessmentId::random();
        let change = signed(&signer, here);
        assert_eq!(check_signature(here, &change), Ok(()));
        assert_eq!(
            check_signature(AssessmentId::random(), &change),
            Err(BadSignature::Mismatch),
            "moved to another assessment"
        );
        let alterations: Vec<Alteration> = vec![
            Box::new(|c| c.to = Some("A weak council.".into())),
            Box::new(|c| c.from = Some(String::new())),
            Box::new(|c| c.author.role = Role::Peer),
            Box::new(|c| c.author.name = "Carol".into()),
            Box::new(|c| c.author.organisation = "LGA".into()),
            Box::new(|c| c.at += time::Duration::nanoseconds(1)),
            Box::new(|c| c.id = Uuid::new_v4()),
            Box::new(|c| c.subject = Subject::Assessment(AssessmentField::Contact)),
            Box::new(|c| c.author.key = Some(Signer::generate().expect("random").public())),
        ];
        for alter in alterations {
            let mut altered = change.clone();
            alter(&mut altered);
            assert_eq!(
                check_signature(here, &altered),
                Err(BadSignature::Mismatch),
                "{altered:?}"
            );
        }
        let mut stripped = change.clone();
        stripped.signature = None;
        assert_eq!(check_signature(here, &stripped), Err(BadSignature::Missing));
        let mut declined = change;
        declined.declined = true;
        assert_eq!(check_signature(here, &declined), Ok(()), "a copy's own view");
    }

    #[test]
    fn keys_and_fingerprints_read_back() {
        let key = Signer::generate().expect("random").public();
        assert_eq!(PublicKey::from_text(&key.to_text()), Ok(key));
        assert!(PublicKey::from_text("not a key").is_err());
        let print = key.fingerprint();
        assert_eq!(print.len(), 24, "{print}");
        assert!(key.has_fingerprint(&print.to_lowercase().replace(' ', "-")));
        assert!(!key.has_fingerprint(""));
        assert!(!key.has_fingerprint(&print[..10]));
    }
}
