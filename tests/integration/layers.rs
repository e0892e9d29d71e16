//! The layers a newcomer reads from the folder names hold: the front ends
//! (app, command line, screens) reach the database only through the
//! service layer's `Session`, whose `database()` is read-only by type; the
//! file formats that travel (`exchange`) depend on neither storage nor the
//! packs; and the domain imports no UI, SQL or PDF crate.

use std::path::Path;

fn sources(folder: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(folder);
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(
                std::fs::read_dir(&path)
                    .expect("list")
                    .flatten()
                    .map(|entry| entry.path()),
            );
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).expect("read"),
            ));
        }
    }
    assert!(!found.is_empty(), "no sources under src/{folder}");
    found
}

fn assert_none(folder: &str, forbidden: &[&str]) {
    for (path, text) in sources(folder) {
        for needle in forbidden {
            assert!(!text.contains(needle), "{path} uses {needle}");
        }
    }
}

#[test]
fn front_ends_write_only_through_the_session() {
    for folder in ["app", "cli", "ui"] {
        assert_none(
            folder,
            &["Database::open", "storage::Database", "rusqlite", ".guarded("],
        );
    }
}

#[test]
fn the_formats_that_travel_depend_on_neither_storage_nor_packs() {
    assert_none("exchange", &["crate::storage", "crate::packs", "crate::service"]);
}

#[test]
fn the_domain_imports_no_ui_sql_or_pdf_crate() {
    assert_none(
        "domain",
        &[
            "egui::",
            "eframe::",
            "rusqlite::",
            "printpdf::",
            "crate::storage",
            "crate::service",
        ],
    );
}

#[test]
fn no_source_file_is_over_six_hundred_lines() {
    for folder in ["app", "cli", "domain", "exchange", "packs", "service", "storage", "ui"] {
        for (path, text) in sources(folder) {
            assert!(text.lines().count() <= 600, "{path} has {} lines", text.lines().count());
        }
    }
}
