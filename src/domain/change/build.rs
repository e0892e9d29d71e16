//! A whole assessment described as the changes that would build it from
//! nothing — how a new assessment from a file is checked change by change,
//! how a merge adds an entry whole — and [`Assessment::make`], which makes
//! a request without the rules, for examples and fixtures.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    Change,
    describe::{Write, describe},
    subject::{ActionPart, AnswerField, AssessmentField, DocumentPart, EntryField, EntryKind, RequestPart, Subject},
    value,
};
use crate::domain::{assessment::Assessment, role::Author};

/// An assessment with `assessment`'s id, framework and dates and nothing
/// else: where [`as_changes`] starts.
pub fn building(assessment: &Assessment) -> Assessment {
    let mut empty = Assessment::new_with_id(assessment.id, assessment.framework.clone(), assessment.created_at);
    empty.updated_at = assessment.updated_at;
    empty
}

/// The changes that build `assessment` from [`building`]: its entries
/// (sections first, so what is written in them has somewhere to be), their
/// fields, its answers, then its own fields. Each is attributed to the role
/// that owns it, by the name the entry records where it records one (who
/// asked a request, who wrote a note).
pub fn as_changes(assessment: &Assessment) -> Vec<Change> {
    let mut made = Building {
        at: assessment.updated_at,
        changes: Vec::new(),
    };
    let (sections, others): (Vec<_>, Vec<_>) = assessment
        .peer
        .entries
        .iter()
        .partition(|e| e.list == crate::domain::ListKind::Sections);
    for entry in sections.into_iter().chain(others) {
        made.entity(assessment, entry.id, EntryKind::List(entry.list));
    }
    let kinds = [
        EntryKind::Scope,
        EntryKind::Team,
        EntryKind::Action,
        EntryKind::Document,
        EntryKind::Request,
    ];
    for kind in kinds {
        for id in value::order_of(assessment, kind) {
            made.entity(assessment, id, kind);
        }
    }
    let empty = building(assessment);
    for item in assessment.answers.keys() {
        for field in AnswerField::ALL {
            made.set(&empty, assessment, Subject::Answer(item.clone(), field));
        }
    }
    for field in [
        AssessmentField::Details,
        AssessmentField::Status,
        AssessmentField::SelfLocked,
        AssessmentField::Visit,
        AssessmentField::Summary,
        AssessmentField::Contact,
        AssessmentField::Facts,
        AssessmentField::SectionOrder,
        AssessmentField::SectionNames,
        AssessmentField::Wording,
        AssessmentField::Supersedes,
        AssessmentField::SupersededBy,
        AssessmentField::Baseline,
        AssessmentField::ReportIssued,
    ]
    .into_iter()
    .chain(crate::domain::settings::Setting::ALL.map(AssessmentField::Setting))
    {
        made.set(&empty, assessment, Subject::Assessment(field));
    }
    made.changes
}

/// The changes that add entry `id` of `kind` as `assessment` holds it, at
/// `at`: the entry, each of its fields that is not as a new entry's is,
/// and an action's notes.
pub fn entity_changes(assessment: &Assessment, id: Uuid, kind: EntryKind, at: OffsetDateTime) -> Vec<Change> {
    let mut made = Building {
        at,
        changes: Vec::new(),
    };
    made.entity(assessment, id, kind);
    made.changes
}

/// The changes building one assessment.
struct Building {
    at: OffsetDateTime,
    changes: Vec<Change>,
}

impl Building {
    fn author(subject: &Subject, name: &str) -> Author {
        let role = match subject {
            Subject::Answer(_, field) => field.owner(),
            Subject::Entry(_, field) => field.kind().map_or(crate::domain::Role::Council, EntryKind::owner),
            Subject::Assessment(_) | Subject::Roster(_) => crate::domain::Role::Council,
        };
        Author {
            role,
            name: name.to_owned(),
            organisation: String::new(),
            key: None,
        }
    }

    /// Adds entry `id` of `kind` as `source` holds it, with its fields.
    fn entity(&mut self, source: &Assessment, id: Uuid, kind: EntryKind) {
        let subject = Subject::Entry(id, EntryField::Entry(kind));
        let Some(to) = value::current(source, &subject) else {
            return;
        };
        let name = match kind {
            EntryKind::Request => source.requests.iter().find(|r| r.id == id).map(|r| r.asked_by.as_str()),
            EntryKind::Progress => source
                .actions
                .iter()
                .flat_map(|a| &a.progress)
                .find(|n| n.id == id)
                .map(|n| n.by.as_str()),
            _ => None,
        };
        let author = Self::author(&subject, name.unwrap_or_default());
        self.changes
            .push(Change::new(subject, (None, Some(to)), &author, self.at));
        let parts: Vec<EntryField> = match kind {
            EntryKind::Scope => vec![EntryField::ScopeResponse],
            EntryKind::Action => {
                let values = source
                    .actions
                    .iter()
                    .filter(|a| a.id == id)
                    .flat_map(|a| a.values.keys());
                let values = values.map(|quarter| ActionPart::Value(*quarter));
                ActionPart::all()
                    .into_iter()
                    .chain(values)
                    .map(EntryField::Action)
                    .collect()
            }
            EntryKind::Document => DocumentPart::ALL.into_iter().map(EntryField::Document).collect(),
            EntryKind::Request => RequestPart::ALL.into_iter().map(EntryField::Request).collect(),
            _ => Vec::new(),
        };
        for field in parts {
            let subject = Subject::Entry(id, field);
            let (from, to) = (default_part(field), value::current(source, &subject));
            if from != to {
                let author = Self::author(&subject, "");
                self.changes.push(Change::new(subject, (from, to), &author, self.at));
            }
        }
        if kind == EntryKind::Action {
            let notes = source.actions.iter().filter(|a| a.id == id).flat_map(|a| &a.progress);
            for note in notes {
                self.entity(source, note.id, EntryKind::Progress);
            }
        }
    }

    /// Sets a field of an answer or of the assessment where `source` holds
    /// something other than `empty` does.
    fn set(&mut self, empty: &Assessment, source: &Assessment, subject: Subject) {
        let (from, to) = (value::current(empty, &subject), value::current(source, &subject));
        if from != to {
            let author = Self::author(&subject, "");
            self.changes.push(Change::new(subject, (from, to), &author, self.at));
        }
    }
}

/// What a field of a new entry holds before anyone sets it.
pub(super) fn default_part(field: EntryField) -> Option<String> {
    match field {
        EntryField::Action(ActionPart::OWNER) | EntryField::ScopeResponse => Some(String::new()),
        EntryField::Action(ActionPart::Status) => Some(crate::domain::Rag::Red.as_str().to_owned()),
        EntryField::Document(DocumentPart::Considered) => Some(false.to_string()),
        _ => None,
    }
}

impl Assessment {
    /// Makes `write` to this copy as `author` at `at`, change by change,
    /// without asking the rules: for building examples and fixtures, which
    /// the rules check when they are stored. Returns the changes made.
    pub fn make(&mut self, write: Write<'_>, author: &Author, at: OffsetDateTime) -> Result<Vec<Change>, String> {
        let changes = describe(self, write, author, at).map_err(|missing| format!("no such {}", missing.0))?;
        for change in &changes {
            self.apply_change(change).map_err(|error| error.to_string())?;
        }
        Ok(changes)
    }
}
