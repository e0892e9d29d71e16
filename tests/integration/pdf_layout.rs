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
    let bytes = pdf::render(&pack).expect("render");
    let title = format!("{} — {}", pack.meta.running_title(), pack.meta.document_title);
    let tagged = Tagged::read(&bytes, &title);
    let mut split = 0;
    for index in tagged.of_tag("P").chain(tagged.of_tag("LBody")) {
        let mut lines_per_page: BTreeMap<_, usize> = BTreeMap::new();
        for (page, _) in &tagged.nodes[index].marks {
            *lines_per_page.entry(*page).or_default() += 1;
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
    let bytes = pdf::render(&pack).expect("render");
    let title = format!("{} — {}", pack.meta.running_title(), pack.meta.document_title);
    let tagged = Tagged::read(&bytes, &title);
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
        let bytes = pdf::render(&pack).expect("render");
        let title = format!("{} — {}", pack.meta.running_title(), pack.meta.document_title);
        let tagged = Tagged::read(&bytes, &title);
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
