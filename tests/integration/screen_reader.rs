//! What a screen reader hears: every control in every view has a name that
//! says what it does — alone, without its row (so "Open" says which
//! assessment and "Up" which entry) — every combo box says its value, a
//! greyed-out step says why, the window is named, and the keyboard starts
//! in a dialog when one opens and cannot leave it. Walked through
//! `egui_kittest`'s accessibility tree, which is what AccessKit hands to
//! AT-SPI, UI Automation and `NSAccessibility`.

use std::collections::BTreeMap;

use crate::{common::temp_db, ui::open_app};
use critical_friend::app::CriticalFriendApp;
use egui::{Key, accesskit::Role};
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};

/// Roles a user acts on.
fn is_control(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::RadioButton
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::ComboBox
            | Role::Slider
            | Role::SpinButton
            | Role::Link
            | Role::DateInput
            | Role::Tab
            | Role::ProgressIndicator
    )
}

/// Every control that a screen reader could not tell apart: no name; a
/// combo box with no value; two enabled controls of one role with the
/// same name that are not the same action (the app's own "Save" and a
/// dialog's are told apart by the dialog being modal, so only enabled
/// controls of the view count).
fn what_a_screen_reader_misses(harness: &Harness<'_, CriticalFriendApp>, view: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut names: BTreeMap<(String, String), usize> = BTreeMap::new();
    for node in harness.root().children_recursive() {
        let node = node.accesskit_node();
        let role = node.role();
        if !is_control(role) {
            continue;
        }
        let name = node.label().unwrap_or_default();
        if name.trim().is_empty() {
            problems.push(format!("{view}: a {role:?} with no name at {:?}", node.bounding_box()));
            continue;
        }
        // AT-SPI passes a combo box's name on but not its value, so the
        // name carries it: "Status of action 1: Amber".
        if role == Role::ComboBox
            && node
                .value()
                .is_none_or(|value| value.trim().is_empty() || !name.ends_with(&format!(": {value}")))
        {
            problems.push(format!("{view}: the combo box “{name}” does not say its value"));
        }
        if !node.is_disabled() {
            *names.entry((format!("{role:?}"), name)).or_default() += 1;
        }
    }
    for ((role, name), count) in names {
        if count > 1 {
            problems.push(format!("{view}: {count} {role}s named “{name}”"));
        }
    }
    problems
}

fn click(harness: &mut Harness<'_, CriticalFriendApp>, role: Role, label: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
}

#[test]
fn every_control_in_every_view_has_a_name_of_its_own_and_every_combo_box_a_value() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    let mut problems = what_a_screen_reader_misses(&harness, "first screen");
    for example in ["Open the example a year on", "Open the example after a peer challenge"] {
        if harness.query_by_role_and_label(Role::Button, "← Assessments").is_some() {
            click(&mut harness, Role::Button, "← Assessments");
        }
        click(&mut harness, Role::Button, example);
        for view in [
            "Overview",
            "Compare",
            "Report",
            "Peer challenge",
            "Action plan",
            "Progress",
            "Evidence",
            "Measures",
            "Year on year",
            "History",
        ] {
            let Some(button) = harness.query_all_by_role_and_label(Role::Button, view).next() else {
                continue;
            };
            button.click();
            harness.run();
            problems.extend(what_a_screen_reader_misses(&harness, &format!("{example}, {view}")));
        }
        harness.key_press(Key::N);
        harness.run();
        problems.extend(what_a_screen_reader_misses(&harness, &format!("{example}, an item")));
    }
    click(&mut harness, Role::Button, "← Assessments");
    problems.extend(what_a_screen_reader_misses(&harness, "home"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_window_is_named_by_what_is_open() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    assert_eq!(
        harness.root().accesskit_node().label().as_deref(),
        Some("Critical Friend")
    );
    click(&mut harness, Role::Button, "Open the example assessment");
    let name = harness.root().accesskit_node().label().unwrap_or_default();
    assert!(
        name.starts_with("Example Borough Council — ") && name.ends_with(" — Critical Friend"),
        "{name}"
    );
}

#[test]
fn a_greyed_out_step_says_why_to_a_screen_reader() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    click(&mut harness, Role::Button, "Open the example assessment");
    let step = harness.get_by_label_contains("Mark Final — not now: ");
    assert!(step.accesskit_node().is_disabled());
}

/// The label of the control that has the keyboard, if any.
fn focused(harness: &Harness<'_, CriticalFriendApp>) -> Option<String> {
    harness
        .root()
        .children_recursive()
        .find(|node| node.accesskit_node().is_focused())
        .map(|node| node.accesskit_node().label().unwrap_or_default())
}

