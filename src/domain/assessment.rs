//! An assessment: one council's answers to one framework, with the details
//! that identify it. The peer side (peer scores, challenge, findings) joins
//! this model in a later schema version as plain additional fields.

use std::{collections::BTreeMap, fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    framework::{Framework, FrameworkRef, ItemId},
    score::Score,
};

/// Stable identifier of an assessment, shared by every copy of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AssessmentId(Uuid);

impl AssessmentId {
    /// A fresh random identifier.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }

    /// The assessment id that is this UUID.
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The identifier as a UUID.
    pub fn uuid(self) -> Uuid {
        self.0
    }
}

impl fmt::Display for AssessmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// Text that is not an assessment id.
#[derive(Debug, thiserror::Error)]
#[error("“{0}” is not an assessment id (ids look like 0b3e…-…; `critical-friend list` shows them)")]
pub struct BadAssessmentId(pub String);

impl FromStr for AssessmentId {
    type Err = BadAssessmentId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(text.trim())
            .map(Self)
            .map_err(|_| BadAssessmentId(text.to_owned()))
    }
}

/// Where an assessment is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written by the council.
    #[default]
    Draft,
    /// Sent to the peer team.
    Submitted,
    /// The peer team is reviewing it.
    Review,
    /// Agreed and frozen.
    Final,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 4] = [Status::Draft, Status::Submitted, Status::Review, Status::Final];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Review => "review",
            Status::Final => "final",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted to peer team",
            Status::Review => "Peer review",
            Status::Final => "Final",
        }
    }
}

/// A status change the workflow does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot move from “{from}” to “{to}”: {reason}")]
pub struct TransitionRefused {
    /// Current status.
    pub from: &'static str,
    /// Asked-for status.
    pub to: &'static str,
    /// What the workflow requires.
    pub reason: &'static str,
}

/// A stored status name that is not known.
#[derive(Debug, thiserror::Error)]
#[error("unknown status “{0}”")]
pub struct UnknownStatus(pub String);

impl FromStr for Status {
    type Err = UnknownStatus;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| UnknownStatus(text.to_owned()))
    }
}

/// What identifies an assessment to people.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssessmentDetails {
    /// The council, e.g. "Example Borough Council".
    pub organisation: String,
    /// e.g. "Use of Resources self-assessment".
    pub title: String,
    /// The year it covers, e.g. "2016/17".
    pub period: String,
    /// Who leads it.
    pub lead: String,
}

/// Details that cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetailsError {
    /// No organisation given.
    #[error("the organisation is required")]
    MissingOrganisation,
    /// No title given.
    #[error("the title is required")]
    MissingTitle,
    /// A field is longer than anyone needs.
    #[error("the {0} is too long (at most {MAX_DETAIL_CHARS} characters)")]
    TooLong(&'static str),
}

/// The longest organisation, title, period or lead we accept.
pub const MAX_DETAIL_CHARS: usize = 500;

impl AssessmentDetails {
    /// "Organisation · Title · Period · Lead", leaving out what is empty.
    pub fn describe(&self) -> String {
        [&self.organisation, &self.title, &self.period, &self.lead]
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Trims the fields and checks the required ones.
    pub fn validated(self) -> Result<Self, DetailsError> {
        let details = Self {
            organisation: self.organisation.trim().to_owned(),
            title: self.title.trim().to_owned(),
            period: self.period.trim().to_owned(),
            lead: self.lead.trim().to_owned(),
        };
        for (name, value) in [
            ("organisation", &details.organisation),
            ("title", &details.title),
            ("period", &details.period),
            ("lead", &details.lead),
        ] {
            if value.chars().count() > MAX_DETAIL_CHARS {
                return Err(DetailsError::TooLong(name));
            }
        }
        if details.organisation.is_empty() {
            return Err(DetailsError::MissingOrganisation);
        }
        if details.title.is_empty() {
            return Err(DetailsError::MissingTitle);
        }
        Ok(details)
    }
}

/// The council's answer to one item.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Answer {
    /// The self-assessed score; `None` until scored.
    pub score: Option<Score>,
    /// "Basis for this score": a quick summary of the evidence.
    pub basis: String,
    /// "Notes and queries (including evidence gaps)".
    pub notes: String,
    /// The peer team's score; `None` until they score it.
    pub peer_score: Option<Score>,
    /// The peer team's "Challenge and queries".
    pub challenge: String,
    /// When this answer was first written, if ever.
    pub created_at: Option<OffsetDateTime>,
    /// When this answer last changed, if ever.
    pub updated_at: Option<OffsetDateTime>,
}

