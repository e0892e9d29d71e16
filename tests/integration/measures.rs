//! Measures: the published ASCOF file imported as it is laid out, with the
//! header names that drift between years and the marks for suppressed
//! values; refused whole, naming the row, when a row is wrong; and where a
//! council stands. Every council, code and figure here is fictional.

use std::path::Path;

use crate::common::{cli, cli_ok, temp_db};

pub(crate) const PUBLISHED: &str = "Geographical code,Geographical description,Geographical level,ONS code,ASCOF measure code,Disaggregation level,Measure type,Measure value";

/// A fictional file in the published long layout: England, eight councils
/// (E0600000n, "Testshire n") and, for each, 2C's outcome with its
/// numerator and denominator, an age breakdown, and a measure Critical
/// Friend does not list.
pub(crate) fn fictional_file(header: &str, council_8_2c: &str) -> String {
    let mut lines = vec![header.to_owned()];
    lines.push("E92000001,England,England,E92000001,2C,Total,Outcome,560.8".to_owned());
    for n in 1..=8 {
        let rate = if n == 8 {
            council_8_2c.to_owned()
        } else {
            format!("{}.5", n * 100)
        };
        let code = format!("E0600000{n}");
        lines.push(format!(
            "{code},Testshire {n},Council,{code},ASCOF 2C,Total,Outcome,{rate}"
        ));
        lines.push(format!(
            "{code},Testshire {n},Council,{code},ASCOF 2C,Total,Numerator,{}",
            n * 50
        ));
        lines.push(format!(
            "{code},Testshire {n},Council,{code},ASCOF 2C,Total,Denominator,50000"
        ));
        lines.push(format!(
            "{code},Testshire {n},Council,{code},ASCOF 2C,Female,Outcome,{}",
            n * 90
        ));
        lines.push(format!("{code},Testshire {n},Council,{code},1B,Total,Outcome,70.0"));
    }
    lines.join("\n") + "\n"
}

