//! What the rules ask of the database beyond one assessment: whether an id
//! is taken elsewhere (ids are unique in the whole database), and what it
//! holds of another assessment a link names.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Database, types::Id};
use crate::domain::{
    AssessmentId, FrameworkRef,
    rules::{Linked, World},
};

impl World for Database {
    fn used_elsewhere(&self, id: Uuid, this: AssessmentId) -> bool {
        const TABLES: [&str; 8] = [
            "audit",
            "peer_entry",
            "scope_question",
            "team_member",
            "action",
            "action_progress",
            "document",
            "request",
        ];
        // A failed look-up counts as taken: the change is refused, never
        // stored over something.
        TABLES.iter().any(|table| {
            let sql = format!("SELECT 1 FROM {table} WHERE id = ?1 AND assessment_id <> ?2 LIMIT 1");
            self.conn
                .prepare_cached(&sql)
                .and_then(|mut statement| statement.query_row(params![Id(id), this], |_| Ok(())).optional())
                .map_or(true, |found| found.is_some())
        }) || (AssessmentId::from_uuid(id) != this && self.contains(AssessmentId::from_uuid(id)).unwrap_or(true))
    }

    fn linked(&self, id: AssessmentId) -> Option<Linked> {
        self.conn
            .query_row(
                "SELECT organisation, framework_id, framework_version, status, supersedes, superseded_by
                 FROM assessment WHERE id = ?1",
                [id],
                |row| {
                    Ok(Linked {
                        organisation: row.get(0)?,
                        framework: FrameworkRef {
                            id: row.get(1)?,
                            version: row.get(2)?,
                        },
                        status: row.get(3)?,
                        supersedes: row.get(4)?,
                        superseded_by: row.get(5)?,
                    })
                },
            )
            .optional()
            .ok()
            .flatten()
    }
}