impl Answer {
    /// Scored, but with nothing written to support the score.
    pub fn lacks_basis(&self) -> bool {
        self.score.is_some() && self.basis.trim().is_empty()
    }

    /// Has notes or queries still written against it.
    pub fn has_open_notes(&self) -> bool {
        !self.notes.trim().is_empty()
    }
}

/// One council's self-assessment against one framework.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// Stable id, shared by exported copies.
    pub id: AssessmentId,
    /// The framework it answers.
    pub framework: FrameworkRef,
    /// Organisation, title, period, lead.
    pub details: AssessmentDetails,
    /// Where it is in its life.
    pub status: Status,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When anything in it last changed.
    pub updated_at: OffsetDateTime,
    /// Answers by item; items never touched have none.
    pub answers: BTreeMap<ItemId, Answer>,
    /// The self fields are locked (set on submission; unlocking is recorded).
    pub self_locked: bool,
    /// The earlier, Final version this one was reopened from.
    pub supersedes: Option<AssessmentId>,
    /// The newer version that replaced this one when it was reopened.
    pub superseded_by: Option<AssessmentId>,
    /// The peer team's strengths, areas for consideration and key messages.
    pub peer: super::peer::PeerLists,
    /// The council's scope questions, with the peer team's responses.
    pub scope: Vec<super::challenge::ScopeQuestion>,
    /// The peer team.
    pub team: Vec<super::challenge::TeamMember>,
    /// The peer team's days on site.
    pub visit: super::challenge::Visit,
    /// The peer team's report: its summary, facts, contact and section order.
    pub report: super::peer_report::PeerReport,
    /// The council's action plan, which Final does not freeze.
    pub actions: Vec<super::action_plan::Action>,
    /// For a progress review, the assessment it reviews progress since.
    pub baseline: Option<AssessmentId>,
    /// The council's register of documents.
    pub documents: Vec<super::evidence::Document>,
    /// The peer team's requests for documents and information.
    pub requests: Vec<super::evidence::Request>,
    /// Whose keys may sign changes to it, and as whom.
    pub roster: Vec<super::roster::RosterEntry>,
    /// Its settings: the council's comparator group and region.
    pub settings: super::settings::Settings,
}

static EMPTY_ANSWER: Answer = Answer {
    score: None,
    basis: String::new(),
    notes: String::new(),
    peer_score: None,
    challenge: String::new(),
    created_at: None,
    updated_at: None,
};

impl Assessment {
    /// Whether `role` may move this assessment to `to`:
    /// Draft → Submitted (council) → Peer review → Final (council).
    pub fn check_transition(&self, to: Status, role: super::role::Role) -> Result<(), TransitionRefused> {
        use super::role::Role;
        let refuse = |reason| {
            Err(TransitionRefused {
                from: self.status.label(),
                to: to.label(),
                reason,
            })
        };
        if self.superseded_by.is_some() {
            return refuse("this version was superseded when the assessment was reopened");
        }
        match (self.status, to, role) {
            (Status::Draft, Status::Submitted, Role::Council)
            | (Status::Submitted, Status::Review, _)
            | (Status::Review, Status::Final, Role::Council) => Ok(()),
            (_, Status::Submitted | Status::Final, Role::Peer) => refuse("only the council submits or finalises"),
            (Status::Final, _, _) => refuse("a Final assessment is frozen; reopen it to make a new version"),
            _ => refuse("the workflow is Draft → Submitted to peer team → Peer review → Final"),
        }
    }

    /// The new version made when a Final assessment is reopened: the same
    /// answers under a new id, back in Draft, pointing at this one.
    #[must_use]
    pub fn reopened(&self, now: OffsetDateTime) -> Self {
        let mut next = self.duplicate(self.details.clone(), now);
        next.status = Status::Draft;
        next.supersedes = Some(self.id);
        for (id, answer) in &mut next.answers {
            let before = self.answer(id);
            answer.peer_score = before.peer_score;
            answer.challenge.clone_from(&before.challenge);
        }
        // Entry ids are unique across a database; the new version's copies
        // get their own, and whatever names an added section follows it.
        let renamed = self.peer.renumbered();
        next.report.clone_from(&self.report);
        next.report.order = self
            .report
            .order
            .iter()
            .map(|section| renamed.section(*section))
            .collect();
        next.actions = super::action_plan::carried(&self.actions, |old| renamed.entry(old));
        next.peer = renamed.lists;
        next.baseline = self.baseline;
        next.documents.clone_from(&self.documents);
        next.requests.clone_from(&self.requests);
        next.scope.clone_from(&self.scope);
        next.team.clone_from(&self.team);
        next.visit = self.visit;
        next
    }

