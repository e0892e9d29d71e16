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

const YEAR_ON_JSON: &str = include_str!("../../assets/examples/example-borough-council-a-year-on.json");

/// The same council a year on: its register, the requests it answered,
/// the action plan's owners, dates and notes, and the progress review.
#[derive(Deserialize)]
struct YearOnFile {
    documents: Vec<YearOnDocument>,
    requests: Vec<YearOnRequest>,
    actions: Vec<YearOnAction>,
    review: YearOnReview,
}

#[derive(Deserialize)]
struct YearOnDocument {
    title: String,
    #[serde(flatten)]
    particulars: super::evidence::Particulars,
    items: Vec<ItemId>,
}

#[derive(Deserialize)]
struct YearOnRequest {
    text: String,
    items: Vec<ItemId>,
    asked_on: String,
    /// The register's number of the document that answered it.
    provided: Option<usize>,
    declined: Option<String>,
    answered_on: String,
}

#[derive(Deserialize)]
struct YearOnAction {
    owner: String,
    due: String,
    notes: Vec<YearOnNote>,
    #[serde(default)]
    measure: Option<YearOnMeasure>,
}

/// An action's supporting measure, with its values by quarter ("Q3 2016/17").
#[derive(Deserialize)]
struct YearOnMeasure {
    name: String,
    target: String,
    better: String,
    values: std::collections::BTreeMap<String, String>,
}

impl YearOnMeasure {
    /// The changes that set it on action `id`.
    fn ops(self, id: uuid::Uuid) -> Vec<super::action_plan::ActionOp> {
        use super::{
            action_plan::ActionOp,
            change::{ActionPart, TextPart},
        };
        let texts = [
            (TextPart::Measure, self.name),
            (TextPart::Target, self.target),
            (TextPart::Better, self.better),
        ];
        let mut ops: Vec<ActionOp> = texts
            .into_iter()
            .map(|(part, text)| ActionOp::Part {
                id,
                part: ActionPart::Text(part),
                text,
            })
            .collect();
        for (quarter, value) in self.values {
            let quarter = super::Quarter::parse_written(&quarter).expect("the year-on example's quarters");
            ops.push(ActionOp::Part {
                id,
                part: ActionPart::Value(quarter),
                text: value,
            });
        }
        ops
    }
}

#[derive(Deserialize)]
struct YearOnNote {
    on: String,
    text: String,
    status: String,
}

#[derive(Deserialize)]
struct YearOnReview {
    period: String,
    scores: std::collections::BTreeMap<ItemId, Score>,
    notes: std::collections::BTreeMap<ItemId, String>,
    documents: Vec<YearOnDocument>,
}

/// The example council a year after its peer challenge: the challenge
/// Final, with its evidence register, the peer team's requests answered
/// and an action plan with a year of notes; and the progress review
/// started from it, some scores moved. So every view has something to
/// show at first look. Returns the challenge and the review, in the order
/// they are stored.
///
/// # Panics
/// If the shipped example file is broken; a test proves it is not.
pub fn example_a_year_on(framework: &Framework, now: OffsetDateTime) -> (Assessment, Assessment) {
    let file: YearOnFile = serde_json::from_str(YEAR_ON_JSON).expect("the shipped year-on example is valid JSON");
    let mut challenge = example_after_challenge(framework, now);
    let maker = YearOnMaker::for_example(&challenge, now);
    let documents = maker.add_documents(&mut challenge, file.documents);
    maker.ask_and_answer(&mut challenge, file.requests, &documents);
    challenge.status = super::assessment::Status::Final;
    maker.plan_a_year(&mut challenge, file.actions);
    let details = AssessmentDetails {
        period: file.review.period,
        ..challenge.details.clone()
    };
    let mut review = challenge.duplicate(details, now);
    review.baseline = Some(challenge.id);
    review.actions = super::action_plan::carried(&challenge.actions, |_| None);
    for (item, score) in file.review.scores {
        review.apply(&Edit::new(item, AnswerValue::Score(Some(score))), now);
    }
    for (item, notes) in file.review.notes {
        review.apply(&Edit::new(item, AnswerValue::Notes(notes)), now);
    }
    maker.add_documents(&mut review, file.review.documents);
    (challenge, review)
}

/// Makes the year-on example's changes, each described and applied as a
/// change like any other: the council's by its lead, the requests by the
/// peer team's lead.
struct YearOnMaker {
    council: super::role::Author,
    lead_peer: super::role::Author,
    now: OffsetDateTime,
}

