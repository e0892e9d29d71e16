//! An action's status, Red, Amber, Green or Blue for done: the words,
//! letters and colours every view and pack shows it in.

use std::{fmt, str::FromStr};

/// An action's status. Never shown by colour alone: every view and pack
/// prints the word or its letter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rag {
    /// Off track.
    #[default]
    Red,
    /// At risk.
    Amber,
    /// On track.
    Green,
    /// Done.
    Blue,
}

impl Rag {
    /// Every status, in the order plans list them.
    pub const ALL: [Rag; 4] = [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue];

    /// The stored and typed name: `red`, `amber`, `green`, `blue`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
            Rag::Blue => "blue",
        }
    }

    /// "Red", "Amber", "Green", "Blue (done)".
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::Blue => "Blue (done)",
        }
    }

    /// "R", "A", "G", "B", printed in every coloured cell.
    pub fn letter(self) -> &'static str {
        match self {
            Rag::Red => "R",
            Rag::Amber => "A",
            Rag::Green => "G",
            Rag::Blue => "B",
        }
    }

    /// Its colour as red, green and blue, for views and packs that colour it.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Rag::Red => [0xC0, 0x39, 0x2B],
            Rag::Amber => [0xE6, 0x9F, 0x00],
            Rag::Green => [0x2E, 0x7D, 0x32],
            Rag::Blue => [0x1F, 0x5F, 0xA8],
        }
    }
}

/// Text that is not a status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a status; use red, amber, green or blue (done)")]
pub struct UnknownRag(pub String);

impl FromStr for Rag {
    type Err = UnknownRag;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_lowercase().as_str() {
            "red" | "r" => Ok(Rag::Red),
            "amber" | "a" => Ok(Rag::Amber),
            "green" | "g" => Ok(Rag::Green),
            "blue" | "b" | "done" | "blue (done)" => Ok(Rag::Blue),
            _ => Err(UnknownRag(text.to_owned())),
        }
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
