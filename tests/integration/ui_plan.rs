//! The action plan and the progress review, driven through the app's
//! accessibility tree: the council starts the plan from the report of a
//! Final assessment, sets a status, adds a note and an overdue action,
//! filters to what is overdue; the peer team reads it and cannot change it;
//! then the council starts the progress review and sees what moved.

use critical_friend::{
    app::{CriticalFriendApp, StartupOptions},
    domain::{Author, Rag, Role as PersonRole, Status},
    service::Session,
};
use egui::accesskit::Role;
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};

use crate::{
    common::{cli_ok, temp_db},
    ui::{open_app, switch_role, type_into},
};

#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, read in order")]
fn the_council_plans_updates_and_filters_the_peer_team_reads_and_the_review_shows_progress() {
    let (_dir, db) = temp_db();
    let council = Author {
        role: PersonRole::Council,
        name: "Cath Director".to_owned(),
        organisation: String::new(),
        key: None,
    };
    let id = {
        let mut session = Session::open(&db, None, council.clone()).expect("open");
        let id = session.create_example_after_challenge().expect("example").id;
        session.set_status(id, Status::Final).expect("final");
        id
    };
    let db_path = db.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 4000.0))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import: None }));
    harness.run();
    crate::ui::open_listed(&harness);
    harness.run();
    switch_role(&mut harness, "Council", "Cath Director");
    harness.get_by_role_and_label(Role::Button, "Action plan").click();
    harness.run();
    harness.get_by_label("No actions yet.");
    harness
        .get_by_label("Start the action plan from the report (6 areas for consideration)")
        .click();
    harness.run();
    let stored = |db: &std::path::Path| {
        Session::open(db, None, Author::default())
            .expect("open")
            .load(id)
            .expect("load")
    };
    assert_eq!(
        stored(&db).actions.len(),
        6,
        "one action per area, on a Final assessment"
    );

    harness
        .get_by_role_and_label(Role::ComboBox, "Status of action 1: Red")
        .click();
    harness.run();
    harness
        .get_all_by_label("Blue (done)")
        .last()
        .expect("the option")
        .click();
    harness.run();
    assert_eq!(stored(&db).actions[0].status, Rag::Blue);

    type_into(
        &mut harness,
        Role::TextInput,
        "Progress on action 2",
        "Pilot on two wards",
    );
    harness.get_by_label("Add note to action 2").click();
    harness.run();
    let notes = stored(&db).actions[1].progress.clone();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Pilot on two wards");
    assert_eq!(notes[0].by, "Cath Director");

    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "New action",
        "Review the charging policy",
    );
    type_into(&mut harness, Role::TextInput, "Due (YYYY-MM-DD)", "2020-01-31");
    harness.get_by_label("Add action").click();
    harness.run();
    assert_eq!(stored(&db).actions.len(), 7);
    harness.get_by_label("OVERDUE");
    harness.get_by_label("Overdue only").click();
    harness.run();
    harness.get_by_label("Review the charging policy");
    assert!(
        harness.query_by_label("Pilot on two wards").is_none()
            && harness
                .query_by_label_contains("Offer reablement to everyone leaving hospital")
                .is_none(),
        "the filter leaves only what is overdue"
    );
    harness.get_by_label("Overdue only").click();
    harness.run();

    switch_role(&mut harness, "Peer team", "Marcus Coulson");
    harness.get_by_role_and_label(Role::Button, "Action plan").click();
    harness.run();
    harness.get_by_label_contains("Read-only: only the council can change the action plan");
    assert!(harness.query_by_label("Add action").is_none());
    assert!(harness.query_by_label("Edit action 1").is_none());

    switch_role(&mut harness, "Council", "Cath Director");
    harness.get_by_role_and_label(Role::Button, "Action plan").click();
    harness.run();
    type_into(&mut harness, Role::TextInput, "Period it covers", "2017/18");
    harness.get_by_label("Start progress review").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Progress").click();
    harness.run();
    harness.get_by_label("Progress since 2016/17");
    assert!(
        harness.get_all_by_label_contains("= no change").count() > 20,
        "movement in words"
    );
    harness.get_by_role_and_label(Role::Button, "Action plan").click();
    harness.run();
    harness.get_by_label("Review the charging policy");
    harness.get_by_label_contains("From: Areas for consideration (theme 1)");

    harness.get_by_role_and_label(Role::Button, "Year on year").click();
    harness.run();
    let baseline = harness.get_by_role_and_label(
        Role::CheckBox,
        "2016/17 — Adult Social Care Use of Resources self-assessment — peer challenge (Final)",
    );
    assert_eq!(
        baseline.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "the council's other assessment is set beside this one"
    );
    assert!(
        harness.get_all_by_label("2017/18").count() >= 2,
        "both years are columns"
    );
    assert!(harness.get_all_by_label_contains("no change").count() > 20);
}

