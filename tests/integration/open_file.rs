//! Opening an exchange file as a desktop does on a double click:
//! `critical-friend FILE` opens the app with that file checked in the
//! import dialog, and nothing imported until the user says so.

use crate::common::{cli, cli_ok, create_db, temp_db};
use critical_friend::app::{CriticalFriendApp, StartupOptions};
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};

#[test]
fn an_exchange_file_given_at_start_opens_checked_in_the_import_dialog() {
    let (dir, from) = temp_db();
    let id = cli_ok(&from, &["demo"]).trim().to_owned();
    let file = dir.path().join("Example Borough.cfriend");
    cli_ok(
        &from,
        &["export", "--assessment", &id, "--out", file.to_str().expect("path")],
    );
    let db = dir.path().join("mine.sqlite");
    create_db(&db);

    let (db_path, import) = (db.clone(), Some(file.clone()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import }));
    harness.run();
    // Checked already: what importing would change is shown, and the
    // file's path is in the dialog's File box.
    harness.get_by_label("What importing changes");
    let path = harness
        .get_by_label("File")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert!(path.ends_with("Example Borough.cfriend"), "{path}");
    drop(harness);
    let listed = cli_ok(&db, &["list"]);
    assert!(!listed.contains(&id), "nothing imported unasked: {listed}");
}

#[test]
fn a_file_and_a_subcommand_together_are_refused() {
    let (_dir, db) = temp_db();
    create_db(&db);
    let output = cli(&db, &["some.cfriend", "list"]);
    assert!(!output.status.success(), "a file with a subcommand");
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("cannot be given together"), "{error}");
    // Options before a subcommand still leave it a subcommand.
    cli_ok(&db, &["--name", "Alys", "list"]);
}