    /// A new, empty draft.
    pub fn new(framework: &Framework, details: AssessmentDetails, now: OffsetDateTime) -> Self {
        Self {
            details,
            ..Self::new_with_id(AssessmentId::random(), framework.reference(), now)
        }
    }

    /// An empty draft with this id, of this framework, without details.
    pub fn new_with_id(id: AssessmentId, framework: FrameworkRef, now: OffsetDateTime) -> Self {
        Self {
            id,
            framework,
            details: AssessmentDetails::default(),
            status: Status::Draft,
            created_at: now,
            updated_at: now,
            answers: BTreeMap::new(),
            self_locked: false,
            supersedes: None,
            superseded_by: None,
            peer: super::peer::PeerLists::default(),
            scope: Vec::new(),
            team: Vec::new(),
            visit: super::challenge::Visit::default(),
            report: super::peer_report::PeerReport::default(),
            actions: Vec::new(),
            baseline: None,
            documents: Vec::new(),
            roster: Vec::new(),
            settings: super::settings::Settings::default(),
            requests: Vec::new(),
        }
    }

    /// The answer to an item (empty if never answered).
    pub fn answer(&self, item: &ItemId) -> &Answer {
        self.answers.get(item).unwrap_or(&EMPTY_ANSWER)
    }

    /// How many items carry a score.
    pub fn scored_count(&self) -> usize {
        self.answers.values().filter(|a| a.score.is_some()).count()
    }

    /// How many scored items give no basis for their score.
    pub fn scored_without_basis(&self) -> usize {
        self.answers
            .values()
            .filter(|a| a.score.is_some() && a.basis.trim().is_empty())
            .count()
    }

    /// Next year's draft: a new id, the council's answers, status Draft; the
    /// peer team's scores, challenge and findings, the scope questions, the
    /// team and the visit dates belong to one challenge and are not carried over.
    #[must_use]
    pub fn duplicate(&self, details: AssessmentDetails, now: OffsetDateTime) -> Self {
        Self {
            id: AssessmentId::random(),
            framework: self.framework.clone(),
            details,
            status: Status::Draft,
            created_at: now,
            updated_at: now,
            answers: self
                .answers
                .iter()
                .map(|(id, answer)| {
                    let copy = Answer {
                        created_at: Some(now),
                        updated_at: Some(now),
                        peer_score: None,
                        challenge: String::new(),
                        ..answer.clone()
                    };
                    (id.clone(), copy)
                })
                .collect(),
            self_locked: false,
            supersedes: None,
            superseded_by: None,
            peer: super::peer::PeerLists::default(),
            scope: Vec::new(),
            team: Vec::new(),
            visit: super::challenge::Visit::default(),
            report: super::peer_report::PeerReport::default(),
            actions: Vec::new(),
            baseline: None,
            documents: Vec::new(),
            roster: Vec::new(),
            settings: super::settings::Settings::default(),
            requests: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::framework::Catalogue;

    #[test]
    fn details_need_organisation_and_title() {
        let details = AssessmentDetails {
            organisation: "  ".into(),
            title: "T".into(),
            ..Default::default()
        };
        assert_eq!(details.validated(), Err(DetailsError::MissingOrganisation));
        let details = AssessmentDetails {
            organisation: " Ceredigion ".into(),
            title: " Self-assessment ".into(),
            ..Default::default()
        };
        assert_eq!(details.validated().map(|d| d.organisation), Ok("Ceredigion".to_owned()));
    }

    #[test]
    fn duplicate_copies_answers_under_a_new_id() {
        let catalogue = Catalogue::builtin();
        let now = OffsetDateTime::UNIX_EPOCH;
        let mut original = Assessment::new(catalogue.default_framework(), AssessmentDetails::default(), now);
        original.status = Status::Final;
        original.answers.insert(
            ItemId::new("1.1"),
            Answer {
                score: Score::new(2).ok(),
                basis: "Directory".into(),
                ..Answer::default()
            },
        );
        let copy = original.duplicate(AssessmentDetails::default(), now);
        assert_ne!(copy.id, original.id);
        assert_eq!(copy.status, Status::Draft);
        assert_eq!(copy.answer(&ItemId::new("1.1")).basis, "Directory");
    }

    #[test]
    fn ids_round_trip_through_text() {
        let id = AssessmentId::random();
        assert_eq!(id.to_string().parse::<AssessmentId>().ok(), Some(id));
        assert!("not-an-id".parse::<AssessmentId>().is_err());
    }
}