/// Imports a fictional file in which Example Borough has 72.5% on 2A,
/// England 77.5% and Testshire 80.0%, for 2023-24.
fn import_example_borough_2a(dir: &Path, db: &Path) {
    let mut text = String::from(PUBLISHED);
    text.push_str("\nE92000001,England,England,E92000001,2A,Total,Outcome,77.5\n");
    text.push_str("E06999999,Example Borough,Council,E06999999,2A,Total,Outcome,72.5\n");
    text.push_str("E06999998,Testshire,Council,E06999998,2A,Total,Outcome,80.0\n");
    let file = write(dir, "ascof.csv", &text);
    cli_ok(db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
}

/// The text of assessment `id`'s full pack as a PDF, on one line.
pub(crate) fn full_pack_text(db: &Path, id: &str, dir: &Path) -> String {
    let pdf = dir.join("full.pdf");
    let out = pdf.to_str().expect("path");
    cli_ok(db, &["export-pdf", "--assessment", id, "--kind", "full", "--out", out]);
    crate::common::pdf_text(&std::fs::read(&pdf).expect("read"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("path").to_owned()
}

#[test]
fn the_published_file_imports_and_a_council_sees_where_it_stands() {
    let (dir, db) = temp_db();
    let file = write(dir.path(), "ascof.csv", &fictional_file(PUBLISHED, "[c]"));
    let said = cli_ok(
        &db,
        &[
            "measures",
            "import-ascof",
            &file,
            "--period",
            "2023-24",
            "--published",
            "2024-12-12",
        ],
    );
    assert!(said.contains("Imported 9 values for 2023-24 (1 suppressed"), "{said}");
    assert!(said.contains("Left out 24 numerator"), "{said}");
    assert!(said.contains("does not list: 1B."), "{said}");

    let standing = cli_ok(&db, &["measures", "standing", "--area", "E06000003"]);
    let line = standing.lines().find(|l| l.starts_with("2C")).expect("2C");
    assert!(line.contains("Testshire 3 2023-24: 300.5 per 100,000"), "{line}");
    assert!(line.contains("England 560.8 per 100,000"), "{line}");
    assert!(line.contains("rank 3 of 7 (quartile 2; lower is better)"), "{line}");

    // A suppressed value is shown as such, never as 0, and is not ranked.
    let suppressed = cli_ok(&db, &["measures", "standing", "--area", "E06000008"]);
    let line = suppressed.lines().find(|l| l.starts_with("2C")).expect("2C");
    assert!(
        line.contains(": not published;") && line.contains("not ranked"),
        "{line}"
    );

    // Among comparators the council names.
    let group = cli_ok(
        &db,
        &[
            "measures",
            "standing",
            "--area",
            "E06000003",
            "--group",
            "E06000005,E06000001",
        ],
    );
    assert!(group.contains("rank 2 of 3 (quartile 2;"), "{group}");
}

/// A second file for a period already imported replaces its values — a
/// revised publication — and says how many it replaced and how many of
/// those it changed, so a file of the wrong year given the same period is
/// seen, not taken quietly.
#[test]
fn a_second_file_for_the_same_period_says_what_it_replaced() {
    let (dir, db) = temp_db();
    let import = |name: &str, council_8: &str| {
        let file = write(dir.path(), name, &fictional_file(PUBLISHED, council_8));
        cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023-24"])
    };
    let first = import("first.csv", "800.5");
    assert!(!first.contains("replaced"), "{first}");
    let same = import("again.csv", "800.5");
    assert!(
        same.contains("It replaced the 9 values already stored for 2023-24; none of them changed."),
        "{same}"
    );
    let revised = import("revised.csv", "[c]");
    assert!(
        revised.contains("It replaced the 9 values already stored for 2023-24; 1 of them changed."),
        "{revised}"
    );
    let standing = cli_ok(&db, &["measures", "standing", "--area", "E06000008"]);
    assert!(standing.contains(": not published;"), "{standing}");

    // A year written the other way is the same year; one that is no year
    // is refused before the file is read.
    let file = write(dir.path(), "slash.csv", &fictional_file(PUBLISHED, "800.5"));
    let slash = cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023/24"]);
    assert!(
        slash.contains("replaced the 9 values already stored for 2023-24"),
        "{slash}"
    );
    let refused = cli(&db, &["measures", "import-ascof", &file, "--period", "23-24"]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && said.contains("“23-24” is not a year such as 2023-24"),
        "{said}"
    );
}

#[test]
fn headers_that_drift_between_years_and_every_suppression_mark_are_read() {
    let (dir, db) = temp_db();
    let drifted = "Measure Group,Geographical Code,Council,Geographical Level,ONS Area Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value";
    let mut text = fictional_file(PUBLISHED, "*");
    // Same rows, the drifted header, an extra leading column.
    text = text.lines().skip(1).fold(String::new(), |mut rows, line| {
        rows.push_str("Independence,");
        rows.push_str(line);
        rows.push('\n');
        rows
    });
    text = format!(
        "{drifted}\n{text}Independence,E06000001,Testshire 1,Council,E06000001,2C,Total,Base,10\nIndependence,E06000001,Testshire 1,Council,E06000001,2C,Total,Margin of Error,0.4\n"
    );
    let text = text.replace(
        ",Testshire 7,Council,E06000007,ASCOF 2C,Total,Outcome,700.5",
        ",Testshire 7,Council,E06000007,ASCOF 2C,Total,Outcome,:",
    );
    let file = write(dir.path(), "ascof-drifted.csv", &text);
    let said = cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2022-23"]);
    assert!(said.contains("Imported 9 values for 2022-23 (2 suppressed"), "{said}");
}

#[test]
fn a_bad_row_refuses_the_whole_file_naming_the_row() {
    let (dir, db) = temp_db();
    for (name, text, expected) in [
        (
            "value",
            fictional_file(PUBLISHED, "12abc"),
            "row 38: “12abc” is not a number",
        ),
        (
            "type",
            fictional_file(PUBLISHED, "1").replace("Total,Denominator,50000\n", "Total,Guess,50000\n"),
            "row 5: the measure type “Guess”",
        ),
        (
            "twice",
            fictional_file(PUBLISHED, "1") + "E06000002,Testshire 2,Council,E06000002,2C,Total,Outcome,1\n",
            "row 43: 2C for E06000002 is given twice (also row 8)",
        ),
        (
            "foreign",
            "Name,Score\nA,1\n".to_owned(),
            "no “Geographical code” column",
        ),
        (
            "ragged",
            fictional_file(PUBLISHED, "1") + "E06000002,Testshire 2\n",
            "row 43: it has 2 cells, not 8",
        ),
        (
            // Edited to carry a second column a reader could take for the
            // value: which one was meant is not for the import to guess.
            "two values",
            fictional_file(&format!("{PUBLISHED},Value"), "1")
                .lines()
                .enumerate()
                .map(|(index, line)| {
                    if index == 0 {
                        line.to_owned()
                    } else {
                        format!("{line},0")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            "two columns could each be the “Measure value”: “Measure value” and “Value”",
        ),
    ] {
        let file = write(dir.path(), &format!("{name}.csv"), &text);
        let output = cli(&db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && error.contains(expected), "{name}: {error}");
        assert!(error.contains("Nothing was imported"), "{name}: {error}");
    }
    // Nothing from any refused file was stored.
    let standing = cli_ok(&db, &["measures", "standing", "--area", "E06000003"]);
    assert!(standing.contains("No measure values imported yet"), "{standing}");
}

#[test]
fn importing_measures_never_changes_an_assessment() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let before = cli_ok(&db, &["history", "--assessment", &id]);
    let file = write(dir.path(), "ascof.csv", &fictional_file(PUBLISHED, "800.5"));
    cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
    assert_eq!(cli_ok(&db, &["history", "--assessment", &id]), before);
    let listed = cli_ok(&db, &["measures", "list"]);
    for code in ["2A", "2B", "2C", "2E", "3D"] {
        assert!(listed.lines().any(|l| l.starts_with(code)), "{code}: {listed}");
    }
}

/// The item view shows, under an item, the measures that evidence it with
/// where the council stands — the council found by its published name.
#[test]
fn an_item_shows_the_measures_that_evidence_it_with_where_the_council_stands() {
    use egui_kittest::kittest::Queryable;
    let (dir, db) = temp_db();
    cli_ok(&db, &["demo"]);
    import_example_borough_2a(dir.path(), &db);

    let mut harness = crate::ui::open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_label_contains("1.2 ").click();
    harness.run();
    harness.get_by_label("Measures that evidence this item");
    let line = harness.get_by_label_contains("• ASCOF 2A ");
    let text = format!("{line:?}");
    for expected in [
        "Example Borough 2023-24: 72.5%",
        "England 77.5%",
        "rank 2 of 2 (quartile 3; higher is better)",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

/// A measure is cited in the basis for the score like a document: its
/// figures, as they are today, become a sentence of the basis, saved; cited
/// once, its button says so, greyed, where it was.
#[test]
fn a_measure_is_cited_in_the_basis_with_its_figures() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, Queryable};
    let (dir, db) = temp_db();
    let id = cli_ok(
        &db,
        &[
            "--as",
            "council",
            "--name",
            "Jo",
            "new",
            "--org",
            "Example Borough Council",
            "--title",
            "Use of Resources",
        ],
    )
    .trim()
    .to_owned();
    cli_ok(
        &db,
        &[
            "--as",
            "council",
            "--name",
            "Jo",
            "set",
            "--assessment",
            &id,
            "--item",
            "1.2",
            "--basis",
            "Most people are helped at first contact.",
        ],
    );
    import_example_borough_2a(dir.path(), &db);

    let mut harness = crate::ui::open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    crate::ui::switch_role(&mut harness, "Council", "Jo");
    harness.get_by_label_contains("1.2 ").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Cite ASCOF 2A in the basis")
        .click();
    harness.run();
    let cited = "ASCOF 2A, short-term services with no further request for ongoing support (higher is better): \
                 Example Borough 72.5% (2023-24); England 77.5%; 2 of 2, quartile 3.";
    let basis = || {
        let session = critical_friend::service::Session::open(&db, None, critical_friend::domain::Author::default())
            .expect("open");
        let assessment = session.load(id.parse().expect("id")).expect("load");
        assessment
            .answer(&critical_friend::domain::ItemId::new("1.2"))
            .basis
            .clone()
    };
    for _ in 0..30 {
        harness.run();
        if basis().contains(cited) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(basis(), format!("Most people are helped at first contact.\n\n{cited}"));
    let button = harness.get_by_role_and_label(Role::Button, "Cited ASCOF 2A");
    assert!(button.accesskit_node().is_disabled(), "cited once");
}

/// The Measures view: each measure linked to the framework, with the
/// council's latest value, England's, its rank and its trend — drawn, and
/// said in words to a screen reader — filtered by theme.
#[test]
fn the_measures_view_shows_where_the_council_stands_and_its_trend() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let (dir, db) = temp_db();
    cli_ok(&db, &["demo"]);
    for (period, own) in [("2022-23", "70.0"), ("2023-24", "72.5")] {
        let mut text = String::from(PUBLISHED);
        text.push_str("\nE92000001,England,England,E92000001,2A,Total,Outcome,77.5\n");
        text.push_str("E06999999,Example Borough,Council,E06999999,2A,Total,Outcome,");
        text.push_str(own);
        text.push('\n');
        text.push_str("E06999998,Testshire,Council,E06999998,2A,Total,Outcome,80.0\n");
        let file = write(dir.path(), &format!("ascof-{period}.csv"), &text);
        cli_ok(&db, &["measures", "import-ascof", &file, "--period", period]);
    }
    let mut harness = crate::ui::open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Measures").click();
    harness.run();
    harness.get_by_label("ASCOF 2A");
    harness.get_by_label("72.5% (2023-24)");
    harness.get_by_label("2 of 2, quartile 3");
    harness.get_by_label("Trend: 2022-23 70.0%, 2023-24 72.5%");
    harness.get_by_label("ASCOF 2C");
    // Theme 2, Recovery: 2A evidences its reablement item; 2C does not.
    harness
        .get_by_role_and_label(Role::ComboBox, "Theme: Every theme")
        .click();
    harness.run();
    harness
        .get_all_by_label("2. Recovery")
        .last()
        .expect("the theme in the list")
        .click();
    harness.run();
    harness.get_by_label("ASCOF 2A");
    assert!(harness.query_by_label("ASCOF 2C").is_none());
}

/// Values imported from the command line while the app is open show in it
/// at once, without reopening the assessment.
#[test]
fn values_imported_while_the_app_is_open_show_at_once() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let (dir, db) = temp_db();
    cli_ok(&db, &["demo"]);
    let mut harness = crate::ui::open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Measures").click();
    harness.run();
    assert!(harness.query_by_label("72.5% (2023-24)").is_none());
    let mut text = String::from(PUBLISHED);
    text.push_str("\nE06999999,Example Borough,Council,E06999999,2A,Total,Outcome,72.5\n");
    let file = write(dir.path(), "ascof.csv", &text);
    cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
    harness.run();
    harness.get_by_label("72.5% (2023-24)");
}

/// The pre-visit pack tells the peer team where the council stands before
/// it arrives: a section of the national outcome measures, read back from
/// the PDF and the Word file; with nothing imported the section is left
/// out rather than printed empty.
#[test]
fn the_pre_visit_pack_says_where_the_council_stands() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let export = |format: &str, name: &str| {
        let out = dir.path().join(name);
        let out = out.to_str().expect("path").to_owned();
        cli_ok(&db, &[format, "--assessment", &id, "--kind", "previsit", "--out", &out]);
        out
    };
    let before = crate::common::pdf_text(&std::fs::read(export("export-pdf", "before.pdf")).expect("read"));
    assert!(
        !before.contains("Where the council stands"),
        "nothing imported, nothing printed"
    );

    import_example_borough_2a(dir.path(), &db);

    let pdf = crate::common::pdf_text(&std::fs::read(export("export-pdf", "previsit.pdf")).expect("read"));
    let flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Where the council stands: national outcome measures",
        "ASCOF 2A",
        "72.5% (2023-24)",
        "77.5%",
        "2 of 2, quartile 3",
    ] {
        assert!(flat.contains(expected), "PDF lacks {expected}");
    }
    let docx = export("export-docx", "previsit.docx");
    let xml = crate::common::unzip_text(Path::new(&docx), "word/document.xml");
    for expected in [
        "Where the council stands: national outcome measures",
        "ASCOF 2A",
        "72.5% (2023-24)",
    ] {
        assert!(xml.contains(expected), "Word lacks {expected}");
    }
}

/// The full pack sets each measure beside the items it evidences, where
/// the council stands on it, in the PDF and the Word file; an item no
/// measure evidences has no such line.
#[test]
fn the_full_pack_sets_each_measure_beside_its_items() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    import_example_borough_2a(dir.path(), &db);
    let line = "ASCOF 2A: 72.5% (2023-24); England 77.5%; 2 of 2, quartile 3";
    let flat = full_pack_text(&db, &id, dir.path());
    // 2A evidences items 2.1 and 1.2: once beside each.
    assert_eq!(flat.matches(line).count(), 2, "{flat}");
    let docx = dir.path().join("full.docx");
    cli_ok(
        &db,
        &[
            "export-docx",
            "--assessment",
            &id,
            "--kind",
            "full",
            "--out",
            docx.to_str().expect("path"),
        ],
    );
    let xml = crate::common::unzip_text(&docx, "word/document.xml");
    assert_eq!(xml.matches(line).count(), 2);
}

/// Every `/Alt` text of a PDF's structure elements.
fn pdf_alt_texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("PDF");
    doc.objects
        .values()
        .filter_map(|object| object.as_dict().ok()?.get(b"Alt").ok())
        .filter_map(|alt| lopdf::decode_text_string(alt).ok())
        .collect()
}

