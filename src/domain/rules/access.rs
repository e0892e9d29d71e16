//! Who may change what, and when: what a change names exists, its author's
//! role owns the field, the self-assessment's lock and Final freeze it, and
//! the workflow and version links allow it.

use uuid::Uuid;

use super::{Context, Refused, Write};
use crate::domain::{
    assessment::{Assessment, Status},
    change::{AnswerField, AssessmentField, Change, DocumentPart, EntryField, EntryKind, RequestPart, Subject, value},
    edit::EditRefused,
    peer::ListKind,
    role::Role,
};

/// Refuses any change to a Final assessment or a superseded version.
pub fn frozen(assessment: &Assessment) -> Result<(), EditRefused> {
    if assessment.superseded_by.is_some() {
        return Err(EditRefused::Superseded);
    }
    if assessment.status == Status::Final {
        return Err(EditRefused::Final);
    }
    Ok(())
}

/// What an entry of this kind is called in messages.
fn called(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::List(_) => "entry",
        EntryKind::Scope => "scope question",
        EntryKind::Team => "team member",
        EntryKind::Action => "action",
        EntryKind::Progress => "note of progress",
        EntryKind::Document => "document",
        EntryKind::Request => "request",
    }
}

/// What the change names exists as what the change says it is: the item
/// in the framework, the entry (unless the change adds it).
pub(super) fn exists(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    match &change.subject {
        Subject::Answer(item, _) if context.framework.item(item).is_none() => {
            Err(Refused::NoSuchItem(item.as_str().to_owned()))
        }
        Subject::Answer(..) | Subject::Assessment(_) | Subject::Roster(_) => Ok(()),
        Subject::Entry(id, field) => {
            let held = value::kind_of(context.assessment, *id);
            match (field.kind(), held) {
                (Some(claims), Some(is)) if claims != is => Err(Refused::Invalid(format!(
                    "the change is to a {}, but that entry is a {}",
                    claims.label().to_lowercase(),
                    is.label().to_lowercase()
                ))),
                (Some(kind), None) if !(matches!(field, EntryField::Entry(_)) && change.from.is_none()) => {
                    Err(Refused::NoSuchEntry(called(kind)))
                }
                (None, None) => Err(Refused::NoSuchEntry("entry")),
                _ => Ok(()),
            }
        }
    }
}

/// Whether a field belongs to the action plan, which Final does not freeze.
fn is_plan(assessment: &Assessment, subject: &Subject) -> bool {
    match subject {
        Subject::Entry(id, EntryField::Position) => value::kind_of(assessment, *id).is_some_and(EntryKind::is_plan),
        Subject::Entry(_, field) => field.kind().is_some_and(EntryKind::is_plan),
        _ => false,
    }
}

/// The role that owns a field, and the words a refusal names it by.
fn owner(assessment: &Assessment, subject: &Subject) -> Option<(Role, &'static str)> {
    let kind_owner = |kind: EntryKind| match kind {
        EntryKind::List(_) => (Role::Peer, "peer challenge report"),
        EntryKind::Scope => (Role::Council, "scope questions"),
        EntryKind::Team => (Role::Peer, "peer team"),
        EntryKind::Action | EntryKind::Progress => (Role::Council, "action plan"),
        EntryKind::Document => (Role::Council, "register of documents"),
        EntryKind::Request => (Role::Peer, "requests for evidence"),
    };
    Some(match subject {
        Subject::Answer(_, field) => (field.owner(), field.label()),
        Subject::Assessment(field) => match field {
            AssessmentField::Status | AssessmentField::Details => return None,
            AssessmentField::SelfLocked => (Role::Council, "self-assessment's lock"),
            AssessmentField::Setting(setting) => setting.owner(),
            AssessmentField::Supersedes | AssessmentField::SupersededBy | AssessmentField::Baseline => {
                (Role::Council, "versions of the assessment")
            }
            AssessmentField::Visit => (Role::Peer, "on-site dates"),
            AssessmentField::Summary
            | AssessmentField::Contact
            | AssessmentField::Facts
            | AssessmentField::SectionOrder
            | AssessmentField::SectionNames
            | AssessmentField::Wording
            | AssessmentField::ReportIssued => (Role::Peer, "peer challenge report"),
        },
        // Who manages a key is the roster's own rule.
        Subject::Roster(_) => return None,
        Subject::Entry(id, field) => match field {
            EntryField::Entry(kind) => kind_owner(*kind),
            EntryField::Position => kind_owner(value::kind_of(assessment, *id)?),
            EntryField::ScopeResponse => (Role::Peer, "responses to the scope questions"),
            EntryField::Action(_) => (Role::Council, "action plan"),
            EntryField::Document(DocumentPart::Considered) => (Role::Peer, "documents considered"),
            EntryField::Document(_) => (Role::Council, "register of documents"),
            EntryField::Request(RequestPart::Items) => (Role::Peer, "requests for evidence"),
            EntryField::Request(RequestPart::Answer) => (Role::Council, "answers to requests"),
        },
    })
}

