//! The frame of a peer challenge: the council's scope questions with the peer
//! team's response to each, the peer team itself, and the on-site dates.

use time::{Date, macros::format_description};
use uuid::Uuid;

use super::{assessment::Assessment, edit::EditRefused, role::Role};

/// A question the council asks the peer team to explore, and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeQuestion {
    /// Stable id, so responses and edits travel between copies.
    pub id: Uuid,
    /// The council's question.
    pub question: String,
    /// The peer team's response; empty until written.
    pub response: String,
}

/// One member of the peer team.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TeamMember {
    /// Stable id.
    pub id: Uuid,
    /// e.g. "Siân Ŵyn".
    pub name: String,
    /// Their role on the team, e.g. "Lead peer" or "Member peer".
    pub role: String,
    /// e.g. "Local Government Association".
    pub organisation: String,
}

impl TeamMember {
    /// "Name — Role, Organisation", leaving out what is empty.
    pub fn describe(&self) -> String {
        let rest: Vec<&str> = [self.role.as_str(), self.organisation.as_str()]
            .into_iter()
            .filter(|part| !part.trim().is_empty())
            .collect();
        if rest.is_empty() {
            self.name.clone()
        } else {
            format!("{} — {}", self.name, rest.join(", "))
        }
    }
}

/// The days the peer team is on site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Visit {
    /// The first day on site.
    pub start: Option<Date>,
    /// The last day on site.
    pub end: Option<Date>,
}

/// Text that is not a date in the form 2026-12-01.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01")]
pub struct BadDate(pub String);

/// Parses `YYYY-MM-DD`; empty text is "no date".
pub fn parse_date(text: &str) -> Result<Option<Date>, BadDate> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map(Some)
        .map_err(|_| BadDate(text.to_owned()))
}

/// `YYYY-MM-DD`, or empty for no date.
pub fn format_date(date: Option<Date>) -> String {
    date.and_then(|d| d.format(format_description!("[year]-[month]-[day]")).ok())
        .unwrap_or_default()
}

impl Visit {
    /// Whether no date is set.
    pub fn is_empty(&self) -> bool {
        self.start.is_none() && self.end.is_none()
    }

    /// "2026-12-01 to 2026-12-04", or one date, or empty.
    pub fn describe(&self) -> String {
        match (self.start, self.end) {
            (Some(start), Some(end)) if start == end => format_date(Some(start)),
            (Some(_), Some(_)) => format!("{} to {}", format_date(self.start), format_date(self.end)),
            (Some(_), None) => format!("from {}", format_date(self.start)),
            (None, Some(_)) => format!("until {}", format_date(self.end)),
            (None, None) => String::new(),
        }
    }

    /// A visit whose end is before its start is refused.
    pub fn validated(self) -> Result<Self, &'static str> {
        match (self.start, self.end) {
            (Some(start), Some(end)) if end < start => Err("the last day on site is before the first"),
            _ => Ok(self),
        }
    }
}

/// The longest question, response or team detail we accept, in characters.
pub const MAX_CHALLENGE_CHARS: usize = 20_000;

/// A change to the scope questions, the peer team or the visit dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChallengeOp {
    /// The council adds a scope question at the end.
    AddQuestion(String),
    /// The council rewords a question.
    EditQuestion {
        /// The question.
        id: Uuid,
        /// Its new wording.
        text: String,
    },
    /// The council withdraws a question.
    RemoveQuestion(Uuid),
    /// The peer team writes (or rewrites) its response to a question.
    Respond {
        /// The question.
        id: Uuid,
        /// The response.
        text: String,
    },
    /// The peer team adds a member (its id is ignored; a new one is made).
    AddMember(TeamMember),
    /// The peer team corrects a member's details.
    EditMember(TeamMember),
    /// The peer team removes a member.
    RemoveMember(Uuid),
    /// The peer team records its days on site.
    SetVisit(Visit),
}

