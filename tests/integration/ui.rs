//! The real app driven through its accessibility tree with `egui_kittest`, on
//! real database files. No GPU or display needed.

use std::path::Path;

use crate::common::{Gate, temp_db};
use critical_friend::{
    app::{CriticalFriendApp, StartupOptions},
    storage::Database,
};
use egui::{
    Key, Modifiers,
    accesskit::{Role, Toggled},
};
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};

pub(crate) fn open_app(db: &Path) -> Harness<'static, CriticalFriendApp> {
    let db_path = db.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import: None }));
    harness.run();
    harness
}

/// Clicks Open on the home screen's last listed assessment, whichever
/// council it is for: its name says "Open Powys — Use of Resources".
pub(crate) fn open_listed(harness: &Harness<'_, CriticalFriendApp>) {
    harness
        .root()
        .children_recursive()
        .filter(|node| {
            let node = node.accesskit_node();
            node.role() == Role::Button
                && node
                    .label()
                    .is_some_and(|name| name.starts_with("Open ") && !name.starts_with("Open the example"))
        })
        .last()
        .expect("an assessment listed on the home screen")
        .click();
}

/// Clicks Open on the listed assessment whose name (which ends with its
/// period and status) `matches`.
pub(crate) fn open_listed_where(harness: &mut Harness<'_, CriticalFriendApp>, matches: impl Fn(&str) -> bool) {
    harness
        .get_all_by_label_contains("Open ")
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|name| !name.starts_with("Open the example") && matches(&name))
        })
        .expect("a listed assessment")
        .click();
    harness.run();
}

pub(crate) fn type_into(harness: &mut Harness<'_, CriticalFriendApp>, role: Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

fn selected(harness: &Harness<'_, CriticalFriendApp>, label: &str) -> bool {
    harness
        .get_by_role_and_label(Role::RadioButton, label)
        .accesskit_node()
        .toggled()
        == Some(Toggled::True)
}

fn create_assessment(harness: &mut Harness<'_, CriticalFriendApp>) {
    harness.get_by_label("New assessment").click();
    harness.run();
    type_into(harness, Role::TextInput, "Organisation", "Cyngor Gwynedd");
    type_into(harness, Role::TextInput, "Title", "Use of Resources – 2017");
    type_into(harness, Role::TextInput, "Period", "2017/18");
    harness.get_by_label("Create").click();
    harness.run();
}

#[test]
fn the_first_screen_says_what_the_app_is_for_and_offers_three_ways_in() {
    let (_dir, db) = temp_db();
    let harness = open_app(&db);
    harness.get_by_label_contains("peer team's challenge of it");
    harness.get_by_label_contains("No assessments yet");
    for way_in in ["Start a self-assessment", "Open an example", "Bring in a file"] {
        harness.get_by_label(way_in);
    }
    for button in [
        "New assessment",
        "Open the example assessment",
        "Open the example after a peer challenge",
        "Open the example a year on",
        "Import or merge a file…",
    ] {
        harness.get_by_role_and_label(Role::Button, button);
    }
}

/// The example a year on opens on its progress review, and every view of
/// the council's cycle has something in it: the register, the answered
/// requests, the plan with its notes, and what moved.
#[test]
fn the_example_a_year_on_fills_every_view() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.get_by_label("Open the example a year on").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Progress").click();
    harness.run();
    assert!(harness.query_all_by_label_contains("1.3").next().is_some());
    harness.get_by_role_and_label(Role::Button, "Action plan").click();
    harness.run();
    harness.get_by_label_contains("Reablement Service Manager");
    harness.get_by_role_and_label(Role::Button, "Evidence").click();
    harness.run();
    harness.get_by_label_contains("Reablement performance report, quarter 1 2017/18");
    // The challenge it started from holds the register and the requests.
    harness.get_by_label("← Assessments").click();
    harness.run();
    open_listed_where(&mut harness, |name| name.contains("2016/17"));
    harness.get_by_role_and_label(Role::Button, "Evidence").click();
    harness.run();
    harness.get_by_label_contains("Medium-term financial strategy 2016 to 2020");
    harness.get_by_label_contains("Declined 2016-09-14");
    drop(harness);
    let stored = Database::open(&db).expect("open").list().expect("list");
    assert_eq!(stored.len(), 2, "the challenge and its progress review");
}

