//! The peer challenge report, built through the command line in the shape of
//! the Leeds 2016 report — an executive summary, two added sections placed
//! before the themes, the themes reordered, paragraphs in the background,
//! the key messages and a section, the background facts and a contact — and
//! read back from the PDF and the Word file. Then the report travelling
//! between copies, the rules around it, and long texts from files.

use std::path::{Path, PathBuf};

use crate::common::{cli, cli_ok, import_accepting, pdf_text, temp_db, unzip_text};

const PEER: [&str; 4] = ["--as", "peer", "--name", "Marcus Coulson"];

fn peer(db: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = PEER.to_vec();
    all.extend_from_slice(args);
    cli_ok(db, &all)
}

/// Exports assessment `id` of `db` as the peer team and imports it into a
/// new council database beside it (`other.sqlite`); returns that database.
fn sent_to_the_council(db: &Path, id: &str, dir: &Path, name: &str) -> PathBuf {
    let file = dir.join(name);
    peer(
        db,
        &["export", "--assessment", id, "--out", file.to_str().expect("path")],
    );
    let other = dir.join("other.sqlite");
    cli_ok(
        &other,
        &[
            "--as",
            "council",
            "--name",
            "Cath",
            "import",
            file.to_str().expect("path"),
        ],
    );
    other
}

