//! The evidence in the app, driven through its accessibility tree: the
//! council links a register document from the item view and answers the
//! peer team's request with it; the peer team marks the document
//! considered and asks for something else. A cited document cannot be
//! removed.

use critical_friend::{
    app::{CriticalFriendApp, StartupOptions},
    domain::{
        AssessmentId, Author, ItemId, Role as PersonRole,
        evidence::{Answer, Particulars, RequestOp},
    },
    service::Session,
};
use egui::accesskit::Role;
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};

use crate::{
    common::temp_db,
    ui::{export_from_dialog, switch_role, type_into},
};

/// The example with one document (for 6.1) and one open request.
fn seeded(db: &std::path::Path) -> AssessmentId {
    let person = |role, name: &str| Author {
        role,
        name: name.to_owned(),
        organisation: String::new(),
        key: None,
    };
    {
        let mut session = Session::open(db, None, person(PersonRole::Council, "Cath Director")).expect("open");
        let id = session.create_example().expect("example").id;
        session
            .add_document(
                id,
                "Budget 2016/17",
                &Particulars::default(),
                vec![ItemId::new("6.1")],
                None,
            )
            .expect("document");
        session.set_author(person(PersonRole::Peer, "Ann Lead"));
        let ask = RequestOp::Ask {
            id: uuid::Uuid::new_v4(),
            text: "Care home placements by month".to_owned(),
            items: vec![ItemId::new("3.2")],
            on: time::macros::date!(2026 - 11 - 02),
        };
        session.change_request(id, &ask).expect("request");
        id
    }
}

#[test]
fn the_council_links_and_provides_and_the_peer_team_considers_and_asks() {
    let (_dir, db) = temp_db();
    let id = seeded(&db);
    let stored = |db: &std::path::Path| {
        Session::open(db, None, Author::default())
            .expect("open")
            .load(id)
            .expect("load")
    };

    let db_path = db.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 2400.0))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import: None }));
    harness.run();
    crate::ui::open_listed(&harness);
    harness.run();
    switch_role(&mut harness, "Council", "Cath Director");
    harness.get_by_label("No document of the register supports this item yet.");
    harness
        .get_by_role_and_label(Role::ComboBox, "Link a document: Choose…")
        .click();
    harness.run();
    harness.get_by_label("D1. Budget 2016/17").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Link").click();
    harness.run();
    let items = stored(&db).documents[0].items.clone();
    assert_eq!(items, [ItemId::new("6.1"), ItemId::new("1.1")], "linked from item 1.1");
    harness.get_by_label("Unlink D1");
    // Citing it adds its number to the basis, saved as the council's edit.
    harness.get_by_role_and_label(Role::Button, "Cite D1").click();
    harness.run();
    for _ in 0..150 {
        harness.step();
    }
    let basis = stored(&db).answer(&ItemId::new("1.1")).basis.clone();
    assert!(basis.ends_with(" (D1)"), "{basis}");
    harness.get_by_label("D1 (Budget 2016/17)");
    assert!(harness.query_by_label("Cite D1").is_none(), "cited once");
    // The button stays where it was, greyed: a second click of a double
    // click lands on it, not on Unlink sliding into its place.
    assert!(harness.get_by_label("Cited D1").accesskit_node().is_disabled());

    harness.get_by_role_and_label(Role::Button, "Evidence").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Provided as, for R1: Choose a document…")
        .click();
    harness.run();
    harness
        .get_all_by_label("D1. Budget 2016/17")
        .last()
        .expect("the option")
        .click();
    harness.run();
    harness.get_by_label("Mark R1 provided").click();
    harness.run();
    let answer = stored(&db).requests[0].answer.clone();
    assert!(
        matches!(answer, Some(Answer::Provided { document, .. }) if document == stored(&db).documents[0].id),
        "{answer:?}"
    );
    harness.get_by_label_contains("Provided");
    // Correcting its title and date.
    harness.get_by_label("Edit D1").click();
    harness.run();
    type_into(&mut harness, Role::TextInput, "Document title of D1", " (revised)");
    type_into(&mut harness, Role::TextInput, "Date (YYYY-MM-DD) of D1", "2016-05-01");
    harness.get_by_label("Save D1").click();
    harness.run();
    let corrected = stored(&db).documents[0].clone();
    assert_eq!(corrected.title, "Budget 2016/17 (revised)");
    assert_eq!(corrected.particulars.date, "2016-05-01");
    // Removing asks first; the basis of 1.1 cites D1, so it is refused with the reason.
    harness.get_by_label("Remove D1").click();
    harness.run();
    harness.get_by_label_contains("Remove D1 “Budget 2016/17 (revised)” from the register?");
    harness.get_by_label("Yes, remove D1").click();
    harness.run();
    harness.get_by_label_contains("the basis for 1.1 cites it");
    assert_eq!(stored(&db).documents.len(), 1);

    switch_role(&mut harness, "Peer team", "Ann Lead");
    harness.get_by_role_and_label(Role::Button, "Evidence").click();
    harness.run();
    assert!(
        harness.query_by_label("Remove D1").is_none(),
        "the register is the council's"
    );
    harness.get_by_label("D1 considered").click();
    harness.run();
    assert!(stored(&db).documents[0].considered);
    type_into(
        &mut harness,
        Role::TextInput,
        "New request",
        "Reablement outcomes at 91 days",
    );
    harness.get_by_label("Ask").click();
    harness.run();
    let requests = stored(&db).requests;
    assert_eq!(requests.len(), 2);
    assert!(requests[1].asked_by.ends_with("Ann Lead"), "asked in the name typed");
}

#[test]
fn the_evidence_bundle_is_written_from_the_export_dialog_in_the_background() {
    let (dir, db) = temp_db();
    let attached = dir.path().join("Budget 2016.pdf");
    std::fs::write(&attached, b"%PDF-1.4 the budget").expect("write");
    {
        let mut session = Session::open(&db, None, Author::default()).expect("open");
        let id = session.create_example().expect("example").id;
        session
            .add_document(
                id,
                "Budget 2016/17",
                &Particulars::default(),
                vec![ItemId::new("6.1")],
                Some(&attached),
            )
            .expect("document");
    }
    let db_path = db.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1600.0))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import: None }));
    harness.run();
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label("The evidence bundle").click();
    harness.run();
    let target = dir.path().join("evidence from the app.zip");
    export_from_dialog(&mut harness, &target, "Export the bundle");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&target).expect("written")).expect("a zip");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut archive.by_name("files/D1 - Budget 2016.pdf").expect("the file"),
        &mut bytes,
    )
    .expect("read");
    assert_eq!(bytes, b"%PDF-1.4 the budget");
}