#[test]
fn scoring_with_keyboard_and_mouse_and_typing_survive_reopening() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);

    harness.get_by_label_contains("Item 1 of 34");
    harness.key_press(Key::Num2);
    harness.run();
    assert!(selected(&harness, "2 – Established"), "key 2 scores item 1.1");

    harness.get_by_label("2.1 Reablement, not scored").click();
    harness.run();
    harness.get_by_role_and_label(Role::RadioButton, "3 – Embedded").click();
    harness.run();
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "Basis for this score",
        "Offered to all – Tŷ Gwyn “pilot”",
    );
    harness.get_by_label("Next →").click();
    harness.run();
    drop(harness);

    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    assert!(selected(&harness, "2 – Established"), "1.1 kept its score");
    harness.get_by_label("2.1 Reablement, scored 3").click();
    harness.run();
    assert!(selected(&harness, "3 – Embedded"));
    let basis = harness.get_by_role_and_label(Role::MultilineTextInput, "Basis for this score");
    assert_eq!(basis.value().as_deref(), Some("Offered to all – Tŷ Gwyn “pilot”"));

    let db = Database::open(&db).expect("reopen database");
    let listing = db.list().expect("list");
    assert_eq!(listing[0].details.organisation, "Cyngor Gwynedd");
    assert_eq!(listing[0].scored, 2);
}

#[test]
fn typing_is_saved_within_a_second_without_navigating() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "Notes and queries (including evidence gaps)",
        "Ask for the 91-day figures",
    );
    // Let about two seconds of frames pass.
    for _ in 0..150 {
        harness.step();
    }
    let stored = Database::open(&db).expect("open");
    let id = stored.list().expect("list")[0].id;
    let assessment = stored.load(id).expect("load");
    let notes = &assessment.answer(&critical_friend::domain::ItemId::new("1.1")).notes;
    assert_eq!(notes, "Ask for the 91-day figures");
    harness.get_by_label("Saved");
}

#[test]
fn a_sitting_of_typing_is_recorded_as_one_change_and_shown_as_saved() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    harness.get_by_label("Show history").click();
    harness.run();
    harness.get_by_label_contains("History (0 changes)");
    let basis = "Basis for this score";
    type_into(&mut harness, Role::MultilineTextInput, basis, "We audit");
    for chunk in [" every", " case"] {
        // Long enough for each piece to be saved on its own.
        for _ in 0..150 {
            harness.step();
        }
        harness
            .get_by_role_and_label(Role::MultilineTextInput, basis)
            .type_text(chunk);
        harness.run();
    }
    for _ in 0..150 {
        harness.step();
    }
    harness.get_by_label("Saved");
    // The open history shows the change as it is saved.
    harness.get_by_label_contains("History (1 change)");
    harness.get_by_label_contains("Basis for this score: empty → “We audit every case”");

    let stored = Database::open(&db).expect("open");
    let id = stored.list().expect("list")[0].id;
    let changes = stored
        .history(id, Some(&critical_friend::domain::ItemId::new("1.1")))
        .expect("history");
    let recorded: Vec<_> = changes.iter().map(|c| (c.from.as_deref(), c.to.as_deref())).collect();
    assert_eq!(
        recorded,
        [(Some(""), Some("We audit every case"))],
        "three saves, one change"
    );
}

#[test]
fn undo_and_redo_reverse_a_score_and_navigation_keys_move() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    harness.key_press(Key::Num1);
    harness.run();
    assert!(selected(&harness, "1 – Developing"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(selected(&harness, "Not scored"), "undo clears the score");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert!(selected(&harness, "1 – Developing"), "redo restores it");

    // Single keys are shortcuts only while no text box is under the pointer.
    harness.get_by_label("Next →").hover();
    harness.run();
    harness.key_press(Key::N);
    harness.run();
    harness.get_by_label_contains("Item 2 of 34");
    harness.key_press(Key::ArrowUp);
    harness.run();
    harness.get_by_label_contains("Item 1 of 34");
}

#[test]
fn the_example_opens_and_the_overview_lists_gaps() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.get_by_label("Open the example assessment").click();
    harness.run();
    harness
        .get_all_by_role_and_label(Role::Button, "Overview")
        .next()
        .expect("an Overview button")
        .click();
    harness.run();
    harness.get_by_label("34 of 34 items scored");
    harness.get_by_label_contains("Open notes and queries (");
    harness.get_by_label("Scored without a basis (0)");
}