/// The progress review is found where a Final assessment's plan starts,
/// not below every action; and Year on year sets beside a review only the
/// assessment it started from, leaving the council's others for the user
/// to tick.
#[test]
fn the_progress_review_is_offered_first_and_year_on_year_ticks_nothing_unasked() {
    let (_dir, db) = temp_db();
    cli_ok(&db, &["demo", "--a-year-on"]);
    cli_ok(&db, &["demo"]);
    let mut harness = open_app(&db);
    harness.set_size(egui::vec2(1280.0, 800.0));
    harness.run();
    crate::ui::open_listed_where(&mut harness, |name| name.ends_with(", Final"));
    harness.get_by_role_and_label(Role::Button, "Action plan").click();
    harness.run();
    let start = harness.get_by_label("Start progress review").rect();
    let first_action = harness.get_by_label_contains("Status of action 1:").rect();
    assert!(
        start.max.y < first_action.min.y,
        "offered above the plan, on the first screen"
    );
    assert!(start.max.y < 800.0);

    harness.get_by_label("← Assessments").click();
    harness.run();
    crate::ui::open_listed_where(&mut harness, |name| name.contains("(2017/18)"));
    harness.get_by_role_and_label(Role::Button, "Year on year").click();
    harness.run();
    let toggled = |label: &str| {
        harness
            .get_by_role_and_label(Role::CheckBox, label)
            .accesskit_node()
            .toggled()
    };
    assert_eq!(
        toggled("2016/17 — Adult Social Care Use of Resources self-assessment — peer challenge (Final)"),
        Some(egui::accesskit::Toggled::True),
        "the assessment the review started from"
    );
    assert_eq!(
        toggled("2016/17 — Adult Social Care Use of Resources self-assessment (Draft)"),
        Some(egui::accesskit::Toggled::False),
        "another of the council's assessments, not ticked unasked"
    );
}

/// The scorecard's supporting measure in the plan view: each measured
/// action shows its measure, target, values and colour against the target;
/// a quarter's value typed into its box is saved when the box is left, and
/// the colour follows; the direction of better is a choice, not a box.
#[test]
fn a_quarters_value_is_typed_saved_and_read_against_its_target() {
    let (_dir, db) = temp_db();
    let db_path = db.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 4000.0))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import: None }));
    harness.run();
    harness.get_by_label("Open the example a year on").click();
    harness.run();
    switch_role(&mut harness, "Council", "Cath Director");
    harness.get_by_role_and_label(Role::Button, "Action plan").click();
    harness.run();
    harness.get_by_label_contains("Supporting measure: People leaving hospital who are offered reablement");
    harness.get_by_label("(Q1 2017/18: 86% against a target of 85% (higher is better): Green)");

    let name = "Q2 2017/18 value of action 2's measure";
    type_into(&mut harness, Role::TextInput, name, "80%");
    let review = critical_friend::storage::Database::open(&db)
        .expect("open")
        .list()
        .expect("list")
        .into_iter()
        .find(|listed| listed.status != Status::Final)
        .expect("the progress review")
        .id;
    let stored = |db: &std::path::Path| {
        Session::open(db, None, Author::default())
            .expect("open")
            .load(review)
            .expect("load")
    };
    let q2 = critical_friend::domain::Quarter { year: 2017, number: 2 };
    assert_eq!(stored(&db).actions[1].values.get(&q2), None, "not saved while typing");
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert_eq!(stored(&db).actions[1].values.get(&q2).map(String::as_str), Some("80%"));
    harness.get_by_label("(Q2 2017/18: 80% against a target of 85% (higher is better): Amber)");

    harness.get_by_label("Edit action 2").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Better (higher, lower, neither) of action 2: higher")
        .click();
    harness.run();
    harness.get_all_by_label("lower").last().expect("the choice").click();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(stored(&db).actions[1].better, "lower");
    harness.get_by_label("(Q2 2017/18: 80% against a target of 85% (lower is better): Green)");
}
