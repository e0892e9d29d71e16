//! Critical Friend: adult social care Use of Resources self-assessment and
//! peer challenge, offline.
//!
//! Layers: [`domain`] (pure model) ← [`storage`] (the database), [`exchange`]
//! (JSON files), [`packs`] (the printed and exported packs) ← [`ui`] (egui screens) ← [`app`] (the one
//! place they meet). [`cli`] drives the same layers without a window.

pub mod app;
pub mod cli;
pub mod contrast;
pub mod domain;
pub mod exchange;
pub mod files;
pub mod packs;
pub mod service;
pub mod storage;
pub mod text;
pub mod ui;

/// The version and the commit it was built from, as `--version` and Help's
/// About say it: "0.1.0 (commit 5254037a1b2c)".
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("CRITICAL_FRIEND_COMMIT"),
    ")"
);
