//! The app a director can trust at first sight: no key changes what the
//! user cannot see, and every typed character reaches the database. Driven
//! through the real app with `egui_kittest`, checked in the database file.

use crate::{
    common::{cli_ok, temp_db},
    ui::{open_app, switch_role},
};
use critical_friend::{domain::AssessmentId, storage::Database};
use egui::{Key, accesskit::Role};
use egui_kittest::kittest::{NodeT, Queryable};

fn id(text: &str) -> AssessmentId {
    text.trim().parse().expect("an assessment id")
}

fn changes(db: &std::path::Path, id: AssessmentId) -> usize {
    Database::open(db)
        .expect("open")
        .history(id, None)
        .expect("history")
        .len()
}

#[test]
fn typing_into_a_read_only_text_box_runs_no_shortcut() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["demo"]));
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    switch_role(&mut harness, "Peer team", "Rachel Peer");
    let before = changes(&db, assessment);
    // The council's basis is read-only for the peer team, but can be
    // clicked into, selected and copied; what is typed there stays there.
    let basis = harness.get_by_role_and_label(Role::MultilineTextInput, "Basis for this score");
    basis.click();
    harness.run();
    // Real typing sends keys as well as text: these are the shortcut keys.
    for key in [Key::N, Key::Num3, Key::Num2, Key::P, Key::Num0, Key::ArrowDown] {
        harness.key_press(key);
        harness.run();
    }
    harness.get_by_label("Item 1 of 34");
    drop(harness);
    assert_eq!(changes(&db, assessment), before, "no score changed, nothing recorded");
    let stored = Database::open(&db).expect("open").load(assessment).expect("load");
    assert!(stored.answers.values().all(|answer| answer.peer_score.is_none()));
}

#[test]
fn typing_on_a_final_assessment_moves_nowhere_and_changes_nothing() {
    let (_dir, db) = temp_db();
    let assessment = cli_ok(&db, &["demo"]);
    for status in ["submitted", "review", "final"] {
        cli_ok(&db, &["status", "--assessment", assessment.trim(), "--set", status]);
    }
    let before = changes(&db, id(&assessment));
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Notes and queries (including evidence gaps)")
        .click();
    harness.run();
    for key in [Key::E, Key::D, Key::N, Key::Num3] {
        harness.key_press(key);
        harness.run();
    }
    harness.get_by_label("Item 1 of 34");
    drop(harness);
    assert_eq!(changes(&db, id(&assessment)), before);
}

#[test]
fn the_last_character_typed_survives_an_immediate_click_elsewhere() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["new", "--org", "Powys", "--title", "Use of Resources"]));
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    let basis = harness.get_by_role_and_label(Role::MultilineTextInput, "Basis for this score");
    basis.focus();
    harness.run();
    // The last keystroke and a click on the next item in the list arrive in
    // one frame, as a fast hand makes them.
    let target = harness.get_by_label_contains("1.2 ").rect().center();
    let button = |pressed| egui::Event::PointerButton {
        pos: target,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    harness.input_mut().events.extend([
        egui::Event::Text("Ann Peer".to_owned()),
        egui::Event::PointerMoved(target),
        button(true),
        button(false),
    ]);
    // What eframe does before every frame: the app's input hook, then the frame.
    let ctx = harness.ctx.clone();
    for _ in 0..4 {
        let mut input = std::mem::take(harness.input_mut());
        eframe::App::raw_input_hook(harness.state_mut(), &ctx, &mut input);
        *harness.input_mut() = input;
        harness.step();
    }
    harness.run();
    harness.get_by_label("Item 2 of 34");
    harness.get_by_label("← Assessments").click();
    harness.run();
    drop(harness);
    let stored = Database::open(&db).expect("open").load(assessment).expect("load");
    assert_eq!(
        stored.answers.values().next().map(|a| a.basis.as_str()),
        Some("Ann Peer")
    );
}

