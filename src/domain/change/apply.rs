//! Applying one change to an assessment: the only code that turns a
//! recorded value back into the assessment's fields. The rules have checked
//! the change first ([`crate::domain::rules::check`]); storage then writes
//! the assessment as it now is, without looking at the change again.

use uuid::Uuid;

use super::{
    Change,
    subject::{ActionPart, AnswerField, AssessmentField, DocumentPart, EntryField, EntryKind, RequestPart, Subject},
    value,
};
use crate::domain::{
    action_plan::{Action, ActionSource, Progress},
    assessment::Assessment,
    challenge::{ScopeQuestion, parse_date},
    evidence::{Answer, Attached, Document, Particulars, Request, parse_items},
    peer::ListEntry,
    peer_report::{Facts, parse_order},
    quarter::parse_progress,
    roster::RosterEntry,
    score::Score,
};

/// A change that cannot be applied: its value is not one its field holds,
/// or the entry it changes is not there. The rules refuse both first; this
/// is the last line, so a change is never half applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the change to “{field}” cannot be made: {problem}")]
pub struct Unappliable {
    /// The field, as recorded.
    pub field: String,
    /// What is wrong.
    pub problem: &'static str,
}

/// The name a change is attributed to in what it writes: a progress note's
/// author, a request's asker.
fn name_of(change: &Change) -> String {
    let name = change.author.name.trim();
    if name.is_empty() { "Unnamed" } else { name }.to_owned()
}

impl Assessment {
    /// Makes `change` to this assessment: sets its field to the change's
    /// *to*, adds or removes the entry it names, or moves it.
    pub fn apply_change(&mut self, change: &Change) -> Result<(), Unappliable> {
        let fail = |problem| Unappliable {
            field: change.subject.key(),
            problem,
        };
        let to = change.to.as_deref();
        match &change.subject {
            Subject::Answer(item, field) => {
                let answer = self.answers.entry(item.clone()).or_default();
                let score = || to.map(str::parse::<Score>).transpose().map_err(|_| fail("not a score"));
                match field {
                    AnswerField::Score => answer.score = score()?,
                    AnswerField::PeerScore => answer.peer_score = score()?,
                    AnswerField::Basis => to.unwrap_or_default().clone_into(&mut answer.basis),
                    AnswerField::Notes => to.unwrap_or_default().clone_into(&mut answer.notes),
                    AnswerField::Challenge => to.unwrap_or_default().clone_into(&mut answer.challenge),
                }
                answer.created_at.get_or_insert(change.at);
                answer.updated_at = Some(change.at);
            }
            Subject::Assessment(field) => self.set_field(*field, to).map_err(fail)?,
            Subject::Entry(id, EntryField::Entry(kind)) => match (change.from.is_some(), to) {
                (_, None) => self.remove_entry(*id, *kind).map_err(fail)?,
                (false, Some(value)) => self.add_entry(*id, *kind, value, change).map_err(fail)?,
                (true, Some(value)) => self.reword_entry(*id, *kind, value).map_err(fail)?,
            },
            Subject::Entry(id, EntryField::Position) => {
                let place = to
                    .and_then(|place| place.parse::<usize>().ok())
                    .ok_or(fail("not a place"))?;
                self.move_entry(*id, place).map_err(fail)?;
            }
            Subject::Entry(id, field) => self.set_part(*id, *field, to).map_err(fail)?,
            Subject::Roster(id) => self.set_roster(*id, to).map_err(fail)?,
        }
        self.updated_at = self.updated_at.max(change.at);
        Ok(())
    }

