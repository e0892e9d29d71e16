//! The rules for the evidence: the register is the council's (but whether a
//! document was considered is the peer team's); the peer team asks, the
//! council answers; none of it changes once the assessment is Final.

use uuid::Uuid;

use super::{EditRefused, Refused, Role, check_length, frozen};
use crate::domain::{
    Assessment, Framework, ItemId,
    evidence::{Answer, DocumentOp, MAX_FIELD_CHARS, MAX_TEXT_CHARS, RequestOp},
};

fn role_must_be(role: Role, owner: Role, what: &'static str) -> Result<(), Refused> {
    if role == owner {
        Ok(())
    } else {
        Err(EditRefused::OtherRole { field: what, owner }.into())
    }
}

fn check_items(framework: &Framework, items: &[ItemId]) -> Result<(), Refused> {
    match items.iter().find(|item| framework.item(item).is_none()) {
        Some(unknown) => Err(Refused::NoSuchItem(unknown.as_str().to_owned())),
        None => Ok(()),
    }
}

fn needs_text(what: &str, text: &str, max: usize) -> Result<(), Refused> {
    if text.trim().is_empty() {
        return Err(Refused::Invalid(format!("the {what} needs some text")));
    }
    check_length(what, text, max)
}

fn is_new(assessment: &Assessment, id: Uuid) -> Result<(), Refused> {
    let taken = assessment.documents.iter().any(|d| d.id == id) || assessment.requests.iter().any(|r| r.id == id);
    if taken {
        Err(Refused::Invalid("that id is already in this assessment".to_owned()))
    } else {
        Ok(())
    }
}

/// Whether `role` may make `op` to the register now.
pub(super) fn check_document(
    assessment: &Assessment,
    framework: &Framework,
    role: Role,
    op: &DocumentOp,
) -> Result<(), Refused> {
    frozen(assessment)?;
    match op {
        DocumentOp::Considered { .. } => role_must_be(role, Role::Peer, "documents considered")?,
        _ => role_must_be(role, Role::Council, "register of documents")?,
    }
    if let Some(id) = op.document()
        && !assessment.documents.iter().any(|d| d.id == id)
    {
        return Err(Refused::NoSuchEntry("document"));
    }
    let file_ok = |file: &crate::domain::evidence::Attached| {
        if file.is_valid() {
            Ok(())
        } else {
            Err(Refused::Invalid(format!(
                "“{}” cannot be attached: files are at most 100 MB",
                file.name
            )))
        }
    };
    match op {
        DocumentOp::Add {
            id,
            title,
            particulars,
            items,
            file,
        } => {
            is_new(assessment, *id)?;
            needs_text("title", title, MAX_FIELD_CHARS)?;
            for (what, text) in [("reference", &particulars.reference), ("owner", &particulars.owner)] {
                check_length(what, text, MAX_FIELD_CHARS)?;
            }
            check_length("description", &particulars.description, MAX_TEXT_CHARS)?;
            crate::domain::challenge::parse_date(&particulars.date).map_err(|e| Refused::Invalid(e.to_string()))?;
            check_items(framework, items)?;
            file.as_ref().map_or(Ok(()), file_ok)
        }
        DocumentOp::Link { items, .. } => check_items(framework, items),
        DocumentOp::Attach { file, .. } => file_ok(file),
        DocumentOp::Considered { .. } | DocumentOp::Remove { .. } => Ok(()),
    }
}

/// Whether `role` may make `op` to the requests now.
pub(super) fn check_request(
    assessment: &Assessment,
    framework: &Framework,
    role: Role,
    op: &RequestOp,
) -> Result<(), Refused> {
    frozen(assessment)?;
    match op {
        RequestOp::Ask { id, text, items, .. } => {
            role_must_be(role, Role::Peer, "requests for evidence")?;
            is_new(assessment, *id)?;
            needs_text("request", text, MAX_TEXT_CHARS)?;
            check_items(framework, items)
        }
        RequestOp::Answer { id, answer } => {
            role_must_be(role, Role::Council, "answers to requests")?;
            if !assessment.requests.iter().any(|r| r.id == *id) {
                return Err(Refused::NoSuchEntry("request"));
            }
            if answer.on().is_none() {
                return Err(Refused::Invalid("an answer needs its date".to_owned()));
            }
            match answer {
                Answer::Provided { document, .. } if !assessment.documents.iter().any(|d| d.id == *document) => {
                    Err(Refused::NoSuchEntry("document"))
                }
                Answer::Declined { reason, .. } => needs_text("reason", reason, MAX_FIELD_CHARS),
                Answer::Provided { .. } => Ok(()),
            }
        }
    }
}