/// The report of assessment `id` of `db`, exported as a PDF to `pdf` and
/// read back as one line of text.
fn printed_report(db: &Path, id: &str, pdf: &Path) -> String {
    cli_ok(
        db,
        &[
            "export-pdf",
            "--assessment",
            id,
            "--kind",
            "report",
            "--out",
            pdf.to_str().expect("path"),
        ],
    );
    one_line(&pdf_text(&std::fs::read(pdf).expect("pdf")))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Leeds-shaped report's numbered paragraphs, in the order they print.
const PARAGRAPHS: [&str; 6] = [
    "A peer challenge is not an inspection but a supportive look by critical friends.",
    "The council knows itself well and acts on its own analysis.",
    "Several pressures bear on the council as a whole and on adult social care in particular.",
    "Leadership is visible, trusted and clear about where the service is going.",
    "Partners speak well of the council and want more joint commissioning.",
    "Prevention is well funded but its return is not yet measured.",
];

/// Builds the report; returns the database, the assessment id and a folder.
#[allow(clippy::too_many_lines, reason = "one scenario, read in order")]
fn leeds_shaped(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("report.sqlite");
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    let summary = dir.join("summary.txt");
    std::fs::write(
        &summary,
        "Example Borough Council asked for an external view of how it uses its resources.\n\nThe team found clear leadership and a firm grip on the budget.",
    )
    .expect("write");
    peer(
        &db,
        &[
            "report",
            "summary",
            "--assessment",
            &id,
            "--file",
            summary.to_str().expect("path"),
        ],
    );
    let pressures = peer(
        &db,
        &[
            "report",
            "section",
            "add",
            "--assessment",
            &id,
            "--title",
            "Resource pressures",
        ],
    );
    let vision = peer(
        &db,
        &[
            "report",
            "section",
            "add",
            "--assessment",
            &id,
            "--title",
            "Vision, Strategy & Leadership",
        ],
    );
    assert_eq!(
        (pressures.trim(), vision.trim()),
        ("7", "8"),
        "added after the six themes"
    );
    // The two added sections first; then Partnership (theme 5, by then
    // section 7) before Prevention (by then section 3).
    for (section, to) in [("7", "1"), ("8", "2"), ("7", "3")] {
        peer(
            &db,
            &[
                "report",
                "section",
                "move",
                "--assessment",
                &id,
                "--section",
                section,
                "--to",
                to,
            ],
        );
    }
    let sections = peer(&db, &["report", "sections", "--assessment", &id]);
    assert!(
        sections.starts_with(
            "1. Resource pressures (added)\n2. Vision, Strategy & Leadership (added)\n3. Partnership (theme 5)\n4. Prevention (theme 1)"
        ),
        "{sections}"
    );
    peer(
        &db,
        &[
            "report",
            "bullets",
            "--assessment",
            &id,
            "--section",
            "1",
            "--heading",
            "Corporate resource pressures",
            "--item",
            "Business rate appeals",
            "--item",
            "Rising cost of children's care",
        ],
    );
    let paragraph = |place: &[&str], text: &str| {
        let mut args = vec!["report", "paragraph", "add", "--assessment", &id];
        args.extend_from_slice(place);
        args.extend_from_slice(&["--text", text]);
        peer(&db, &args);
    };
    paragraph(&["--background"], PARAGRAPHS[0]);
    paragraph(&["--key-messages"], PARAGRAPHS[1]);
    paragraph(&["--section", "1"], PARAGRAPHS[2]);
    paragraph(&["--section", "2"], PARAGRAPHS[3]);
    paragraph(&["--section", "3"], PARAGRAPHS[4]);
    paragraph(&["--section", "4"], PARAGRAPHS[5]);
    peer(
        &db,
        &[
            "finding",
            "add",
            "--assessment",
            &id,
            "--section",
            "2",
            "--kind",
            "strength",
            "--text",
            "Clarity of vision",
        ],
    );
    peer(
        &db,
        &[
            "report",
            "facts",
            "--assessment",
            &id,
            "--documents",
            "89",
            "--meetings",
            "42",
            "--people",
            "73",
            "--hours",
            "336",
        ],
    );
    peer(
        &db,
        &[
            "report",
            "contact",
            "--assessment",
            &id,
            "--text",
            "Marcus Coulson\nProgramme Manager\nLocal Government Association",
        ],
    );
    (db, id)
}

#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, read in order")]
fn a_leeds_shaped_report_prints_in_the_teams_order_numbered_through_in_pdf_and_word() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, id) = leeds_shaped(dir.path());
    let pdf = dir.path().join("report.pdf");
    let docx = dir.path().join("report.docx");
    for (command, out) in [("export-pdf", &pdf), ("export-docx", &docx)] {
        cli_ok(
            &db,
            &[
                command,
                "--assessment",
                &id,
                "--kind",
                "report",
                "--out",
                out.to_str().expect("path"),
                "--date",
                "2026-12-02",
            ],
        );
    }
    // The background writes itself first: scope (1), team (2), days on site (3), facts (4);
    // then the team's own paragraphs, numbered on through the report.
    let background_written = 4;
    let text = one_line(&pdf_text(&std::fs::read(&pdf).expect("pdf")));
    let mut last = 0;
    for (index, paragraph) in PARAGRAPHS.iter().enumerate() {
        let numbered = format!("{}. {paragraph}", background_written + index + 1);
        assert_eq!(text.matches(paragraph).count(), 1, "PDF: “{paragraph}” once");
        let at = text.find(&numbered).unwrap_or_else(|| panic!("PDF lacks “{numbered}”"));
        assert!(at > last, "PDF: paragraph {} out of order", index + 1);
        last = at;
    }
    for expected in [
        "Adult Social Care Use of Resources Peer Challenge Report",
        "September 2016",
        "27–30 September 2016",
        "considered eighty-nine documents, and whilst on site the team had forty-two meetings with at least seventy-three different people",
        "Corporate resource pressures",
        "Initial scope questions and peer team’s response",
        "Appendix 2 – Self-assessment and peer scores",
    ] {
        assert!(text.contains(expected), "PDF lacks “{expected}”");
    }
    // The title page as the LGA's: council, title, month and year, status —
    // not the day it was exported, nor the framework's name.
    let cover = text.split("Contents").next().unwrap_or_default();
    assert!(!cover.contains("Exported"), "title page: {cover}");
    assert!(!cover.contains("self-assessment framework"), "title page: {cover}");

    let xml = unzip_text(&docx, "word/document.xml");
    let word_cover = xml.split(">Contents<").next().unwrap_or_default();
    assert!(!word_cover.contains("Exported"), "Word title page");
    let headings: Vec<String> = xml
        .split("<w:pStyle w:val=\"Heading1\" />")
        .skip(1)
        .filter_map(|after| {
            let start = after.find("<w:t xml:space=\"preserve\">")? + "<w:t xml:space=\"preserve\">".len();
            Some(after[start..start + after[start..].find("</w:t>")?].to_owned())
        })
        .collect();
    let expected = [
        "Executive Summary",
        "Report: Background",
        "Key Messages",
        "Resource pressures",
        "Vision, Strategy &amp; Leadership",
        "Partnership",
        "Prevention",
        "Recovery",
        "Long-Term Support",
        "Business Processes",
        "Contributions",
        "Initial scope questions and peer team’s response",
        "Contact details",
        "Appendix 1 – ADASS/TEASC Use of Resources self-assessment framework",
        "Appendix 2 – Self-assessment and peer scores",
    ];
    assert_eq!(headings, expected, "Word headings in the team's order");
    // The numbered paragraphs are one real Word list through the report
    // (Word numbers them, and renumbers them when one is added): each is
    // the list's item numbered as the PDF numbers it.
    let report_list = "<w:numId w:val=\"11\" />";
    let numbered: Vec<&str> = xml
        .split("</w:p>")
        .filter(|paragraph| paragraph.contains(report_list))
        .collect();
    for (index, paragraph) in PARAGRAPHS.iter().enumerate() {
        let number = background_written + index + 1;
        assert_eq!(xml.matches(paragraph).count(), 1, "{paragraph}");
        let at = numbered
            .iter()
            .position(|item| item.contains(paragraph))
            .unwrap_or_else(|| panic!("“{paragraph}” is not an item of the report's numbered list"));
        assert_eq!(at + 1, number, "“{paragraph}” is numbered {number}");
    }
    // A filled contents: an entry per heading, linked to it, with a page number.
    for (index, _) in expected.iter().enumerate() {
        let key = format!("_Toc{:04}", index + 1);
        assert!(xml.contains(&format!("w:anchor=\"{key}\"")), "contents entry {key}");
        assert!(xml.contains(&format!("w:name=\"{key}\"")), "heading bookmark {key}");
    }
    assert!(xml.contains("PAGEREF _Toc0001 \\h"), "live page references");
    assert!(!xml.contains("w:pos=\"80000\""));
    let styles = unzip_text(&docx, "word/styles.xml");
    assert!(
        styles.contains("w:ascii=\"Arial\""),
        "a sans-serif font set in the document"
    );
    assert!(
        xml.contains("descr=\"Bar chart of each theme"),
        "the chart has alternative text"
    );
    let core = unzip_text(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Example Borough Council — Adult Social Care Use of Resources Peer Challenge Report")
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"));

    // Published without the scores: no appendix 2, and only PDF or Word.
    cli_ok(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--kind",
            "report",
            "--without-scores",
            "--out",
            pdf.to_str().expect("path"),
        ],
    );
    assert!(!one_line(&pdf_text(&std::fs::read(&pdf).expect("pdf"))).contains("Appendix 2"));
    let csv = dir.path().join("report.csv");
    let refused = cli(
        &db,
        &[
            "export-csv",
            "--assessment",
            &id,
            "--kind",
            "report",
            "--out",
            csv.to_str().expect("path"),
        ],
    );
    assert!(!refused.status.success() && !csv.exists());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("written as PDF or Word"));
}

