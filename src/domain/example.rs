//! The fully completed example assessment for "Example Borough Council",
//! written by us for demonstrations, training and tests. Its text lives in
//! `assets/examples/` so it reads as prose, not code.

use serde::Deserialize;
use time::OffsetDateTime;

use super::{
    assessment::{Assessment, AssessmentDetails},
    edit::{AnswerValue, Edit},
    framework::{Framework, ItemId},
    score::Score,
};

const EXAMPLE_JSON: &str = include_str!("../../assets/examples/example-borough-council.json");
const CHALLENGE_JSON: &str = include_str!("../../assets/examples/example-borough-council-peer-challenge.json");

/// The same council after its peer challenge: peer scores and challenge,
/// findings, key messages, scope questions answered, the team and its visit.
#[derive(Deserialize)]
struct ChallengeFile {
    title: String,
    peer_scores: std::collections::BTreeMap<ItemId, Score>,
    challenge: std::collections::BTreeMap<ItemId, String>,
    key_messages: Vec<String>,
    strengths: std::collections::BTreeMap<u8, Vec<String>>,
    areas: std::collections::BTreeMap<u8, Vec<String>>,
    scope: Vec<ChallengeQuestion>,
    team: Vec<ChallengeMember>,
    visit: ChallengeVisit,
}

#[derive(Deserialize)]
struct ChallengeQuestion {
    question: String,
    response: String,
}

#[derive(Deserialize)]
struct ChallengeMember {
    name: String,
    role: String,
    organisation: String,
}

#[derive(Deserialize)]
struct ChallengeVisit {
    start: String,
    end: String,
}

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
            AnswerValue::Score(Some(answer.score)),
            AnswerValue::Basis(answer.basis),
            AnswerValue::Notes(answer.notes),
        ] {
            assessment.apply(&Edit::new(answer.item.clone(), change), now);
        }
    }
    assessment
}

/// The example council after its peer challenge, in peer review: the
/// self-assessment submitted and locked, the peer team's scores (differing
/// on a few items) and challenge, findings, key messages, the scope
/// questions with responses, the team and its days on site. So Compare and
/// Findings have something to show at first look.
///
/// # Panics
/// If the shipped example file is broken; a test proves it is not.
pub fn example_after_challenge(framework: &Framework, now: OffsetDateTime) -> Assessment {
    use super::{
        assessment::Status,
        challenge::{ScopeQuestion, TeamMember, Visit, parse_date},
        peer::{ListEntry, ListKind, SectionRef},
    };
    let file: ChallengeFile =
        serde_json::from_str(CHALLENGE_JSON).expect("the shipped peer challenge example is valid JSON");
    let mut assessment = example_assessment(framework, now);
    assessment.details.title = file.title;
    for (item, score) in file.peer_scores {
        assessment.apply(&Edit::new(item, AnswerValue::PeerScore(Some(score))), now);
    }
    for (item, text) in file.challenge {
        assessment.apply(&Edit::new(item, AnswerValue::Challenge(text)), now);
    }
    let entry = |list, text| ListEntry {
        id: uuid::Uuid::new_v4(),
        list,
        text,
    };
    let mut entries: Vec<ListEntry> = file
        .key_messages
        .into_iter()
        .map(|text| entry(ListKind::KeyMessages, text))
        .collect();
    for (theme, texts) in file.strengths {
        entries.extend(
            texts
                .into_iter()
                .map(|text| entry(ListKind::Strengths(SectionRef::Theme(theme)), text)),
        );
    }
    for (theme, texts) in file.areas {
        entries.extend(
            texts
                .into_iter()
                .map(|text| entry(ListKind::Areas(SectionRef::Theme(theme)), text)),
        );
    }
    entries.sort_by_key(|entry| entry.list);
    assessment.peer.entries = entries;
    assessment.scope = file
        .scope
        .into_iter()
        .map(|q| ScopeQuestion {
            id: uuid::Uuid::new_v4(),
            question: q.question,
            response: q.response,
        })
        .collect();
    assessment.team = file
        .team
        .into_iter()
        .map(|m| TeamMember {
            id: uuid::Uuid::new_v4(),
            name: m.name,
            role: m.role,
            organisation: m.organisation,
        })
        .collect();
    assessment.visit = Visit {
        start: parse_date(&file.visit.start).ok().flatten(),
        end: parse_date(&file.visit.end).ok().flatten(),
    };
    assessment.status = Status::Review;
    assessment.self_locked = true;
    assessment
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::framework::Catalogue;

    #[test]
    fn the_example_after_its_challenge_has_a_peer_review_to_compare() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let example = example_after_challenge(framework, OffsetDateTime::UNIX_EPOCH);
        assert!(
            framework
                .items()
                .all(|(_, item)| example.answer(&item.id).peer_score.is_some())
        );
        let differ = example.answers.values().filter(|a| a.score != a.peer_score).count();
        assert!((3..=10).contains(&differ), "{differ} items differ");
        assert!(example.peer.list(crate::domain::ListKind::KeyMessages).count() >= 3);
        assert!(example.visit.start.is_some() && example.visit.end >= example.visit.start);
        assert_eq!(example.team.len(), 4);
        assert!(example.self_locked);
    }

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