impl YearOnMaker {
    fn for_example(challenge: &Assessment, now: OffsetDateTime) -> Self {
        use super::role::{Author, Role};
        let council = Author {
            name: challenge.details.lead.clone(),
            organisation: challenge.details.organisation.clone(),
            ..Author::default()
        };
        let lead_peer = challenge.team.first().map_or_else(Author::default, |member| Author {
            role: Role::Peer,
            name: member.name.clone(),
            organisation: member.organisation.clone(),
            key: None,
        });
        Self {
            council,
            lead_peer,
            now,
        }
    }

    fn make(&self, assessment: &mut Assessment, author: &super::role::Author, write: super::Write<'_>) {
        assessment
            .make(write, author, self.now)
            .expect("the year-on example's changes apply");
    }

    /// Adds documents to the register; returns their ids in order.
    fn add_documents(&self, assessment: &mut Assessment, documents: Vec<YearOnDocument>) -> Vec<uuid::Uuid> {
        let mut ids = Vec::new();
        for document in documents {
            let id = uuid::Uuid::new_v4();
            ids.push(id);
            let op = super::evidence::DocumentOp::Add {
                id,
                title: document.title,
                particulars: document.particulars,
                items: document.items,
                file: None,
            };
            self.make(assessment, &self.council, super::Write::Document(&op));
        }
        ids
    }

    /// The peer team's requests, each answered by the council.
    fn ask_and_answer(&self, assessment: &mut Assessment, requests: Vec<YearOnRequest>, documents: &[uuid::Uuid]) {
        use super::evidence::{Answer, RequestOp};
        for request in requests {
            let id = uuid::Uuid::new_v4();
            let ask = RequestOp::Ask {
                id,
                text: request.text,
                items: request.items,
                on: year_on_date(&request.asked_on),
            };
            self.make(assessment, &self.lead_peer, super::Write::Request(&ask));
            let answer = match (request.provided, request.declined) {
                (Some(number), _) => Answer::Provided {
                    document: documents[number - 1],
                    on: request.answered_on,
                },
                (None, reason) => Answer::Declined {
                    reason: reason.unwrap_or_default(),
                    on: request.answered_on,
                },
            };
            let answer = RequestOp::Answer { id, answer };
            self.make(assessment, &self.council, super::Write::Request(&answer));
        }
    }

    /// The plan from the report's areas for consideration, with owners,
    /// due dates, and a year of notes and statuses.
    fn plan_a_year(&self, assessment: &mut Assessment, actions: Vec<YearOnAction>) {
        use super::action_plan::ActionOp;
        for op in assessment.actions_from_findings() {
            self.make(assessment, &self.council, super::Write::Action(&op));
        }
        let ids: Vec<uuid::Uuid> = assessment.actions.iter().map(|action| action.id).collect();
        for (id, action) in ids.into_iter().zip(actions) {
            let mut ops = vec![
                ActionOp::Owner {
                    id,
                    owner: action.owner,
                },
                ActionOp::Due {
                    id,
                    due: Some(year_on_date(&action.due)),
                },
            ];
            for note in action.notes {
                let on = year_on_date(&note.on);
                ops.push(ActionOp::Progress {
                    id,
                    on,
                    text: note.text,
                });
                let status = note.status.parse().expect("a status");
                ops.push(ActionOp::Status { id, status });
            }
            ops.extend(action.measure.map(|measure| measure.ops(id)).into_iter().flatten());
            for op in &ops {
                self.make(assessment, &self.council, super::Write::Action(op));
            }
        }
    }
}

/// A date in the year-on example's file.
fn year_on_date(text: &str) -> time::Date {
    super::challenge::parse_date(text)
        .ok()
        .flatten()
        .expect("the year-on example's dates are dates")
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

    #[test]
    fn a_year_on_the_example_has_a_register_a_plan_with_notes_and_a_review() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let (challenge, review) = example_a_year_on(framework, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(challenge.status, crate::domain::Status::Final);
        assert_eq!(challenge.documents.len(), 5);
        assert!(challenge.requests.iter().all(|request| request.answer.is_some()));
        assert_eq!(challenge.actions.len(), 6);
        assert!(
            challenge
                .actions
                .iter()
                .all(|action| !action.owner.is_empty() && action.due.is_some())
        );
        assert!(challenge.actions.iter().map(|a| a.progress.len()).sum::<usize>() >= 10);
        assert_eq!(review.baseline, Some(challenge.id));
        assert_eq!(review.actions.len(), 6);
        let moved = ItemId::new("1.3");
        assert_ne!(review.answer(&moved).score, challenge.answer(&moved).score);
    }
}