#[test]
fn delete_asks_first_and_names_the_assessment() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    harness.get_by_label("← Assessments").click();
    harness.run();
    harness
        .get_by_label_contains("Delete Cyngor Gwynedd — Use of Resources – 2017 (2017/18), ")
        .click();
    harness.run();
    harness.get_by_label_contains("Delete “Cyngor Gwynedd — Use of Resources – 2017 (2017/18)”?");
    harness.get_by_label("Keep it").click();
    harness.run();
    assert_eq!(Database::open(&db).expect("open").list().expect("list").len(), 1);
    harness
        .get_by_label_contains("Delete Cyngor Gwynedd — Use of Resources – 2017 (2017/18), ")
        .click();
    harness.run();
    harness.get_by_label("Delete permanently").click();
    harness.run();
    assert!(Database::open(&db).expect("open").list().expect("list").is_empty());
    harness.get_by_label_contains("No assessments yet");
}

#[test]
fn a_damaged_database_shows_a_message_and_is_left_alone() {
    let (_dir, db) = temp_db();
    std::fs::write(&db, b"not a database at all").expect("write");
    let before = crate::common::hash(&db);
    let harness = open_app(&db);
    harness.get_by_label("Critical Friend cannot open its database");
    harness.get_by_label_contains("not a Critical Friend database");
    drop(harness);
    assert_eq!(crate::common::hash(&db), before);
}

#[test]
fn exporting_from_the_dialog_writes_the_file_without_blocking() {
    let (dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.get_by_label("Open the example assessment").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    let target = dir.path().join("pack from the app.pdf");
    export_from_dialog(&mut harness, &target, "Export");
    let text = crate::common::pdf_text(&std::fs::read(&target).expect("the PDF was written"));
    assert!(text.contains("Example Borough Council"));
}

/// In the open Export dialog: types `target` as where to save, presses
/// `button`, and waits for the background export to say it is saved.
pub(crate) fn export_from_dialog(harness: &mut Harness<'_, CriticalFriendApp>, target: &Path, button: &str) {
    harness.get_by_role_and_label(Role::TextInput, "Save to").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Save to")
        .type_text(target.to_str().expect("path"));
    harness.run();
    harness.get_by_role_and_label(Role::Button, button).click();
    // The spinner keeps repainting while the export runs in the background.
    harness.step();
    for _ in 0..400 {
        if harness.query_by_label_contains("Saved to").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
        harness.step();
    }
    harness.get_by_label_contains("Saved to");
}

pub(crate) fn switch_role(harness: &mut Harness<'_, CriticalFriendApp>, role: &str, name: &str) {
    harness.get_by_label_contains("You: ").click();
    harness.run();
    harness.get_by_role_and_label(Role::RadioButton, role).click();
    harness.run();
    type_into(harness, Role::TextInput, "Name", name);
    harness.get_by_label("Save").click();
    harness.run();
    // The dialog closes under the pointer; move it off any text box, where
    // keys are typing rather than shortcuts.
    if let Some(next) = harness.query_by_label("Next →") {
        next.hover();
        harness.run();
    }
}

#[test]
fn switching_to_the_peer_role_scores_the_peer_side_only() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    switch_role(&mut harness, "Peer team", "Rachel Peer");
    harness.get_by_label_contains("You: Rachel Peer");
    harness.key_press(Key::Num2);
    harness.run();
    assert!(
        selected(&harness, "Peer score: 2 – Established"),
        "key 2 sets the peer score"
    );
    assert!(selected(&harness, "Not scored"), "the council's score is untouched");
    harness.get_by_label_contains("Read-only: the Score belongs to the Council role");
    harness.get_by_label("Next →").click();
    harness.run();
    drop(harness);

    let stored = Database::open(&db).expect("open");
    let id = stored.list().expect("list")[0].id;
    let mut history = stored.history(id, None).expect("history");
    assert_eq!(history.remove(0).subject.key(), "roster", "the creator's key, first");
    assert_eq!(
        history.remove(0).subject.key(),
        "roster",
        "then the same key as the peer team's lead, as the council names it"
    );
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].subject.key(), "peer_score");
    assert_eq!(history[0].author.name, "Rachel Peer");
}

