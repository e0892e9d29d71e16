//! PDF packs read back as text: a Rust PDF reader always, and poppler's
//! tools as an independent check where they are installed (CI installs them).

use crate::common::{pdf_text, poppler};
use critical_friend::{
    domain::{AnswerValue, Assessment, Catalogue, Edit, ItemId, Status, example::example_assessment},
    packs::{Pack, PackKind, PackOptions, Paper, pdf},
};
use time::{OffsetDateTime, macros::date};

fn options(kind: PackKind) -> PackOptions {
    crate::common::pack_options(kind)
}

fn example() -> (Catalogue, Assessment) {
    let catalogue = Catalogue::builtin();
    let assessment = example_assessment(catalogue.default_framework(), OffsetDateTime::UNIX_EPOCH);
    (catalogue, assessment)
}

fn pack_of(kind: PackKind) -> (Catalogue, Pack) {
    let (catalogue, assessment) = example();
    let pack = Pack::build(catalogue.default_framework(), Some(&assessment), options(kind)).expect("pack");
    (catalogue, pack)
}

fn demo_pack() -> (Catalogue, Pack) {
    pack_of(PackKind::Full)
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_demo_pack_contains_every_title_the_council_welsh_text_and_page_numbers() {
    let (catalogue, pack) = demo_pack();
    let bytes = pdf::render(&pack).expect("render");
    let text = squash(&pdf_text(&bytes));
    for (_, item) in catalogue.default_framework().items() {
        let title = squash(&item.title);
        // Long titles wrap inside their table cell, so look for their first words.
        let start: String = title.split(' ').take(3).collect::<Vec<_>>().join(" ");
        assert!(text.contains(&start), "missing title {title:?}");
    }
    for needle in [
        "Example Borough Council",
        "Tŷ Gwyn",
        "Ŵyl House",
        "Gŵyl Dewi",
        "Page 1 of",
        "£1,420",
        "“Help Close to Home”",
        "2 – Established",
        "Appendix: scoring scale",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn the_same_pack_and_date_give_the_same_bytes() {
    let (_, pack) = demo_pack();
    let first = pdf::render(&pack).expect("render");
    let second = pdf::render(&pack).expect("render again");
    assert!(first == second, "two renders differ");
    let mut later = pack.clone();
    later.meta.exported_on = date!(2026 - 11 - 23);
    assert!(
        pdf::render(&later).expect("render") != first,
        "the date is part of the output"
    );
}

#[test]
fn a_megabyte_of_notes_and_unusual_text_print_without_panicking() {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let mut assessment = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
    let huge = "Evidence gap in Llanfairpwllgwyngyll – ŵ ŷ ".repeat(1024 * 1024 / 44);
    let strange =
        "Right-to-left: مرحبا بالعالم; CJK: 評価; emoji: 🧾; controls:\u{0}\u{7}\t end; a verylongwordwithoutanyspaces"
            .repeat(3)
            + &"x".repeat(5000);
    let now = OffsetDateTime::UNIX_EPOCH;
    assessment.apply(&Edit::new(ItemId::new("2.3"), AnswerValue::Notes(huge)), now);
    assessment.apply(&Edit::new(ItemId::new("2.4"), AnswerValue::Basis(strange)), now);
    let pack = Pack::build(framework, Some(&assessment), options(PackKind::Full)).expect("pack");
    let bytes = pdf::render(&pack).expect("render");
    std::fs::write(std::env::temp_dir().join("cf-huge.pdf"), &bytes).expect("write");
    let text = squash(&pdf_text(&bytes));
    assert!(text.contains("2.3 cont."), "a row taller than a page continues, marked");
    assert!(
        text.matches("Basis for this score").count() > 20,
        "the header repeats on continued pages"
    );
}

#[test]
fn poppler_reads_the_pack_and_finds_the_embedded_font() {
    let (_, pack) = demo_pack();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("pack.pdf");
    std::fs::write(&file, pdf::render(&pack).expect("render")).expect("write");
    let Some(mut pdftotext) = poppler("pdftotext") else {
        eprintln!("pdftotext not installed; skipping the independent check");
        return;
    };
    let output = pdftotext.arg(&file).arg("-").output().expect("pdftotext runs");
    assert!(output.status.success());
    let text = squash(&String::from_utf8_lossy(&output.stdout));
    for needle in [
        "Example Borough Council",
        "Information and Advice",
        "Fairer Contributions",
        "Tŷ Gwyn",
        "Page 1 of",
    ] {
        assert!(text.contains(needle), "pdftotext misses {needle:?}");
    }
    let fonts = poppler("pdffonts")
        .expect("pdffonts with pdftotext")
        .arg(&file)
        .output()
        .expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    assert!(
        fonts.lines().skip(2).all(|line| line.contains(" yes ")),
        "every font embedded:\n{fonts}"
    );
}

/// The text of the item tables only: everything after the first theme heading.
fn count_in(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn the_full_pack_lists_each_item_title_once() {
    let (catalogue, pack) = demo_pack();
    let text = squash(&pdf_text(&pdf::render(&pack).expect("render")));
    for (_, item) in catalogue.default_framework().items() {
        // Single-line titles are checked exactly; wrapped ones by their first words above.
        if item.title.len() <= 14 {
            let needle = format!("{} {}", item.id, item.title);
            assert!(count_in(&text, &needle) <= 1, "{needle} printed more than once");
        }
    }
    let contents_entries = ["1. Prevention", "6. Contributions", "Summary"];
    for entry in contents_entries {
        assert!(
            count_in(&text, entry) >= 2,
            "{entry} is in the contents and as a heading"
        );
    }
}

#[test]
fn the_blank_form_has_no_scores_and_needs_no_assessment() {
    let catalogue = Catalogue::builtin();
    let pack = Pack::build(catalogue.default_framework(), None, options(PackKind::BlankForm)).expect("blank");
    let text = squash(&pdf_text(&pdf::render(&pack).expect("render")));
    assert!(text.contains("Blank self-assessment form"));
    assert!(text.contains("Information and Advice"));
    for level in [
        "0 – Not in place",
        "1 – Developing",
        "2 – Established",
        "3 – Embedded",
        "Not scored Not scored",
    ] {
        assert!(!text.contains(level), "blank form shows a score: {level}");
    }
    assert!(!text.contains("Example Borough Council"));
}

#[test]
fn the_previsit_pack_lists_every_item_with_queries() {
    let (catalogue, assessment) = example();
    let pack = Pack::build(
        catalogue.default_framework(),
        Some(&assessment),
        options(PackKind::PreVisit),
    )
    .expect("pack");
    let text = squash(&pdf_text(&pdf::render(&pack).expect("render")));
    // First the contents entry, then the section heading; the list follows it.
    let (heading_at, _) = text
        .match_indices("Document request list")
        .nth(1)
        .expect("the section heading");
    let list = &text[heading_at..];
    for (_, item) in catalogue.default_framework().items() {
        if assessment.answer(&item.id).has_open_notes() {
            assert!(
                list.contains(item.id.as_str()),
                "query of {} missing from the list",
                item.id
            );
        }
    }
}

#[test]
fn summary_and_theme_packs_hold_only_their_parts() {
    let (_, summary) = pack_of(PackKind::Summary);
    let text = squash(&pdf_text(&pdf::render(&summary).expect("render")));
    assert!(text.contains("Average self score by theme"));
    assert!(!text.contains("Basis for this score"));
    let (_, theme) = pack_of(PackKind::Theme(3));
    let text = squash(&pdf_text(&pdf::render(&theme).expect("render")));
    assert!(text.contains("3.10 Safeguarding"));
    assert!(!text.contains("2.1 Reablement"));
}

#[test]
fn final_assessments_have_no_draft_watermark_and_letter_paper_works() {
    let (catalogue, mut assessment) = example();
    assessment.status = Status::Final;
    let mut opts = options(PackKind::Summary);
    opts.paper = Paper::Letter;
    let pack = Pack::build(catalogue.default_framework(), Some(&assessment), opts).expect("pack");
    let bytes = pdf::render(&pack).expect("render");
    let text = pdf_text(&bytes);
    assert!(!text.contains("DRAFT"));
    assert!(
        String::from_utf8_lossy(&bytes).contains("612"),
        "Letter width in the page box"
    );
}

#[test]
fn qpdf_finds_every_pack_structurally_sound_and_pages_are_not_blank() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(_) = poppler("pdftoppm") else { return };
    let qpdf_present = std::process::Command::new("qpdf").arg("--version").output().is_ok();
    assert!(
        qpdf_present || std::env::var_os("CI").is_none(),
        "qpdf missing; .ci/run installs it"
    );
    let catalogue = Catalogue::builtin();
    let (_, assessment) = example();
    for kind in [
        PackKind::Full,
        PackKind::Summary,
        PackKind::Theme(2),
        PackKind::BlankForm,
        PackKind::PreVisit,
        PackKind::Report,
    ] {
        let pack = Pack::build(catalogue.default_framework(), Some(&assessment), options(kind)).expect("pack");
        let file = dir.path().join(format!("{}.pdf", kind.label()));
        std::fs::write(&file, pdf::render(&pack).expect("render")).expect("write");
        if qpdf_present {
            let check = std::process::Command::new("qpdf")
                .arg("--check")
                .arg(&file)
                .output()
                .expect("qpdf");
            assert!(
                check.status.success(),
                "qpdf --check failed for {}: {}",
                kind.label(),
                String::from_utf8_lossy(&check.stdout)
            );
        }
        let prefix = dir.path().join("page");
        let render = std::process::Command::new("pdftoppm")
            .args(["-r", "40", "-gray", "-f", "1", "-l", "3"])
            .arg(&file)
            .arg(&prefix)
            .output()
            .expect("pdftoppm");
        assert!(render.status.success());
        for entry in std::fs::read_dir(dir.path()).expect("list").filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("page") {
                let bytes = std::fs::read(entry.path()).expect("read page");
                let dark = bytes
                    .iter()
                    .rev()
                    .take(bytes.len() * 9 / 10)
                    .filter(|&&b| b < 160)
                    .count();
                assert!(dark > 20, "{name} of {} is blank", kind.label());
                std::fs::remove_file(entry.path()).expect("tidy");
            }
        }
    }
}

#[test]
fn a_long_contents_continues_onto_more_pages() {
    let (_, mut pack) = demo_pack();
    let themes: Vec<_> = pack
        .sections
        .iter()
        .filter(|s| matches!(s, critical_friend::packs::Section::Theme(_)))
        .cloned()
        .collect();
    for _ in 0..8 {
        pack.sections.extend(themes.iter().cloned());
    }
    assert!(pack.sections.len() > 50);
    let (bytes, pages) = pdf::render_counted(&pack).expect("render");
    let text = squash(&pdf_text(&bytes));
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    // Cover, two contents pages, the summary: the first theme starts on page 5.
    assert!(text.contains("1. Prevention 5"), "contents did not take two pages");
    assert!(
        text.matches("Appendix: scoring scale").count() >= 2,
        "last entry listed and printed"
    );
}

#[test]
fn with_peer_scores_the_pack_compares_self_and_peer() {
    let (catalogue, mut assessment) = example();
    let now = OffsetDateTime::UNIX_EPOCH;
    // The demo scores 2.1 at 3 and 2.2 at 2.
    assessment.apply(
        &Edit::new(
            ItemId::new("2.1"),
            AnswerValue::PeerScore(critical_friend::domain::Score::new(2).ok()),
        ),
        now,
    );
    assessment.apply(
        &Edit::new(
            ItemId::new("2.2"),
            AnswerValue::PeerScore(critical_friend::domain::Score::new(2).ok()),
        ),
        now,
    );
    let pack = Pack::build(
        catalogue.default_framework(),
        Some(&assessment),
        options(PackKind::Full),
    )
    .expect("pack");
    let text = squash(&pdf_text(&pdf::render(&pack).expect("render")));
    assert!(text.contains("Self-assessment and peer scores compared"));
    assert!(text.contains("Average self and peer score by theme"));
    assert!(
        text.contains("2.1 Reablement 3 – Embedded 2 – Established −1 ≠"),
        "the differing row is marked"
    );
    assert!(text.contains("2.2 Crisis response 2 – Established 2 – Established 0"));
    let (_, without) = demo_pack();
    let plain = squash(&pdf_text(&pdf::render(&without).expect("render")));
    assert!(
        !plain.contains("peer scores compared"),
        "no peer section without peer data"
    );
}
