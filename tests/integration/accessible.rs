//! Tagged, accessible PDFs, read back with lopdf as a screen reader would
//! walk them: for every pack kind, every piece of text on every page is
//! either in the structure tree exactly once or marked as an artifact;
//! headings come in order; every table has one header row of column
//! headers however many pages it spans; every figure has alternative text;
//! every contents link is in the tree and says where it goes; the language,
//! title and PDF/UA metadata are there. Poppler checks independently that
//! tagging changes nothing a reader sees or extracts.

use critical_friend::{
    domain::{
        AnswerValue, Assessment, AssessmentDetails, Catalogue, Edit, Facts, ListEntry, ListKind, Place, Score,
        SectionRef,
        example::{example_after_challenge, example_assessment},
    },
    packs::{Pack, PackKind, PackOptions, pdf},
};
use lopdf::{Object, ObjectId, decode_text_string};
use proptest::prelude::*;
use time::OffsetDateTime;

use crate::{
    common::poppler,
    pdf_structure::Tagged,
    word_structure::{WordParagraph, read_word},
};

fn options(kind: PackKind) -> PackOptions {
    crate::common::pack_options(kind)
}

/// The example after its challenge, with a report written: two sections
/// the team added placed first, numbered paragraphs with lettered and
/// bulleted lists, bullets under sub-headings, the summary and the facts.
fn with_report(catalogue: &Catalogue) -> Assessment {
    let framework = catalogue.default_framework();
    let mut assessment = example_after_challenge(framework, OffsetDateTime::UNIX_EPOCH);
    let entry = |list, text: &str| ListEntry {
        id: uuid::Uuid::new_v4(),
        list,
        text: text.to_owned(),
    };
    let paragraph = "The peer team saw a robust process for the governance of budget planning:\n\
                     A. directors are held to account for their savings targets;\n\
                     B. every line is rated Red, Amber or Green.";
    let mut order = Vec::new();
    for title in ["Resource pressures", "Vision, Strategy & Leadership"] {
        let section = entry(ListKind::Sections, title);
        order.push(SectionRef::Added(section.id));
        assessment.peer.entries.push(section);
    }
    let mut places = vec![Place::Background, Place::KeyMessages];
    places.extend(order.iter().copied().map(Place::Section));
    places.push(Place::Section(SectionRef::Theme(3)));
    for place in places {
        assessment
            .peer
            .entries
            .push(entry(ListKind::Paragraphs(place), paragraph));
        assessment
            .peer
            .entries
            .push(entry(ListKind::Paragraphs(place), "A paragraph without a list."));
    }
    assessment.peer.entries.push(entry(
        ListKind::Bullets(order[0]),
        "Demand\nMore people over 85 than planned\nHospital discharges up by a tenth",
    ));
    assessment.report.order = order;
    "The council knows itself well.\n\nIt has a credible plan.".clone_into(&mut assessment.report.summary);
    assessment.report.facts = Facts {
        documents: Some(89),
        meetings: Some(42),
        people: Some(73),
        hours: Some(336),
    };
    assessment
}

/// The challenged example with its plan started from the findings and a
/// year of progress, and its progress review with some scores moved.
fn with_plan(catalogue: &Catalogue, challenged: &Assessment) -> (Assessment, Assessment) {
    use critical_friend::domain::{ActionOp, Rag};
    use time::macros::date;
    let framework = catalogue.default_framework();
    let mut planned = challenged.clone();
    let jo = critical_friend::domain::Author {
        name: "Jo Bloggs".to_owned(),
        ..critical_friend::domain::Author::default()
    };
    let at = time::OffsetDateTime::UNIX_EPOCH;
    let make = |planned: &mut Assessment, op: &ActionOp| {
        planned
            .make(critical_friend::domain::Write::Action(op), &jo, at)
            .expect("made");
    };
    for op in planned.actions_from_findings() {
        make(&mut planned, &op);
    }
    let first = planned.actions[0].id;
    for (on, text, status) in [
        (date!(2016 - 05 - 10), "Scoped", Rag::Amber),
        (date!(2016 - 11 - 15), "Savings reported", Rag::Blue),
    ] {
        make(
            &mut planned,
            &ActionOp::Progress {
                id: first,
                on,
                text: text.to_owned(),
            },
        );
        make(&mut planned, &ActionOp::Status { id: first, status });
    }
    let mut review = planned.duplicate(
        critical_friend::domain::AssessmentDetails {
            period: "2017/18".to_owned(),
            ..planned.details.clone()
        },
        OffsetDateTime::UNIX_EPOCH,
    );
    review.baseline = Some(planned.id);
    review.actions = critical_friend::domain::action_plan::carried(&planned.actions, |_| None);
    let item = framework.items().next().expect("an item").1.id.clone();
    let score = Score::new(3).expect("on the scale");
    review.apply(
        &Edit::new(item, AnswerValue::Score(Some(score))),
        OffsetDateTime::UNIX_EPOCH,
    );
    (planned, review)
}

