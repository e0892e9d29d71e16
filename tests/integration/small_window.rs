//! Every view works on a small council laptop and with a screen reader: at
//! 1024×640 (1280×800 at 125 % scaling) every control of every view is
//! within the window's width, so it can be reached (long views scroll down,
//! never sideways off-screen), and every control has a name.

use std::path::Path;

use crate::{
    common::{cli_ok, temp_db},
    ui::switch_role,
};
use critical_friend::app::{CriticalFriendApp, StartupOptions};
use egui::accesskit::Role;
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};

const WIDTH: f32 = 1024.0;
const HEIGHT: f32 = 640.0;

fn small_app(db: &Path) -> Harness<'static, CriticalFriendApp> {
    let db_path = db.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(WIDTH, HEIGHT))
        .build_eframe(move |cc| CriticalFriendApp::new(cc, StartupOptions { db_path, import: None }));
    harness.run();
    harness
}

/// The controls that reach past the window's sides, named.
fn out_of_reach(harness: &Harness<'_, CriticalFriendApp>, view: &str) -> Vec<String> {
    let roles = [
        Role::Button,
        Role::CheckBox,
        Role::RadioButton,
        Role::TextInput,
        Role::MultilineTextInput,
    ];
    let mut outside = Vec::new();
    for role in roles {
        for node in harness.query_all_by_role(role) {
            let rect = node.rect();
            if rect.right() > WIDTH + 0.5 || rect.left() < -0.5 {
                let label = node.accesskit_node().label().unwrap_or_default();
                outside.push(format!(
                    "{view}: {role:?} “{label}” spans x {:.0}–{:.0}",
                    rect.left(),
                    rect.right()
                ));
            }
        }
    }
    outside
}

#[test]
fn at_1024_by_640_every_control_of_every_view_is_within_reach_and_named() {
    let (_dir, db) = temp_db();
    // Three rows, two with the example after a challenge's long title.
    cli_ok(&db, &["demo", "--after-challenge"]);
    cli_ok(&db, &["demo", "--after-challenge"]);
    cli_ok(&db, &["demo"]);
    let mut harness = small_app(&db);
    let mut outside = out_of_reach(&harness, "Home");
    harness
        .get_all_by_label_contains("Open Example Borough Council")
        .last()
        .expect("the example")
        .click();
    harness.run();
    switch_role(&mut harness, "Peer team", "Pat Peer");
    outside.extend(out_of_reach(&harness, "Item 1.1"));
    for view in ["Overview", "Compare", "Report", "Peer challenge", "History"] {
        harness.get_all_by_label(view).next().expect("view button").click();
        harness.run();
        outside.extend(out_of_reach(&harness, view));
    }
    assert!(outside.is_empty(), "out of reach:\n{}", outside.join("\n"));
}
