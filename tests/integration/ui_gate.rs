//! The app refuses what the command line refuses: the same gate decides for
//! both, so a command the app's buttons would send is refused with the same
//! reason, and nothing is written.

use crate::{
    common::{cli_ok, temp_db},
    ui::{open_app, type_into},
};
use critical_friend::{
    domain::{AssessmentId, ListKind, ListOp, peer::MAX_ENTRY_CHARS},
    storage::Database,
    ui::Command,
};
use egui::accesskit::Role;
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};

/// Becomes a member of the peer team through the "You" dialog.
fn become_peer(harness: &mut Harness<'_, critical_friend::app::CriticalFriendApp>) {
    harness.state_mut().queue(Command::EditYou);
    harness.run();
    harness.get_by_role_and_label(Role::RadioButton, "Peer team").click();
    harness.run();
    type_into(harness, Role::TextInput, "Name", "Pat Peer");
    harness.get_by_label("Save").click();
    harness.run();
}

fn id(text: &str) -> AssessmentId {
    text.trim().parse().expect("an assessment id")
}

#[test]
fn the_app_refuses_to_reopen_a_superseded_version() {
    let (_dir, db) = temp_db();
    let old = cli_ok(&db, &["demo"]);
    for status in ["submitted", "review", "final"] {
        cli_ok(&db, &["status", "--assessment", old.trim(), "--set", status]);
    }
    cli_ok(&db, &["status", "--assessment", old.trim(), "--set", "reopen"]);
    let mut harness = open_app(&db);
    harness.state_mut().queue(Command::Open(id(&old)));
    harness.run();
    harness.state_mut().queue(Command::Reopen);
    harness.run();
    harness.get_by_label_contains("reopened; edit the newer version; nothing was changed");
    drop(harness);
    assert_eq!(
        Database::open(&db).expect("open").list().expect("list").len(),
        2,
        "no third version"
    );
}

#[test]
fn the_app_refuses_an_unlock_the_peer_team_asks_for() {
    let (_dir, db) = temp_db();
    let assessment = cli_ok(&db, &["demo"]);
    cli_ok(
        &db,
        &["status", "--assessment", assessment.trim(), "--set", "submitted"],
    );
    let mut harness = open_app(&db);
    harness.state_mut().queue(Command::Open(id(&assessment)));
    harness.run();
    become_peer(&mut harness);
    harness.state_mut().queue(Command::UnlockSelf);
    harness.run();
    // Said as a notice, besides the greyed step's name.
    assert!(
        harness
            .query_all_by_label_contains("only the council can unlock")
            .any(|node| node.accesskit_node().role() != Role::Button)
    );
    drop(harness);
    let stored = Database::open(&db).expect("open").load(id(&assessment)).expect("load");
    assert!(stored.self_locked, "still locked");
}

#[test]
fn the_app_refuses_an_over_long_finding_as_the_command_line_does() {
    let (_dir, db) = temp_db();
    let assessment = cli_ok(&db, &["demo"]);
    let text = "x".repeat(MAX_ENTRY_CHARS + 1);
    let output = crate::common::cli(
        &db,
        &[
            "--as",
            "peer",
            "key-message",
            "add",
            "--assessment",
            assessment.trim(),
            "--text",
            &text,
        ],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("too long"));
    let mut harness = open_app(&db);
    harness.state_mut().queue(Command::Open(id(&assessment)));
    harness.run();
    become_peer(&mut harness);
    harness.state_mut().queue(Command::ChangeList(ListOp::Add {
        list: ListKind::KeyMessages,
        text,
    }));
    harness.run();
    harness.get_by_label_contains("too long");
    drop(harness);
    let stored = Database::open(&db).expect("open").load(id(&assessment)).expect("load");
    assert!(stored.peer.is_empty(), "nothing was added");
}