#[test]
fn the_council_reads_the_report_but_only_the_peer_team_writes_it_and_final_freezes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, id) = leeds_shaped(dir.path());
    let refused = cli(&db, &["report", "summary", "--assessment", &id, "--text", "Ours now"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("belongs to the Peer team role"));
    let full = cli(
        &db,
        &[
            "--as",
            "peer",
            "report",
            "section",
            "remove",
            "--assessment",
            &id,
            "--section",
            "1",
        ],
    );
    assert!(
        String::from_utf8_lossy(&full.stderr).contains("still holds 2 entries; remove them first"),
        "a section with writing in it stays"
    );
    let theme = cli(
        &db,
        &[
            "--as",
            "peer",
            "report",
            "section",
            "remove",
            "--assessment",
            &id,
            "--section",
            "3",
        ],
    );
    assert!(String::from_utf8_lossy(&theme.stderr).contains("which every report has"));
    cli_ok(&db, &["status", "--assessment", &id, "--set", "final"]);
    let frozen = cli(
        &db,
        &[
            "--as",
            "peer",
            "report",
            "paragraph",
            "add",
            "--assessment",
            &id,
            "--background",
            "--text",
            "Late",
        ],
    );
    assert!(String::from_utf8_lossy(&frozen.stderr).contains("Final"));
    let text = printed_report(&db, &id, &dir.path().join("final.pdf"));
    assert!(
        text.contains("Status Final") && !text.contains("DRAFT"),
        "the report prints Final once Final"
    );
}

