//! Reading an exchange document: every value read as what it is and
//! checked against the framework it answers (the one this database knows,
//! or the one the file carries) before anything is returned, so a file
//! that does not read is refused whole. Whether what it holds may be stored
//! — limits, references, who may change what — is the rules' question,
//! asked by the import of every value and change (`service::import`).

use super::{
    ExchangeError, ExchangeFile, FORMAT, FORMAT_VERSION,
    record::{
        ActionRecord, AnswerRecord, ChangeRecord, Document, Header, ListRecord, ReportRecord, ScopeRecord, TeamRecord,
        digest, roster_of,
    },
};
use crate::domain::{Action, ActionSource, Facts, PeerReport, Progress, Rag, SectionRef, action_plan::UnknownRag};
use crate::domain::{
    Answer, Assessment, AssessmentDetails, Author, Catalogue, Change, Framework, FrameworkRef, ItemId, ListEntry,
    ListKind, PeerLists, Role, ScopeQuestion, Subject, TeamMember, Visit, challenge,
};

/// Parses and validates an exchange document.
pub fn from_json(text: &str, catalogue: &Catalogue) -> Result<ExchangeFile, ExchangeError> {
    // A byte-order mark, as Notepad writes, is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text)?;
    let format = header.format.unwrap_or_default();
    if format != FORMAT {
        return Err(ExchangeError::WrongFormat(format));
    }
    let version = header.format_version.unwrap_or(0);
    if version > FORMAT_VERSION {
        return Err(ExchangeError::NewerVersion { found: version });
    }
    if version == 0 {
        return Err(ExchangeError::Invalid(
            "it has no format version (every Critical Friend file has version 1 or later)".to_owned(),
        ));
    }
    let document: Document = serde_json::from_str(text)?;
    if version >= 3 && document.digest.as_deref() != Some(digest(&document.assessment).as_str()) {
        return Err(ExchangeError::Tampered);
    }
    let mut record = document.assessment;
    let carried = record.framework_definition.take();
    let known = catalogue.find(&record.framework);
    let framework = framework_of(&record.framework, known, carried.as_ref())?;
    let new_framework = carried.as_ref().filter(|_| known.is_none()).cloned();
    let details = AssessmentDetails {
        organisation: record.organisation,
        title: record.title,
        period: record.period,
        lead: record.lead,
    }
    .validated()?;
    let answers = answers_of(record.answers, framework)?;
    let (peer, scope, team) = entries_of(record.peer_lists, record.scope, record.team, framework)?;
    let date = |text: &str| challenge::parse_date(text).map_err(|error| ExchangeError::Invalid(error.to_string()));
    let visit = Visit {
        start: date(&record.visit.start)?,
        end: date(&record.visit.end)?,
    }
    .validated()
    .map_err(|reason| ExchangeError::Invalid(reason.to_owned()))?;
    let changes = changes_of(record.changes, framework)?;
    let report = report_of(record.report, &peer, framework)?;
    let actions = actions_of(record.actions, framework)?;
    let (documents, requests) = super::evidence::evidence_of(record.documents, record.requests, framework)?;
    let assessment = Assessment {
        id: record.id,
        framework: record.framework,
        details,
        status: record.status,
        created_at: record.created_at,
        updated_at: record.updated_at,
        answers,
        self_locked: record.self_locked,
        supersedes: record.supersedes,
        superseded_by: record.superseded_by,
        peer,
        scope,
        team,
        visit,
        report,
        actions,
        baseline: record.baseline,
        documents,
        requests,
        roster: roster_of(record.roster),
        settings: settings_of(&record.comparator_group, &record.settings)?,
    };
    let places: std::collections::HashSet<_> = assessment.roster.iter().map(|entry| (entry.key, entry.role)).collect();
    if places.len() != assessment.roster.len() {
        return Err(ExchangeError::Invalid(
            "its roster has one key twice for the same side".to_owned(),
        ));
    }
    Ok(ExchangeFile {
        assessment,
        changes,
        format_version: version,
        new_framework,
    })
}

/// The framework a file's answers are checked against: the one this copy
/// knows, or the one the file carries. A carried framework must keep every
/// framework rule, be the one the assessment names, and — where this copy
/// knows that id and version — be the very same text.
fn framework_of<'a>(
    reference: &FrameworkRef,
    known: Option<&'a Framework>,
    carried: Option<&'a Framework>,
) -> Result<&'a Framework, ExchangeError> {
    if let Some(carried) = carried {
        carried
            .check()
            .map_err(|error| ExchangeError::Invalid(format!("its framework is not valid: {error}")))?;
        if &carried.reference() != reference {
            return Err(ExchangeError::Invalid(format!(
                "it carries framework {} but answers {reference}",
                carried.reference()
            )));
        }
    }
    match (known, carried) {
        (Some(known), Some(carried)) if known != carried => Err(ExchangeError::Invalid(format!(
            "its framework {reference} differs from the one this database holds under the same id and version"
        ))),
        (Some(framework), _) | (None, Some(framework)) => Ok(framework),
        (None, None) => Err(ExchangeError::UnknownFramework(reference.clone())),
    }
}