#[test]
fn submitting_locks_the_self_assessment_until_unlocked() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    harness.get_by_label("Submit to peer team").click();
    harness.run();
    harness.get_by_label("Confirm: Submit to peer team").click();
    harness.run();
    harness.get_by_label_contains("self-assessment locked");
    harness.get_by_label("Next →").hover();
    harness.run();
    harness.key_press(Key::Num3);
    harness.run();
    assert!(selected(&harness, "Not scored"), "a locked score does not change");
    harness.get_by_label_contains("Not changed: the self-assessment was submitted");
    harness.get_by_label("Unlock self-assessment").click();
    harness.run();
    harness.get_by_label("Confirm: Unlock self-assessment").click();
    harness.run();
    harness.get_by_label("Next →").hover();
    harness.run();
    harness.key_press(Key::Num3);
    harness.run();
    assert!(selected(&harness, "3 – Embedded"));
}

#[test]
fn the_compare_view_marks_and_filters_disagreements() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.get_by_label("Open the example assessment").click();
    harness.run();
    switch_role(&mut harness, "Peer team", "Marcus Peer");
    // Item 1.1 is self-scored 2 in the example; the peer scores it 1.
    harness.key_press(Key::Num1);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Compare").click();
    harness.run();
    harness.get_by_label("34 items shown; 1 where the scores differ (marked ≠).");
    harness.get_by_label("≠ differs");
    harness
        .get_by_role_and_label(Role::CheckBox, "Disagreements only")
        .click();
    harness.run();
    harness.get_by_label("1 items shown; 1 where the scores differ (marked ≠).");
}

/// Opens the example as the peer team's Marcus Coulson and adds `texts`
/// to the report's key messages, in order.
fn key_messages_written(harness: &mut Harness<'_, CriticalFriendApp>, texts: &[&str]) {
    harness.get_by_label("Open the example assessment").click();
    harness.run();
    switch_role(harness, "Peer team", "Marcus Coulson");
    harness.get_by_role_and_label(Role::Button, "Report").click();
    harness.run();
    for text in texts {
        type_into(harness, Role::MultilineTextInput, "New — Key messages", text);
        harness.get_by_label("Add to Key messages").click();
        harness.run();
    }
}

#[test]
fn the_peer_team_adds_and_orders_key_messages() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    key_messages_written(
        &mut harness,
        &[
            "Act on your analysis of blockages",
            "Consider a medium-term financial strategy",
        ],
    );
    harness.get_by_label("• Consider a medium-term financial strategy");
    harness
        .get_by_label("Move Key messages 2, “Consider a medium-term financial strateg…” up")
        .click();
    harness.run();
    drop(harness);
    let stored = Database::open(&db).expect("open");
    let id = stored.list().expect("list")[0].id;
    let messages: Vec<_> = stored
        .load(id)
        .expect("load")
        .peer
        .list(critical_friend::domain::ListKind::KeyMessages)
        .map(|e| e.text.clone())
        .collect();
    assert_eq!(
        messages,
        [
            "Consider a medium-term financial strategy",
            "Act on your analysis of blockages"
        ]
    );
}

/// Clicks twice, without moving the pointer, where the node named `name` is.
fn click_twice_in_place(harness: &mut egui_kittest::Harness<'_, critical_friend::app::CriticalFriendApp>, name: &str) {
    let spot = harness.get_by_label(name).rect().center();
    for _ in 0..2 {
        harness.hover_at(spot);
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos: spot,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::default(),
            });
        }
        harness.run();
    }
}

#[test]
fn a_double_click_on_down_moves_the_same_entry_twice() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    key_messages_written(
        &mut harness,
        &[
            "Alpha, a message long enough to wrap onto a second line in a narrow window if it must",
            "Beta",
            "Gamma",
        ],
    );
    click_twice_in_place(
        &mut harness,
        "Move Key messages 1, “Alpha, a message long enough to wrap ont…” down",
    );
    drop(harness);
    let stored = Database::open(&db).expect("open");
    let id = stored.list().expect("list")[0].id;
    let messages: Vec<_> = stored
        .load(id)
        .expect("load")
        .peer
        .list(critical_friend::domain::ListKind::KeyMessages)
        .map(|e| e.text.chars().take(5).collect::<String>())
        .collect();
    assert_eq!(
        messages,
        ["Beta", "Gamma", "Alpha"],
        "the second click moved the entry that slid under the pointer"
    );
}