/// Two clicks at the same spot in consecutive frames: a double click.
fn double_click(harness: &mut egui_kittest::Harness<'_, critical_friend::app::CriticalFriendApp>, label: &str) {
    let at = harness.get_by_label(label).rect().center();
    for _ in 0..2 {
        for pressed in [true, false] {
            harness.input_mut().events.push(egui::Event::PointerMoved(at));
            harness.input_mut().events.push(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
            harness.step();
        }
    }
    harness.run();
}

fn fields(db: &std::path::Path, id: AssessmentId) -> Vec<(String, Option<String>)> {
    Database::open(db)
        .expect("open")
        .history(id, None)
        .expect("history")
        .into_iter()
        .map(|entry| (entry.subject.key(), entry.to))
        .filter(|(field, _)| field != "roster")
        .collect()
}

#[test]
fn a_double_click_on_a_status_step_takes_it_once_and_never_unlocks() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["demo"]));
    cli_ok(
        &db,
        &["status", "--assessment", &assessment.to_string(), "--set", "submitted"],
    );
    let before = fields(&db, assessment).len();
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    double_click(&mut harness, "Start peer review");
    drop(harness);
    let after = fields(&db, assessment);
    assert_eq!(after[before..], [("status".to_owned(), Some("review".to_owned()))]);
    let stored = Database::open(&db).expect("open").load(assessment).expect("load");
    assert!(stored.self_locked, "still locked");
}

#[test]
fn consequential_steps_ask_first_and_a_lock_can_be_put_back() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["demo"]));
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    // Asked, then cancelled: nothing happens.
    harness.get_by_label("Submit to peer team").click();
    harness.run();
    harness.get_by_role_and_label(Role::Dialog, "Submit to peer team?");
    harness.get_by_label_contains("is locked");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(fields(&db, assessment).is_empty());
    for step in ["Submit to peer team", "Unlock self-assessment", "Lock self-assessment"] {
        harness.get_by_label(step).click();
        harness.run();
        harness.get_by_role_and_label(Role::Dialog, &format!("{step}?"));
        harness.get_by_label(&format!("Confirm: {step}")).click();
        harness.run();
    }
    // Greyed out, and its name says why.
    harness.get_by_label_contains("Mark Final — not now: ").click();
    harness.run();
    assert!(
        harness.query_by_label("Mark Final?").is_none(),
        "not allowed before the peer review"
    );
    drop(harness);
    let recorded: Vec<_> = fields(&db, assessment)
        .into_iter()
        .map(|(field, value)| (field, value.unwrap_or_default()))
        .collect();
    let expected = [
        ("status", "submitted"),
        ("self_locked", "true"),
        ("self_locked", "false"),
        ("self_locked", "true"),
    ];
    assert_eq!(
        recorded,
        expected.map(|(field, value)| (field.to_owned(), value.to_owned()))
    );
}

/// Becomes `name` in `role` through the "You" dialog, replacing the name there.
fn become_person(
    harness: &mut egui_kittest::Harness<'_, critical_friend::app::CriticalFriendApp>,
    role: &str,
    name: &str,
) {
    harness.get_by_label_contains("You: ").click();
    harness.run();
    harness.get_by_role_and_label(Role::RadioButton, role).click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Name").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_role_and_label(Role::TextInput, "Name").type_text(name);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("Next →").hover();
    harness.run();
}

#[test]
fn undo_after_a_role_switch_undoes_your_own_change_and_says_which() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["new", "--org", "Powys", "--title", "Use of Resources"]));
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    become_person(&mut harness, "Council", "Cara Council");
    harness.key_press(Key::Num2);
    harness.run();
    harness.get_by_label("Undo: Score 1.1");
    become_person(&mut harness, "Peer team", "Pat Peer");
    // The peer team has changed nothing, so there is nothing for it to undo.
    assert!(harness.get_by_label("Undo").accesskit_node().is_disabled());
    harness.key_press(Key::Num1);
    harness.run();
    harness.get_by_label("Undo: Peer score 1.1").click();
    harness.run();
    become_person(&mut harness, "Council", "Cara Council");
    harness.get_by_label("Undo: Score 1.1").click();
    harness.run();
    harness.get_by_label("← Assessments").click();
    harness.run();
    drop(harness);
    let stored = Database::open(&db).expect("open").load(assessment).expect("load");
    let answer = stored.answer(&critical_friend::domain::ItemId::new("1.1"));
    assert_eq!(
        (answer.score, answer.peer_score),
        (None, None),
        "each undid their own change"
    );
}