fn answers_of(
    records: Vec<AnswerRecord>,
    framework: &Framework,
) -> Result<std::collections::BTreeMap<ItemId, Answer>, ExchangeError> {
    let mut answers = std::collections::BTreeMap::new();
    for answer in records {
        if framework.item(&answer.item).is_none() {
            return Err(ExchangeError::UnknownItem(answer.item));
        }
        for score in [answer.score, answer.peer_score].into_iter().flatten() {
            framework
                .scale
                .check(score)
                .map_err(|error| ExchangeError::Invalid(format!("item {}: {error}", answer.item)))?;
        }
        let value = Answer {
            score: answer.score,
            basis: answer.basis,
            notes: answer.notes,
            peer_score: answer.peer_score,
            challenge: answer.challenge,
            created_at: answer.created_at,
            updated_at: answer.updated_at,
        };
        if answers.insert(answer.item.clone(), value).is_some() {
            return Err(ExchangeError::DuplicateItem(answer.item));
        }
    }
    Ok(answers)
}

/// The findings, scope questions and team, each id used once.
fn entries_of(
    lists: Vec<ListRecord>,
    scope: Vec<ScopeRecord>,
    team: Vec<TeamRecord>,
    framework: &Framework,
) -> Result<(PeerLists, Vec<ScopeQuestion>, Vec<TeamMember>), ExchangeError> {
    let mut ids = std::collections::HashSet::new();
    let mut unique = |id: uuid::Uuid| {
        if ids.insert(id) {
            Ok(())
        } else {
            Err(ExchangeError::Invalid(format!("the id {id} is used twice")))
        }
    };
    let mut peer = PeerLists::default();
    for entry in lists {
        let list: ListKind = entry
            .list
            .parse()
            .map_err(|_| ExchangeError::UnknownList(entry.list.clone()))?;
        // A list may name an added section another copy has removed (the
        // report keeps such writing); a theme must be the framework's.
        if let Some(SectionRef::Theme(number)) = list.section()
            && framework.theme(number).is_none()
        {
            return Err(ExchangeError::UnknownList(entry.list));
        }
        unique(entry.id)?;
        peer.entries.push(ListEntry {
            id: entry.id,
            list,
            text: entry.text,
        });
    }
    let mut questions = Vec::new();
    for question in scope {
        unique(question.id)?;
        questions.push(ScopeQuestion {
            id: question.id,
            question: question.question,
            response: question.response,
        });
    }
    let mut members = Vec::new();
    for member in team {
        unique(member.id)?;
        members.push(TeamMember {
            id: member.id,
            name: member.name,
            role: member.role,
            organisation: member.organisation,
        });
    }
    Ok((peer, questions, members))
}

/// The report's own fields: every section in its order a theme of the
/// framework or a section the file adds, each once.
fn report_of(record: ReportRecord, peer: &PeerLists, framework: &Framework) -> Result<PeerReport, ExchangeError> {
    let mut order = Vec::new();
    for key in &record.section_order {
        let section: SectionRef = key
            .parse()
            .map_err(|_| ExchangeError::Invalid(format!("its section order names “{key}”, which is not a section")))?;
        let exists = match section {
            SectionRef::Theme(number) => framework.theme(number).is_some(),
            SectionRef::Added(id) => peer.list(ListKind::Sections).any(|entry| entry.id == id),
        };
        if !exists || order.contains(&section) {
            return Err(ExchangeError::Invalid(format!(
                "its section order names “{key}”, which is not a section of the report or is named twice"
            )));
        }
        order.push(section);
    }
    Ok(PeerReport {
        summary: record.summary,
        contact: record.contact,
        facts: Facts {
            documents: record.facts.documents,
            meetings: record.facts.meetings,
            people: record.facts.people,
            hours: record.facts.hours,
        },
        order,
        issued: record.issued,
        names: record.names,
        wording: record.wording,
    })
}

