//! Each dialog on its own, through its one contract: draw a frame, answer
//! with an outcome. No app and no database: what a dialog asks for is a
//! command, and the test reads it.

use critical_friend::{
    domain::{AssessmentDetails, Author, Catalogue, Role as PersonRole, framework::CQC_FRAMEWORK_ID},
    ui::{
        Command,
        details_dialog::{DetailsDialog, FrameworkChoice},
        dialog::{Dialog, Outcome},
        you_dialog::YouDialog,
    },
};
use egui::accesskit::Role;
use egui_kittest::{Harness, kittest::Queryable};

/// A dialog and the last thing it said.
struct Open<D> {
    dialog: D,
    said: Outcome,
}

fn harness<D: Dialog + 'static>(dialog: D) -> Harness<'static, Open<D>> {
    let mut harness = Harness::new_ui_state(
        |ui, open: &mut Open<D>| {
            let said = open.dialog.ui(ui.ctx());
            if said != Outcome::open() {
                open.said = said;
            }
        },
        Open {
            dialog,
            said: Outcome::open(),
        },
    );
    harness.run();
    harness
}

fn type_into<D>(harness: &mut Harness<'_, Open<D>>, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::TextInput, label).focus();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
    harness.run();
}

#[test]
fn the_you_dialog_answers_with_the_person_to_record_changes_as() {
    let mut harness = harness(YouDialog::new(Author::default()));
    harness.get_by_role_and_label(Role::RadioButton, "Peer team").click();
    harness.run();
    type_into(&mut harness, "Name", "Siân Ŵyn");
    type_into(&mut harness, "Organisation", "LGA");
    harness.get_by_label("Save").click();
    harness.run();
    let expected = Author {
        role: PersonRole::Peer,
        name: "Siân Ŵyn".into(),
        organisation: "LGA".into(),
        key: None,
    };
    assert_eq!(harness.state().said, Outcome::done(Command::SetYou(expected)));
}

#[test]
fn the_you_dialog_cancelled_asks_for_nothing() {
    let mut harness = harness(YouDialog::new(Author::default()));
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().said, Outcome::closed());
}

#[test]
fn the_details_dialog_stays_open_until_the_details_are_valid_and_offers_every_framework() {
    let catalogue = Catalogue::builtin();
    let cqc = catalogue.latest(CQC_FRAMEWORK_ID).expect("CQC ships").reference();
    let mut harness = harness(DetailsDialog::new_assessment(
        FrameworkChoice::all(&catalogue),
        catalogue.default_framework().reference(),
    ));
    harness.get_by_label("Create").click();
    harness.run();
    harness.get_by_label_contains("the organisation is required");
    assert_eq!(harness.state().said, Outcome::open());
    type_into(&mut harness, "Organisation", "  Ceredigion ");
    type_into(&mut harness, "Title", "Use of Resources");
    harness
        .get_by_label_contains(
            "CQC local authority assessment, version 2024: 4 themes, 9 quality statements, scored 1–4",
        )
        .click();
    harness.run();
    harness.get_by_label("Create").click();
    harness.run();
    let expected = AssessmentDetails {
        organisation: "Ceredigion".into(),
        title: "Use of Resources".into(),
        ..AssessmentDetails::default()
    };
    assert_eq!(
        harness.state().said,
        Outcome::done(Command::CreateAssessment(expected, Some(cqc)))
    );
}

#[test]
fn the_you_dialog_shows_your_key_fingerprint_to_read_aloud_and_offers_your_card() {
    let signer = critical_friend::domain::signing::Signer::generate().expect("a key");
    let me = Author {
        name: "Jo Bloggs".into(),
        key: Some(signer.public()),
        ..Author::default()
    };
    let mut harness = harness(YouDialog::new(me));
    harness.get_by_label(&signer.public().fingerprint());
    harness.get_by_label("Save my key card…").click();
    harness.run();
    assert_eq!(harness.state().said, Outcome::ask(Command::ChooseKeyCard));
}

fn export_dialog() -> critical_friend::ui::export_dialog::ExportDialog {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let assessment = critical_friend::domain::example::example_assessment(framework, time::OffsetDateTime::UNIX_EPOCH);
    critical_friend::ui::export_dialog::ExportDialog::new(framework, &assessment)
}

/// Each pack's default file name says which pack it is, so exporting the
/// full pack never takes the action plan's name; the whole name is shown.
#[test]
fn an_exports_default_name_says_which_pack_it_holds() {
    let mut harness = harness(export_dialog());
    harness.get_by_label_contains("full pack.pdf”");
    harness.get_by_role_and_label(Role::ComboBox, "Pack: Full pack").click();
    harness.run();
    harness.get_by_label("Action plan").click();
    harness.run();
    harness.get_by_label_contains("action plan.pdf”");
    assert!(harness.query_by_label_contains("full pack.pdf").is_none());
}

/// An export never replaces a file unasked: the user is asked first, and
/// only "Replace it" sends the export.
#[test]
fn an_export_never_replaces_a_file_unasked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let existing = dir.path().join("plan.pdf");
    std::fs::write(&existing, b"the action plan, printed last week").expect("write");
    let mut dialog = export_dialog();
    dialog.set_path(&existing);
    let mut harness = harness(dialog);
    harness.get_by_role_and_label(Role::Button, "Export").click();
    harness.run();
    harness.get_by_label_contains("“plan.pdf” already exists");
    assert_eq!(harness.state().said, Outcome::open(), "nothing was sent");
    harness.get_by_label("Keep it").click();
    harness.run();
    assert!(harness.query_by_label_contains("already exists").is_none());
    assert_eq!(harness.state().said, Outcome::open());
    harness.get_by_role_and_label(Role::Button, "Export").click();
    harness.run();
    harness.get_by_label("Replace it").click();
    // Writing shows a spinner until the app reports back.
    harness.step();
    assert!(
        matches!(&harness.state().said.command, Some(Command::Export(request)) if request.path == existing),
        "{:?}",
        harness.state().said
    );
}

/// The first start asks who the person is before anything is recorded in
/// their name, saying why.
#[test]
fn the_first_start_asks_who_you_are_and_why() {
    let mut harness = harness(YouDialog::first_start(Author::default()));
    harness.get_by_role_and_label(egui::accesskit::Role::Dialog, "Welcome to Critical Friend");
    harness.get_by_label_contains("say who you are");
    type_into(&mut harness, "Name", "Siân Ŵyn");
    harness.get_by_label("Save").click();
    harness.run();
    assert!(
        matches!(&harness.state().said.command, Some(Command::SetYou(author)) if author.name == "Siân Ŵyn"),
        "{:?}",
        harness.state().said
    );
}
