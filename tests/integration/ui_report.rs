//! The report view, driven through the app's accessibility tree: the peer
//! team adds a section, moves it before the themes and writes a paragraph
//! in it; the council sees the same report read-only.

use critical_friend::{
    app::{CriticalFriendApp, StartupOptions},
    domain::{Author, ListKind, Place, SectionRef},
    service::Session,
};
use egui::accesskit::Role;
use egui_kittest::{Harness, kittest::Queryable};

use crate::{
    common::temp_db,
    ui::{switch_role, type_into},
};

/// The app on `db`, tall enough that the whole report view, to its last
/// section, is on screen.
fn tall_app(db: &std::path::Path) -> Harness<'static, CriticalFriendApp> {
    let db_path = db.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 3200.0))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import: None }));
    harness.run();
    harness
}

/// The example opened in a tall window, as the peer team, on its report.
fn peer_report_view(db: &std::path::Path) -> Harness<'static, CriticalFriendApp> {
    let mut harness = tall_app(db);
    harness.get_by_label("Open the example assessment").click();
    harness.run();
    switch_role(&mut harness, "Peer team", "Marcus Coulson");
    harness.get_by_role_and_label(Role::Button, "Report").click();
    harness.run();
    harness
}

/// The report of the one assessment `db` holds, as stored.
fn stored_report(db: &std::path::Path) -> critical_friend::domain::PeerReport {
    let session = Session::open(db, None, Author::default()).expect("open");
    let id = session.database().list().expect("list")[0].id;
    session.load(id).expect("load").report
}

/// Replaces the text of the box named `name` with `text`, and leaves the
/// box (Tab), as a person does to save it.
fn retyped(harness: &mut Harness<'_, CriticalFriendApp>, role: Role, name: &str, text: &str) {
    harness.get_by_role_and_label(role, name).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_role_and_label(role, name).type_text(text);
    harness.run();
    harness.key_press(egui::Key::Tab);
    harness.run();
}

#[test]
fn the_peer_team_adds_moves_and_writes_in_a_section_and_the_council_reads_it() {
    let (_dir, db) = temp_db();
    let mut harness = peer_report_view(&db);
    // Enter in the one-line field adds, as the Add button does.
    type_into(&mut harness, Role::TextInput, "New section title", "Resource pressures");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("7. Resource pressures (added)");
    for _ in 0..6 {
        harness
            .get_by_label_contains("Move Resource pressures one place earlier")
            .click();
        harness.run();
    }
    harness.get_by_label("1. Resource pressures (added)");
    harness.get_by_label("2. Prevention (theme 1)");
    harness.get_by_label("Contents of Resource pressures").click();
    harness.run();
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "New — Paragraphs, Resource pressures",
        "Demand is rising faster than funding.",
    );
    harness.get_by_label("Add to Paragraphs, Resource pressures").click();
    harness.run();
    harness.get_by_label("1. Demand is rising faster than funding.");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "Executive summary (paragraphs separated by a blank line)",
        "A summary, saved as it is typed.",
    );

    let session = Session::open(&db, None, Author::default()).expect("open");
    let id = session.database().list().expect("list")[0].id;
    let stored = session.load(id).expect("load");
    let section = stored.peer.list(ListKind::Sections).next().expect("the section").id;
    assert_eq!(stored.report.order.first(), Some(&SectionRef::Added(section)));
    let paragraphs: Vec<_> = stored
        .peer
        .list(ListKind::Paragraphs(Place::Section(SectionRef::Added(section))))
        .map(|entry| entry.text.clone())
        .collect();
    assert_eq!(paragraphs, ["Demand is rising faster than funding."]);
    assert_eq!(stored.report.summary, "A summary, saved as it is typed.");
    drop(session);

    switch_role(&mut harness, "Council", "Cath Director");
    harness.get_by_role_and_label(Role::Button, "Report").click();
    harness.run();
    harness.get_by_label_contains("Read-only: the peer challenge report belongs to the Peer team role");
    assert!(
        harness.query_by_label("Add section").is_none(),
        "the council cannot add sections"
    );
    let summary = harness.get_by_role_and_label(
        Role::MultilineTextInput,
        "Executive summary (paragraphs separated by a blank line)",
    );
    assert_eq!(summary.value().as_deref(), Some("A summary, saved as it is typed."));
}

/// The peer team issues its report from the report view: the status says
/// Final, the report's boxes turn read-only and say why, and the team can
/// set it back to Draft; the council sees the status but no button.
#[test]
fn the_peer_team_issues_its_report_from_the_view_and_the_council_cannot() {
    let (_dir, db) = temp_db();
    let mut harness = peer_report_view(&db);
    harness.get_by_label("Report status: Draft");
    harness.get_by_label("Issue the report as Final").click();
    harness.run();
    harness.get_by_label("Report status: Final");
    harness.get_by_label_contains("Read-only: the peer challenge report is Final");
    // The example's report has no executive summary: the view says the
    // Final report leaves it out, as an export does.
    harness.get_by_label_contains("The Final report leaves out “Executive Summary”");
    let issued = |db: &std::path::Path| stored_report(db).issued;
    assert!(issued(&db));
    switch_role(&mut harness, "Council", "Cath Director");
    harness.get_by_role_and_label(Role::Button, "Report").click();
    harness.run();
    harness.get_by_label("Report status: Final");
    assert!(harness.query_by_label("Set the report back to Draft").is_none());
    switch_role(&mut harness, "Peer team", "Marcus Coulson");
    harness.get_by_role_and_label(Role::Button, "Report").click();
    harness.run();
    harness.get_by_label("Set the report back to Draft").click();
    harness.run();
    assert!(!issued(&db));
}

/// In the report view the peer team gives a theme the report's own title,
/// saved when the box is left (leaving a theme out is the command line's
/// test, since every theme of the example holds findings).
#[test]
fn a_theme_is_retitled_from_the_report_view() {
    let (_dir, db) = temp_db();
    let mut harness = peer_report_view(&db);
    harness.get_by_label("Contents of Long-Term Support").click();
    harness.run();
    let name = "Title of Long-Term Support in the report";
    retyped(&mut harness, Role::TextInput, name, "Long Term Support");
    harness.get_by_label_contains(". Long Term Support (theme 3)");
    let names = |db: &std::path::Path| stored_report(db).names;
    assert_eq!(names(&db).titles.get(&3).map(String::as_str), Some("Long Term Support"));
}

/// The team rewords a paragraph the report writes itself in the report
/// view: the box holds the written text to start from, and what the team
/// types is kept when the box is left.
#[test]
fn a_paragraph_the_report_writes_is_reworded_in_the_view() {
    let (_dir, db) = temp_db();
    crate::common::cli_ok(&db, &["demo", "--after-challenge"]);
    let mut harness = tall_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    switch_role(&mut harness, "Peer team", "Marcus Coulson");
    harness.get_by_role_and_label(Role::Button, "Report").click();
    harness.run();
    let name = "The paragraph before the peer team";
    harness.get_by_label_contains("The paragraph before the peer team (as the report writes it");
    retyped(
        &mut harness,
        Role::MultilineTextInput,
        name,
        "Four peers from other councils made up the team:",
    );
    harness.get_by_label_contains("The paragraph before the peer team (the team's words)");
    let wording = stored_report(&db).wording;
    assert_eq!(
        wording.0.values().next().map(String::as_str),
        Some("Four peers from other councils made up the team:")
    );
}
