//! What someone asks for, described as changes: an edit of an answer, a
//! finding added, an action's status set, a document linked… Each request
//! ([`Write`]) becomes the changes it makes to the assessment as it is now,
//! each *from* the value it replaces — or, for an edit typed in a window,
//! from the value that window showed ([`Edit::seen`]). Nothing here checks a
//! rule or writes anything.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    Change,
    build::default_part,
    subject::{ActionPart, AssessmentField, DocumentPart, EntryField, EntryKind, RequestPart, Subject},
    value,
};
use crate::domain::{
    action_plan::{ActionOp, ActionSource},
    assessment::{Assessment, AssessmentDetails, Status},
    challenge::{ChallengeOp, format_date},
    edit::Edit,
    evidence::{DocumentOp, RequestOp, items_key},
    peer::ListOp,
    peer_report::{ReportOp, order_key},
    quarter::progress_value,
    role::{Author, Role},
    roster::{RosterEntry, entry_for},
};

/// Everything someone can ask to change in one assessment.
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
    Document(&'a DocumentOp),
    /// A request for evidence, or its answer.
    Request(&'a RequestOp),
    /// A key added to the roster, renamed or retired.
    Roster(&'a RosterEntry),
    /// One of its settings, to a value as recorded (empty clears it); with
    /// the value the person saw when they typed it, if they saw one — a
    /// setting changed since is a conflict, not an overwrite.
    Setting {
        setting: crate::domain::settings::Setting,
        seen: Option<&'a str>,
        to: &'a str,
    },
}

/// The entry a request names is not in the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotThere(pub &'static str);

/// Describes `write`, asked by `author` at `at`, as the changes it makes to
/// `assessment` as it is now. A request that would change nothing is no
/// changes. Reopening and starting a review make a new assessment, which is
/// not a change to this one: they are no changes here.
pub fn describe(
    assessment: &Assessment,
    write: Write<'_>,
    author: &Author,
    at: OffsetDateTime,
) -> Result<Vec<Change>, NotThere> {
    let mut made = Made {
        assessment,
        author,
        at,
        changes: Vec::new(),
    };
    match write {
        Write::Answer(edit) => made.answer(edit),
        Write::List(op) => made.list(op)?,
        Write::Challenge(op) => made.challenge(op)?,
        Write::Status(status) => {
            // Always a change, so the workflow says why a move is not one.
            made.force(
                Subject::Assessment(AssessmentField::Status),
                Some(status.as_str().to_owned()),
            );
            if status == Status::Submitted {
                made.set(Subject::Assessment(AssessmentField::SelfLocked), Some(true.to_string()));
            }
        }
        Write::Unlock | Write::Lock => made.force(
            Subject::Assessment(AssessmentField::SelfLocked),
            Some(matches!(write, Write::Lock).to_string()),
        ),
        Write::Details(details) => made.set(
            Subject::Assessment(AssessmentField::Details),
            Some(value::details_value(details)),
        ),
        Write::Report(op) => made.report(op),
        Write::Action(op) => made.action(op)?,
        Write::Document(op) => made.document(op)?,
        Write::Request(op) => made.request(op),
        Write::Roster(entry) => made.set(Subject::Roster(entry.id(assessment.id)), Some(entry.value())),
        Write::Setting { setting, seen, to } => {
            let subject = Subject::Assessment(AssessmentField::Setting(setting));
            match seen {
                // Typed over a value that has changed since: the rules name
                // the conflict.
                Some(seen) if Some(seen) != value::current(assessment, &subject).as_deref() => {
                    made.changes.push(Change::new(
                        subject,
                        (Some(seen.to_owned()), Some(to.to_owned())),
                        author,
                        at,
                    ));
                }
                _ => made.set(subject, Some(to.to_owned())),
            }
        }
        Write::Reopen | Write::StartReview => {}
    }
    if let Some(place) = own_place(assessment, author, at)
        && !made.changes.is_empty()
        && !made.changes.iter().any(|change| change.subject == place.subject)
    {
        made.changes.insert(0, place);
    }
    Ok(made.changes)
}

/// The change that gives the author's own key a place on the roster for
/// the side they work as, made with their first signed change as that
/// side, where the roster lets them take it: the council's key first on an
/// empty roster; a council officer's key as the peer team's lead too (the
/// council names the lead). Anyone else waits to be accepted.
fn own_place(assessment: &Assessment, author: &Author, at: OffsetDateTime) -> Option<Change> {
    let key = author.key?;
    if entry_for(assessment, key, author.role).is_some() {
        return None;
    }
    let entry = RosterEntry::of(author, key, author.role == Role::Peer);
    // Made as the side that may add the place: the council's, for both.
    let manager = if assessment.roster.is_empty() {
        (author.role == Role::Council).then_some(Role::Council)?
    } else {
        assessment
            .roster
            .iter()
            .find(|mine| mine.key == key && mine.stands_at(at) && mine.may_manage(&entry))?
            .role
    };
    let by = Author {
        role: manager,
        ..author.clone()
    };
    Some(Change::new(
        Subject::Roster(entry.id(assessment.id)),
        (None, Some(entry.value())),
        &by,
        at,
    ))
}

/// The changes made so far for one request.
struct Made<'a> {
    assessment: &'a Assessment,
    author: &'a Author,
    at: OffsetDateTime,
    changes: Vec<Change>,
}

impl Made<'_> {
    /// Sets `subject` to `to`, if that changes it.
    fn set(&mut self, subject: Subject, to: Option<String>) {
        if let Some(change) = Change::to_value(self.assessment, subject, to, self.author, self.at) {
            self.changes.push(change);
        }
    }

    /// Sets `subject` to `to` even when it holds it already, so the rules
    /// can say why there is nothing to do (unlocking what is not locked).
    fn force(&mut self, subject: Subject, to: Option<String>) {
        let from = value::current(self.assessment, &subject);
        self.changes
            .push(Change::new(subject, (from, to), self.author, self.at));
    }

    /// Adds the entry `id` of `kind` as `to`.
    fn add(&mut self, id: Uuid, kind: EntryKind, to: String) {
        self.changes.push(Change::new(
            Subject::Entry(id, EntryField::Entry(kind)),
            (None, Some(to)),
            self.author,
            self.at,
        ));
    }

    /// The kind of entry `id`, which must be there.
    fn kind(&self, id: Uuid, what: &'static str) -> Result<EntryKind, NotThere> {
        value::kind_of(self.assessment, id).ok_or(NotThere(what))
    }

    fn answer(&mut self, edit: &Edit) {
        let subject = Subject::Answer(edit.item.clone(), edit.value.field());
        let to = edit.value.value_text();
        match &edit.seen {
            // Typed in a window: from what that window showed.
            Some(seen) => {
                let from = seen.value_text();
                if from != to || value::current(self.assessment, &subject) != to {
                    self.changes
                        .push(Change::new(subject, (from, to), self.author, self.at));
                }
            }
            None => self.set(subject, to),
        }
    }

    fn list(&mut self, op: &ListOp) -> Result<(), NotThere> {
        match op {
            ListOp::Add { list, text } => self.add(Uuid::new_v4(), EntryKind::List(*list), text.clone()),
            ListOp::Edit { id, text } => {
                let kind = self.kind(*id, "entry")?;
                self.set(Subject::Entry(*id, EntryField::Entry(kind)), Some(text.clone()));
            }
            ListOp::Move { id, up } => {
                let (_, place) = value::position(self.assessment, *id).ok_or(NotThere("entry"))?;
                let siblings = value::order_of(self.assessment, self.kind(*id, "entry")?).len();
                let to = if *up { place.saturating_sub(1) } else { place + 1 };
                if (1..=siblings).contains(&to) {
                    self.set(Subject::Entry(*id, EntryField::Position), Some(to.to_string()));
                }
            }
            ListOp::Remove { id } => {
                let kind = self.kind(*id, "entry")?;
                self.set(Subject::Entry(*id, EntryField::Entry(kind)), None);
            }
        }
        Ok(())
    }

    fn challenge(&mut self, op: &ChallengeOp) -> Result<(), NotThere> {
        let entry = |id: Uuid, kind| Subject::Entry(id, EntryField::Entry(kind));
        let held = |found: bool, what| if found { Ok(()) } else { Err(NotThere(what)) };
        let question = |id: &Uuid| held(self.assessment.scope.iter().any(|q| q.id == *id), "scope question");
        let member = |id: &Uuid| held(self.assessment.team.iter().any(|m| m.id == *id), "team member");
        match op {
            ChallengeOp::AddQuestion(text) => self.add(Uuid::new_v4(), EntryKind::Scope, text.clone()),
            ChallengeOp::EditQuestion { id, text } => {
                question(id)?;
                self.set(entry(*id, EntryKind::Scope), Some(text.clone()));
            }
            ChallengeOp::RemoveQuestion(id) => {
                question(id)?;
                self.set(entry(*id, EntryKind::Scope), None);
            }
            ChallengeOp::Respond { id, text } => {
                question(id)?;
                self.set(Subject::Entry(*id, EntryField::ScopeResponse), Some(text.clone()));
            }
            ChallengeOp::AddMember(added) => {
                let id = Uuid::new_v4();
                let member = crate::domain::TeamMember { id, ..added.clone() };
                self.add(id, EntryKind::Team, value::member_value(&member));
            }
            ChallengeOp::EditMember(edited) => {
                member(&edited.id)?;
                self.set(entry(edited.id, EntryKind::Team), Some(value::member_value(edited)));
            }
            ChallengeOp::RemoveMember(id) => {
                member(id)?;
                self.set(entry(*id, EntryKind::Team), None);
            }
            ChallengeOp::SetVisit(visit) => {
                self.set(Subject::Assessment(AssessmentField::Visit), value::visit_value(visit));
            }
        }
        Ok(())
    }

    fn report(&mut self, op: &ReportOp) {
        let (field, to) = match op {
            ReportOp::Summary(text) => (AssessmentField::Summary, text.clone()),
            ReportOp::Contact(text) => (AssessmentField::Contact, text.clone()),
            ReportOp::Facts(facts) => (AssessmentField::Facts, facts.key()),
            ReportOp::Order(order) => (AssessmentField::SectionOrder, order_key(order)),
            ReportOp::Names(names) => (AssessmentField::SectionNames, names.key()),
            ReportOp::Wording(wording) => (AssessmentField::Wording, wording.key()),
            ReportOp::Issue(issued) => {
                let to = issued.then(|| crate::domain::peer_report::ISSUED.to_owned());
                self.set(Subject::Assessment(AssessmentField::ReportIssued), to);
                return;
            }
        };
        self.set(Subject::Assessment(field), Some(to));
    }

    fn action(&mut self, op: &ActionOp) -> Result<(), NotThere> {
        let part = |id: Uuid, part| Subject::Entry(id, EntryField::Action(part));
        if let Some(id) = op.action()
            && !self.assessment.actions.iter().any(|a| a.id == id)
        {
            return Err(NotThere("action"));
        }
        match op {
            ActionOp::Add {
                id,
                text,
                source,
                owner,
                due,
            } => {
                self.add(*id, EntryKind::Action, text.clone());
                let parts = [
                    (
                        ActionPart::Source,
                        Some(source.key()).filter(|_| *source != ActionSource::None),
                    ),
                    (ActionPart::OWNER, Some(owner.clone()).filter(|owner| !owner.is_empty())),
                    (ActionPart::Due, due.map(|due| format_date(Some(due)))),
                ];
                for (which, value) in parts {
                    if let Some(value) = value {
                        let from = default_part(EntryField::Action(which));
                        self.changes
                            .push(Change::new(part(*id, which), (from, Some(value)), self.author, self.at));
                    }
                }
            }
            ActionOp::Text { id, text } => self.set(
                Subject::Entry(*id, EntryField::Entry(EntryKind::Action)),
                Some(text.clone()),
            ),
            ActionOp::Source { id, source } => {
                self.set(
                    part(*id, ActionPart::Source),
                    Some(source.key()).filter(|key| !key.is_empty()),
                );
            }
            ActionOp::Owner { id, owner } => self.set(part(*id, ActionPart::OWNER), Some(owner.clone())),
            ActionOp::Part { id, part: which, text } => {
                let value = match which {
                    ActionPart::Value(_) => Some(text.trim().to_owned()).filter(|text| !text.is_empty()),
                    // One of a few words, however it was typed: "Lower " is "lower".
                    choice if !choice.choices().is_empty() => Some(text.trim().to_lowercase()),
                    _ => Some(text.clone()),
                };
                self.set(part(*id, *which), value);
            }
            ActionOp::Due { id, due } => self.set(part(*id, ActionPart::Due), due.map(|due| format_date(Some(due)))),
            ActionOp::Status { id, status } => {
                self.set(part(*id, ActionPart::Status), Some(status.as_str().to_owned()));
            }
            ActionOp::Progress { id, on, text } => {
                self.add(Uuid::new_v4(), EntryKind::Progress, progress_value(*id, *on, text));
            }
            ActionOp::EditNote { note, on, text } => {
                let action = self.action_of(*note)?;
                self.set(
                    Subject::Entry(*note, EntryField::Entry(EntryKind::Progress)),
                    Some(progress_value(action, *on, text)),
                );
            }
            ActionOp::RemoveNote { note } => {
                self.action_of(*note)?;
                self.set(Subject::Entry(*note, EntryField::Entry(EntryKind::Progress)), None);
            }
            ActionOp::Move { id, place } => {
                self.set(Subject::Entry(*id, EntryField::Position), Some(place.to_string()));
            }
            ActionOp::Remove { id } => {
                // Its notes go with it, each recorded, so no note's history
                // says it is still there.
                let notes = self
                    .assessment
                    .actions
                    .iter()
                    .filter(|a| a.id == *id)
                    .flat_map(|a| &a.progress);
                let removed: Vec<Uuid> = notes.map(|note| note.id).collect();
                for note in removed {
                    self.set(Subject::Entry(note, EntryField::Entry(EntryKind::Progress)), None);
                }
                self.set(Subject::Entry(*id, EntryField::Entry(EntryKind::Action)), None);
            }
        }
        Ok(())
    }

    /// The action a note of progress belongs to.
    fn action_of(&self, note: Uuid) -> Result<Uuid, NotThere> {
        self.assessment
            .actions
            .iter()
            .find(|a| a.progress.iter().any(|n| n.id == note))
            .map(|a| a.id)
            .ok_or(NotThere("note of progress"))
    }

    fn document(&mut self, op: &DocumentOp) -> Result<(), NotThere> {
        let part = |id: Uuid, part| Subject::Entry(id, EntryField::Document(part));
        if let Some(id) = op.document()
            && !self.assessment.documents.iter().any(|d| d.id == id)
        {
            return Err(NotThere("document"));
        }
        match op {
            DocumentOp::Add {
                id,
                title,
                particulars,
                items,
                file,
            } => {
                self.add(*id, EntryKind::Document, title.clone());
                let parts = [
                    (
                        DocumentPart::Particulars,
                        Some(particulars.key())
                            .filter(|_| *particulars != crate::domain::evidence::Particulars::default()),
                    ),
                    (
                        DocumentPart::Items,
                        Some(items_key(items)).filter(|items| !items.is_empty()),
                    ),
                    (
                        DocumentPart::File,
                        file.as_ref().map(crate::domain::evidence::Attached::key),
                    ),
                ];
                for (which, value) in parts {
                    if let Some(value) = value {
                        let from = default_part(EntryField::Document(which));
                        self.changes
                            .push(Change::new(part(*id, which), (from, Some(value)), self.author, self.at));
                    }
                }
            }
            DocumentOp::Link { id, items } => {
                self.set(
                    part(*id, DocumentPart::Items),
                    Some(items_key(items)).filter(|items| !items.is_empty()),
                );
            }
            DocumentOp::Attach { id, file } => self.set(part(*id, DocumentPart::File), Some(file.key())),
            DocumentOp::Considered { id, considered } => {
                self.set(part(*id, DocumentPart::Considered), Some(considered.to_string()));
            }
            DocumentOp::Edit { id, title, particulars } => {
                self.set(
                    Subject::Entry(*id, EntryField::Entry(EntryKind::Document)),
                    Some(title.clone()),
                );
                self.set(
                    part(*id, DocumentPart::Particulars),
                    Some(particulars.key()).filter(|_| *particulars != crate::domain::evidence::Particulars::default()),
                );
            }
            DocumentOp::Remove { id } => self.set(Subject::Entry(*id, EntryField::Entry(EntryKind::Document)), None),
        }
        Ok(())
    }

    fn request(&mut self, op: &RequestOp) {
        match op {
            RequestOp::Ask { id, text, items, on } => {
                self.add(*id, EntryKind::Request, value::request_value(text, *on));
                if !items.is_empty() {
                    self.changes.push(Change::new(
                        Subject::Entry(*id, EntryField::Request(RequestPart::Items)),
                        (None, Some(items_key(items))),
                        self.author,
                        self.at,
                    ));
                }
            }
            RequestOp::Answer { id, answer } => self.set(
                Subject::Entry(*id, EntryField::Request(RequestPart::Answer)),
                Some(answer.key()),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Catalogue, ItemId, Score, edit::AnswerValue};

    fn fixture() -> Assessment {
        Assessment::new(
            Catalogue::builtin().default_framework(),
            AssessmentDetails::default(),
            OffsetDateTime::UNIX_EPOCH,
        )
    }

    #[test]
    fn a_request_is_described_from_the_value_it_replaces_and_applies_back() {
        let mut assessment = fixture();
        let author = Author::default();
        let edit = Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(2).ok()));
        let changes =
            describe(&assessment, Write::Answer(&edit), &author, OffsetDateTime::UNIX_EPOCH).expect("described");
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].from.as_deref(), changes[0].to.as_deref()),
            (None, Some("2"))
        );
        assessment.apply_change(&changes[0]).expect("applies");
        assert_eq!(assessment.answer(&ItemId::new("1.1")).score, Score::new(2).ok());
        let again =
            describe(&assessment, Write::Answer(&edit), &author, OffsetDateTime::UNIX_EPOCH).expect("described");
        assert!(again.is_empty(), "what is already so is no change");
    }

    #[test]
    fn an_added_action_applies_back_exactly() {
        let mut assessment = fixture();
        let id = Uuid::new_v4();
        let op = ActionOp::Add {
            id,
            text: "Review charging".into(),
            source: ActionSource::Item(ItemId::new("2.3")),
            owner: "Finance lead".into(),
            due: time::Date::from_calendar_date(2027, time::Month::March, 31).ok(),
        };
        let author = Author::default();
        let changes =
            describe(&assessment, Write::Action(&op), &author, OffsetDateTime::UNIX_EPOCH).expect("described");
        for change in &changes {
            assessment.apply_change(change).expect("applies");
        }
        let action = &assessment.actions[0];
        assert_eq!(action.id, id);
        assert_eq!(action.owner, "Finance lead");
        assert_eq!(action.source, ActionSource::Item(ItemId::new("2.3")));
        assert!(action.due.is_some());
    }
}
