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

/// A title, and particulars within their limits with a real date (or none).
fn check_particulars(title: &str, particulars: &crate::domain::evidence::Particulars) -> Result<(), Refused> {
    needs_text("title", title, MAX_FIELD_CHARS)?;
    for (what, text) in [("reference", &particulars.reference), ("owner", &particulars.owner)] {
        check_length(what, text, MAX_FIELD_CHARS)?;
    }
    check_length("description", &particulars.description, MAX_TEXT_CHARS)?;
    crate::domain::challenge::parse_date(&particulars.date).map_err(|e| Refused::Invalid(e.to_string()))?;
    Ok(())
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
            check_particulars(title, particulars)?;
            check_items(framework, items)?;
            file.as_ref().map_or(Ok(()), file_ok)
        }
        DocumentOp::Edit { title, particulars, .. } => check_particulars(title, particulars),
        DocumentOp::Link { items, .. } => check_items(framework, items),
        DocumentOp::Attach { file, .. } => file_ok(file),
        DocumentOp::Considered { .. } => Ok(()),
        DocumentOp::Remove { id } => keeps_citations(assessment, *id),
    }
}

/// Removing a document renumbers every later one, so it is refused while a
/// basis or note cites the document or one after it: the citation would
/// then name another document.
fn keeps_citations(assessment: &Assessment, id: Uuid) -> Result<(), Refused> {
    let Some(number) = assessment.document_number(id) else {
        return Ok(());
    };
    match assessment.citation_from(number) {
        None => Ok(()),
        Some((item, field, cited)) if cited == number => Err(Refused::Invalid(format!(
            "D{number} cannot be removed: the {field} for {item} cites it. Change the citation first, or unlink D{number} from its items instead"
        ))),
        Some((item, field, cited)) => Err(Refused::Invalid(format!(
            "D{number} cannot be removed: the {field} for {item} cites D{cited}, which would become D{}. Unlink D{number} from its items instead",
            cited - 1
        ))),
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

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    use super::*;
    use crate::domain::{AssessmentDetails, Catalogue, evidence::Document};

    fn with_documents(count: usize) -> (Framework, Assessment) {
        let framework = Catalogue::builtin().default_framework().clone();
        let mut assessment = Assessment::new(&framework, AssessmentDetails::default(), OffsetDateTime::UNIX_EPOCH);
        assessment.documents = (0..count)
            .map(|n| Document {
                id: Uuid::new_v4(),
                title: format!("Document {n}"),
                particulars: crate::domain::evidence::Particulars::default(),
                items: Vec::new(),
                file: None,
                considered: false,
            })
            .collect();
        (framework, assessment)
    }

    fn remove(assessment: &Assessment, framework: &Framework, number: usize) -> Result<(), Refused> {
        let id = assessment.documents[number - 1].id;
        check_document(assessment, framework, Role::Council, &DocumentOp::Remove { id })
    }

    #[test]
    fn a_document_is_not_removed_while_a_citation_would_move() {
        let (framework, mut assessment) = with_documents(4);
        let item = ItemId::new("3.1");
        assessment.answers.entry(item.clone()).or_default().basis = "The budget (D2) and D9.".to_owned();
        // D3 and D4 follow every citation; D9 names nothing.
        assert!(remove(&assessment, &framework, 4).is_ok());
        assert!(remove(&assessment, &framework, 3).is_ok());
        let cited = remove(&assessment, &framework, 2).expect_err("cited").to_string();
        assert!(cited.contains("the basis for 3.1 cites it"), "{cited}");
        let moved = remove(&assessment, &framework, 1).expect_err("moved").to_string();
        assert!(moved.contains("cites D2, which would become D1"), "{moved}");
        // Notes count as well; a citation taken out frees the document.
        assessment.answers.get_mut(&item).expect("answer").basis.clear();
        assert!(remove(&assessment, &framework, 1).is_ok());
        assessment.answers.get_mut(&item).expect("answer").notes = "Ask for D1".to_owned();
        assert!(remove(&assessment, &framework, 1).is_err());
    }
}