#[test]
fn help_takes_the_keyboard_and_tab_never_reaches_what_it_covers() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    click(&mut harness, Role::Button, "Open the example assessment");
    harness.key_press(Key::F1);
    harness.run();
    assert_eq!(
        focused(&harness).as_deref(),
        Some("Close"),
        "the keyboard starts in Help"
    );
    let help = ["Close", "Follow the system", "Light", "Dark"];
    let mut reached = Vec::new();
    for _ in 0..12 {
        harness.key_press(Key::Tab);
        harness.run();
        let now = focused(&harness).unwrap_or_default();
        assert!(help.contains(&now.as_str()), "Tab reached “{now}” behind Help");
        reached.push(now);
    }
    assert!(reached.iter().any(|name| name == "Dark"), "{reached:?}");
}

#[test]
fn a_dialog_takes_the_keyboard_and_a_confirmation_starts_on_its_safe_choice() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    click(&mut harness, Role::Button, "New assessment");
    // The dialog is named by its heading, and the keyboard is inside it.
    let dialog = harness
        .root()
        .children_recursive()
        .find(|node| {
            node.accesskit_node().role() == Role::Dialog
                && node.accesskit_node().label().as_deref() == Some("New assessment")
        })
        .expect("the dialog, named by its heading");
    assert!(
        dialog
            .children_recursive()
            .any(|node| node.accesskit_node().is_focused()),
        "the keyboard starts in the dialog, not on {:?}",
        focused(&harness)
    );
    click(&mut harness, Role::Button, "Cancel");
    click(&mut harness, Role::Button, "Open the example assessment");
    click(&mut harness, Role::Button, "Submit to peer team");
    assert_eq!(focused(&harness).as_deref(), Some("Cancel"));
    // Space on the focused choice cancels: nothing was submitted.
    harness.key_press(Key::Space);
    harness.run();
    assert!(harness.query_by_label_contains("Confirm: ").is_none());
    harness.get_by_role_and_label(Role::Button, "Submit to peer team");
}

/// The item list says each item's score, the peer team's, whether it lacks
/// a basis and which is selected — what a sighted user reads in its columns.
#[test]
fn the_item_list_says_each_items_scores_and_which_is_selected() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    click(&mut harness, Role::Button, "Open the example after a peer challenge");
    let first = harness.get_by_label_contains("1.1 Information and Advice, scored 2, peer team");
    assert_eq!(first.accesskit_node().toggled(), Some(egui::accesskit::Toggled::True));
    let other = harness.get_by_label_contains("1.2 Initial Access, scored");
    assert_eq!(other.accesskit_node().toggled(), Some(egui::accesskit::Toggled::False));
}

/// Tab never leaves the keyboard on a control the user cannot see: the view
/// scrolls to bring each control Tab reaches on screen.
#[test]
fn tab_scrolls_each_control_it_reaches_into_view() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    harness.set_size(egui::vec2(1280.0, 640.0));
    click(&mut harness, Role::Button, "Open the example a year on");
    click(&mut harness, Role::Button, "Action plan");
    let mut below = Vec::new();
    for _ in 0..80 {
        harness.key_press(Key::Tab);
        harness.run();
        let Some(node) = harness
            .root()
            .children_recursive()
            .find(|node| node.accesskit_node().is_focused())
        else {
            continue;
        };
        let node = node.accesskit_node();
        if let Some(rect) = node.bounding_box()
            && (rect.y1 > 640.0 || rect.y0 < 0.0)
        {
            below.push(format!(
                "{:?} at {:.0}–{:.0}",
                node.label().unwrap_or_default(),
                rect.y0,
                rect.y1
            ));
        }
    }
    assert!(below.is_empty(), "off screen with the keyboard: {below:?}");
}

/// The basis box was about 58 Tabs from the top of an item. Enter, with
/// nothing focused, starts writing there — or in the challenge, for the
/// peer team.
#[test]
fn enter_starts_writing_in_the_roles_first_text_box() {
    let (_dir, db) = temp_db();
    let mut harness = open_app(&db);
    click(&mut harness, Role::Button, "Open the example assessment");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(focused(&harness).as_deref(), Some("Basis for this score"));
    harness.key_press(Key::Escape);
    harness.run();
    crate::ui::switch_role(&mut harness, "Peer team", "Marcus Coulson");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(focused(&harness).as_deref(), Some("Challenge and queries"));
}