#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, read in order")]
fn the_report_travels_and_merges_section_by_section() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (lead, id) = leeds_shaped(dir.path());
    let sent = dir.path().join("sent.json");
    cli_ok(
        &lead,
        &["export", "--assessment", &id, "--out", sent.to_str().expect("path")],
    );
    let (ann, bob) = (dir.path().join("ann.sqlite"), dir.path().join("bob.sqlite"));
    for reviewer in [&ann, &bob] {
        peer(reviewer, &["import", sent.to_str().expect("path")]);
    }
    // Ann adds a section and a paragraph to it; Bob rewrites the summary and adds to the background.
    let added = peer(
        &ann,
        &["report", "section", "add", "--assessment", &id, "--title", "Workforce"],
    );
    peer(
        &ann,
        &[
            "report",
            "paragraph",
            "add",
            "--assessment",
            &id,
            "--section",
            added.trim(),
            "--text",
            "Vacancies are falling.",
        ],
    );
    peer(
        &bob,
        &[
            "report",
            "summary",
            "--assessment",
            &id,
            "--text",
            "A new summary from Bob.",
        ],
    );
    peer(
        &bob,
        &[
            "report",
            "paragraph",
            "add",
            "--assessment",
            &id,
            "--background",
            "--text",
            "Bob's background.",
        ],
    );
    for (reviewer, name) in [(&ann, "ann.json"), (&bob, "bob.json")] {
        let file = dir.path().join(name);
        cli_ok(
            reviewer,
            &["export", "--assessment", &id, "--out", file.to_str().expect("path")],
        );
        import_accepting(&lead, &PEER, &file, &[reviewer]);
    }
    let text = printed_report(&lead, &id, &dir.path().join("merged.pdf"));
    for expected in [
        "A new summary from Bob.",
        "Bob's background.",
        "Workforce",
        "Vacancies are falling.",
    ] {
        assert!(text.contains(expected), "the merged report lacks “{expected}”");
    }
    assert!(
        !text.contains("firm grip on the budget"),
        "Bob's summary replaced the old one"
    );
    // Both reorder the sections: the order is one field, so it conflicts and someone chooses.
    peer(
        &ann,
        &[
            "report",
            "section",
            "move",
            "--assessment",
            &id,
            "--section",
            "4",
            "--to",
            "1",
        ],
    );
    peer(
        &bob,
        &[
            "report",
            "section",
            "move",
            "--assessment",
            &id,
            "--section",
            "5",
            "--to",
            "1",
        ],
    );
    let ann_file = dir.path().join("ann2.json");
    let bob_file = dir.path().join("bob2.json");
    cli_ok(
        &ann,
        &["export", "--assessment", &id, "--out", ann_file.to_str().expect("path")],
    );
    cli_ok(
        &bob,
        &["export", "--assessment", &id, "--out", bob_file.to_str().expect("path")],
    );
    peer(&lead, &["import", ann_file.to_str().expect("path")]);
    let diff = peer(&lead, &["diff", bob_file.to_str().expect("path")]);
    assert!(diff.contains("CONFLICT Order of the report's sections"), "{diff}");
    peer(
        &lead,
        &["import", bob_file.to_str().expect("path"), "--prefer", "theirs"],
    );
    let sections = peer(&lead, &["report", "sections", "--assessment", &id]);
    assert!(
        sections.starts_with("1. Recovery (theme 2)"),
        "Bob's order was chosen: {sections}"
    );
}

