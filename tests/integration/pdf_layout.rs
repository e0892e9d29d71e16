//! How text breaks across pages in the PDF packs: no page holds a single
//! line of a paragraph (no widows or orphans), read back from the tagged
//! structure — each line of a paragraph is one marked-content piece of its
//! `P` element, on the page it was drawn on.

use std::collections::BTreeMap;

use critical_friend::{
    domain::{Catalogue, ListEntry, ListKind, Place, SectionRef, example::example_after_challenge},
    packs::{Pack, PackKind, pdf},
};
use time::OffsetDateTime;

use crate::pdf_structure::Tagged;

/// The pack as a PDF, and its structure read back.
fn rendered(pack: &Pack) -> (Vec<u8>, Tagged) {
    let bytes = pdf::render(pack).expect("render");
    let title = format!("{} — {}", pack.meta.running_title(), pack.meta.document_title);
    let tagged = Tagged::read(&bytes, &title);
    (bytes, tagged)
}

/// The example's report with `paragraphs` added to theme 3, in order, and
/// `summary` as its executive summary when not empty.
fn report_with(paragraphs: &[&str], summary: &str) -> Pack {
    let place = Place::Section(SectionRef::Theme(3));
    let entries: Vec<_> = paragraphs
        .iter()
        .map(|text| (ListKind::Paragraphs(place), *text))
        .collect();
    report_with_entries(&entries, summary)
}

/// The example's report with `entries` added to the peer team's lists.
fn report_with_entries(entries: &[(ListKind, &str)], summary: &str) -> Pack {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let mut assessment = example_after_challenge(framework, OffsetDateTime::UNIX_EPOCH);
    for (list, text) in entries {
        assessment.peer.entries.push(ListEntry {
            id: uuid::Uuid::new_v4(),
            list: *list,
            text: (*text).to_owned(),
        });
    }
    assessment.peer.entries.sort_by_key(|entry| entry.list);
    if !summary.is_empty() {
        summary.clone_into(&mut assessment.report.summary);
    }
    Pack::build(
        framework,
        Some(&assessment),
        crate::common::pack_options(PackKind::Report),
    )
    .expect("report")
}

/// The Word file of `pack`: its document part, as text.
fn word_document_xml(pack: &Pack) -> String {
    let bytes = critical_friend::packs::docx::render(pack).expect("Word");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").expect("part"), &mut xml).expect("read");
    xml
}

/// Paragraphs of one to nine lines, many enough to break pages at every
/// kind of place.
fn long_report() -> Pack {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let mut assessment = example_after_challenge(framework, OffsetDateTime::UNIX_EPOCH);
    let sentence = "The peer team saw a council that knows itself well and acts on what it finds. ";
    for n in 0..60_usize {
        let text = sentence.repeat(1 + (n * 7) % 13);
        let place = Place::Section(SectionRef::Theme(u8::try_from(1 + n % 3).expect("a theme")));
        assessment.peer.entries.push(ListEntry {
            id: uuid::Uuid::new_v4(),
            list: ListKind::Paragraphs(place),
            text,
        });
    }
    assessment.peer.entries.sort_by_key(|entry| entry.list);
    Pack::build(
        framework,
        Some(&assessment),
        crate::common::pack_options(PackKind::Report),
    )
    .expect("report")
}

#[test]
fn no_page_holds_a_single_line_of_a_paragraph_that_runs_over_it() {
    let pack = long_report();
    let (_, tagged) = rendered(&pack);
    let mut split = 0;
    for index in tagged.of_tag("P").chain(tagged.of_tag("LBody")) {
        let mut lines_per_page: BTreeMap<_, usize> = BTreeMap::new();
        for mark in &tagged.nodes[index].marks {
            *lines_per_page.entry(mark.0).or_default() += tagged.lines.get(mark).copied().unwrap_or(0);
        }
        if lines_per_page.len() < 2 {
            continue;
        }
        split += 1;
        assert!(
            lines_per_page.values().all(|lines| *lines >= 2),
            "a page holds one line of “{}…”: {lines_per_page:?}",
            tagged.text_of(index).chars().take(60).collect::<String>()
        );
    }
    assert!(
        split >= 3,
        "only {split} paragraphs ran over a page: the test proves nothing"
    );
}

/// A title too long for the running header leaves it whole, or goes from
/// it: the header says the council, and never cuts a word with "…".
#[test]
fn a_long_title_shortens_the_running_header_by_whole_parts() {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let mut assessment = example_after_challenge(framework, OffsetDateTime::UNIX_EPOCH);
    assessment.details.title = "Adult Social Care Use of Resources self-assessment and the peer challenge of the \
                                whole directorate with its partners in health and housing"
        .to_owned();
    let pack = Pack::build(
        framework,
        Some(&assessment),
        crate::common::pack_options(PackKind::Full),
    )
    .expect("pack");
    let (_, tagged) = rendered(&pack);
    assert!(tagged.artifacts.contains("Example Borough Council"));
    assert!(!tagged.artifacts.contains('…'), "{}", tagged.artifacts);
}