/// The action plan: every action with text, a status, a date where it has
/// one, a source that reads (an item must be the framework's), each id once.
/// A source may name a finding the file does not hold: a progress review's
/// actions come from its baseline's findings.
fn actions_of(records: Vec<ActionRecord>, framework: &Framework) -> Result<Vec<Action>, ExchangeError> {
    let invalid = |what: String| ExchangeError::Invalid(format!("its action plan {what}"));
    let date = |text: &str| challenge::parse_date(text).map_err(|error| invalid(format!("has {error}")));
    let mut ids = std::collections::HashSet::new();
    let mut actions = Vec::with_capacity(records.len());
    for record in records {
        if !ids.insert(record.id) {
            return Err(invalid(format!("uses the id {} twice", record.id)));
        }
        let source = ActionSource::parse(&record.source)
            .ok_or_else(|| invalid(format!("names the source “{}”", record.source)))?;
        if let ActionSource::Item(item) = &source
            && framework.item(item).is_none()
        {
            return Err(ExchangeError::UnknownItem(item.clone()));
        }
        let status: Rag = record
            .status
            .parse()
            .map_err(|error: UnknownRag| invalid(error.to_string()))?;
        let mut progress = Vec::with_capacity(record.progress.len());
        for note in record.progress {
            if !ids.insert(note.id) {
                return Err(invalid(format!("uses the id {} twice", note.id)));
            }
            let on = date(&note.on)?.ok_or_else(|| invalid("has a progress note without a date".to_owned()))?;
            progress.push(Progress {
                id: note.id,
                on,
                text: note.text,
                by: note.by,
            });
        }
        let mut action = Action::new(record.id, &record.text);
        action.source = source;
        action.due = date(&record.due)?;
        action.status = status;
        action.progress = progress;
        for (quarter, value) in record.values {
            let quarter = crate::domain::Quarter::parse_key(&quarter)
                .ok_or_else(|| invalid(format!("gives a measure's value for the quarter “{quarter}”")))?;
            action.values.insert(quarter, value);
        }
        for (name, text) in record.texts {
            let part = crate::domain::change::ActionPart::texts().find(|part| part.name() == name);
            let line = part.and_then(|part| action.text_part_mut(part));
            *line.ok_or_else(|| invalid(format!("has an action with the unknown field “{name}”")))? = text;
        }
        actions.push(action);
    }
    Ok(actions)
}

fn changes_of(records: Vec<ChangeRecord>, framework: &Framework) -> Result<Vec<Change>, ExchangeError> {
    let mut changes = Vec::with_capacity(records.len());
    let mut change_ids = std::collections::HashSet::new();
    for change in records {
        if let Some(item) = &change.item
            && framework.item(item).is_none()
        {
            return Err(ExchangeError::UnknownItem(item.clone()));
        }
        if !change_ids.insert(change.id) {
            return Err(ExchangeError::Invalid(format!(
                "the change {} is recorded twice",
                change.id
            )));
        }
        let role: Role = change
            .role
            .parse()
            .map_err(|_| ExchangeError::Invalid(format!("a change names the role “{}”", change.role)))?;
        let subject = Subject::from_stored(change.id, change.item, change.target, &change.field)
            .map_err(|error| ExchangeError::Invalid(error.to_string()))?;
        let signature = change
            .signature
            .as_deref()
            .map(crate::domain::signing::Signature::from_text)
            .transpose()
            .map_err(|error| ExchangeError::Invalid(format!("the change {}: {error}", change.id)))?;
        let entry = Change {
            id: change.id,
            subject,
            from: change.old,
            to: change.new,
            author: Author {
                role,
                name: change.author,
                organisation: change.organisation,
                key: change.key,
            },
            at: change.at,
            declined: change.declined,
            signature,
        };
        entry
            .check_values()
            .map_err(|error| ExchangeError::Invalid(error.to_string()))?;
        if let Subject::Answer(_, field) = &entry.subject
            && field.is_score()
        {
            for value in [&entry.from, &entry.to].into_iter().flatten() {
                framework
                    .scale
                    .parse(value)
                    .map_err(|error| ExchangeError::Invalid(format!("the change {}: {error}", entry.id)))?;
            }
        }
        changes.push(entry);
    }
    Ok(changes)
}

/// The settings a file carries: each a setting this version knows, its
/// value as its rule allows; a version 9 file's comparator group among them.
fn settings_of(
    legacy_group: &[String],
    carried: &std::collections::BTreeMap<String, String>,
) -> Result<crate::domain::settings::Settings, ExchangeError> {
    use crate::domain::settings::{Setting, Settings};
    let mut settings = Settings::default();
    if !legacy_group.is_empty() {
        if carried.contains_key(Setting::Comparators.key()) {
            return Err(ExchangeError::Invalid("it names its comparator group twice".to_owned()));
        }
        let value = Setting::Comparators
            .normalise(&legacy_group.join(","))
            .map_err(|why| ExchangeError::Invalid(format!("its comparator group: {why}")))?;
        settings.set(Setting::Comparators, Some(&value));
    }
    for (key, value) in carried {
        let setting = Setting::from_key(key).ok_or_else(|| {
            ExchangeError::Invalid(format!(
                "it carries a setting “{key}” this version of Critical Friend does not know; update Critical Friend"
            ))
        })?;
        setting
            .check(value)
            .map_err(|why| ExchangeError::Invalid(format!("its setting “{key}”: {why}")))?;
        settings.set(setting, Some(value));
    }
    Ok(settings)
}