    /// Adds, renames or retires the key whose roster id is `id`.
    fn set_roster(&mut self, id: Uuid, to: Option<&str>) -> Result<(), &'static str> {
        let this = self.id;
        let place = self.roster.iter().position(|entry| entry.id(this) == id);
        let Some(value) = to else {
            if let Some(place) = place {
                self.roster.remove(place);
            }
            return Ok(());
        };
        let entry = RosterEntry::from_value(value).map_err(|_| "not an entry of the roster")?;
        if entry.id(this) != id {
            return Err("an entry of the roster under another key's place");
        }
        match place {
            Some(place) => self.roster[place] = entry,
            None => self.roster.push(entry),
        }
        Ok(())
    }

    fn set_field(&mut self, field: AssessmentField, to: Option<&str>) -> Result<(), &'static str> {
        let id = |to: Option<&str>| {
            to.map(|text| text.parse().map_err(|_| "not an assessment id"))
                .transpose()
        };
        match field {
            AssessmentField::Status => self.status = to.and_then(|s| s.parse().ok()).ok_or("not a status")?,
            AssessmentField::SelfLocked => self.self_locked = flag(to)?,
            AssessmentField::Details => {
                self.details = to.and_then(value::parse_details).ok_or("not the details")?;
            }
            AssessmentField::Supersedes => self.supersedes = id(to)?,
            AssessmentField::SupersededBy => self.superseded_by = id(to)?,
            AssessmentField::Baseline => self.baseline = id(to)?,
            AssessmentField::Visit => self.visit = value::parse_visit(to).ok_or("not the days on site")?,
            AssessmentField::Summary => to.unwrap_or_default().clone_into(&mut self.report.summary),
            AssessmentField::Contact => to.unwrap_or_default().clone_into(&mut self.report.contact),
            AssessmentField::Facts => self.report.facts = to.and_then(Facts::parse).ok_or("not the facts")?,
            AssessmentField::SectionOrder => {
                self.report.order = to.and_then(parse_order).ok_or("not an order of sections")?;
            }
            AssessmentField::ReportIssued => self.report.issued = to == Some(crate::domain::peer_report::ISSUED),
            AssessmentField::Setting(setting) => {
                setting
                    .check(to.unwrap_or_default())
                    .map_err(|_| "not a value of that setting")?;
                self.settings.set(setting, to);
            }
            AssessmentField::Wording => {
                self.report.wording = to
                    .and_then(crate::domain::background_wording::Wording::parse)
                    .ok_or("not the wording of the background")?;
            }
            AssessmentField::SectionNames => {
                self.report.names = to
                    .and_then(crate::domain::section_names::SectionNames::parse)
                    .ok_or("not the report's names for its themes")?;
            }
        }
        Ok(())
    }

    fn add_entry(&mut self, id: Uuid, kind: EntryKind, text: &str, change: &Change) -> Result<(), &'static str> {
        match kind {
            EntryKind::List(list) => self.peer.entries.push(ListEntry {
                id,
                list,
                text: text.to_owned(),
            }),
            EntryKind::Scope => self.scope.push(ScopeQuestion {
                id,
                question: text.to_owned(),
                response: String::new(),
            }),
            EntryKind::Team => self
                .team
                .push(value::parse_member(id, text).ok_or("not a team member")?),
            EntryKind::Action => self.actions.push(Action::new(id, text)),
            EntryKind::Progress => {
                let (action, on, words) = parse_progress(text).ok_or("not a note of progress")?;
                let by = name_of(change);
                self.actions
                    .iter_mut()
                    .find(|a| a.id == action)
                    .ok_or("its action is not in the plan")?
                    .progress
                    .push(Progress {
                        id,
                        on,
                        text: words,
                        by,
                    });
            }
            EntryKind::Document => self.documents.push(Document {
                id,
                title: text.to_owned(),
                particulars: Particulars::default(),
                items: Vec::new(),
                file: None,
                considered: false,
            }),
            EntryKind::Request => {
                let (words, on) = value::parse_request(text).ok_or("not a request")?;
                self.requests.push(Request {
                    id,
                    text: words,
                    items: Vec::new(),
                    asked_by: name_of(change),
                    asked_on: on,
                    answer: None,
                });
            }
        }
        Ok(())
    }

    fn reword_entry(&mut self, id: Uuid, kind: EntryKind, text: &str) -> Result<(), &'static str> {
        let missing = "the entry is not there";
        match kind {
            EntryKind::List(list) => {
                let entry = self.peer.entries.iter_mut().find(|e| e.id == id && e.list == list);
                text.clone_into(&mut entry.ok_or(missing)?.text);
            }
            EntryKind::Scope => {
                text.clone_into(&mut self.scope.iter_mut().find(|q| q.id == id).ok_or(missing)?.question);
            }
            EntryKind::Team => {
                let member = value::parse_member(id, text).ok_or("not a team member")?;
                *self.team.iter_mut().find(|m| m.id == id).ok_or(missing)? = member;
            }
            EntryKind::Action => {
                text.clone_into(&mut self.actions.iter_mut().find(|a| a.id == id).ok_or(missing)?.text);
            }
            EntryKind::Progress => {
                let (action, on, words) = parse_progress(text).ok_or("not a note of progress")?;
                let note = self
                    .actions
                    .iter_mut()
                    .filter(|a| a.id == action)
                    .flat_map(|a| a.progress.iter_mut())
                    .find(|note| note.id == id)
                    .ok_or(missing)?;
                note.on = on;
                note.text = words;
            }
            EntryKind::Document => {
                text.clone_into(&mut self.documents.iter_mut().find(|d| d.id == id).ok_or(missing)?.title);
            }
            EntryKind::Request => {
                let (words, on) = value::parse_request(text).ok_or("not a request")?;
                let request = self.requests.iter_mut().find(|r| r.id == id).ok_or(missing)?;
                request.text = words;
                request.asked_on = on;
            }
        }
        Ok(())
    }

    fn remove_entry(&mut self, id: Uuid, kind: EntryKind) -> Result<(), &'static str> {
        let before = value::order_of(self, kind).len();
        match kind {
            EntryKind::List(_) => self.peer.entries.retain(|e| e.id != id),
            EntryKind::Scope => self.scope.retain(|q| q.id != id),
            EntryKind::Team => self.team.retain(|m| m.id != id),
            EntryKind::Action => self.actions.retain(|a| a.id != id),
            EntryKind::Progress => {
                for action in &mut self.actions {
                    action.progress.retain(|note| note.id != id);
                }
            }
            EntryKind::Document => self.documents.retain(|d| d.id != id),
            EntryKind::Request => self.requests.retain(|r| r.id != id),
        }
        if value::order_of(self, kind).len() < before {
            Ok(())
        } else {
            Err("the entry is not there")
        }
    }

    /// Moves an entry to `place` (1 is first) among its siblings.
    fn move_entry(&mut self, id: Uuid, place: usize) -> Result<(), &'static str> {
        let (kind, _) = value::position(self, id).ok_or("the entry is not there")?;
        let rank = |order: &[Uuid]| -> Result<Vec<Uuid>, &'static str> {
            let mut order: Vec<Uuid> = order.iter().copied().filter(|x| *x != id).collect();
            if place == 0 || place > order.len() + 1 {
                return Err("the place is outside its list");
            }
            order.insert(place - 1, id);
            Ok(order)
        };
        let sort = |order: &[Uuid]| {
            let order = order.to_vec();
            move |x: &Uuid| order.iter().position(|y| y == x).unwrap_or(usize::MAX)
        };
        match kind {
            EntryKind::Progress => {
                let action = self
                    .actions
                    .iter_mut()
                    .find(|a| a.progress.iter().any(|n| n.id == id))
                    .ok_or("the entry is not there")?;
                let order = rank(&action.progress.iter().map(|n| n.id).collect::<Vec<_>>())?;
                let at = sort(&order);
                action.progress.sort_by_key(|n| at(&n.id));
            }
            EntryKind::List(list) => {
                let at = sort(&rank(&value::order_of(self, kind))?);
                // The list's entries take the same slots, in the new order.
                let mut moved: Vec<ListEntry> = self.peer.list(list).cloned().collect();
                moved.sort_by_key(|e| at(&e.id));
                let mut moved = moved.into_iter();
                for entry in &mut self.peer.entries {
                    if entry.list == list
                        && let Some(next) = moved.next()
                    {
                        *entry = next;
                    }
                }
            }
            other => {
                let at = sort(&rank(&value::order_of(self, other))?);
                match other {
                    EntryKind::Scope => self.scope.sort_by_key(|q| at(&q.id)),
                    EntryKind::Team => self.team.sort_by_key(|m| at(&m.id)),
                    EntryKind::Action => self.actions.sort_by_key(|a| at(&a.id)),
                    EntryKind::Document => self.documents.sort_by_key(|d| at(&d.id)),
                    EntryKind::Request => self.requests.sort_by_key(|r| at(&r.id)),
                    EntryKind::List(_) | EntryKind::Progress => {}
                }
            }
        }
        Ok(())
    }

    fn set_part(&mut self, id: Uuid, field: EntryField, to: Option<&str>) -> Result<(), &'static str> {
        let missing = "the entry is not there";
        match field {
            EntryField::ScopeResponse => {
                let question = self.scope.iter_mut().find(|q| q.id == id).ok_or(missing)?;
                to.unwrap_or_default().clone_into(&mut question.response);
            }
            EntryField::Action(part) => {
                let action = self.actions.iter_mut().find(|a| a.id == id).ok_or(missing)?;
                match part {
                    ActionPart::Source => {
                        action.source = ActionSource::parse(to.unwrap_or_default()).ok_or("not a source")?;
                    }
                    ActionPart::Due => action.due = parse_date(to.unwrap_or_default()).map_err(|_| "not a date")?,
                    ActionPart::Status => action.status = to.and_then(|s| s.parse().ok()).ok_or("not a status")?,
                    text @ ActionPart::Text(_) => {
                        let line = action.text_part_mut(text).ok_or("not a text")?;
                        to.unwrap_or_default().clone_into(line);
                    }
                    ActionPart::Value(quarter) => match to {
                        Some(value) => {
                            action.values.insert(quarter, value.to_owned());
                        }
                        None => {
                            action.values.remove(&quarter);
                        }
                    },
                }
            }
            EntryField::Document(part) => {
                let document = self.documents.iter_mut().find(|d| d.id == id).ok_or(missing)?;
                match part {
                    DocumentPart::Particulars => {
                        document.particulars = to
                            .map_or(Some(Particulars::default()), Particulars::parse)
                            .ok_or("not particulars")?;
                    }
                    DocumentPart::Items => document.items = parse_items(to.unwrap_or_default()),
                    DocumentPart::File => {
                        document.file = to.map(|f| Attached::parse(f).ok_or("not a file")).transpose()?;
                    }
                    DocumentPart::Considered => document.considered = flag(to)?,
                }
            }
            EntryField::Request(part) => {
                let request = self.requests.iter_mut().find(|r| r.id == id).ok_or(missing)?;
                match part {
                    RequestPart::Items => request.items = parse_items(to.unwrap_or_default()),
                    RequestPart::Answer => {
                        request.answer = to.map(|a| Answer::parse(a).ok_or("not an answer")).transpose()?;
                    }
                }
            }
            EntryField::Entry(_) | EntryField::Position => return Err("not a part of an entry"),
        }
        Ok(())
    }
}

fn flag(to: Option<&str>) -> Result<bool, &'static str> {
    match to {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        _ => Err("not true or false"),
    }
}
