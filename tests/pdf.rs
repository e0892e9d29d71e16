//! PDF packs read back as text: a Rust PDF reader always, and poppler's
//! tools as an independent check where they are installed (CI installs them).

mod common;

use common::pdf_text;
use critical_friend::{
    domain::{Catalogue, Change, Edit, ItemId, example::example_assessment},
    report::{Pack, pdf},
};
use time::{OffsetDateTime, macros::date};

fn demo_pack() -> (Catalogue, Pack) {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework().clone();
    let assessment = example_assessment(&framework, OffsetDateTime::UNIX_EPOCH);
    let pack = Pack::build(&framework, &assessment, date!(2026 - 11 - 22));
    (catalogue, pack)
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
    later.exported_on = date!(2026 - 11 - 23);
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
    assessment.apply(&Edit::new(ItemId::new("2.3"), Change::Notes(huge)), now);
    assessment.apply(&Edit::new(ItemId::new("2.4"), Change::Basis(strange)), now);
    let pack = Pack::build(framework, &assessment, date!(2026 - 11 - 22));
    let bytes = pdf::render(&pack).expect("render");
    std::fs::write(std::env::temp_dir().join("cf-huge.pdf"), &bytes).expect("write");
    let text = squash(&pdf_text(&bytes));
    assert!(text.contains("2.3 cont."), "a row taller than a page continues, marked");
    assert!(
        text.matches("Basis for this score").count() > 20,
        "the header repeats on continued pages"
    );
}

fn poppler(tool: &str) -> Option<std::process::Command> {
    let found = std::process::Command::new(tool).arg("-v").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{tool} is not installed; .ci/run installs poppler-utils"
    );
    found.then(|| std::process::Command::new(tool))
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
