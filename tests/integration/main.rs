//! The integration tests, as one test binary: each module is one area of the
//! app, tested through its public API, the real binary or `egui_kittest`.
//!
//! One binary rather than one per file: every test binary links the whole app
//! (egui, wgpu, SQLite, the PDF writer), so fourteen of them cost fourteen
//! links and several gigabytes of disk for nothing.
//!
//! Run one area with a filter, e.g. `cargo test --test integration storage::`.

mod common;

mod accessible;
mod backups;
mod cli;
mod council_settings;
mod crash;
mod damaged_files;
mod dialogs;
mod encryption;
mod entries;
mod evidence;
mod formats;
mod framework_properties;
mod frameworks;
mod fuzz;
mod fuzz_bundle;
mod gate;
mod import_gate;
mod layers;
mod lifecycle;
mod measures;
mod merge;
mod no_network;
mod old_files;
mod one_change;
mod open_file;
mod pdf;
mod pdf_layout;
mod pdf_structure;
mod plan;
mod properties;
mod races;
mod report;
mod same_verdict;
mod screen_reader;
mod signed;
mod signed_properties;
mod small_window;
mod storage;
mod supporting_measures;

mod ui;
mod ui_evidence;
mod ui_frameworks;
mod ui_gate;
mod ui_plan;
mod ui_report;
mod ui_trust;
mod word_structure;
