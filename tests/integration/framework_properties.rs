//! Property: no code path assumes 34 items, 6 themes or scores 0–3. For
//! generated frameworks — any run of levels within 0–9, any number of themes
//! and items, with or without a rating rule — an assessment is created,
//! scored, sent as an exchange file and as an Excel workbook, printed as a
//! PDF, and comes back equal.

use critical_friend::{
    domain::{
        AnswerValue, AssessmentDetails, Author, Catalogue, Edit, Framework, Item, ItemId, Role, Scale, ScaleLevel,
        Score, Theme,
        framework::{RatingBand, RatingMethod, RatingRule},
    },
    packs::{Format, Pack, PackKind, PackOptions, Paper},
    service::Session,
};
use proptest::prelude::*;
use time::macros::date;

/// A framework with levels `min..min + levels`, `items[t]` items in theme
/// t + 1, and, if asked, a two-band rating rule that fits its scale.
fn framework(min: u8, levels: u8, items: &[usize], rule: bool) -> Framework {
    let mut framework = Catalogue::builtin().default_framework().clone();
    framework.id = format!("generated-{min}-{levels}");
    framework.version = format!("{}", items.iter().sum::<usize>());
    "Standard".clone_into(&mut framework.labels.item);
    "Standards".clone_into(&mut framework.labels.items);
    framework.scale = Scale::new(
        (min..min + levels)
            .map(|value| ScaleLevel {
                score: Score::new(value).expect("a digit"),
                label: format!("Level {value} — ŵ"),
                descriptor: format!("What level {value} looks like"),
            })
            .collect(),
    );
    framework.themes = items
        .iter()
        .enumerate()
        .map(|(index, count)| {
            let number = u8::try_from(index + 1).expect("few themes");
            Theme {
                number,
                title: format!("Theme {number} – ‘{}’", "x".repeat(index * 9)),
                outcome_heading: String::new(),
                outcome: format!("Outcome of theme {number}"),
                items: (1..=*count)
                    .map(|n| Item {
                        id: ItemId::new(format!("{number}.{n}")),
                        title: format!("Standard {number}.{n}"),
                        reference: (n % 2 == 0).then(|| format!("S{number}{n}")),
                        prompts: vec!["Is there evidence?".to_owned()],
                    })
                    .collect(),
            }
        })
        .collect();
    framework.rating = rule.then(|| {
        let lowest =
            u8::try_from((200 * u32::from(min) + u32::from(min + levels - 1)) / (2 * u32::from(min + levels - 1)))
                .expect("a percentage");
        let middle = lowest + (100 - lowest) / 2;
        RatingRule {
            method: RatingMethod::PercentageOfMaximum,
            bands: vec![
                RatingBand {
                    label: "Lower".to_owned(),
                    from_percent: lowest,
                    to_percent: middle,
                },
                RatingBand {
                    label: "Upper".to_owned(),
                    from_percent: middle + 1,
                    to_percent: 100,
                },
            ],
        }
    });
    framework
}

fn session(dir: &std::path::Path, name: &str, framework: &Framework) -> Session {
    let author = Author {
        role: Role::Council,
        name: "Prop".to_owned(),
        organisation: String::new(),
        key: None,
    };
    let mut session = Session::open(&dir.join(name), None, author).expect("open");
    session
        .add_framework(framework)
        .expect("a generated framework is valid");
    session
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_framework_survives_create_score_export_and_import(
        min in 0u8..=7,
        extra_levels in 0u8..=8,
        items in prop::collection::vec(1usize..=5, 1..=5),
        rule in any::<bool>(),
        picks in prop::collection::vec(prop::option::of(0u8..=9), 25),
    ) {
        let levels = (2 + extra_levels).min(10 - min);
        let framework = framework(min, levels, &items, rule);
        let dir = tempfile::tempdir().expect("temp dir");
        let mut council = session(dir.path(), "council.sqlite", &framework);
        let details = AssessmentDetails {
            organisation: "Cyngor Prawf".to_owned(),
            title: "Generated".to_owned(),
            ..AssessmentDetails::default()
        };
        let assessment = council.create(details, Some(&framework.reference())).expect("create");
        let mut edits = Vec::new();
        for ((_, item), pick) in framework.items().zip(picks.iter().cycle()) {
            let score = pick.map(|p| Score::new(min + p % levels).expect("on the scale"));
            edits.push(Edit::new(item.id.clone(), AnswerValue::Score(score)));
            edits.push(Edit::new(item.id.clone(), AnswerValue::Basis(format!("Evidence for {} – ŵ", item.id))));
        }
        council.apply_edits(assessment.id, &edits).expect("every score is on the scale");
        let off_scale = Score::new(min + levels).ok().filter(|s| s.value() <= 9).or_else(|| min.checked_sub(1).and_then(|v| Score::new(v).ok()));
        if let Some(score) = off_scale {
            let first = framework.item_at(0).expect("an item").1.id.clone();
            prop_assert!(council.apply_edits(assessment.id, &[Edit::new(first, AnswerValue::Score(Some(score)))]).is_err());
        }
        let stored = council.load(assessment.id).expect("load");

        // The exchange file, into a copy that lacks the framework: it is carried.
        let file = dir.path().join("sent.json");
        council.export_exchange(assessment.id, &file).expect("export");
        let mut peer = Session::open(&dir.path().join("peer.sqlite"), None, Author::default()).expect("peer");
        let prepared = peer.prepare_import(&file).expect("the carried framework is accepted");
        peer.apply_import(&prepared, &[], "sent.json").expect("import");
        prop_assert_eq!(peer.catalogue().find(&framework.reference()), Some(&framework));
        prop_assert_eq!(peer.load(assessment.id).expect("load"), stored.clone());

        // Every pack format builds; the PDF names the rating where there is a rule.
        let options = PackOptions {
            kind: PackKind::Full,
            paper: Paper::A4,
            exported_on: date!(2026 - 12 - 02),
            include_peer_review: true,
            share_safe: false,
            utc_offset: time::UtcOffset::UTC,            include_scores: true,
        };
        let pack = Pack::build(&framework, Some(&stored), options).expect("pack");
        let pdf = Format::Pdf.render(&pack).expect("pdf");
        let text = crate::common::pdf_text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(text.contains("overall rating:"), rule);
        for format in [Format::Word, Format::Csv] {
            prop_assert!(!format.render(&pack).expect("renders").is_empty());
        }

        // The workbook, into a third copy that has the framework: the same answers.
        let workbook = dir.path().join("sent.xlsx");
        std::fs::write(&workbook, Format::Excel.render(&pack).expect("xlsx")).expect("write");
        let mut third = session(dir.path(), "third.sqlite", &framework);
        prop_assert_eq!(third.import_workbook(&workbook).expect("import the workbook"), assessment.id);
        let back = third.load(assessment.id).expect("load");
        for (_, item) in framework.items() {
            let (mine, theirs) = (stored.answer(&item.id), back.answer(&item.id));
            prop_assert_eq!(mine.score, theirs.score, "item {}", item.id);
            prop_assert_eq!(&mine.basis, &theirs.basis);
        }
    }
}