/// Whether a field is part of the council's self-assessment, which the
/// lock protects: its scores and texts, and its scope questions.
fn is_self_content(assessment: &Assessment, subject: &Subject) -> bool {
    match subject {
        Subject::Answer(_, field) => field.owner() == Role::Council,
        Subject::Entry(_, EntryField::Entry(EntryKind::Scope)) => true,
        Subject::Entry(id, EntryField::Position) => value::kind_of(assessment, *id) == Some(EntryKind::Scope),
        _ => false,
    }
}

/// Whether `role` may change `subject` of `assessment` now: frozen versions
/// take nothing (a Final one, only its action plan), each field belongs to
/// one role, and a locked self-assessment takes no change to the council's
/// answers or scope questions. The same answer for a change typed here and
/// one arriving in a file.
pub fn may_change(assessment: &Assessment, role: Role, subject: &Subject) -> Result<(), Refused> {
    let plan = is_plan(assessment, subject);
    match subject {
        // The workflow decides the status, with its own words; a key can be
        // added or retired whatever the assessment's state (a laptop can be
        // lost after Final).
        Subject::Assessment(AssessmentField::Status) | Subject::Roster(_) => {}
        // Reopening marks a Final version as superseded.
        Subject::Assessment(AssessmentField::SupersededBy) if assessment.superseded_by.is_none() => {}
        _ if plan && assessment.superseded_by.is_some() => return Err(EditRefused::Superseded.into()),
        _ if plan => {}
        _ => frozen(assessment)?,
    }
    if let Some((owner, field)) = owner(assessment, subject)
        && owner != role
    {
        return Err(match (owner, subject) {
            (Role::Council, Subject::Assessment(AssessmentField::SelfLocked)) => {
                Refused::CouncilOnly("unlock or lock the self-assessment")
            }
            (Role::Council, Subject::Assessment(_)) => Refused::CouncilOnly("reopen an assessment or start a review"),
            (Role::Council, _) if plan => Refused::CouncilOnly("change the action plan"),
            _ => EditRefused::OtherRole { field, owner }.into(),
        });
    }
    if role == Role::Council && assessment.self_locked && is_self_content(assessment, subject) {
        return Err(EditRefused::SelfLocked.into());
    }
    if assessment.report.issued && is_report_content(assessment, subject) {
        return Err(EditRefused::ReportFinal.into());
    }
    Ok(())
}

/// Whether a field is the peer team's report, which a Final report
/// protects: its summary, contact details, facts, order of sections, and
/// the entries of its lists (findings, key messages, paragraphs, sections)
/// and their order.
fn is_report_content(assessment: &Assessment, subject: &Subject) -> bool {
    let listed = |kind: Option<EntryKind>| matches!(kind, Some(EntryKind::List(_)));
    match subject {
        Subject::Assessment(field) => field.is_report(false),
        Subject::Entry(id, EntryField::Position) => listed(value::kind_of(assessment, *id)),
        Subject::Entry(_, field) => listed(field.kind()),
        Subject::Answer(..) | Subject::Roster(_) => false,
    }
}

/// The workflow: status moves Draft → Submitted → Peer review → Final; the
/// lock is undone only when it is on, and put back only on a submitted
/// assessment; versions are linked only by reopening and reviews.
pub(super) fn workflow(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    let assessment = context.assessment;
    match &change.subject {
        Subject::Assessment(AssessmentField::Status) => {
            let to: Status = change
                .to
                .as_deref()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| Refused::Invalid("that is not a status".to_owned()))?;
            Ok(assessment.check_transition(to, change.author.role)?)
        }
        Subject::Assessment(AssessmentField::SelfLocked) => match change.to.as_deref() {
            Some("false") if !assessment.self_locked => Err(Refused::NotLocked),
            Some("true") if assessment.self_locked || assessment.status == Status::Draft => Err(Refused::NotUnlocked),
            _ => Ok(()),
        },
        Subject::Assessment(AssessmentField::SupersededBy) if assessment.status != Status::Final => {
            Err(Refused::NotFinal(assessment.status.label()))
        }
        Subject::Assessment(field) if field.is_version_link() => {
            if change.from.is_some() {
                return Err(Refused::Link(
                    "an assessment's link to another version never changes once made".to_owned(),
                ));
            }
            super::snapshot::check_link(context, *field, change.to.as_deref())
        }
        _ => Ok(()),
    }
}

