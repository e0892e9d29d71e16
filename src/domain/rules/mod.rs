//! Whether a change may happen: the one place every rule lives. The app, the
//! command line and every importer ask [`check`] before anything is written,
//! so a rule cannot be enforced by one front end and forgotten by another.
//!
//! The rules: each field belongs to one role; a submitted self-assessment is
//! locked until the council unlocks it; a Final assessment and a superseded
//! version are frozen; the workflow moves Draft → Submitted → Peer review →
//! Final; texts have limits; items, themes and entries must exist; a score
//! is a level of the assessment's framework's scale; dates are in order.

use uuid::Uuid;

mod evidence;
mod plan;

use self::plan::check_action;
pub use self::plan::check_plan_edit;
use super::action_plan::ActionOp;
use super::{
    assessment::{Assessment, AssessmentDetails, DetailsError, Status, TransitionRefused},
    challenge::ChallengeOp,
    edit::{Change, Edit, EditRefused},
    framework::{Catalogue, Framework, FrameworkRef, NotOnScale},
    peer::{BulletList, ListKind, ListOp, MAX_ENTRY_CHARS, SectionRef},
    peer_report::{MAX_REPORT_TEXT_CHARS, ReportOp},
    role::Role,
};

/// The longest basis, notes or challenge text we accept, in characters
/// (about 200,000 words: far beyond any real answer, well inside the
/// exchange file's size limit).
pub const MAX_ANSWER_CHARS: usize = 1_048_576;

