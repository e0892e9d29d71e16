//! One change to the register or the requests, written as SQL, with the
//! recorded changes it makes.

#[allow(clippy::wildcard_imports)]
use super::{audit::Changed, *};
use crate::domain::evidence::{Attached, DocumentOp, RequestOp, items_key};

/// Writes one change to the register of assessment `key`; returns the
/// document and the changes to record, or `None` if it is not there.
pub(super) fn write_document(
    tx: &Connection,
    key: &str,
    op: &DocumentOp,
) -> rusqlite::Result<Option<(uuid::Uuid, Vec<Changed>)>> {
    if let DocumentOp::Add {
        id,
        title,
        particulars,
        items,
        file,
    } = op
    {
        return add_document(tx, key, *id, title, particulars, items, file.as_ref()).map(Some);
    }
    let Some(document) = op.document() else {
        return Ok(None);
    };
    let stored: Option<(String, String, String, bool, String)> = tx
        .query_row(
            "SELECT title, items, file, considered, particulars FROM document WHERE id = ?1 AND assessment_id = ?2",
            params![document.to_string(), key],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )
        .optional()?;
    let Some((title, items_was, file_was, considered_was, particulars_was)) = stored else {
        return Ok(None);
    };
    let set = |column: &str, value: &dyn rusqlite::ToSql| {
        tx.execute(
            &format!("UPDATE document SET {column} = ?3 WHERE id = ?1 AND assessment_id = ?2"),
            params![document.to_string(), key, value],
        )
    };
    let some = |text: String| (!text.is_empty()).then_some(text);
    if let DocumentOp::Edit {
        title: new_title,
        particulars,
        ..
    } = op
    {
        // Only what differs is written and recorded.
        let mut changes = Vec::new();
        if *new_title != title {
            set("title", new_title)?;
            changes.push((document, AuditField::Document, Some(title), Some(new_title.clone())));
        }
        let new_particulars = particulars.key();
        if new_particulars != particulars_was {
            set("particulars", &new_particulars)?;
            // None were recorded when the document was added without any.
            let blank = crate::domain::evidence::Particulars::default().key();
            let was = some(particulars_was).filter(|was| *was != blank);
            changes.push((document, AuditField::DocumentParticulars, was, Some(new_particulars)));
        }
        return Ok(Some((document, changes)));
    }
    let change = match op {
        DocumentOp::Link { items, .. } => {
            let new = items_key(items);
            set("items", &new)?;
            (document, AuditField::DocumentItems, some(items_was), some(new))
        }
        DocumentOp::Attach { file, .. } => {
            set("file", &file.key())?;
            (document, AuditField::DocumentFile, some(file_was), Some(file.key()))
        }
        DocumentOp::Considered { considered, .. } => {
            set("considered", considered)?;
            let text = |value: bool| Some(value.to_string());
            (
                document,
                AuditField::Considered,
                text(considered_was),
                text(*considered),
            )
        }
        DocumentOp::Remove { .. } | DocumentOp::Add { .. } | DocumentOp::Edit { .. } => {
            tx.execute(
                "DELETE FROM document WHERE assessment_id = ?1 AND id = ?2",
                params![key, document.to_string()],
            )?;
            (document, AuditField::Document, Some(title), None)
        }
    };
    Ok(Some((document, vec![change])))
}

/// Adds a document at the end of the register; returns it and its changes.
fn add_document(
    tx: &Connection,
    key: &str,
    id: uuid::Uuid,
    title: &str,
    particulars: &crate::domain::evidence::Particulars,
    items: &[crate::domain::ItemId],
    file: Option<&Attached>,
) -> rusqlite::Result<(uuid::Uuid, Vec<Changed>)> {
    tx.execute(
        "INSERT INTO document (id, assessment_id, position, title, particulars, items, file, considered)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM document WHERE assessment_id = ?2),
                 ?3, ?4, ?5, ?6, 0)",
        params![
            id.to_string(),
            key,
            title,
            particulars.key(),
            items_key(items),
            file.map(Attached::key).unwrap_or_default()
        ],
    )?;
    let mut changes = vec![(id, AuditField::Document, None, Some(title.to_owned()))];
    if *particulars != crate::domain::evidence::Particulars::default() {
        changes.push((id, AuditField::DocumentParticulars, None, Some(particulars.key())));
    }
    if !items.is_empty() {
        changes.push((id, AuditField::DocumentItems, None, Some(items_key(items))));
    }
    if let Some(file) = file {
        changes.push((id, AuditField::DocumentFile, None, Some(file.key())));
    }
    Ok((id, changes))
}

/// Writes one request or answer to assessment `key`; returns the request
/// and the changes to record, or `None` if the request is not there.
pub(super) fn write_request(
    tx: &Connection,
    key: &str,
    op: &RequestOp,
    author: &Author,
) -> rusqlite::Result<Option<(uuid::Uuid, Vec<Changed>)>> {
    match op {
        RequestOp::Ask { id, text, items, on } => {
            let asked_by = if author.name.trim().is_empty() {
                "Unnamed".to_owned()
            } else {
                author.name.trim().to_owned()
            };
            tx.execute(
                "INSERT INTO request (id, assessment_id, position, text, items, asked_by, asked_on, answer)
                 VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM request WHERE assessment_id = ?2),
                         ?3, ?4, ?5, ?6, '')",
                params![
                    id.to_string(),
                    key,
                    text,
                    items_key(items),
                    asked_by,
                    crate::domain::challenge::format_date(Some(*on))
                ],
            )?;
            let mut changes = vec![(*id, AuditField::Request, None, Some(text.clone()))];
            if !items.is_empty() {
                changes.push((*id, AuditField::RequestItems, None, Some(items_key(items))));
            }
            Ok(Some((*id, changes)))
        }
        RequestOp::Answer { id, answer } => {
            let was: Option<String> = tx
                .query_row(
                    "SELECT answer FROM request WHERE id = ?1 AND assessment_id = ?2",
                    params![id.to_string(), key],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(was) = was else {
                return Ok(None);
            };
            tx.execute(
                "UPDATE request SET answer = ?3 WHERE id = ?1 AND assessment_id = ?2",
                params![id.to_string(), key, answer.key()],
            )?;
            let was = (!was.is_empty()).then_some(was);
            Ok(Some((
                *id,
                vec![(*id, AuditField::RequestAnswer, was, Some(answer.key()))],
            )))
        }
    }
}