#[test]
fn long_texts_come_from_files_or_standard_input() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let megabyte: String = "Evidence. ".repeat(100_000);
    let file = dir.path().join("basis.txt");
    std::fs::write(&file, &megabyte).expect("write");
    cli_ok(
        &db,
        &[
            "set",
            "--assessment",
            &id,
            "--item",
            "2.3",
            "--basis-file",
            file.to_str().expect("path"),
        ],
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
        .args([
            "--db",
            db.to_str().expect("path"),
            "set",
            "--assessment",
            &id,
            "--item",
            "2.4",
            "--notes-file",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(
        child.stdin.as_mut().expect("stdin"),
        "From standard input – ŵ".as_bytes(),
    )
    .expect("pipe");
    drop(child.stdin.take());
    assert!(child.wait().expect("wait").success());
    let csv = dir.path().join("items.csv");
    cli_ok(
        &db,
        &["export-csv", "--assessment", &id, "--out", csv.to_str().expect("path")],
    );
    let table = std::fs::read_to_string(&csv).expect("csv");
    assert!(table.contains(&megabyte) && table.contains("From standard input – ŵ"));
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, [0xff, 0xfe, 0x41]).expect("write");
    let refused = cli(
        &db,
        &[
            "set",
            "--assessment",
            &id,
            "--item",
            "2.3",
            "--basis-file",
            binary.to_str().expect("path"),
        ],
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not UTF-8 text; nothing was changed"));
}

/// A Final report never prints a placeholder: the parts with nothing
/// written are left out, and the export says which; a Draft keeps them so
/// the team sees what is left to write.
#[test]
fn a_final_report_leaves_out_what_has_nothing_written_and_says_which() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("final.sqlite");
    cli_ok(&db, &["demo", "--a-year-on"]);
    let (final_id, draft_id) = (
        crate::common::listed_id(&db, "Final"),
        crate::common::listed_id(&db, "Draft"),
    );
    let export = |id: &str, name: &str| {
        let out = dir.path().join(name);
        let output = cli(
            &db,
            &[
                "export-pdf",
                "--assessment",
                id,
                "--kind",
                "report",
                "--out",
                out.to_str().expect("path"),
            ],
        );
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (
            pdf_text(&std::fs::read(&out).expect("read")),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (text, said) = export(&final_id, "final.pdf");
    assert!(
        !text.contains("Not written yet") && !text.contains("Nothing written yet"),
        "{text}"
    );
    assert!(
        !one_line(&text).contains("Executive Summary"),
        "an empty summary is left out"
    );
    assert!(
        said.contains("The Final report leaves out “Executive Summary”") && said.contains("which have nothing written"),
        "{said}"
    );
    let (draft, said) = export(&draft_id, "draft.pdf");
    assert!(draft.contains("Not written yet"), "a Draft shows what is left to write");
    assert!(said.is_empty(), "{said}");
}

/// The peer team issues its report: its own Draft → Final, apart from the
/// assessment's status, recorded as a change like any other. A Final report
/// prints Final without the DRAFT mark, takes no change — from the command
/// line or from a file — until the team sets it back to Draft, and the
/// council can neither issue it nor set it back.
#[test]
fn the_peer_team_issues_its_report_and_it_takes_no_change_until_draft_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, id) = leeds_shaped(dir.path());
    let council = cli(&db, &["--as", "council", "report", "final", "--assessment", &id]);
    assert!(!council.status.success(), "the council issued the peer team's report");
    assert!(String::from_utf8_lossy(&council.stderr).contains("belongs to the Peer team role"));

    let said = peer(&db, &["report", "final", "--assessment", &id]);
    assert!(said.starts_with("The report is Final."), "{said}");
    let status = cli_ok(&db, &["list"]);
    assert!(
        !status.contains("Final"),
        "the assessment's own status is not the report's: {status}"
    );
    let text = printed_report(&db, &id, &dir.path().join("issued.pdf"));
    assert!(text.contains("Final") && !text.contains("DRAFT"), "{text}");

    let late = |db: &Path| {
        let mut all: Vec<&str> = PEER.to_vec();
        all.extend(["report", "summary", "--assessment", &id, "--text", "A late thought"]);
        cli(db, &all)
    };
    let refused = late(&db);
    assert!(!refused.status.success(), "a Final report took a change");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("the peer challenge report is Final"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let history = cli_ok(&db, &["history", "--assessment", &id]);
    assert!(
        history.contains("Report's status  – → “Final”  Marcus Coulson"),
        "{history}"
    );

    // The issued report travels: the council's copy holds it Final too.
    let other = sent_to_the_council(&db, &id, dir.path(), "issued.cfriend");
    assert!(!late(&other).status.success(), "the copy's report is Final too");

    let said = peer(&db, &["report", "draft", "--assessment", &id]);
    assert_eq!(said.trim(), "The report is a Draft again.");
    assert!(late(&db).status.success(), "a Draft again takes changes");

    // The copy where the report is still Final takes the file that set it
    // back to Draft and then changed it.
    let again = dir.path().join("redrafted.cfriend");
    peer(
        &db,
        &["export", "--assessment", &id, "--out", again.to_str().expect("path")],
    );
    cli_ok(
        &other,
        &[
            "--as",
            "council",
            "--name",
            "Cath",
            "import",
            again.to_str().expect("path"),
        ],
    );
    let text = printed_report(&other, &id, &dir.path().join("summary.pdf"));
    assert!(text.contains("A late thought") && text.contains("DRAFT"), "{text}");
}

/// A theme named as the team names it, and a theme the team did not look
/// at left out: the report prints the team's title, and leaves the theme
/// out — but only a theme that holds nothing, and nothing can be written
/// in a theme left out, so no words are lost from the report unseen.
#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, read in order")]
fn a_theme_is_renamed_for_the_report_or_left_out_when_it_holds_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("names.sqlite");
    let id = cli_ok(
        &db,
        &[
            "--as",
            "council",
            "new",
            "--org",
            "Example Borough Council",
            "--title",
            "Use of Resources",
        ],
    )
    .trim()
    .to_owned();
    peer(
        &db,
        &[
            "finding",
            "add",
            "--assessment",
            &id,
            "--theme",
            "2",
            "--kind",
            "strength",
            "--text",
            "Reablement works.",
        ],
    );
    let sections = |db: &Path| peer(db, &["report", "sections", "--assessment", &id]);
    let before = sections(&db);
    assert!(before.contains("3. Long-Term Support (theme 3)"), "{before}");
    peer(
        &db,
        &[
            "report",
            "section",
            "rename",
            "--assessment",
            &id,
            "--section",
            "3",
            "--title",
            "Long Term Support",
        ],
    );
    peer(
        &db,
        &["report", "section", "leave-out", "--assessment", &id, "--section", "6"],
    );
    let after = sections(&db);
    assert!(after.contains("3. Long Term Support (theme 3)"), "{after}");
    assert!(after.contains("(theme 6, left out of the report)"), "{after}");
    let history = peer(&db, &["history", "--assessment", &id]);
    assert!(
        history.contains("“theme 3 as “Long Term Support”” → “theme 3 as “Long Term Support”; theme 6 left out”"),
        "the history says the names in words: {history}"
    );

    let try_peer = |args: &[&str]| {
        let mut all: Vec<&str> = PEER.to_vec();
        all.extend_from_slice(args);
        let output = cli(&db, &all);
        assert!(!output.status.success(), "{args:?} was taken");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let holding = try_peer(&["report", "section", "leave-out", "--assessment", &id, "--section", "2"]);
    assert!(holding.contains("theme 2 holds 1 entries"), "{holding}");
    let writing = try_peer(&[
        "finding",
        "add",
        "--assessment",
        &id,
        "--theme",
        "6",
        "--kind",
        "area",
        "--text",
        "Unseen",
    ]);
    assert!(writing.contains("theme 6 is left out of the report"), "{writing}");

    let text = printed_report(&db, &id, &dir.path().join("report.pdf"));
    assert!(text.contains("Long Term Support"), "{text}");
    // The contents page lies between the first two "Executive Summary"s:
    // its entry, and the section's heading.
    let contents = text.split("Executive Summary").nth(1).unwrap_or_default();
    assert!(
        contents.contains("Long Term Support") && !contents.contains("Contributions"),
        "{contents}"
    );

    // The names travel with the report.
    let other = sent_to_the_council(&db, &id, dir.path(), "named.cfriend");
    assert_eq!(sections(&other), after);
    peer(
        &db,
        &[
            "report",
            "section",
            "leave-out",
            "--assessment",
            &id,
            "--section",
            "6",
            "--include",
        ],
    );
    assert!(sections(&db).contains("6. Contributions (theme 6)"));
}

/// The background's opening paragraphs, which the report writes itself,
/// are a starting text: the peer team rewords one, the report prints the
/// team's words (the lists under it still follow), an empty text brings
/// the written wording back, and a wording that is not one paragraph is
/// refused.
#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, read in order")]
fn the_team_rewords_a_paragraph_the_report_writes_itself() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, id) = leeds_shaped(dir.path());
    let leads = peer(&db, &["report", "wording", "--assessment", &id]);
    assert!(
        leads.contains("The days on site (as written): The team was on site on"),
        "{leads}"
    );
    let words = "The team spent four days in Example Borough, with visits to three of its teams.";
    peer(
        &db,
        &[
            "report",
            "wording",
            "--assessment",
            &id,
            "--lead",
            "visit",
            "--text",
            words,
        ],
    );
    let scope = "The council invited the peer challenge team to look at:";
    peer(
        &db,
        &[
            "report",
            "wording",
            "--assessment",
            &id,
            "--lead",
            "scope",
            "--text",
            scope,
        ],
    );
    let leads = peer(&db, &["report", "wording", "--assessment", &id]);
    assert!(
        leads.contains(&format!("The days on site (the team's words): {words}")),
        "{leads}"
    );

    let text = printed_report(&db, &id, &dir.path().join("worded.pdf"));
    assert!(
        text.contains(words) && !text.contains("The team was on site on"),
        "{text}"
    );
    assert!(text.contains(scope), "{text}");

    let two = dir.path().join("two.txt");
    std::fs::write(&two, "One paragraph.\n\nAnd another.").expect("write");
    let mut all: Vec<&str> = PEER.to_vec();
    all.extend([
        "report",
        "wording",
        "--assessment",
        &id,
        "--lead",
        "visit",
        "--file",
        two.to_str().expect("path"),
    ]);
    let refused = cli(&db, &all);
    assert!(!refused.status.success(), "two paragraphs were taken as one");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is one paragraph"));
    let council = cli(
        &db,
        &[
            "--as",
            "council",
            "report",
            "wording",
            "--assessment",
            &id,
            "--lead",
            "visit",
            "--text",
            "Ours",
        ],
    );
    assert!(!council.status.success(), "the council reworded the peer team's report");

    peer(
        &db,
        &[
            "report",
            "wording",
            "--assessment",
            &id,
            "--lead",
            "visit",
            "--text",
            "",
        ],
    );
    let leads = peer(&db, &["report", "wording", "--assessment", &id]);
    assert!(leads.contains("The days on site (as written)"), "{leads}");
}

