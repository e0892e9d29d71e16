//! Word, Excel and CSV exports, checked by reading the files back.

use std::io::Read;

use crate::common::{cli_ok, temp_db};
use critical_friend::{
    domain::{Catalogue, ItemId, example::example_assessment},
    exchange::workbook,
    packs::{Format, Pack, PackKind, csv, docx, xlsx},
};
use time::OffsetDateTime;

fn full_pack() -> (Catalogue, critical_friend::domain::Assessment, Pack) {
    let catalogue = Catalogue::builtin();
    let assessment = example_assessment(catalogue.default_framework(), OffsetDateTime::UNIX_EPOCH);
    let options = crate::common::pack_options(PackKind::Full);
    let pack = Pack::build(catalogue.default_framework(), Some(&assessment), options).expect("pack");
    (catalogue, assessment, pack)
}

#[test]
fn the_excel_workbook_imports_back_to_the_same_answers() {
    let (catalogue, assessment, pack) = full_pack();
    let bytes = xlsx::render(&pack).expect("xlsx");
    let contents = workbook::read(&bytes, &catalogue).expect("reads back");
    assert_eq!(contents.assessment_id, Some(assessment.id));
    assert_eq!(contents.details, assessment.details);
    let mut copy = assessment.clone();
    for answer in copy.answers.values_mut() {
        answer.score = None;
        answer.basis.clear();
        answer.notes.clear();
    }
    for edit in &contents.edits {
        copy.apply(edit, OffsetDateTime::UNIX_EPOCH);
    }
    for (_, item) in catalogue.default_framework().items() {
        let (want, got) = (assessment.answer(&item.id), copy.answer(&item.id));
        assert_eq!(
            (got.score, &got.basis, &got.notes),
            (want.score, &want.basis, &want.notes),
            "{}",
            item.id
        );
    }
}

#[test]
fn a_workbook_that_is_not_ours_or_has_bad_scores_is_refused() {
    let catalogue = Catalogue::builtin();
    assert!(workbook::read(b"PK\x03\x04 not really", &catalogue).is_err());
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Budget").expect("name");
    let foreign = book.save_to_buffer().expect("save");
    let error = workbook::read(&foreign, &catalogue).expect_err("foreign");
    assert!(error.to_string().contains("not exported by Critical Friend"), "{error}");
}

/// Every XML part of a Word package (`.xml` and `.rels`), by name.
fn xml_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("entry");
        let name = file.name().expect("entry name").to_string();
        let extension = std::path::Path::new(&name).extension().and_then(|e| e.to_str());
        if matches!(extension, Some("xml" | "rels")) {
            let mut text = String::new();
            file.read_to_string(&mut text).expect("utf-8 xml");
            parts.push((name, text));
        }
    }
    parts
}

#[test]
fn the_word_document_is_a_zip_of_well_formed_xml_with_every_title() {
    let (catalogue, _, pack) = full_pack();
    let bytes = docx::render(&pack).expect("docx");
    let mut document = String::new();
    for (name, text) in xml_parts(&bytes) {
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(error) => panic!("{name} is not well-formed: {error}"),
            }
        }
        if name == "word/document.xml" {
            document = text;
        }
    }
    assert!(document.contains("Heading1"), "uses real heading styles");
    let tables: Vec<&str> = document.split("<w:tbl>").skip(1).collect();
    let with_headings = tables.iter().filter(|t| t.contains("<w:tblHeader />")).count();
    assert!(
        with_headings > 6,
        "a summary and six themes repeat their headings: {with_headings} of {}",
        tables.len()
    );
    for table in &tables {
        let rest_of_table = table.split("</w:tr>").skip(1).collect::<String>();
        assert!(
            !rest_of_table.contains("<w:tblHeader />"),
            "only a table's first row repeats on each page"
        );
    }
    assert!(document.contains("Example Borough Council"));
    assert!(document.contains("Tŷ Gwyn"));
    for (_, item) in catalogue.default_framework().items() {
        let escaped = item.title.replace('&', "&amp;");
        assert!(document.contains(&escaped), "missing {}", item.title);
    }
}