#[test]
fn the_council_asks_scope_questions_and_the_peer_team_answers_them() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    harness.get_by_role_and_label(Role::Button, "Peer challenge").click();
    harness.run();
    harness.get_by_label_contains("Read-only: the peer team belongs to the Peer team role");
    type_into(
        &mut harness,
        Role::TextInput,
        "New question",
        "Is reablement value for money?",
    );
    harness.get_by_label("Add question").click();
    harness.run();
    harness.get_by_label("Q1. Is reablement value for money?");
    switch_role(&mut harness, "Peer team", "Ann Lead");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "Response to Q1",
        "Broadly, yes.",
    );
    harness.get_by_label("Save response to Q1").click();
    harness.run();
    type_into(&mut harness, Role::TextInput, "Name", "Ann Lead");
    type_into(&mut harness, Role::TextInput, "Organisation", "LGA");
    harness.get_by_label("Add member").click();
    harness.run();
    harness.get_by_label("Ann Lead — LGA");
    assert!(
        harness.query_by_label("Add question").is_none(),
        "the peer team cannot add the council's questions"
    );
    drop(harness);
    let stored = Database::open(&db).expect("open");
    let id = stored.list().expect("list")[0].id;
    let assessment = stored.load(id).expect("load");
    assert_eq!(assessment.scope[0].response, "Broadly, yes.");
    assert_eq!(assessment.team[0].organisation, "LGA");
}

#[test]
fn a_conflict_is_resolved_in_the_dialog_by_keeping_both_texts() {
    use critical_friend::{
        domain::{AnswerValue, Assessment, AssessmentDetails, Author, Catalogue, Edit, ItemId},
        service::Session,
    };
    let (dir, db) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = time::OffsetDateTime::now_utc();
    let council = |name: &str| Author {
        name: name.to_owned(),
        ..Author::default()
    };
    let details = AssessmentDetails {
        organisation: "Powys".into(),
        title: "Use of Resources".into(),
        ..AssessmentDetails::default()
    };
    let assessment = Assessment::new(catalogue.default_framework(), details, now);
    let id = assessment.id;
    let item = ItemId::new("2.3");
    let shared = dir.path().join("shared.json");
    let theirs = dir.path().join("theirs.json");
    {
        let mut stored = Database::open(&db).expect("mine");
        stored.create(&assessment).expect("create");
        let mut mine = Session::over(stored, council("Alys")).expect("session");
        mine.export_exchange(id, &shared).expect("export");
        let mut other = Session::open(&dir.path().join("other.sqlite"), None, council("Bryn")).expect("other");
        let prepared = other.prepare_import(&shared).expect("prepare");
        other.apply_import(&prepared, &[], "shared.json").expect("import");
        let edit = |text: &str| [Edit::new(item.clone(), AnswerValue::Basis(text.into()))];
        mine.apply_edits(id, &edit("Our evidence")).expect("mine");
        other.apply_edits(id, &edit("Their evidence")).expect("theirs");
        other.export_exchange(id, &theirs).expect("export theirs");
    }

    let mut harness = open_app(&db);
    harness.get_by_label("Import or merge a file…").click();
    harness.run();
    type_into(&mut harness, Role::TextInput, "File", theirs.to_str().expect("path"));
    harness.get_by_label("Check").click();
    harness.run();
    harness.get_by_label("2.3 Basis for this score");
    harness.get_by_role_and_label(Role::RadioButton, "Keep both").click();
    harness.run();
    // Bryn's key is new to this copy: shown with its fingerprint, and
    // nothing merges until it is accepted.
    let bryn = Session::open(&dir.path().join("other.sqlite"), None, council("Bryn"))
        .expect("other")
        .key()
        .expect("key");
    harness.get_by_label_contains(&format!("Fingerprint: {}", bryn.fingerprint()));
    assert!(
        harness.get_by_label("Merge").accesskit_node().is_disabled(),
        "nothing merges until the new key is accepted"
    );
    harness.get_by_label_contains("Accept Bryn's key as council").click();
    harness.run();
    harness.get_by_label("Merge").click();
    harness.run();
    harness.get_by_label_contains("Imported.");
    drop(harness);

    let stored = Database::open(&db).expect("open");
    let basis = stored.load(id).expect("load").answer(&item).basis.clone();
    assert!(
        basis.contains("Our evidence") && basis.contains("Their evidence") && basis.contains("Bryn"),
        "{basis}"
    );
    assert_eq!(stored.merge_reports(id).expect("reports").len(), 1);
}

