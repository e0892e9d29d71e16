//! Storing an import or merge, and the stored merge reports.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The tables that hold an assessment's content, replaced whole by a merge.
const CONTENT_TABLES: [&str; 8] = [
    "answer",
    "peer_entry",
    "scope_question",
    "team_member",
    "action_progress",
    "action",
    "document",
    "request",
];

impl Database {
    /// Stores the result of importing or merging an exchange file in one
    /// transaction: the merged assessment (created when `create`, otherwise
    /// replacing our copy's content), the changes it brings into the history,
    /// and the merge report. When merging, `seen_changes` is how many changes
    /// our copy had when the merge was planned; if another window or process
    /// recorded more since, nothing is written and the merge must be planned
    /// again.
    pub fn store_merge(
        &mut self,
        merged: &Assessment,
        new_log: &[AuditEntry],
        report: &MergeReport,
        create: bool,
        seen_changes: usize,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        let key = merged.id.to_string();
        if create {
            if exists(&tx, merged.id).map_err(sql)? {
                return Err(StorageError::AlreadyExists(merged.id));
            }
            insert_assessment(&tx, merged).map_err(sql)?;
        } else {
            let recorded: i64 = tx
                .query_row("SELECT count(*) FROM audit WHERE assessment_id = ?1", [&key], |row| {
                    row.get(0)
                })
                .map_err(sql)?;
            if usize::try_from(recorded).ok() != Some(seen_changes) {
                return Err(StorageError::ChangedMeanwhile(merged.id));
            }
            let changed = tx
                .execute(
                    "UPDATE assessment SET organisation = ?2, title = ?3, period = ?4, lead = ?5, status = ?6,
                            self_locked = ?7, visit_start = ?8, visit_end = ?9, updated_at = ?10,
                            report_summary = ?11, report_contact = ?12, report_facts = ?13, section_order = ?14
                     WHERE id = ?1",
                    params![
                        key,
                        merged.details.organisation,
                        merged.details.title,
                        merged.details.period,
                        merged.details.lead,
                        merged.status.as_str(),
                        merged.self_locked,
                        crate::domain::challenge::format_date(merged.visit.start),
                        crate::domain::challenge::format_date(merged.visit.end),
                        now_text(merged.updated_at),
                        merged.report.summary,
                        merged.report.contact,
                        merged.report.facts.key(),
                        crate::domain::peer_report::order_key(&merged.report.order),
                    ],
                )
                .map_err(sql)?;
            if changed == 0 {
                return Err(StorageError::NotFound(merged.id));
            }
            for table in CONTENT_TABLES {
                tx.execute(&format!("DELETE FROM {table} WHERE assessment_id = ?1"), [&key])
                    .map_err(sql)?;
            }
            insert_content(&tx, merged).map_err(sql)?;
        }
        let mut insert = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO audit (id, assessment_id, item_id, field, old_value, new_value, role, author,
                                              organisation, at, target, shared)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)",
            )
            .map_err(sql)?;
        for change in new_log {
            insert
                .execute(params![
                    change.id.to_string(),
                    key,
                    change.item.as_ref().map(ItemId::as_str),
                    change.field.key(),
                    change.old_value,
                    change.new_value,
                    change.author.role.as_str(),
                    change.author.name,
                    change.author.organisation,
                    now_text(change.at),
                    change.target.map(|target| target.to_string()),
                ])
                .map_err(sql)?;
        }
        drop(insert);
        tx.execute(
            "INSERT INTO merge_report (id, assessment_id, at, role, author, organisation, source, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                uuid::Uuid::new_v4().to_string(),
                key,
                now_text(report.at),
                report.author.role.as_str(),
                report.author.name,
                report.author.organisation,
                report.source,
                report.text(),
            ],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// The merge reports stored with an assessment, oldest first.
    pub fn merge_reports(&self, id: AssessmentId) -> Result<Vec<MergeReport>, StorageError> {
        let rows = self.rows_of(
            "SELECT at, role, author, organisation, source, report FROM merge_report
             WHERE assessment_id = ?1 ORDER BY at, rowid",
            id,
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get::<_, String>(5)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(at, role, name, organisation, source, text)| {
                Ok(MergeReport {
                    source,
                    author: Author {
                        role: role.parse().map_err(|_| self.bad_value(format!("role “{role}”")))?,
                        name,
                        organisation,
                    },
                    at: self.parse_time(&at)?,
                    lines: text.lines().map(str::to_owned).collect(),
                })
            })
            .collect()
    }
}