#[test]
fn f1_opens_help_listing_the_keys_and_the_theme_can_be_light() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("How a peer challenge works in Critical Friend");
    // The steps say where the numbers behind a score come from.
    harness.get_by_label_contains("in the Measures view, import the national ASCOF file");
    harness.get_by_label("Ctrl+Z");
    harness.get_by_label("Show the next item");
    // One row for every digit key: "0–9", each a level on some framework's scale.
    harness.get_by_label("0–9");
    harness.get_by_label_contains("Give the item shown this score, in your role");
    // The keys every part of the app answers to are listed too.
    for keys in ["Tab, Shift+Tab", "Ctrl+Enter", "Escape", "Ctrl++, Ctrl+−, Ctrl+0"] {
        harness.get_by_label(keys);
    }
    harness.get_by_role_and_label(Role::RadioButton, "Light").click();
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
    let visuals = harness.ctx.style_of(egui::Theme::Light).visuals.clone();
    for (what, fg, bg) in critical_friend::ui::theme::text_pairs(&visuals) {
        assert!(critical_friend::ui::theme::contrast(fg, bg) >= 4.5, "{what}");
    }
    harness.key_press(Key::F1);
    harness.run();
    assert!(
        harness
            .query_by_label("How a peer challenge works in Critical Friend")
            .is_none()
    );
}

/// Presses Tab until the control `label` has the keyboard focus.
fn tab_to(harness: &mut egui_kittest::Harness<'_, critical_friend::app::CriticalFriendApp>, role: Role, label: &str) {
    for _ in 0..120 {
        if harness
            .query_by_role_and_label(role, label)
            .is_some_and(|node| node.accesskit_node().is_focused())
        {
            return;
        }
        harness.key_press(Key::Tab);
        harness.run();
    }
    panic!("Tab never reached {label}");
}

#[test]
fn a_whole_self_assessment_can_be_completed_with_the_keyboard_alone() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    tab_to(&mut harness, Role::Button, "New assessment");
    harness.key_press(Key::Space);
    harness.run();
    tab_to(&mut harness, Role::TextInput, "Organisation");
    harness
        .get_by_role_and_label(Role::TextInput, "Organisation")
        .type_text("Keyboard Council");
    tab_to(&mut harness, Role::TextInput, "Title");
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Use of Resources");
    harness.run();
    tab_to(&mut harness, Role::Button, "Create");
    harness.key_press(Key::Space);
    harness.run();
    for item in 0..34 {
        harness.key_press(Key::Escape);
        harness.run();
        harness.key_press([Key::Num0, Key::Num1, Key::Num2, Key::Num3][item % 4]);
        harness.run();
        tab_to(&mut harness, Role::MultilineTextInput, "Basis for this score");
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Basis for this score")
            .type_text(&format!("Evidence for item {}", item + 1));
        harness.run();
        harness.key_press(Key::Escape);
        harness.run();
        harness.key_press(Key::N);
        harness.run();
    }
    harness.key_press(Key::Escape);
    harness.run();
    tab_to(&mut harness, Role::Button, "← Assessments");
    harness.key_press(Key::Space);
    harness.run();
    drop(harness);
    let database = Database::open(&db).expect("open");
    let assessment = database.load(database.list().expect("list")[0].id).expect("load");
    assert_eq!(assessment.scored_count(), 34);
    assert!(
        assessment
            .answers
            .values()
            .all(|answer| answer.basis.starts_with("Evidence for item"))
    );
}

#[test]
fn text_typed_in_the_frame_the_window_closes_is_saved() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["new", "--org", "Powys", "--title", "Use of Resources"]));
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Notes and queries (including evidence gaps)")
        .focus();
    harness.run();
    harness
        .input_mut()
        .events
        .push(egui::Event::Text("Closed at once".to_owned()));
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    // Read while the window is still there: saved by the frame itself.
    let stored = Database::open(&db).expect("open").load(assessment).expect("load");
    assert_eq!(
        stored.answer(&critical_friend::domain::ItemId::new("1.1")).notes,
        "Closed at once"
    );
}

#[test]
fn the_save_indicator_and_notices_are_announced_to_a_screen_reader() {
    let (_dir, db) = temp_db();
    cli_ok(&db, &["new", "--org", "Powys", "--title", "Use of Resources"]);
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    assert_eq!(
        harness.get_by_label("Saved").accesskit_node().live(),
        egui::accesskit::Live::Polite
    );
    harness.state_mut().queue(critical_friend::ui::Command::Reopen);
    harness.run();
    // The notice, not the greyed step whose name says the same.
    let notice = harness
        .query_all_by_label_contains("only a Final assessment can be reopened")
        .find(|node| node.accesskit_node().role() != Role::Button)
        .expect("the notice");
    assert_eq!(notice.accesskit_node().live(), egui::accesskit::Live::Assertive);
}