/// What a request asks of the assessment as a whole, before its changes:
/// only the council reopens a Final assessment or starts its review, and
/// whoever asks must be allowed to change the field it is about — even if
/// it would change nothing.
pub(super) fn check_whole(context: &Context<'_>, write: Write<'_>, role: Role) -> Result<(), Refused> {
    let assessment = context.assessment;
    let reopen = || {
        if assessment.superseded_by.is_some() {
            return Err(EditRefused::Superseded.into());
        }
        if role != Role::Council {
            return Err(Refused::CouncilOnly("reopen an assessment"));
        }
        if assessment.status != Status::Final {
            return Err(Refused::NotFinal(assessment.status.label()));
        }
        Ok(())
    };
    match write {
        Write::Reopen => reopen(),
        Write::StartReview => reopen().map_err(|refused| match refused {
            Refused::NotFinal(status) => Refused::Invalid(format!(
                "a progress review starts from a Final assessment; this one is “{status}”"
            )),
            Refused::CouncilOnly(_) => Refused::CouncilOnly("start a progress review"),
            other => other,
        }),
        Write::Unlock | Write::Lock if role != Role::Council => {
            Err(Refused::CouncilOnly(if matches!(write, Write::Unlock) {
                "unlock the self-assessment"
            } else {
                "lock the self-assessment"
            }))
        }
        Write::Answer(edit) if context.framework.item(&edit.item).is_none() => {
            Err(Refused::NoSuchItem(edit.item.as_str().to_owned()))
        }
        other => match representative(assessment, other) {
            Some(subject) => may_change(assessment, role, &subject),
            None => Ok(()),
        },
    }
}

/// The field a request is about, for asking whether it may be changed.
fn representative(assessment: &Assessment, write: Write<'_>) -> Option<Subject> {
    use crate::domain::{
        ChallengeOp, ListOp,
        evidence::{DocumentOp, RequestOp},
    };
    let entry = |kind| Subject::Entry(Uuid::nil(), EntryField::Entry(kind));
    Some(match write {
        Write::Answer(edit) => Subject::Answer(edit.item.clone(), edit.value.field()),
        Write::List(ListOp::Add { list, .. }) => entry(EntryKind::List(*list)),
        Write::List(ListOp::Edit { id, .. } | ListOp::Move { id, .. } | ListOp::Remove { id }) => {
            entry(value::kind_of(assessment, *id).unwrap_or(EntryKind::List(ListKind::KeyMessages)))
        }
        Write::Challenge(op) => match op {
            ChallengeOp::AddQuestion(_) | ChallengeOp::EditQuestion { .. } | ChallengeOp::RemoveQuestion(_) => {
                entry(EntryKind::Scope)
            }
            ChallengeOp::Respond { id, .. } => Subject::Entry(*id, EntryField::ScopeResponse),
            ChallengeOp::AddMember(_) | ChallengeOp::EditMember(_) | ChallengeOp::RemoveMember(_) => {
                entry(EntryKind::Team)
            }
            ChallengeOp::SetVisit(_) => Subject::Assessment(AssessmentField::Visit),
        },
        Write::Details(_) => Subject::Assessment(AssessmentField::Details),
        Write::Setting { setting, .. } => Subject::Assessment(AssessmentField::Setting(setting)),
        Write::Report(crate::domain::ReportOp::Issue(_)) => Subject::Assessment(AssessmentField::ReportIssued),
        Write::Report(_) => Subject::Assessment(AssessmentField::Summary),
        Write::Action(_) => entry(EntryKind::Action),
        Write::Document(DocumentOp::Considered { .. }) => {
            Subject::Entry(Uuid::nil(), EntryField::Document(DocumentPart::Considered))
        }
        Write::Document(_) => entry(EntryKind::Document),
        Write::Request(RequestOp::Ask { .. }) => entry(EntryKind::Request),
        Write::Request(RequestOp::Answer { .. }) => {
            Subject::Entry(Uuid::nil(), EntryField::Request(RequestPart::Answer))
        }
        Write::Roster(entry) => Subject::Roster(entry.id(assessment.id)),
        Write::Status(_) | Write::Unlock | Write::Lock | Write::Reopen | Write::StartReview => return None,
    })
}

/// Whether an answer field may be changed by `role` now (for a window
/// showing a text box as editable or read-only, and why).
pub fn may_answer(assessment: &Assessment, role: Role, field: AnswerField) -> Result<(), Refused> {
    may_change(
        assessment,
        role,
        &Subject::Answer(crate::domain::ItemId::new(""), field),
    )
}

/// Whether `role` may issue the report as Final, or set it back to Draft.
pub fn may_issue_report(assessment: &Assessment, role: Role) -> bool {
    may_change(assessment, role, &Subject::Assessment(AssessmentField::ReportIssued)).is_ok()
}

/// Whether `role` may add to the peer team's lists (any list will do):
/// the report's lists and texts.
pub fn may_write_report(assessment: &Assessment, role: Role) -> Result<(), Refused> {
    may_change(
        assessment,
        role,
        &Subject::Entry(Uuid::nil(), EntryField::Entry(EntryKind::List(ListKind::KeyMessages))),
    )
}
