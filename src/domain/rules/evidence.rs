//! The values of the evidence: a document's title and particulars, the
//! items it supports, its file; a request's text and items, and the
//! council's answer. A document is not removed while a citation would move.

use uuid::Uuid;

use super::{
    Context, Refused,
    values::{check_length, needs_text},
};
use crate::domain::{
    Assessment, Framework, ItemId,
    change::{Change, DocumentPart, EntryField, EntryKind, RequestPart, Subject, value},
    evidence::{Answer, Attached, MAX_FIELD_CHARS, MAX_TEXT_CHARS, Particulars, parse_items},
};

fn check_items(framework: &Framework, items: &[ItemId]) -> Result<(), Refused> {
    match items.iter().find(|item| framework.item(item).is_none()) {
        Some(unknown) => Err(Refused::NoSuchItem(unknown.as_str().to_owned())),
        None => Ok(()),
    }
}

/// Particulars within their limits, with a real date (or none).
fn check_particulars(particulars: &Particulars) -> Result<(), Refused> {
    for (what, text) in [("reference", &particulars.reference), ("owner", &particulars.owner)] {
        check_length(what, text, MAX_FIELD_CHARS)?;
    }
    check_length("description", &particulars.description, MAX_TEXT_CHARS)?;
    crate::domain::challenge::parse_date(&particulars.date).map_err(|e| Refused::Invalid(e.to_string()))?;
    Ok(())
}

fn file_ok(file: &Attached) -> Result<(), Refused> {
    if file.is_valid() {
        Ok(())
    } else {
        Err(Refused::Invalid(format!(
            "“{}” cannot be attached: files are at most 100 MB",
            file.name
        )))
    }
}

fn malformed(what: &str) -> Refused {
    Refused::Invalid(format!("that is not {what}"))
}

pub(super) fn check_value(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    let to = change.to.as_deref();
    match &change.subject {
        Subject::Entry(id, EntryField::Entry(kind)) => {
            if change.from.is_none() {
                super::values::is_new(context, *id)?;
            }
            match (kind, to) {
                (EntryKind::Document, Some(title)) => needs_text("title", title, MAX_FIELD_CHARS),
                (EntryKind::Document, None) => keeps_citations(context.assessment, *id),
                (_, Some(request)) => {
                    let (text, _) = value::parse_request(request).ok_or_else(|| malformed("a request"))?;
                    needs_text("request", &text, MAX_TEXT_CHARS)
                }
                (_, None) => Ok(()),
            }
        }
        Subject::Entry(_, EntryField::Document(part)) => match part {
            DocumentPart::Particulars => check_particulars(
                &to.map_or(Some(Particulars::default()), Particulars::parse)
                    .ok_or_else(|| malformed("particulars"))?,
            ),
            DocumentPart::Items => check_items(context.framework, &parse_items(to.unwrap_or_default())),
            DocumentPart::File => to.map_or(Ok(()), |file| {
                file_ok(&Attached::parse(file).ok_or_else(|| malformed("a file"))?)
            }),
            DocumentPart::Considered => match to {
                Some("true" | "false") => Ok(()),
                _ => Err(malformed("considered or not")),
            },
        },
        Subject::Entry(_, EntryField::Request(part)) => match part {
            RequestPart::Items => check_items(context.framework, &parse_items(to.unwrap_or_default())),
            RequestPart::Answer => {
                let Some(answer) = to else {
                    return Ok(());
                };
                check_answer(
                    context,
                    &Answer::parse(answer).ok_or_else(|| malformed("an answer with its date"))?,
                )
            }
        },
        _ => super::values::check_value(context, change),
    }
}

fn check_answer(context: &Context<'_>, answer: &Answer) -> Result<(), Refused> {
    if answer.on().is_none() {
        return Err(Refused::Invalid("an answer needs its date".to_owned()));
    }
    match answer {
        Answer::Provided { document, .. } if !context.assessment.documents.iter().any(|d| d.id == *document) => {
            Err(Refused::NoSuchEntry("document"))
        }
        Answer::Declined { reason, .. } => needs_text("reason", reason, MAX_FIELD_CHARS),
        Answer::Provided { .. } => Ok(()),
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
                particulars: Particulars::default(),
                items: Vec::new(),
                file: None,
                considered: false,
            })
            .collect();
        (framework, assessment)
    }

    fn remove(assessment: &Assessment, framework: &Framework, number: usize) -> Result<(), Refused> {
        let id = assessment.documents[number - 1].id;
        let op = crate::domain::evidence::DocumentOp::Remove { id };
        super::super::allows(
            assessment,
            framework,
            &crate::domain::Author::default(),
            super::super::Write::Document(&op),
        )
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