/// The action plan and progress review packs of the example a year on say
/// their sentences without runs of spaces (a string literal broken across
/// source lines once carried its indentation into the pack).
#[test]
fn the_plan_and_progress_packs_hold_no_runs_of_spaces() {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let (challenge, review) =
        critical_friend::domain::example::example_a_year_on(framework, OffsetDateTime::UNIX_EPOCH);
    let plan = Pack::build(
        framework,
        Some(&challenge),
        crate::common::pack_options(PackKind::ActionPlan),
    )
    .expect("plan pack");
    let progress = Pack::build_with(
        framework,
        Some(&review),
        Some(&challenge),
        crate::common::pack_options(PackKind::Progress),
    )
    .expect("progress pack");
    for pack in [plan, progress] {
        let (_, tagged) = rendered(&pack);
        for text in tagged.text.values() {
            assert!(!text.contains("   "), "{}: “{text}”", pack.meta.document_title);
        }
        let word = crate::word_structure::read_word(&critical_friend::packs::docx::render(&pack).expect("Word"));
        for paragraph in &word.paragraphs {
            assert!(
                !paragraph.text.contains("   "),
                "{} in Word: “{}”",
                pack.meta.document_title,
                paragraph.text
            );
        }
    }
}

/// A paragraph the team starts "## " is a sub-heading: an H3 in the PDF's
/// structure and a Heading 3 in Word, not numbered, with the paragraphs
/// around it numbered straight through.
#[test]
fn a_paragraph_marked_with_hashes_is_a_sub_heading_in_pdf_and_word() {
    let pack = report_with(
        &[
            "Before the sub-heading.",
            "## Integration with health",
            "After the sub-heading.",
        ],
        "",
    );

    let (_, tagged) = rendered(&pack);
    let h3: Vec<String> = tagged
        .of_tag("H3")
        .map(|h| tagged.text_of(h).trim().to_owned())
        .collect();
    assert_eq!(h3, ["Integration with health"]);
    let labels: Vec<String> = tagged
        .of_tag("Lbl")
        .map(|label| tagged.text_of(label).trim().to_owned())
        .filter(|label| label.ends_with('.') && label.trim_end_matches('.').parse::<usize>().is_ok())
        .collect();
    let before = tagged
        .of_tag("LBody")
        .position(|body| tagged.text_of(body).contains("Before the sub-heading."))
        .expect("the paragraph before");
    let numbers: Vec<usize> = labels
        .iter()
        .map(|l| l.trim_end_matches('.').parse().expect("a number"))
        .collect();
    assert!(
        numbers.windows(2).all(|pair| pair[1] == pair[0] + 1),
        "numbered straight through: {numbers:?} (the paragraph before is body {before})"
    );
    assert!(
        !tagged.text.values().any(|text| text.contains("##")),
        "the mark is not printed"
    );

    let word = crate::word_structure::read_word(&critical_friend::packs::docx::render(&pack).expect("Word"));
    let styles: Vec<&str> = word
        .paragraphs
        .iter()
        .filter(|paragraph| paragraph.text.contains("Integration with health"))
        .map(|paragraph| paragraph.style.as_str())
        .collect();
    assert_eq!(styles, ["", "Heading3"], "its contents line, then the heading");
    assert!(!word.paragraphs.iter().any(|paragraph| paragraph.text.contains("##")));

    // The sub-heading is in the contents, under its section, in both: on
    // the PDF's contents page and among its bookmarks, and in Word as a
    // contents line linking to a bookmark its heading carries.
    let entry = pack
        .contents()
        .into_iter()
        .find(|entry| entry.title == "Integration with health")
        .expect("a contents entry");
    assert_eq!(entry.level, 2);
    let (bytes, tagged) = rendered(&pack);
    let entries: Vec<String> = tagged.of_tag("TOCI").map(|toci| tagged.text_of(toci)).collect();
    assert!(
        entries.iter().any(|line| line.contains("Integration with health")),
        "the PDF's contents lists the sub-heading: {entries:?}"
    );
    let outline = lopdf::Document::load_mem(&bytes)
        .expect("pdf")
        .get_toc()
        .map(|toc| toc.toc.into_iter().map(|entry| entry.title).collect::<Vec<_>>())
        .unwrap_or_default();
    assert!(
        outline.iter().any(|title| title == "Integration with health"),
        "a bookmark: {outline:?}"
    );
    let xml = word_document_xml(&pack);
    assert!(
        xml.contains(&format!("w:anchor=\"{}\"", entry.bookmark)),
        "a contents line links to it"
    );
    assert!(
        xml.contains(&format!("w:name=\"{}\"", entry.bookmark)),
        "its heading carries the bookmark"
    );
}

