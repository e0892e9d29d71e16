//! The fully completed example assessment for "Example Borough Council",
//! written by us for demonstrations, training and tests. Its text lives in
//! `assets/examples/` so it reads as prose, not code.

use serde::Deserialize;
use time::OffsetDateTime;

use super::{
    assessment::{Assessment, AssessmentDetails},
    edit::{Change, Edit},
    framework::{Framework, ItemId},
    score::Score,
};

const EXAMPLE_JSON: &str = include_str!("../../assets/examples/example-borough-council.json");

#[derive(Deserialize)]
struct ExampleFile {
    details: AssessmentDetails,
    answers: Vec<ExampleAnswer>,
}

#[derive(Deserialize)]
struct ExampleAnswer {
    item: ItemId,
    score: Score,
    basis: String,
    notes: String,
}

/// A new copy of the example assessment (with a fresh id) for `framework`.
///
/// # Panics
/// If the shipped example file is broken; a test proves it is not.
pub fn example_assessment(framework: &Framework, now: OffsetDateTime) -> Assessment {
    let file: ExampleFile = serde_json::from_str(EXAMPLE_JSON).expect("the shipped example assessment is valid JSON");
    let mut assessment = Assessment::new(framework, file.details, now);
    for answer in file.answers {
        for change in [
            Change::Score(Some(answer.score)),
            Change::Basis(answer.basis),
            Change::Notes(answer.notes),
        ] {
            assessment.apply(&Edit::new(answer.item.clone(), change), now);
        }
    }
    assessment
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::framework::Catalogue;

    #[test]
    fn example_scores_every_item_with_a_basis() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let example = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(example.answers.len(), framework.item_count());
        for (_, item) in framework.items() {
            let answer = example.answer(&item.id);
            assert!(answer.score.is_some(), "{} is not scored", item.id);
            assert!(!answer.basis.is_empty(), "{} has no basis", item.id);
        }
        assert_eq!(example.details.organisation, "Example Borough Council");
    }
}