#[test]
fn the_visit_dates_can_be_picked_from_a_calendar() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["demo"]));
    cli_ok(
        &db,
        &[
            "--as",
            "peer",
            "visit",
            "--assessment",
            &assessment.to_string(),
            "--start",
            "2026-09-27",
            "--end",
            "2026-09-30",
        ],
    );
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    switch_role(&mut harness, "Peer team", "Pat Peer");
    harness.get_by_role_and_label(Role::Button, "Peer challenge").click();
    harness.run();
    harness.get_by_label("Calendar: 30 Sep 2026").click();
    harness.run();
    harness.get_by_label(">").click();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("Save dates").click();
    harness.run();
    drop(harness);
    let stored = Database::open(&db).expect("open").load(assessment).expect("load");
    assert_eq!(
        stored.visit.describe(),
        "2026-09-27 to 2026-10-01",
        "one day later, picked"
    );
}

/// The History view lists whose keys may sign, each with its fingerprint;
/// the council adds the peer team's lead from her card and retires a key,
/// after confirming, and the database holds both as signed changes.
#[test]
fn the_history_view_lists_whose_keys_may_sign_and_the_council_manages_them() {
    let (dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["demo"]));
    let pat = dir.path().join("pat.sqlite");
    let card = dir.path().join("pat.card");
    cli_ok(
        &pat,
        &[
            "--as",
            "peer",
            "--name",
            "Pat Peer",
            "key",
            "--card",
            card.to_str().expect("path"),
        ],
    );
    let pats = crate::common::fingerprint(&pat);
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_label("History").click();
    harness.run();
    harness.get_by_label("People and keys (1)");
    harness.get_by_label(&crate::common::fingerprint(&db));
    harness
        .state_mut()
        .queue(critical_friend::ui::Command::AddRosterCard(card.clone()));
    harness.run();
    harness.get_by_label("People and keys (2)");
    harness.get_by_label("Peer team's lead");
    harness.get_by_label(&pats);
    // Retire Pat's key (the second row), confirming first.
    let retire = harness.get_all_by_label("Retire…").nth(1).expect("Pat's row");
    retire.click();
    harness.run();
    harness.get_by_label_contains("Changes this key signs from now on are refused");
    harness.get_by_label("Confirm: Retire this key").click();
    harness.run();
    harness.get_by_label_contains("Retired ");
    drop(harness);
    let stored = Database::open(&db).expect("open").load(assessment).expect("load");
    let entry = stored
        .roster
        .iter()
        .find(|entry| entry.name == "Pat Peer")
        .expect("Pat");
    assert!(entry.lead && entry.retired.is_some());
}

/// Single keys are shortcuts only in the item view and the overview: in
/// the Action plan, N, P and digits typed where no box has the keyboard
/// open no item and set no score.
#[test]
fn single_keys_in_the_action_plan_run_no_shortcut() {
    let (_dir, db) = temp_db();
    let assessment = id(&cli_ok(&db, &["demo", "--after-challenge"]));
    let text = assessment.to_string();
    cli_ok(&db, &["status", "--assessment", &text, "--set", "final"]);
    cli_ok(&db, &["action", "from-findings", "--assessment", &text]);
    let before = changes(&db, assessment);
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_label("Action plan").click();
    harness.run();
    harness.get_by_label("Edit action 1").click();
    harness.run();
    // Nothing has the keyboard, as the issue found after "Edit action 1".
    harness.key_press(Key::Escape);
    harness.run();
    for key in [Key::N, Key::Num3, Key::P, Key::Num1, Key::ArrowDown] {
        harness.key_press(key);
        harness.run();
    }
    assert!(
        harness.query_by_label("Edit action 2").is_some(),
        "the Action plan is still shown: no item was opened"
    );
    drop(harness);
    assert_eq!(changes(&db, assessment), before, "no score was set");
}