/// A reference to a paragraph, `[paragraph: its first words]`, prints the
/// number the paragraph has when the report is printed: a paragraph added
/// before it moves the number, and the reference follows — where the Leeds
/// report's typed "paragraph 48 above" pointed elsewhere.
#[test]
fn a_reference_to_a_paragraph_follows_it_when_the_numbers_move() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("refs.sqlite");
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    let add = |place: &[&str], text: &str| {
        let mut args = vec!["report", "paragraph", "add", "--assessment", id.as_str()];
        args.extend_from_slice(place);
        args.extend(["--text", text]);
        peer(&db, &args);
    };
    add(
        &["--section", "3"],
        "Integration with health is strong in the south of the borough.",
    );
    add(
        &["--section", "4"],
        "As [paragraph: integration with health] shows, joint teams work; see also [paragraph: nothing like this].",
    );
    let printed = || {
        let text = printed_report(&db, &id, &dir.path().join("refs.pdf"));
        let at = text.find("Integration with health is strong").expect("the paragraph");
        let number: String = text[..at]
            .trim_end()
            .trim_end_matches('.')
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        (number, text)
    };
    let (first, text) = printed();
    assert!(
        text.contains(&format!("As paragraph {first} shows, joint teams work")),
        "{first}: {text}"
    );
    assert!(
        text.contains("[paragraph: nothing like this]"),
        "a reference to nothing is printed as typed"
    );
    add(
        &["--background"],
        "A paragraph added before it moves every number after.",
    );
    let (moved, text) = printed();
    assert_eq!(
        moved.parse::<usize>().expect("a number"),
        first.parse::<usize>().expect("a number") + 1
    );
    assert!(text.contains(&format!("As paragraph {moved} shows")), "{text}");

    // The reference is a link to its paragraph: in the PDF, a link to the
    // page the paragraph is on; in Word, a link to the paragraph's bookmark.
    let bytes = std::fs::read(dir.path().join("refs.pdf")).expect("pdf");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("pages");
    let on_page = |words: &str| {
        1 + pages
            .iter()
            .position(|page| one_line(page).contains(words))
            .expect(words)
    };
    let paragraph_page = on_page("Integration with health is strong");
    let reference_page = on_page("joint teams work");
    assert!(
        goto_links(&bytes).contains(&(reference_page, paragraph_page)),
        "a link from page {reference_page} to page {paragraph_page}: {:?}",
        goto_links(&bytes)
    );
    let docx = dir.path().join("refs.docx");
    let out = docx.to_str().expect("path");
    cli_ok(
        &db,
        &["export-docx", "--assessment", &id, "--kind", "report", "--out", out],
    );
    let xml = unzip_text(&docx, "word/document.xml");
    let anchor = format!("paragraph_{moved}");
    assert!(
        xml.contains(&format!("w:anchor=\"{anchor}\"")),
        "a link to the bookmark"
    );
    assert!(
        xml.contains(&format!("w:name=\"{anchor}\"")),
        "the bookmark on the paragraph"
    );
}