/// Every kind of change to one assessment.
#[derive(Clone, Copy, Debug)]
pub enum Write<'a> {
    /// A change to one item's answer.
    Answer(&'a Edit),
    /// A change to one of the peer team's lists.
    List(&'a ListOp),
    /// A change to the scope questions, the peer team or the visit dates.
    Challenge(&'a ChallengeOp),
    /// A move through the workflow.
    Status(Status),
    /// Unlocking the submitted self-assessment.
    Unlock,
    /// Locking it again after an unlock.
    Lock,
    /// Reopening a Final assessment as a new version.
    Reopen,
    /// New organisation, title, period or lead.
    Details(&'a AssessmentDetails),
    /// The report's summary, contact, facts or section order.
    Report(&'a ReportOp),
    /// A change to the council's action plan.
    Action(&'a ActionOp),
    /// Starting a progress review from this (Final) assessment.
    StartReview,
    /// A change to the register of documents.
    Document(&'a super::evidence::DocumentOp),
    /// A request for evidence, or its answer.
    Request(&'a super::evidence::RequestOp),
}

/// Why a change may not happen. Each message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Role, lock, Final or superseded.
    #[error(transparent)]
    Edit(#[from] EditRefused),
    /// A status change the workflow does not allow.
    #[error(transparent)]
    Transition(#[from] TransitionRefused),
    /// Organisation or title missing, or a detail too long.
    #[error("{0}")]
    Details(#[from] DetailsError),
    /// The self-assessment is not locked, so there is nothing to unlock.
    #[error("the self-assessment is not locked by submission, so there is nothing to unlock")]
    NotLocked,
    /// The self-assessment is already locked, or was never submitted.
    #[error("only a submitted self-assessment that was unlocked can be locked again")]
    NotUnlocked,
    /// Only the council unlocks or reopens.
    #[error("only the council can {0}; switch role to do it")]
    CouncilOnly(&'static str),
    /// Only a Final assessment can be reopened.
    #[error("only a Final assessment can be reopened as a new version; this one is “{0}”")]
    NotFinal(&'static str),
    /// A score that is not a level of the framework's scale.
    #[error(transparent)]
    NotOnScale(#[from] NotOnScale),
    /// The framework has no such item.
    #[error("there is no item {0} in this assessment's framework")]
    NoSuchItem(String),
    /// The framework has no such theme.
    #[error("there is no theme {number}; themes are numbered 1 to {count}")]
    NoSuchTheme {
        /// The theme asked for.
        number: u8,
        /// How many the framework has.
        count: usize,
    },
    /// The entry to change is not there (removed, perhaps in another window).
    #[error("the {0} to change is not in this assessment (it may have been removed)")]
    NoSuchEntry(&'static str),
    /// A text that is empty or too long, or dates out of order.
    #[error("{0}")]
    Invalid(String),
    /// A framework's id and version already name different text.
    #[error(
        "framework {0} is already in this database with different text; a framework never changes once added, so give the changed text a new version"
    )]
    FrameworkTaken(FrameworkRef),
    /// A built-in framework cannot be removed or replaced.
    #[error("framework {0} is built into Critical Friend; it cannot be removed or replaced")]
    FrameworkBuiltIn(FrameworkRef),
    /// A framework assessments answer cannot be removed.
    #[error(
        "framework {reference} is used by {uses}; a framework in use can never be removed, only superseded by a new version"
    )]
    FrameworkInUse {
        /// Which framework.
        reference: FrameworkRef,
        /// "2 assessments".
        uses: String,
    },
    /// No such framework.
    #[error("there is no framework {0} in this database; `critical-friend framework list` shows those there are")]
    NoSuchFramework(FrameworkRef),
}

/// What adding a framework would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameworkAdd {
    /// It is new: it will be added.
    New,
    /// The very same framework is already there: nothing to do.
    AlreadyThere,
}

/// Whether `framework` may be added to a database that knows `catalogue`:
/// it must keep every framework rule, and its id and version must not
/// already name different text (built in or added).
pub fn check_add_framework(catalogue: &Catalogue, framework: &Framework) -> Result<FrameworkAdd, Refused> {
    framework.check().map_err(|error| Refused::Invalid(error.to_string()))?;
    let reference = framework.reference();
    match catalogue.find(&reference) {
        None => Ok(FrameworkAdd::New),
        Some(known) if known == framework => Ok(FrameworkAdd::AlreadyThere),
        Some(_) if catalogue.is_builtin(&reference) => Err(Refused::FrameworkBuiltIn(reference)),
        Some(_) => Err(Refused::FrameworkTaken(reference)),
    }
}

/// Whether an added framework, used by `uses` assessments, may be removed.
pub fn check_remove_framework(catalogue: &Catalogue, reference: &FrameworkRef, uses: usize) -> Result<(), Refused> {
    if catalogue.find(reference).is_none() {
        return Err(Refused::NoSuchFramework(reference.clone()));
    }
    if catalogue.is_builtin(reference) {
        return Err(Refused::FrameworkBuiltIn(reference.clone()));
    }
    if uses > 0 {
        return Err(Refused::FrameworkInUse {
            reference: reference.clone(),
            uses: crate::text::count(uses, "assessment"),
        });
    }
    Ok(())
}

/// Whether `role` may make `write` to `assessment` now.
pub fn check(assessment: &Assessment, framework: &Framework, role: Role, write: Write<'_>) -> Result<(), Refused> {
    match write {
        Write::Answer(edit) => check_answer(assessment, framework, role, edit),
        Write::List(op) => check_list(assessment, framework, role, op),
        Write::Challenge(op) => check_challenge(assessment, role, op),
        Write::Status(to) => Ok(assessment.check_transition(to, role)?),
        Write::Unlock => check_unlock(assessment, role),
        Write::Lock => check_lock(assessment, role),
        Write::Reopen => check_reopen(assessment, role),
        Write::Details(details) => {
            frozen(assessment)?;
            details.clone().validated()?;
            Ok(())
        }
        Write::Report(op) => check_report(assessment, framework, role, op),
        Write::Action(op) => check_action(assessment, framework, role, op),
        Write::Document(op) => evidence::check_document(assessment, framework, role, op),
        Write::Request(op) => evidence::check_request(assessment, framework, role, op),
        Write::StartReview => check_reopen(assessment, role).map_err(|refused| match refused {
            Refused::NotFinal(status) => Refused::Invalid(format!(
                "a progress review starts from a Final assessment; this one is “{status}”"
            )),
            Refused::CouncilOnly(_) => Refused::CouncilOnly("start a progress review"),
            other => other,
        }),
    }
}

fn check_report(assessment: &Assessment, framework: &Framework, role: Role, op: &ReportOp) -> Result<(), Refused> {
    assessment.check_list_edit(role)?;
    match op {
        ReportOp::Summary(text) => check_length("executive summary", text, MAX_REPORT_TEXT_CHARS),
        ReportOp::Contact(text) => check_length("contact details", text, MAX_REPORT_TEXT_CHARS),
        ReportOp::Facts(_) => Ok(()),
        ReportOp::Order(order) => {
            for (index, section) in order.iter().enumerate() {
                if order[..index].contains(section) {
                    return Err(Refused::Invalid("the new order names a section twice".to_owned()));
                }
                check_section(assessment, framework, *section)?;
            }
            Ok(())
        }
    }
}

/// Refuses a section that is neither a theme nor an added section.
fn check_section(assessment: &Assessment, framework: &Framework, section: SectionRef) -> Result<(), Refused> {
    if assessment.has_section(framework, section) {
        return Ok(());
    }
    Err(match section {
        SectionRef::Theme(number) => Refused::NoSuchTheme {
            number,
            count: framework.themes.len(),
        },
        SectionRef::Added(_) => Refused::NoSuchEntry("report section"),
    })
}

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

fn check_answer(assessment: &Assessment, framework: &Framework, role: Role, edit: &Edit) -> Result<(), Refused> {
    if framework.item(&edit.item).is_none() {
        return Err(Refused::NoSuchItem(edit.item.as_str().to_owned()));
    }
    assessment.check_edit(role, edit)?;
    if let Change::Score(Some(score)) | Change::PeerScore(Some(score)) = &edit.change {
        framework.scale.check(*score)?;
    }
    if let Change::Basis(text) | Change::Notes(text) | Change::Challenge(text) = &edit.change {
        check_length(edit.change.field().label(), text, MAX_ANSWER_CHARS)?;
    }
    Ok(())
}

fn check_length(what: &str, text: &str, max_chars: usize) -> Result<(), Refused> {
    if text.chars().count() > max_chars {
        return Err(Refused::Invalid(format!(
            "the {} is too long (at most {max_chars} characters)",
            what.to_lowercase()
        )));
    }
    Ok(())
}

fn check_entry_text(list: ListKind, text: &str) -> Result<(), Refused> {
    if text.trim().is_empty() {
        return Err(Refused::Invalid("the text is empty".to_owned()));
    }
    match list {
        ListKind::Bullets(_) => {
            let bullets = BulletList::parse(text);
            if bullets.items.is_empty() {
                return Err(Refused::Invalid(format!(
                    "the bullet list “{}” has no bullets: write its sub-heading on the first line and one bullet on each line after",
                    bullets.heading
                )));
            }
        }
        ListKind::Sections if text.contains(['\n', '\r']) => {
            return Err(Refused::Invalid("a section's title is one line".to_owned()));
        }
        _ => {}
    }
    check_length("text", text, MAX_ENTRY_CHARS)
}

fn check_list(assessment: &Assessment, framework: &Framework, role: Role, op: &ListOp) -> Result<(), Refused> {
    assessment.check_list_edit(role)?;
    let entry = |id: &Uuid| {
        assessment
            .peer
            .entries
            .iter()
            .find(|entry| entry.id == *id)
            .ok_or(Refused::NoSuchEntry("entry"))
    };
    match op {
        ListOp::Add { list, text } => {
            if let Some(section) = list.section() {
                check_section(assessment, framework, section)?;
            }
            check_entry_text(*list, text)
        }
        ListOp::Edit { id, text } => check_entry_text(entry(id)?.list, text),
        ListOp::Move { id, .. } => entry(id).map(|_| ()),
        ListOp::Remove { id } => {
            let removed = entry(id)?;
            let held = assessment
                .peer
                .entries
                .iter()
                .filter(|entry| entry.list.section() == Some(SectionRef::Added(removed.id)))
                .count();
            if removed.list == ListKind::Sections && held > 0 {
                let entries = if held == 1 {
                    "1 entry".to_owned()
                } else {
                    format!("{held} entries")
                };
                return Err(Refused::Invalid(format!(
                    "the section “{}” still holds {entries}; remove them first",
                    removed.text
                )));
            }
            Ok(())
        }
    }
}

fn check_challenge(assessment: &Assessment, role: Role, op: &ChallengeOp) -> Result<(), Refused> {
    assessment.check_challenge_edit(role, op)?;
    op.check().map_err(Refused::Invalid)?;
    let question = |id: &Uuid| assessment.scope.iter().any(|q| q.id == *id);
    let member = |id: &Uuid| assessment.team.iter().any(|m| m.id == *id);
    let present = match op {
        ChallengeOp::EditQuestion { id, .. } | ChallengeOp::RemoveQuestion(id) | ChallengeOp::Respond { id, .. } => {
            question(id)
        }
        ChallengeOp::EditMember(edited) => member(&edited.id),
        ChallengeOp::RemoveMember(id) => member(id),
        ChallengeOp::AddQuestion(_) | ChallengeOp::AddMember(_) | ChallengeOp::SetVisit(_) => true,
    };
    if present {
        Ok(())
    } else {
        Err(Refused::NoSuchEntry(op.subject()))
    }
}

fn check_unlock(assessment: &Assessment, role: Role) -> Result<(), Refused> {
    frozen(assessment)?;
    if role != Role::Council {
        return Err(Refused::CouncilOnly("unlock the self-assessment"));
    }
    if !assessment.self_locked {
        return Err(Refused::NotLocked);
    }
    Ok(())
}

fn check_lock(assessment: &Assessment, role: Role) -> Result<(), Refused> {
    frozen(assessment)?;
    if role != Role::Council {
        return Err(Refused::CouncilOnly("lock the self-assessment"));
    }
    if assessment.self_locked || assessment.status == Status::Draft {
        return Err(Refused::NotUnlocked);
    }
    Ok(())
}

fn check_reopen(assessment: &Assessment, role: Role) -> Result<(), Refused> {
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
}

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    use super::*;
    use crate::domain::{Catalogue, ItemId, Score, TeamMember};

    fn fixture() -> (Framework, Assessment) {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework().clone();
        let assessment = Assessment::new(&framework, AssessmentDetails::default(), OffsetDateTime::UNIX_EPOCH);
        (framework, assessment)
    }

    fn score(item: &str, value: u8) -> Edit {
        Edit::new(ItemId::new(item), Change::Score(Score::new(value).ok()))
    }

    #[test]
    fn each_side_changes_only_its_own_fields() {
        let (framework, assessment) = fixture();
        let edit = score("1.1", 2);
        assert!(check(&assessment, &framework, Role::Council, Write::Answer(&edit)).is_ok());
        assert!(check(&assessment, &framework, Role::Peer, Write::Answer(&edit)).is_err());
        let peer = Edit::new(ItemId::new("1.1"), Change::PeerScore(None));
        assert!(check(&assessment, &framework, Role::Peer, Write::Answer(&peer)).is_ok());
        assert!(check(&assessment, &framework, Role::Council, Write::Answer(&peer)).is_err());
        let off_scale = score("1.1", 4);
        assert!(matches!(
            check(&assessment, &framework, Role::Council, Write::Answer(&off_scale)),
            Err(Refused::NotOnScale(_))
        ));
        let unknown = score("9.9", 1);
        assert_eq!(
            check(&assessment, &framework, Role::Council, Write::Answer(&unknown)),
            Err(Refused::NoSuchItem("9.9".into()))
        );
    }

    #[test]
    fn locks_final_and_superseded_versions_freeze_what_they_should() {
        let (framework, mut assessment) = fixture();
        assessment.status = Status::Submitted;
        assessment.self_locked = true;
        let edit = score("1.1", 2);
        assert!(check(&assessment, &framework, Role::Council, Write::Answer(&edit)).is_err());
        assert!(check(&assessment, &framework, Role::Peer, Write::Unlock).is_err());
        assert!(check(&assessment, &framework, Role::Council, Write::Unlock).is_ok());
        assert!(
            check(&assessment, &framework, Role::Council, Write::Lock).is_err(),
            "already locked"
        );
        assessment.self_locked = false;
        assert!(check(&assessment, &framework, Role::Council, Write::Lock).is_ok());
        assert!(check(&assessment, &framework, Role::Peer, Write::Lock).is_err());
        assessment.self_locked = true;
        assert!(check(&assessment, &framework, Role::Council, Write::Reopen).is_err());
        assessment.status = Status::Final;
        assert!(check(&assessment, &framework, Role::Council, Write::Unlock).is_err());
        assert!(check(&assessment, &framework, Role::Council, Write::Reopen).is_ok());
        assert!(
            check(
                &assessment,
                &framework,
                Role::Council,
                Write::Details(&AssessmentDetails::default())
            )
            .is_err()
        );
        assessment.superseded_by = Some(crate::domain::AssessmentId::random());
        assert!(check(&assessment, &framework, Role::Council, Write::Reopen).is_err());
    }

    #[test]
    fn findings_need_text_within_the_limit_and_a_real_theme() {
        let (framework, assessment) = fixture();
        let add = |list, text: &str| ListOp::Add {
            list,
            text: text.to_owned(),
        };
        let ok = add(ListKind::Strengths(SectionRef::Theme(2)), "Strong reablement");
        assert!(check(&assessment, &framework, Role::Peer, Write::List(&ok)).is_ok());
        assert!(check(&assessment, &framework, Role::Council, Write::List(&ok)).is_err());
        let long = add(ListKind::KeyMessages, &"x".repeat(MAX_ENTRY_CHARS + 1));
        assert!(matches!(
            check(&assessment, &framework, Role::Peer, Write::List(&long)),
            Err(Refused::Invalid(_))
        ));
        let empty = add(ListKind::KeyMessages, "   ");
        assert!(check(&assessment, &framework, Role::Peer, Write::List(&empty)).is_err());
        let no_theme = add(ListKind::Areas(SectionRef::Theme(9)), "x");
        assert!(matches!(
            check(&assessment, &framework, Role::Peer, Write::List(&no_theme)),
            Err(Refused::NoSuchTheme { number: 9, .. })
        ));
        let gone = ListOp::Remove { id: Uuid::new_v4() };
        assert!(check(&assessment, &framework, Role::Peer, Write::List(&gone)).is_err());
    }

    #[test]
    fn a_framework_never_changes_once_known_and_is_removed_only_unused() {
        let catalogue = Catalogue::builtin();
        let teasc = catalogue.default_framework().clone();
        assert_eq!(check_add_framework(&catalogue, &teasc), Ok(FrameworkAdd::AlreadyThere));
        let mut changed = teasc.clone();
        changed.title.push_str(" (edited)");
        assert!(matches!(
            check_add_framework(&catalogue, &changed),
            Err(Refused::FrameworkBuiltIn(_))
        ));
        changed.version = "2027".to_owned();
        assert_eq!(check_add_framework(&catalogue, &changed), Ok(FrameworkAdd::New));
        let added = Catalogue::with_added(vec![crate::domain::Installed {
            framework: changed.clone(),
            origin: crate::domain::Origin::Added {
                at: OffsetDateTime::UNIX_EPOCH,
                by: crate::domain::Author::default(),
            },
        }]);
        let mut edited_again = changed.clone();
        edited_again.short_title = "Other".to_owned();
        assert!(matches!(
            check_add_framework(&added, &edited_again),
            Err(Refused::FrameworkTaken(_))
        ));
        let reference = changed.reference();
        assert!(matches!(
            check_remove_framework(&added, &reference, 2),
            Err(Refused::FrameworkInUse { .. })
        ));
        assert_eq!(check_remove_framework(&added, &reference, 0), Ok(()));
        assert!(check_remove_framework(&added, &teasc.reference(), 0).is_err());
        let mut broken = changed;
        broken.themes.clear();
        assert!(matches!(check_add_framework(&added, &broken), Err(Refused::Invalid(_))));
    }

    #[test]
    fn challenge_changes_are_validated_and_need_their_entry() {
        let (framework, assessment) = fixture();
        let member = ChallengeOp::AddMember(TeamMember {
            name: "Ann".into(),
            ..TeamMember::default()
        });
        assert!(check(&assessment, &framework, Role::Peer, Write::Challenge(&member)).is_ok());
        let respond = ChallengeOp::Respond {
            id: Uuid::new_v4(),
            text: "Yes".into(),
        };
        assert!(check(&assessment, &framework, Role::Peer, Write::Challenge(&respond)).is_err());
        let long = ChallengeOp::AddQuestion("q".repeat(30_000));
        assert!(check(&assessment, &framework, Role::Council, Write::Challenge(&long)).is_err());
    }
}