/// With two years published, the pre-visit pack draws each measure's trend
/// — the council's line beside England's, a year not published a gap — as
/// a figure whose alternative text gives every value, in the PDF and as a
/// picture in Word; a measure with one year has no chart.
#[test]
fn the_pre_visit_pack_draws_each_measures_trend_with_its_values_in_words() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    import_example_borough_2a(dir.path(), &db);
    let mut earlier = String::from(PUBLISHED);
    earlier.push_str("\nE92000001,England,England,E92000001,2A,Total,Outcome,76.0\n");
    earlier.push_str("E06999999,Example Borough,Council,E06999999,2A,Total,Outcome,70.1\n");
    earlier.push_str("E06999999,Example Borough,Council,E06999999,2C,Total,Outcome,[c]\n");
    let file = write(dir.path(), "earlier.csv", &earlier);
    cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2022-23"]);

    let pdf = dir.path().join("previsit.pdf");
    let out = pdf.to_str().expect("path");
    cli_ok(
        &db,
        &["export-pdf", "--assessment", &id, "--kind", "previsit", "--out", out],
    );
    let bytes = std::fs::read(&pdf).expect("read");
    let alts = pdf_alt_texts(&bytes);
    // The charts' labels are inside their figures: the structure holds all
    // the text, as every tagged pack's does.
    let doc = lopdf::Document::load_mem(&bytes).expect("PDF");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .expect("Info");
    let title =
        lopdf::decode_text_string(doc.get_dictionary(info).expect("Info").get(b"Title").expect("Title")).expect("text");
    let tagged = crate::pdf_structure::Tagged::read(&bytes, &title);
    assert!(
        tagged.of_tag("Figure").count() >= 3,
        "the theme chart, the grid and a trend"
    );
    let said = "Line chart of ASCOF 2A, short-term services with no further request for ongoing support \
                (higher is better), by year. Example Borough: 2022-23 70.1%, 2023-24 72.5%. \
                England: 2022-23 76.0%, 2023-24 77.5%.";
    assert!(alts.iter().any(|alt| alt == said), "the chart's words: {alts:?}");
    assert!(
        !alts.iter().any(|alt| alt.contains("ASCOF 2C")),
        "one value is no trend: {alts:?}"
    );
    let text = crate::common::pdf_text(&std::fs::read(&pdf).expect("read"));
    assert!(text.contains("Trends"), "under a heading of its own");

    let docx = dir.path().join("previsit.docx");
    let out = docx.to_str().expect("path");
    cli_ok(
        &db,
        &["export-docx", "--assessment", &id, "--kind", "previsit", "--out", out],
    );
    let xml = crate::common::unzip_text(&docx, "word/document.xml");
    assert!(xml.contains(&format!("descr=\"{said}\"")), "the Word picture's words");
}

