//! The peer challenge report's own fields: its executive summary, contact
//! details, background facts and section order, each changed in one
//! transaction with the change recorded. Typing in the summary or contact
//! details is saved every second, and a sitting of it is one change.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::domain::peer_report::order_key;

impl Database {
    /// Changes one of the report's own fields, recording the change.
    pub fn change_report(
        &mut self,
        id: AssessmentId,
        op: &ReportOp,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        touch_assessment(&tx, &path, id, now)?;
        let (column, field, new) = match op {
            ReportOp::Summary(text) => ("report_summary", AuditField::Summary, text.clone()),
            ReportOp::Contact(text) => ("report_contact", AuditField::Contact, text.clone()),
            ReportOp::Facts(facts) => ("report_facts", AuditField::Facts, facts.key()),
            ReportOp::Order(order) => ("section_order", AuditField::SectionOrder, order_key(order)),
        };
        let key = id.to_string();
        let old: String = tx
            .query_row(
                &format!("SELECT {column} FROM assessment WHERE id = ?1"),
                [&key],
                |row| row.get(0),
            )
            .map_err(sql)?;
        if old != new {
            tx.execute(
                &format!("UPDATE assessment SET {column} = ?2 WHERE id = ?1"),
                params![key, new],
            )
            .map_err(sql)?;
            let change = AuditChange {
                item: None,
                target: None,
                field,
                old: Some(old),
                new: Some(new),
            };
            record(&tx, id, &change, author, now).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }
}