/// Text stored before the rules refused control characters, and text
/// pasted from Word (whose Shift+Enter is a vertical tab), in every place a
/// pack prints: the document opens, its line breaks are Word's, and
/// nothing XML 1.0 cannot hold is in any part.
#[test]
fn control_characters_in_stored_text_never_make_an_unopenable_word_file() {
    let catalogue = Catalogue::builtin();
    let mut assessment = example_assessment(catalogue.default_framework(), OffsetDateTime::UNIX_EPOCH);
    let hostile = "Themes:\u{b}Prevention\u{c}Recovery\r\nBell\u{7} Esc\u{1b} Nul\u{0} End\u{fffe}\u{ffff}";
    assessment.details.title = format!("Title {hostile}");
    assessment.details.organisation = format!("Council {hostile}");
    for answer in assessment.answers.values_mut() {
        answer.basis = format!("Basis {hostile}");
        answer.notes = format!("Notes {hostile}");
        answer.challenge = format!("Challenge {hostile}");
    }
    for kind in [
        PackKind::Full,
        PackKind::Summary,
        PackKind::PreVisit,
        PackKind::Report,
        PackKind::ActionPlan,
    ] {
        let options = crate::common::pack_options(kind);
        let pack = Pack::build(catalogue.default_framework(), Some(&assessment), options).expect("pack");
        let bytes = docx::render(&pack).expect("docx");
        for (name, text) in xml_parts(&bytes) {
            let bad = text
                .chars()
                .find(|c| !matches!(c, '\t' | '\n' | '\r') && (*c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}')));
            assert_eq!(bad, None, "{kind:?}: {name} holds a character XML 1.0 cannot");
            if name == "word/document.xml" && kind == PackKind::Full {
                assert!(text.contains("Prevention</w:t>"), "the text kept");
                assert!(
                    text.contains("Themes:</w:t><w:br w:type=\"textWrapping\" />"),
                    "a vertical tab is a line break"
                );
                assert!(text.contains("Bell Esc Nul End"), "controls left out, the words kept");
            }
        }
    }
}

#[test]
fn the_csv_has_one_row_per_item() {
    let (catalogue, assessment, pack) = full_pack();
    let bytes = csv::render(&pack).expect("CSV renders");
    let mut reader = ::csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), catalogue.default_framework().item_count());
    let reablement = rows.iter().find(|r| &r[1] == "2.1").expect("2.1");
    assert_eq!(&reablement[3], "3");
    assert_eq!(&reablement[5], assessment.answer(&ItemId::new("2.1")).basis);
}

#[test]
fn every_format_exports_from_the_cli_and_a_workbook_edit_comes_back() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    for format in Format::ALL {
        let out = dir.path().join(format!("pack.{}", format.extension()));
        let command = format!("export-{}", format.extension());
        cli_ok(
            &db,
            &[&command, "--assessment", &id, "--out", out.to_str().expect("path")],
        );
        assert!(std::fs::metadata(&out).expect("written").len() > 100, "{command}");
    }
    let blank = dir.path().join("blank.pdf");
    cli_ok(
        &db,
        &["export-pdf", "--kind", "blank", "--out", blank.to_str().expect("path")],
    );
    assert!(crate::common::pdf_text(&std::fs::read(&blank).expect("blank")).contains("Blank self-assessment form"));

    // Import the workbook into a new database: a new copy with every score.
    let xlsx = dir.path().join("pack.xlsx");
    let other = dir.path().join("other.sqlite");
    let imported = cli_ok(&other, &["import-xlsx", xlsx.to_str().expect("path")]);
    assert_eq!(imported.trim(), id, "keeps the assessment id");
    let listed: serde_json::Value = serde_json::from_str(&cli_ok(&other, &["list", "--json"])).expect("json");
    assert_eq!(listed[0]["scored"], 34);
}

#[test]
fn every_format_gives_the_same_bytes_for_the_same_pack() {
    let (_, _, pack) = full_pack();
    let formats = [Format::Pdf, Format::Excel, Format::Csv];
    let first: Vec<Vec<u8>> = formats.iter().map(|f| f.render(&pack).expect("render")).collect();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for (format, first) in formats.iter().zip(&first) {
        let again = format.render(&pack).expect("render again");
        assert!(*first == again, "{format:?} differs between two renders of one pack");
    }
    // docx-rs numbers paragraphs from counters that run on within one
    // process, so Word is compared across two runs of the program, apart
    // by more than the zip format's two-second clock.
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]);
    let words: Vec<Vec<u8>> = ["a.docx", "b.docx"]
        .iter()
        .enumerate()
        .map(|(run, name)| {
            if run > 0 {
                std::thread::sleep(std::time::Duration::from_millis(2100));
            }
            let out = dir.path().join(name);
            let args = [
                "export-docx",
                "--assessment",
                id.trim(),
                "--date",
                "2026-11-22",
                "--out",
            ];
            let mut args = args.to_vec();
            args.push(out.to_str().expect("path"));
            cli_ok(&db, &args);
            std::fs::read(&out).expect("read")
        })
        .collect();
    assert!(words[0] == words[1], "Word differs between two runs");
}