/// In the Measures view the published file is imported for the year typed
/// beside its button: a year that does not read as one keeps the button
/// off and says why; an import says what it read, and the table shows the
/// council's values at once.
#[test]
fn the_published_file_is_imported_from_the_measures_view() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, Queryable};
    let (dir, db) = temp_db();
    crate::council_settings::testshire_3(&db);
    let mut harness = crate::ui::open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Measures").click();
    harness.run();
    let import = "Import the published ASCOF file…";
    // Off, and a screen reader hears why, until the year reads as one.
    let off = "Import the published ASCOF file… — not now: type the year the file covers first, e.g. 2023-24";
    assert!(harness.get_by_label(off).accesskit_node().is_disabled(), "no year yet");
    crate::ui::type_into(&mut harness, Role::TextInput, "Year the file covers", "2023");
    harness.get_by_label("“2023” is not a year such as 2023-24");
    assert!(harness.get_by_label(off).accesskit_node().is_disabled());
    crate::ui::type_into(&mut harness, Role::TextInput, "Year the file covers", "/24");
    assert!(
        !harness.get_by_label(import).accesskit_node().is_disabled(),
        "2023/24 is a year"
    );

    // The file the system's dialog would give, for the year typed.
    let path = dir.path().join("ascof.csv");
    std::fs::write(&path, fictional_file(PUBLISHED, "800.5")).expect("write");
    harness.state_mut().queue(critical_friend::ui::Command::ImportAscof {
        path,
        period: "2023/24".to_owned(),
    });
    harness.run();
    harness.get_by_label_contains("Imported 9 values for 2023-24 (0 suppressed");
    harness.get_by_label("3 of 8, quartile 2");
}