/// CQC's framework, every quality statement scored.
fn cqc(catalogue: &Catalogue) -> Assessment {
    let framework = catalogue
        .latest("cqc-local-authority-assessment")
        .expect("CQC built in");
    let details = AssessmentDetails {
        organisation: "Example Borough Council".to_owned(),
        title: "CQC self-assessment".to_owned(),
        period: "2026".to_owned(),
        lead: String::new(),
    };
    let mut assessment = Assessment::new(framework, details, OffsetDateTime::UNIX_EPOCH);
    for (index, (_, item)) in framework.items().enumerate() {
        let score = Score::new(1 + u8::try_from(index % 4).expect("small")).expect("1–4");
        let edit = Edit::new(item.id.clone(), AnswerValue::Score(Some(score)));
        assessment.apply(&edit, OffsetDateTime::UNIX_EPOCH);
    }
    assessment
}

/// Every pack kind the app prints, named, with the catalogue it needs.
fn every_pack() -> Vec<(String, Pack)> {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let example = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
    let mut packs = Vec::new();
    for kind in [
        PackKind::Full,
        PackKind::Summary,
        PackKind::Theme(3),
        PackKind::PreVisit,
    ] {
        let pack = Pack::build(framework, Some(&example), options(kind)).expect("pack");
        packs.push((kind.label(), pack));
    }
    let blank = Pack::build(framework, None, options(PackKind::BlankForm)).expect("blank form");
    packs.push((PackKind::BlankForm.label(), blank));
    let challenged = with_report(&catalogue);
    for kind in [PackKind::Full, PackKind::Report] {
        let pack = Pack::build(framework, Some(&challenged), options(kind)).expect("pack");
        packs.push((format!("{} after the challenge", kind.label()), pack));
    }
    let (planned, review) = with_plan(&catalogue, &challenged);
    let pack = Pack::build(framework, Some(&planned), options(PackKind::ActionPlan)).expect("plan pack");
    packs.push(("Action plan".to_owned(), pack));
    let pack =
        Pack::build_with(framework, Some(&review), Some(&planned), options(PackKind::Progress)).expect("progress pack");
    packs.push(("Progress review".to_owned(), pack));
    let pack = Pack::years(framework, &[&planned, &review], options(PackKind::YearOnYear)).expect("years pack");
    packs.push(("Year on year".to_owned(), pack));
    let cqc_assessment = cqc(&catalogue);
    let cqc_framework = catalogue.latest("cqc-local-authority-assessment").expect("CQC");
    let pack = Pack::build(cqc_framework, Some(&cqc_assessment), options(PackKind::Full)).expect("CQC pack");
    packs.push(("CQC full pack".to_owned(), pack));
    packs
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title_of(pack: &Pack) -> String {
    format!("{} — {}", pack.meta.running_title(), pack.meta.document_title)
}

#[test]
fn every_pack_kind_is_a_tagged_pdf_whose_structure_holds_all_its_text() {
    for (name, pack) in every_pack() {
        let bytes = pdf::render(&pack).expect("render");
        let tagged = Tagged::read(&bytes, &title_of(&pack));

        // Headings: the cover's (the council, or the form's title), then
        // "Contents", then each section's title, in order, as H1; H2 only
        // below an H1.
        let h1: Vec<String> = tagged.of_tag("H1").map(|h| squash(&tagged.text_of(h))).collect();
        let cover = [&pack.meta.organisation, &pack.meta.title, &pack.meta.document_title]
            .into_iter()
            .find(|text| !text.is_empty())
            .map(|text| squash(text))
            .unwrap_or_default();
        let mut expected = vec![cover, "Contents".to_owned()];
        expected.extend(pack.sections.iter().map(|section| squash(&section.title())));
        assert_eq!(h1, expected, "{name}: the H1 headings");
        let first_h1 = tagged.of_tag("H1").next().expect("an H1");
        assert!(
            tagged.of_tag("H2").all(|h2| h2 > first_h1),
            "{name}: no H2 before the first H1"
        );
        for heading in tagged.of_tag("H1").chain(tagged.of_tag("H2")) {
            assert!(!tagged.text_of(heading).trim().is_empty(), "{name}: an empty heading");
        }

        // Tables: one header row of column headers, then body rows as wide.
        let tables: Vec<usize> = tagged.of_tag("Table").collect();
        for &table in &tables {
            assert_eq!(tagged.child_tags(table), ["THead", "TBody"], "{name}");
            let head = tagged.nodes[table].children[0];
            assert_eq!(tagged.child_tags(head), ["TR"], "{name}: one header row");
            let header_row = tagged.nodes[head].children[0];
            let width = tagged.nodes[header_row].children.len();
            for &cell in &tagged.nodes[header_row].children {
                let node = &tagged.nodes[cell];
                assert_eq!(node.tag, "TH");
                let scope = node
                    .dict
                    .get(b"A")
                    .and_then(Object::as_dict)
                    .and_then(|a| a.get(b"Scope"))
                    .and_then(Object::as_name)
                    .expect("/Scope");
                assert_eq!(scope, b"Column");
                assert!(
                    !tagged.text_of(cell).trim().is_empty(),
                    "{name}: a header cell is empty"
                );
            }
            let body = tagged.nodes[table].children[1];
            for &row in &tagged.nodes[body].children {
                assert_eq!(tagged.nodes[row].tag, "TR");
                assert!(tagged.child_tags(row).iter().all(|tag| *tag == "TD"));
                assert_eq!(tagged.nodes[row].children.len(), width, "{name}: a ragged row");
            }
        }

        // Figures say what they show.
        let figures: Vec<usize> = tagged.of_tag("Figure").collect();
        for &figure in &figures {
            let alt = decode_text_string(tagged.nodes[figure].dict.get(b"Alt").expect("/Alt")).expect("text");
            assert!(alt.len() > 40, "{name}: a figure's /Alt is too thin: {alt:?}");
        }

        // Lists: items with a label and a body.
        for list in tagged.of_tag("L") {
            assert!(tagged.child_tags(list).iter().all(|tag| *tag == "LI"), "{name}");
            for &item in &tagged.nodes[list].children {
                assert_eq!(tagged.child_tags(item), ["Lbl", "LBody"], "{name}");
            }
        }

        // Contents entries are links, each with its annotation.
        let links: Vec<usize> = tagged.of_tag("Link").collect();
        assert_eq!(links.len(), pack.sections.len(), "{name}: one link per contents entry");
        assert!(links.iter().all(|&link| tagged.nodes[link].annotations.len() == 1));

        // Artifacts are only the page furniture.
        let artifacts = squash(&tagged.artifacts);
        assert!(
            artifacts.contains(&format!("Page 1 of {}", tagged.pages.len())),
            "{name}"
        );
        assert!(artifacts.contains("DRAFT"), "{name}: the watermark is an artifact");
        let structure = squash(&tagged.text_of(0));
        assert!(!structure.contains("DRAFT"), "{name}: the watermark is not content");
        assert!(!structure.contains("Page 1 of"), "{name}: page numbers are not content");
        assert!(structure.contains(&pack.meta.organisation), "{name}");

        eprintln!(
            "{name}: {} pages, {} elements, {} headings, {} tables, {} figures, {} lists, {} links",
            tagged.pages.len(),
            tagged.nodes.len(),
            h1.len() + tagged.of_tag("H2").count(),
            tables.len(),
            figures.len(),
            tagged.of_tag("L").count(),
            links.len()
        );
        match name.as_str() {
            "Full pack" | "Summary" | "CQC full pack" => assert_eq!(figures.len(), 2, "{name}"),
            "Peer challenge report after the challenge" | "Progress review" => {
                assert_eq!(figures.len(), 1, "{name}");
            }
            _ => {}
        }
    }
}

#[test]
fn a_table_across_pages_stays_one_table_and_its_repeated_headers_are_artifacts() {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let mut assessment = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
    let long = "Evidence gap: the 91-day outcome by ward, with costs. ".repeat(300);
    let first = framework.items().next().expect("an item").1.id.clone();
    assessment.apply(&Edit::new(first, AnswerValue::Notes(long)), OffsetDateTime::UNIX_EPOCH);
    let pack = Pack::build(framework, Some(&assessment), options(PackKind::Theme(1))).expect("pack");
    let bytes = pdf::render(&pack).expect("render");
    let tagged = Tagged::read(&bytes, &title_of(&pack));
    let tables: Vec<usize> = tagged
        .of_tag("Table")
        .filter(|&table| tagged.text_of(table).contains("Basis for this score"))
        .collect();
    assert_eq!(tables.len(), 1, "the theme's items are one table");
    let table = tables[0];
    let body = tagged.nodes[table].children[1];
    let rows = &tagged.nodes[body].children;
    assert_eq!(rows.len(), 5, "one row per item of theme 1");
    let first_row = &tagged.nodes[rows[0]];
    let notes_cell = first_row.children[4];
    let pages: std::collections::BTreeSet<ObjectId> =
        tagged.nodes[notes_cell].marks.iter().map(|(page, _)| *page).collect();
    assert!(
        pages.len() >= 3,
        "the long notes run over {} pages in one cell",
        pages.len()
    );
    let artifacts = squash(&tagged.artifacts);
    assert!(
        artifacts.contains("1.1 cont."),
        "the continued row's marker is an artifact"
    );
    assert!(
        artifacts.contains("Basis for this score"),
        "repeated headers are artifacts"
    );
    let headers = squash(&tagged.text_of(table));
    assert_eq!(
        headers.matches("Basis for this score").count(),
        1,
        "one header row in the tree"
    );
}

fn pdftotext(bytes: &[u8]) -> Option<String> {
    let mut command = poppler("pdftotext")?;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("pack.pdf");
    std::fs::write(&file, bytes).expect("write");
    let output = command
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn poppler_sees_every_pack_tagged_and_the_same_as_untagged() {
    let Some(_) = poppler("pdfinfo") else { return };
    for (name, pack) in every_pack() {
        let tagged = pdf::render(&pack).expect("render");
        let plain = pdf::render_untagged(&pack).expect("render");
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("pack.pdf");
        std::fs::write(&file, &tagged).expect("write");
        let info = poppler("pdfinfo").expect("pdfinfo").arg(&file).output().expect("runs");
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("Tagged:          yes"), "{name}:\n{info}");
        assert!(
            info.contains(&format!("Title:           {}", title_of(&pack))),
            "{name}"
        );
        assert_eq!(
            pdftotext(&tagged),
            pdftotext(&plain),
            "{name}: tagging changed the text"
        );
        let Some(mut pdftoppm) = poppler("pdftoppm") else {
            return;
        };
        let plain_file = dir.path().join("plain.pdf");
        std::fs::write(&plain_file, &plain).expect("write");
        for (source, prefix) in [(&file, "tagged"), (&plain_file, "plain")] {
            let status = poppler("pdftoppm")
                .expect("pdftoppm")
                .args(["-r", "30", "-gray"])
                .arg(source)
                .arg(dir.path().join(prefix))
                .status()
                .expect("pdftoppm runs");
            assert!(status.success());
        }
        let _ = pdftoppm.arg("-v");
        let mut pictures: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|file| {
                file.starts_with("tagged")
                    && std::path::Path::new(file)
                        .extension()
                        .is_some_and(|extension| extension.eq_ignore_ascii_case("pgm"))
            })
            .collect();
        pictures.sort();
        assert!(!pictures.is_empty());
        for picture in pictures {
            let twin = picture.replacen("tagged", "plain", 1);
            let same = std::fs::read(dir.path().join(&picture)).expect("read")
                == std::fs::read(dir.path().join(&twin)).expect("read");
            assert!(same, "{name}: {picture} looks different once tagged");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Whatever people write, tagging changes nothing pdftotext extracts,
    /// and all of it is in the structure tree.
    #[test]
    fn tagging_never_changes_the_extracted_text(
        notes in proptest::collection::vec("[a-zA-Z0-9 ,.;:£€ŷŵ“”—–\\-\n]{0,400}", 1..6),
        score in 0u8..4,
    ) {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let mut assessment = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
        for ((_, item), text) in framework.items().step_by(3).zip(&notes) {
            assessment.apply(&Edit::new(item.id.clone(), AnswerValue::Notes(text.clone())), OffsetDateTime::UNIX_EPOCH);
            let score = Score::new(score).expect("on the scale");
            assessment.apply(&Edit::new(item.id.clone(), AnswerValue::Score(Some(score))), OffsetDateTime::UNIX_EPOCH);
        }
        let pack = Pack::build(framework, Some(&assessment), options(PackKind::Full)).expect("pack");
        let tagged = pdf::render(&pack).expect("render");
        let read = Tagged::read(&tagged, &title_of(&pack));
        let structure = squash(&read.text_of(0));
        for text in &notes {
            let words = squash(text);
            if !words.is_empty() {
                let first = words.split(' ').next().unwrap_or_default();
                prop_assert!(structure.contains(first), "{first:?} missing from the structure");
            }
        }
        let plain = pdf::render_untagged(&pack).expect("render");
        prop_assert_eq!(pdftotext(&tagged), pdftotext(&plain));
    }
}

#[test]
fn every_word_pack_has_its_language_title_headings_in_order_described_pictures_and_filled_contents() {
    for (name, pack) in every_pack() {
        let bytes = critical_friend::packs::docx::render(&pack).expect("Word renders");
        let word = read_word(&bytes);
        assert!(
            word.styles.contains("<w:lang w:val=\"en-GB\""),
            "{name}: the language on every run"
        );
        assert!(
            word.styles.contains("w:ascii=\"Arial\""),
            "{name}: a sans-serif font in the styles"
        );
        assert!(word.core.contains("<dc:language>en-GB</dc:language>"), "{name}");
        let title = title_of(&pack).replace('&', "&amp;");
        assert!(word.core.contains(&format!("<dc:title>{title}</dc:title>")), "{name}");

        // Headings: levels never skip, and the first-level ones are the sections.
        let levels: Vec<(usize, &WordParagraph)> = word
            .paragraphs
            .iter()
            .filter_map(|p| {
                let level = p.style.strip_prefix("Heading")?.parse::<usize>().ok()?;
                Some((level, p))
            })
            .collect();
        let mut previous = 0;
        for (level, paragraph) in &levels {
            assert!(*level <= previous + 1, "{name}: {:?} skips a level", paragraph.text);
            assert!(!paragraph.text.trim().is_empty(), "{name}: an empty heading");
            previous = *level;
        }
        let sections: Vec<&str> = levels
            .iter()
            .filter(|(level, _)| *level == 1)
            .map(|(_, p)| p.text.as_str())
            .collect();
        let titles: Vec<String> = pack
            .sections
            .iter()
            .map(critical_friend::packs::Section::title)
            .collect();
        assert_eq!(sections, titles, "{name}: the sections as first-level headings");

        // The contents: one linked entry per section, its page a field
        // Word and LibreOffice count as they lay the document out.
        assert!(word.contents_field, "{name}: page reference fields");
        let entries: Vec<&WordParagraph> = word.paragraphs.iter().filter(|p| p.anchor.is_some()).collect();
        assert_eq!(entries.len(), titles.len(), "{name}: one contents entry per section");
        for (entry, title) in entries.iter().zip(&titles) {
            assert!(entry.text.starts_with(title.as_str()), "{name}: {:?}", entry.text);
            assert!(
                entry.text.trim_end().ends_with(|c: char| c.is_ascii_digit()),
                "{name}: a page number"
            );
        }

        // Every picture says what it shows.
        for description in &word.pictures {
            let description = description.as_deref().unwrap_or_default();
            assert!(description.len() > 40, "{name}: a picture without alternative text");
        }
        let charts = pack
            .sections
            .iter()
            .filter(|s| {
                use critical_friend::packs::Section;
                matches!(s, Section::Summary(_) | Section::Scores(_) | Section::Progress(_))
            })
            .count();
        assert_eq!(
            word.pictures.len(),
            charts,
            "{name}: the theme chart wherever the PDF draws it"
        );
    }
}