#[test]
fn a_deleted_assessment_comes_back_from_a_backup() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    harness.get_by_label("← Assessments").click();
    harness.run();
    harness.get_by_label("Backups…").click();
    harness.run();
    harness.get_by_label("Back up now").click();
    harness.run();
    harness.get_by_label_contains("Backed up to");
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_label_contains("Delete Cyngor Gwynedd").click();
    harness.run();
    harness.get_by_label("Delete permanently").click();
    harness.run();
    harness.get_by_label_contains("No assessments yet");
    harness.get_by_label("Backups…").click();
    harness.run();
    harness.get_by_label("Restore…").click();
    harness.run();
    harness.get_by_label_contains("backed up first");
    harness.get_by_role_and_label(Role::Button, "Restore").click();
    harness.run();
    harness.get_by_label_contains("Restored. The state before is kept in");
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_label("Cyngor Gwynedd");
}

#[test]
fn typing_while_another_program_locks_the_file_is_kept_and_saved_later() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    create_assessment(&mut harness);
    let other = rusqlite::Connection::open(&db).expect("other program");
    other.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "Notes and queries (including evidence gaps)",
        "Typed while the file was locked",
    );
    let mut failed = false;
    for _ in 0..20 {
        harness.step();
        if harness.query_all_by_label_contains("Not saved").next().is_some() {
            failed = true;
            break;
        }
    }
    assert!(failed, "the window says the change is not saved yet");
    assert!(harness.query_all_by_label_contains("another program").next().is_some());
    other.execute_batch("ROLLBACK").expect("unlock");
    for _ in 0..200 {
        harness.step();
    }
    harness.get_by_label("Saved");
    let stored = Database::open(&db).expect("open");
    let id = stored.list().expect("list")[0].id;
    let notes = stored
        .load(id)
        .expect("load")
        .answer(&critical_friend::domain::ItemId::new("1.1"))
        .notes
        .clone();
    assert_eq!(notes, "Typed while the file was locked");
}

#[test]
fn a_megabyte_of_notes_is_folded_until_asked_for_and_still_editable() {
    use critical_friend::domain::{AnswerValue, Author, Edit, ItemId};
    let (_dir, db) = temp_db();
    let megabyte = "Evidence gap: outcome data by ward. ".repeat(29_000);
    {
        let mut stored = Database::open(&db).expect("create");
        let catalogue = critical_friend::domain::Catalogue::builtin();
        let example = critical_friend::domain::example::example_assessment(
            catalogue.default_framework(),
            time::OffsetDateTime::now_utc(),
        );
        stored.create(&example).expect("store");
        let edit = Edit::new(ItemId::new("1.1"), AnswerValue::Notes(megabyte.clone()));
        stored
            .apply_edits(example.id, &[edit], &Author::default(), time::OffsetDateTime::now_utc())
            .expect("notes");
    }
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_label_contains("1044000 characters");
    assert!(
        harness
            .query_by_role_and_label(Role::MultilineTextInput, "Notes and queries (including evidence gaps)")
            .is_none(),
        "folded at first"
    );
    harness.get_by_label("Show to read or edit").click();
    harness.run();
    harness.get_by_role_and_label(Role::MultilineTextInput, "Notes and queries (including evidence gaps)");
}

#[test]
fn a_long_history_shows_the_newest_changes_and_more_on_request() {
    use critical_friend::domain::{AnswerValue, Author, Catalogue, Edit, ItemId, Score, example::example_assessment};
    use time::OffsetDateTime;
    let (_dir, db) = temp_db();
    {
        let catalogue = Catalogue::builtin();
        let mut stored = Database::open(&db).expect("create");
        let example = example_assessment(catalogue.default_framework(), OffsetDateTime::now_utc());
        stored.create(&example).expect("store");
        // 2.1 starts at 3, then 249 changes between 1 and 2: 250, after the
        // council's key put on the roster with the first.
        let edits: Vec<Edit> = (0..250_u32)
            .map(|n| {
                Edit::new(
                    ItemId::new("2.1"),
                    AnswerValue::Score(Score::new(if n % 2 == 0 { 1 } else { 2 }).ok()),
                )
            })
            .collect();
        stored
            .apply_edits(example.id, &edits, &Author::default(), OffsetDateTime::now_utc())
            .expect("history");
    }
    let mut harness = open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_label("History").click();
    harness.run();
    harness.get_by_label_contains("History (251 changes)");
    let first_change = "2.1 Score: “3” → “1”";
    assert!(
        harness.query_by_label_contains(first_change).is_none(),
        "the oldest is not drawn yet"
    );
    let more = "Show 51 older changes (51 not shown)";
    harness.get_by_label(more).scroll_to_me();
    harness.run();
    harness.get_by_label(more).click();
    harness.run();
    harness.get_by_label_contains(first_change);
    assert!(harness.query_by_label_contains("older changes").is_none());
}
