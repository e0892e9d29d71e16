//! The register and the requests in the exchange file (v6): their records,
//! and reading them back checked — every item the framework's, every date a
//! date, every recorded file a valid digest and size, each id once. The
//! files themselves travel in the evidence bundle, not here.

use serde::{Deserialize, Serialize};

use super::ExchangeError;
use crate::domain::{
    Assessment, Framework, ItemId,
    challenge::{format_date, parse_date},
    evidence::{
        Answer, Attached, Document, MAX_FIELD_CHARS, MAX_TEXT_CHARS, Particulars, Request, items_key, parse_items,
    },
};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocumentRecord {
    id: uuid::Uuid,
    title: String,
    #[serde(default)]
    particulars: Particulars,
    #[serde(default)]
    items: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<Attached>,
    #[serde(default)]
    considered: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RequestRecord {
    id: uuid::Uuid,
    text: String,
    #[serde(default)]
    items: String,
    asked_by: String,
    asked_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answer: Option<Answer>,
}

/// The register and the requests as records.
pub(super) fn records_of(assessment: &Assessment) -> (Vec<DocumentRecord>, Vec<RequestRecord>) {
    let documents = assessment
        .documents
        .iter()
        .map(|document| DocumentRecord {
            id: document.id,
            title: document.title.clone(),
            particulars: document.particulars.clone(),
            items: items_key(&document.items),
            file: document.file.clone(),
            considered: document.considered,
        })
        .collect();
    let requests = assessment
        .requests
        .iter()
        .map(|request| RequestRecord {
            id: request.id,
            text: request.text.clone(),
            items: items_key(&request.items),
            asked_by: request.asked_by.clone(),
            asked_on: format_date(Some(request.asked_on)),
            answer: request.answer.clone(),
        })
        .collect();
    (documents, requests)
}

fn invalid(what: &str) -> ExchangeError {
    ExchangeError::Invalid(format!("its evidence {what}"))
}

fn items_of(text: &str, framework: &Framework) -> Result<Vec<ItemId>, ExchangeError> {
    let items = parse_items(text);
    if let Some(unknown) = items.iter().find(|item| framework.item(item).is_none()) {
        return Err(ExchangeError::UnknownItem(unknown.clone()));
    }
    Ok(items)
}

fn within(what: &str, text: &str, max: usize) -> Result<(), ExchangeError> {
    if text.chars().count() > max {
        return Err(invalid(&format!("has a {what} longer than {max} characters")));
    }
    Ok(())
}

/// The register and the requests, checked.
pub(super) fn evidence_of(
    documents: Vec<DocumentRecord>,
    requests: Vec<RequestRecord>,
    framework: &Framework,
) -> Result<(Vec<Document>, Vec<Request>), ExchangeError> {
    let mut ids = std::collections::HashSet::new();
    let mut register = Vec::with_capacity(documents.len());
    for record in documents {
        if !ids.insert(record.id) {
            return Err(invalid(&format!("uses the id {} twice", record.id)));
        }
        if record.title.trim().is_empty() {
            return Err(invalid("has a document with no title"));
        }
        within("title", &record.title, MAX_FIELD_CHARS)?;
        within("description", &record.particulars.description, MAX_TEXT_CHARS)?;
        parse_date(&record.particulars.date).map_err(|error| invalid(&format!("has {error}")))?;
        if record.file.as_ref().is_some_and(|file| !file.is_valid()) {
            return Err(invalid("records a file whose digest, size or name cannot be right"));
        }
        register.push(Document {
            id: record.id,
            title: record.title,
            particulars: record.particulars,
            items: items_of(&record.items, framework)?,
            file: record.file,
            considered: record.considered,
        });
    }
    let mut asked = Vec::with_capacity(requests.len());
    for record in requests {
        if !ids.insert(record.id) {
            return Err(invalid(&format!("uses the id {} twice", record.id)));
        }
        if record.text.trim().is_empty() {
            return Err(invalid("has a request with no text"));
        }
        within("request", &record.text, MAX_TEXT_CHARS)?;
        let asked_on = parse_date(&record.asked_on)
            .ok()
            .flatten()
            .ok_or_else(|| invalid(&format!("has the request date “{}”", record.asked_on)))?;
        if let Some(answer) = &record.answer
            && answer.on().is_none()
        {
            return Err(invalid("has an answer without a date"));
        }
        asked.push(Request {
            id: record.id,
            text: record.text,
            items: items_of(&record.items, framework)?,
            asked_by: record.asked_by,
            asked_on,
            answer: record.answer,
        });
    }
    Ok((register, asked))
}
