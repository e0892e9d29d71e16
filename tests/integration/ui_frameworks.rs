//! Frameworks in the app, driven through its accessibility tree: a CQC
//! self-assessment created and scored in CQC's own words, and a framework
//! added from a file in the Frameworks dialog, where built-in and used
//! frameworks cannot be removed and say why.

use std::path::Path;

use critical_friend::{domain::ItemId, service::Session};
use egui::{
    Key,
    accesskit::{Role, Toggled},
};
use egui_kittest::kittest::{NodeT, Queryable};

use crate::{
    common::temp_db,
    ui::{open_app, type_into},
};

fn statement_score(db: &Path, item: &str) -> Option<u8> {
    let session = Session::open(db, None, critical_friend::domain::Author::default()).expect("open");
    let listing = session.database().list().expect("list");
    let assessment = session.load(listing[0].id).expect("load");
    assessment
        .answer(&ItemId::new(item))
        .score
        .map(critical_friend::domain::Score::value)
}

#[test]
fn a_cqc_self_assessment_is_created_and_a_statement_scored_four() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.get_by_label("New assessment").click();
    harness.run();
    type_into(&mut harness, Role::TextInput, "Organisation", "Example Borough Council");
    type_into(&mut harness, Role::TextInput, "Title", "CQC self-assessment 2025/26");
    harness
        .get_by_label_contains("CQC local authority assessment, version 2024")
        .click();
    harness.run();
    harness.get_by_label("Create").click();
    harness.run();

    // The item speaks CQC's language, and its keys are CQC's levels.
    harness.get_by_label_contains("Quality statement 1 of 9");
    harness.get_by_role_and_label(Role::MultilineTextInput, "What the evidence shows");
    harness.get_by_role_and_label(Role::MultilineTextInput, "Gaps and actions");
    harness.get_by_label_contains("Keys 1–4 set your role’s score");
    // The pointer leaves the dialog's Create button, which lay over a text box.
    harness.event(egui::Event::PointerMoved(egui::pos2(5.0, 990.0)));
    harness.run();
    harness.key_press(Key::Num0);
    harness.run();
    assert_eq!(
        statement_score(&db, "1.1"),
        None,
        "0 is no CQC score; the key does nothing"
    );
    harness.key_press(Key::Num4);
    harness.run();
    let four = harness.get_by_role_and_label(Role::RadioButton, "4 – Evidence shows an exceptional standard");
    assert_eq!(four.accesskit_node().toggled(), Some(Toggled::True));
    assert_eq!(statement_score(&db, "1.1"), Some(4));

    harness
        .get_all_by_role_and_label(Role::Button, "Overview")
        .next()
        .expect("the Overview button")
        .click();
    harness.run();
    harness.get_by_label("1 of 9 quality statements scored");
    harness.get_by_label("Self-assessment, overall rating: not yet rated (1 of 9 quality statements scored)");
}

#[test]
fn a_framework_is_added_in_the_dialog_and_only_an_unused_one_can_go() {
    let (dir, db) = temp_db();
    let file = dir.path().join("outcomes.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/graded-outcomes-framework.json"),
        &file,
    )
    .expect("copy");
    let mut harness = open_app(&db);
    harness.get_by_label("Frameworks…").click();
    harness.run();
    harness.get_by_label("Use of Resources, version 2016");
    harness.get_by_label("CQC local authority assessment, version 2024");
    let remove = harness.get_all_by_label("Remove…").next().expect("a Remove button");
    assert!(
        remove.accesskit_node().is_disabled(),
        "a built-in framework cannot be removed"
    );

    type_into(
        &mut harness,
        Role::TextInput,
        "Framework file",
        file.to_str().expect("path"),
    );
    harness.get_by_label("Check").click();
    harness.run();
    harness.get_by_label_contains("1. Delivering outcomes — 7 outcomes");
    harness.get_by_label_contains("Scale: 1 Performing poorly");
    assert!(
        !Session::open(&db, None, critical_friend::domain::Author::default())
            .expect("open")
            .catalogue()
            .all()
            .any(|f| f.id == "graded-outcomes"),
        "checking adds nothing"
    );
    harness.get_by_label("Add").click();
    harness.run();
    harness.get_by_label("Graded outcomes, version 2009-10");
    harness.get_by_label_contains("Added Adult social care outcomes");
    let removable: Vec<bool> = harness
        .get_all_by_label("Remove…")
        .map(|button| !button.accesskit_node().is_disabled())
        .collect();
    assert_eq!(
        removable,
        [false, false, true],
        "only the added, unused framework can go"
    );
    harness.get_all_by_label("Remove…").nth(2).expect("third").click();
    harness.run();
    harness.get_by_role_and_label(Role::Dialog, "Remove this framework?");
    harness.get_by_label("Remove").click();
    harness.run();
    harness.get_by_label_contains("Removed graded-outcomes (version 2009-10)");
    assert!(harness.query_by_label("Graded outcomes, version 2009-10").is_none());
}