/// Web and email addresses in the report are links in the PDF too: each a
/// URI annotation over its words and a `Link` element holding them, and
/// the words read back in place.
#[test]
fn addresses_in_the_report_are_links_in_the_pdf() {
    let pack = crate::common::report_with_addresses();
    let (bytes, tagged) = rendered(&pack);
    let linked: Vec<String> = tagged
        .of_tag("Link")
        .filter(|&link| tagged.nodes[link].annotations.len() == 1)
        .map(|link| tagged.text_of(link).trim().to_owned())
        .filter(|text| text.contains('@') || text.starts_with("www."))
        .collect();
    assert_eq!(linked, ["jo.reid@local.gov.uk", "www.local.gov.uk/peer-challenges"]);
    let document = lopdf::Document::load_mem(&bytes).expect("parse");
    let uris: Vec<String> = document
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter_map(|dict| dict.get(b"A").ok()?.as_dict().ok()?.get(b"URI").ok()?.as_str().ok())
        .map(|uri| String::from_utf8_lossy(uri).into_owned())
        .collect();
    assert!(uris.contains(&"mailto:jo.reid@local.gov.uk".to_owned()), "{uris:?}");
    assert!(
        uris.contains(&"https://www.local.gov.uk/peer-challenges".to_owned()),
        "{uris:?}"
    );
    let text = tagged.text.values().cloned().collect::<String>();
    assert!(text.contains("More at "), "the words around a link read back");
}

/// A list a writer marks inside a paragraph ("- " bullets, "a) " items
/// after its first line) prints as a real list: an `L` of `LI`s inside the
/// paragraph's item in the PDF, and Word paragraphs with list numbering —
/// not "- " typed at the start of lines.
#[test]
fn a_list_marked_inside_a_finding_or_key_message_is_a_list_inside_its_bullet() {
    let pack = report_with_entries(
        &[
            (
                ListKind::Strengths(SectionRef::Theme(3)),
                "Discharge from hospital works well:\n- Same-day assessments\n- A shared bed board",
            ),
            (
                ListKind::KeyMessages,
                "Three things to do first:\na) Agree the budget\nb) Publish the market position",
            ),
        ],
        "",
    );

    let (_, tagged) = rendered(&pack);
    let items: Vec<String> = tagged
        .of_tag("LI")
        .map(|item| tagged.text_of(item).trim().to_owned())
        .collect();
    for item in ["Same-day assessments", "A shared bed board", "Agree the budget"] {
        assert!(
            items
                .iter()
                .any(|li| li.trim_start_matches('•').trim_start_matches("A.").trim() == item),
            "{item} is an item of its own: {items:?}"
        );
    }
    assert!(
        items
            .iter()
            .any(|li| li.starts_with("•Discharge from hospital works well:•Same-day")),
        "the finding's list sits inside the finding's item: {items:?}"
    );
    assert!(
        items
            .iter()
            .any(|li| li.starts_with("•Three things to do first:A.Agree")),
        "the key message's lettered list sits inside its item: {items:?}"
    );
    assert!(
        !tagged
            .text
            .values()
            .any(|text| text.contains("- Same-day") || text.contains("a) Agree"))
    );

    let xml = word_document_xml(&pack);
    for item in ["Same-day assessments", "Agree the budget"] {
        let at = xml.find(item).unwrap_or_else(|| panic!("{item} in Word"));
        let paragraph = &xml[xml[..at].rfind("<w:p").expect("its paragraph")..at];
        assert!(
            paragraph.contains("<w:ilvl w:val=\"1\" />") || paragraph.contains("<w:numId w:val=\""),
            "{item} is a list item in Word: {paragraph}"
        );
        assert!(!xml.contains("- Same-day") && !xml.contains("a) Agree"));
    }
}

#[test]
fn a_list_marked_inside_a_paragraph_is_a_real_list_in_pdf_and_word() {
    // The executive summary takes the same marks.
    let pack = report_with(
        &["The service is organised in three teams:\n- Reablement at home\n- Hospital discharge\n- Long-term reviews"],
        "The team found three strengths:\n- Clear leadership\n- A grip on the budget\n- Staff who care\n\nA second paragraph.",
    );

    let (_, tagged) = rendered(&pack);
    let items: Vec<String> = tagged
        .of_tag("LI")
        .map(|item| tagged.text_of(item).trim().to_owned())
        .collect();
    for item in [
        "Reablement at home",
        "Hospital discharge",
        "Long-term reviews",
        "Clear leadership",
        "A grip on the budget",
    ] {
        assert!(
            items.iter().any(|li| li.trim_start_matches('•').trim() == item),
            "{item} is an item of its own: {items:?}"
        );
    }
    assert!(
        items
            .iter()
            .any(|li| li.starts_with("4.The service is organised in three teams:•Reablement")),
        "the list sits inside its paragraph's item: {items:?}"
    );
    assert!(
        !tagged.text.values().any(|text| text.contains("- Reablement")),
        "the mark is not printed"
    );

    let xml = word_document_xml(&pack);
    for item in [
        "Reablement at home",
        "Hospital discharge",
        "Long-term reviews",
        "Clear leadership",
    ] {
        let at = xml.find(item).unwrap_or_else(|| panic!("{item} in Word"));
        let paragraph = &xml[xml[..at]
            .rfind("<w:p>")
            .or_else(|| xml[..at].rfind("<w:p "))
            .expect("its paragraph")..at];
        assert!(
            paragraph.contains("<w:numPr>"),
            "{item} is a list item in Word: {paragraph}"
        );
    }
    assert!(!xml.contains("- Reablement"));
}