/// Submitting says how much of the self-assessment is scored, and how many
/// scores have no basis, before the council confirms.
#[test]
fn submitting_says_how_much_is_scored_and_without_a_basis() {
    let (_dir, db) = temp_db();
    let assessment = cli_ok(&db, &["new", "--org", "Powys", "--title", "Use of Resources"])
        .trim()
        .to_owned();
    cli_ok(
        &db,
        &[
            "set",
            "--assessment",
            &assessment,
            "--item",
            "1.1",
            "--score",
            "2",
            "--basis",
            "Data",
        ],
    );
    cli_ok(
        &db,
        &["set", "--assessment", &assessment, "--item", "1.2", "--score", "1"],
    );
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_label("Submit to peer team").click();
    harness.run();
    harness.get_by_label_contains("2 of 34 items are scored, and 1 scored item has no basis for the score");
}

/// Escape closes Help, as it closes every dialog.
#[test]
fn escape_closes_help() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Keys");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Keys").is_none(), "Help is closed");
}

/// A peer reviewer at 1280×800 finds their own score and challenge on
/// screen, above the council's answer, on every item without scrolling.
#[test]
fn a_peer_reviewer_sees_their_own_fields_without_scrolling() {
    let (_dir, db) = temp_db();
    cli_ok(&db, &["demo", "--after-challenge"]);
    let db_path = db.clone();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            critical_friend::app::CriticalFriendApp::new(
                cc,
                critical_friend::app::StartupOptions { db_path, import: None },
            )
        });
    harness.run();
    crate::ui::open_listed(&harness);
    harness.run();
    switch_role(&mut harness, "Peer team", "Rachel Peer");
    for _ in 0..3 {
        let challenge = harness.get_by_role_and_label(Role::MultilineTextInput, "Challenge and queries");
        assert!(
            challenge.rect().bottom() < 800.0,
            "the challenge box is on screen: {:?}",
            challenge.rect()
        );
        let basis = harness.get_by_role_and_label(Role::MultilineTextInput, "Basis for this score");
        assert!(
            basis.rect().top() > challenge.rect().top(),
            "the council's answer follows"
        );
        harness.get_by_label("Next →").click();
        harness.run();
    }
}

/// The top bar's controls keep their places when its labels change: the
/// undo button saying what it will undo, the status after a step.
#[test]
fn the_top_bars_controls_keep_their_places_when_labels_change() {
    let (_dir, db) = temp_db();
    cli_ok(&db, &["new", "--org", "Powys", "--title", "Use of Resources"]);
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    let places = |harness: &egui_kittest::Harness<'_, critical_friend::app::CriticalFriendApp>| {
        ["Overview", "Action plan", "History", "Export…", "Help"]
            .map(|label| harness.get_all_by_label(label).next().expect(label).rect())
    };
    let before = places(&harness);
    harness.get_by_label("Next →").hover();
    harness.run();
    harness.key_press(Key::Num2);
    harness.run();
    harness.get_by_label_contains("Undo: ");
    assert_eq!(places(&harness), before, "a longer Undo label moved nothing");
    harness.get_by_label("Submit to peer team").click();
    harness.run();
    harness.get_by_label("Confirm: Submit to peer team").click();
    harness.run();
    harness.get_by_label_contains("self-assessment locked");
    assert_eq!(places(&harness), before, "a longer status moved nothing");
}

/// Help's About names the build and the database in use, with its schema.
#[test]
fn help_says_which_build_and_which_database() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label(&format!("Critical Friend {}", critical_friend::VERSION));
    harness.get_by_label_contains(&format!(
        "{} (schema {})",
        db.display(),
        critical_friend::storage::schema::latest_version()
    ));
}

/// At 1024×640 the top bar is its three rows, none wrapping: where you are
/// (with Help, You and Saved), the steps with Undo and Redo, and the views.
#[test]
fn at_1024_the_top_bar_keeps_to_three_rows() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.set_size(egui::vec2(1024.0, 640.0));
    harness.run();
    harness.get_by_label("Open the example a year on").click();
    harness.run();
    let bottom = |label: &str| {
        harness
            .get_all_by_label_contains(label)
            .next()
            .expect(label)
            .rect()
            .max
            .y
    };
    let first = bottom("You: ");
    let steps = bottom("Lock self-assessment");
    let views = bottom("Export…");
    assert!((first - bottom("Help")).abs() < 1.0 && (first - bottom("← Assessments")).abs() < 1.0);
    assert!((steps - bottom("Undo")).abs() < 1.0, "the steps share Undo's row");
    assert!((views - bottom("Overview")).abs() < 1.0, "the views share one row");
    assert!(
        first < steps && steps < views && views < 80.0,
        "{first} {steps} {views}"
    );
}