impl ChallengeOp {
    /// The role that may make this change.
    pub fn owner(&self) -> Role {
        match self {
            ChallengeOp::AddQuestion(_) | ChallengeOp::EditQuestion { .. } | ChallengeOp::RemoveQuestion(_) => {
                Role::Council
            }
            _ => Role::Peer,
        }
    }

    /// What the change touches, for messages.
    pub fn subject(&self) -> &'static str {
        match self {
            ChallengeOp::AddQuestion(_) | ChallengeOp::EditQuestion { .. } | ChallengeOp::RemoveQuestion(_) => {
                "scope questions"
            }
            ChallengeOp::Respond { .. } => "responses to the scope questions",
            ChallengeOp::AddMember(_) | ChallengeOp::EditMember(_) | ChallengeOp::RemoveMember(_) => "peer team",
            ChallengeOp::SetVisit(_) => "on-site dates",
        }
    }

    /// Checks lengths, required text and date order, giving back the change.
    pub fn validated(self) -> Result<Self, String> {
        self.check()?;
        Ok(self)
    }

    /// Checks lengths, required text and date order.
    pub fn check(&self) -> Result<(), String> {
        let check = |what: &str, text: &str, required: bool| -> Result<(), String> {
            if required && text.trim().is_empty() {
                return Err(format!("the {what} is empty"));
            }
            if text.chars().count() > MAX_CHALLENGE_CHARS {
                return Err(format!(
                    "the {what} is too long (at most {MAX_CHALLENGE_CHARS} characters)"
                ));
            }
            Ok(())
        };
        match self {
            ChallengeOp::AddQuestion(text) | ChallengeOp::EditQuestion { text, .. } => check("question", text, true)?,
            ChallengeOp::Respond { text, .. } => check("response", text, false)?,
            ChallengeOp::AddMember(member) | ChallengeOp::EditMember(member) => {
                check("name", &member.name, true)?;
                check("team role", &member.role, false)?;
                check("organisation", &member.organisation, false)?;
                if [&member.name, &member.role, &member.organisation]
                    .iter()
                    .any(|text| text.contains(['\n', '\r']))
                {
                    return Err("a team member's name, role and organisation are one line each".to_owned());
                }
            }
            ChallengeOp::SetVisit(visit) => {
                visit.validated()?;
            }
            ChallengeOp::RemoveQuestion(_) | ChallengeOp::RemoveMember(_) => {}
        }
        Ok(())
    }
}

impl Assessment {
    /// Whether `role` may make `op` now.
    pub fn check_challenge_edit(&self, role: Role, op: &ChallengeOp) -> Result<(), EditRefused> {
        super::rules::frozen(self)?;
        if op.owner() != role {
            return Err(EditRefused::OtherRole {
                field: op.subject(),
                owner: op.owner(),
            });
        }
        if role == Role::Council && self.self_locked {
            return Err(EditRefused::SelfLocked);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_describe() {
        let start = parse_date("2026-12-01").expect("date");
        let end = parse_date(" 2026-12-04 ").expect("date");
        assert_eq!(parse_date("").expect("empty"), None);
        assert!(parse_date("1/12/2026").is_err());
        let visit = Visit { start, end };
        assert_eq!(visit.describe(), "2026-12-01 to 2026-12-04");
        assert!(Visit { start: end, end: start }.validated().is_err());
    }

    #[test]
    fn questions_belong_to_the_council_and_answers_to_the_peer_team() {
        assert_eq!(ChallengeOp::AddQuestion("Q".into()).owner(), Role::Council);
        let respond = ChallengeOp::Respond {
            id: Uuid::nil(),
            text: "A".into(),
        };
        assert_eq!(respond.owner(), Role::Peer);
        assert!(ChallengeOp::AddQuestion("  ".into()).validated().is_err());
        let member = TeamMember {
            name: "Ann\nBee".into(),
            ..TeamMember::default()
        };
        assert!(ChallengeOp::AddMember(member).validated().is_err());
    }
}