/// Each internal link of a PDF: the page it is on and the page it goes to.
fn goto_links(bytes: &[u8]) -> Vec<(usize, usize)> {
    let doc = lopdf::Document::load_mem(bytes).expect("PDF");
    let pages = doc.get_pages();
    let number_of = |id: lopdf::ObjectId| pages.iter().find(|(_, page)| **page == id).map(|(n, _)| *n as usize);
    let mut links = Vec::new();
    for (number, page) in &pages {
        let dict = doc.get_dictionary(*page).expect("page");
        let Ok(annots) = dict
            .get(b"Annots")
            .and_then(|a| doc.dereference(a))
            .and_then(|(_, a)| a.as_array())
        else {
            continue;
        };
        for annot in annots {
            let Ok((_, lopdf::Object::Dictionary(annot))) = doc.dereference(annot) else {
                continue;
            };
            let Ok((_, lopdf::Object::Dictionary(action))) = annot.get(b"A").and_then(|a| doc.dereference(a)) else {
                continue;
            };
            let goto = action
                .get(b"S")
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|s| s == b"GoTo");
            let to = action
                .get(b"D")
                .and_then(lopdf::Object::as_array)
                .ok()
                .and_then(|d| d.first()?.as_reference().ok());
            if let (true, Some(to)) = (goto, to.and_then(number_of)) {
                links.push((*number as usize, to));
            }
        }
    }
    links
}
