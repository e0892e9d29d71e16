//! Who is editing: the council completing the self-assessment, or the peer
//! team challenging it. Every edit is attributed to an [`Author`], and each
//! field belongs to one role.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// The two sides of a peer challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The council's team, completing the self-assessment.
    #[default]
    #[serde(alias = "Council")]
    Council,
    /// The peer challenge team.
    #[serde(alias = "Peer")]
    Peer,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Council => "council",
            Role::Peer => "peer",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Role::Council => "Council",
            Role::Peer => "Peer team",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Text that is not a role.
#[derive(Debug, thiserror::Error)]
#[error("“{0}” is not a role; use council or peer")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "council" => Ok(Role::Council),
            "peer" => Ok(Role::Peer),
            _ => Err(UnknownRole(text.to_owned())),
        }
    }
}

/// The person an edit is attributed to.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Author {
    /// Which side they are on.
    pub role: Role,
    /// Their name.
    pub name: String,
    /// Their organisation.
    pub organisation: String,
    /// The key their changes are signed with (`None` for changes made
    /// before signing, and for a database that cannot be written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<super::signing::PublicKey>,
}

impl Author {
    /// "Name (Organisation), Peer team".
    pub fn describe(&self) -> String {
        let name = if self.name.trim().is_empty() {
            "Unnamed"
        } else {
            self.name.trim()
        };
        if self.organisation.trim().is_empty() {
            format!("{name}, {}", self.role)
        } else {
            format!("{name} ({}), {}", self.organisation.trim(), self.role)
        }
    }
}
