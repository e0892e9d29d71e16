//! Reading assessments: the home list, one whole assessment, and the rows
//! each kind of content is kept in. Every value is read as its own type
//! ([`super::types`]); one that is not what its column holds is reported.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use super::{
    AssessmentListing, Database, StorageError,
    types::{Day, Id, Moment},
};
use crate::domain::{
    Answer, Assessment, AssessmentDetails, AssessmentId, Facts, FrameworkRef, ItemId, ListEntry, PeerLists, PeerReport,
    ScopeQuestion, Score, Status, TeamMember, Visit, roster::RosterEntry, signing::PublicKey,
};

/// A moment as stored: RFC 3339 in UTC.
pub(super) fn now_text(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

/// Reads `framework_id, framework_version` starting at column `at`.
fn framework_at(row: &Row<'_>, at: usize) -> rusqlite::Result<FrameworkRef> {
    Ok(FrameworkRef {
        id: row.get(at)?,
        version: row.get(at + 1)?,
    })
}

/// Reads `organisation, title, period, lead` starting at column `at`.
fn details_at(row: &Row<'_>, at: usize) -> rusqlite::Result<AssessmentDetails> {
    Ok(AssessmentDetails {
        organisation: row.get(at)?,
        title: row.get(at + 1)?,
        period: row.get(at + 2)?,
        lead: row.get(at + 3)?,
    })
}

/// Whether assessment `id` is stored, inside the caller's transaction.
pub(super) fn exists(conn: &Connection, id: AssessmentId) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM assessment WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

impl Database {
    /// Every assessment, most recently edited first.
    pub fn list(&self) -> Result<Vec<AssessmentListing>, StorageError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, framework_id, framework_version, organisation, title, period, lead, status, updated_at,
                        scored
                 FROM assessment ORDER BY updated_at DESC, organisation",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok(AssessmentListing {
                    id: row.get(0)?,
                    framework: framework_at(row, 1)?,
                    details: details_at(row, 3)?,
                    status: row.get(7)?,
                    updated_at: row.get::<_, Moment>(8)?.0,
                    scored: usize::try_from(row.get::<_, i64>(9)?).unwrap_or(0),
                })
            })
            .map_err(|e| self.error(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| self.error(e))
    }

    /// The framework assessment `id` answers.
    pub fn framework_of(&self, id: AssessmentId) -> Result<FrameworkRef, StorageError> {
        self.conn
            .query_row(
                "SELECT framework_id, framework_version FROM assessment WHERE id = ?1",
                [id],
                |row| framework_at(row, 0),
            )
            .optional()
            .map_err(|e| self.error(e))?
            .ok_or(StorageError::NotFound(id))
    }

    /// A number that changes whenever another connection — another window,
    /// another process — commits a change to this database (SQLite's
    /// `data_version`): how an open window notices it should look again.
    pub fn data_version(&self) -> Result<i64, StorageError> {
        self.conn
            .pragma_query_value(None, "data_version", |row| row.get(0))
            .map_err(|e| self.error(e))
    }

    /// Whether an assessment with this id is stored.
    pub fn contains(&self, id: AssessmentId) -> Result<bool, StorageError> {
        exists(&self.conn, id).map_err(|e| self.error(e))
    }

    /// Reads one whole assessment.
    pub fn load(&self, id: AssessmentId) -> Result<Assessment, StorageError> {
        let mut assessment = self
            .conn
            .query_row(
                "SELECT framework_id, framework_version, organisation, title, period, lead, status,
                        created_at, updated_at, self_locked, supersedes, superseded_by, visit_start, visit_end,
                        report_summary, report_contact, report_facts, section_order, baseline,
                        report_issued, section_names, background_wording
                 FROM assessment WHERE id = ?1",
                [id],
                |row| {
                    let facts: String = row.get(16)?;
                    let order: String = row.get(17)?;
                    let names: String = row.get(20)?;
                    let wording: String = row.get(21)?;
                    let bad = |what: &str, found: &str| {
                        rusqlite::Error::FromSqlConversionFailure(
                            16,
                            rusqlite::types::Type::Text,
                            format!("{what} “{found}”").into(),
                        )
                    };
                    let mut assessment = Assessment::new_with_id(id, framework_at(row, 0)?, row.get::<_, Moment>(7)?.0);
                    assessment.details = details_at(row, 2)?;
                    assessment.status = row.get::<_, Status>(6)?;
                    assessment.updated_at = row.get::<_, Moment>(8)?.0;
                    assessment.self_locked = row.get(9)?;
                    assessment.supersedes = row.get(10)?;
                    assessment.superseded_by = row.get(11)?;
                    assessment.visit = Visit {
                        start: row.get::<_, Day>(12)?.0,
                        end: row.get::<_, Day>(13)?.0,
                    };
                    assessment.report = PeerReport {
                        summary: row.get(14)?,
                        contact: row.get(15)?,
                        facts: Facts::parse(&facts).ok_or_else(|| bad("background facts", &facts))?,
                        order: crate::domain::peer_report::parse_order(&order)
                            .ok_or_else(|| bad("section order", &order))?,
                        issued: row.get(19)?,
                        names: crate::domain::section_names::SectionNames::parse(&names)
                            .ok_or_else(|| bad("names of the report's themes", &names))?,
                        wording: crate::domain::background_wording::Wording::parse(&wording)
                            .ok_or_else(|| bad("wording of the background", &wording))?,
                    };
                    assessment.baseline = row.get(18)?;
                    Ok(assessment)
                },
            )
            .optional()
            .map_err(|e| self.error(e))?
            .ok_or(StorageError::NotFound(id))?;
        assessment.answers = self.answers(id)?;
        assessment.peer = self.peer_lists(id)?;
        assessment.scope = self.scope_questions(id)?;
        assessment.team = self.team(id)?;
        assessment.actions = self.actions(id)?;
        assessment.documents = self.documents(id)?;
        assessment.requests = self.requests(id)?;
        assessment.roster = self.roster(id)?;
        assessment.settings = self.settings(id)?;
        Ok(assessment)
    }

    /// The assessment's settings; a setting this build does not know, or a
    /// value its rule refuses, is a damaged database.
    fn settings(&self, id: AssessmentId) -> Result<crate::domain::settings::Settings, StorageError> {
        let rows = self.rows_of(
            "SELECT key, value FROM assessment_setting WHERE assessment_id = ?1",
            id,
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )?;
        let mut settings = crate::domain::settings::Settings::default();
        for (key, value) in rows {
            let setting = crate::domain::settings::Setting::from_key(&key)
                .ok_or_else(|| self.bad_value(format!("a setting “{key}” Critical Friend does not know")))?;
            setting
                .check(&value)
                .map_err(|why| self.bad_value(format!("the setting “{key}”: {why}")))?;
            settings.set(setting, Some(&value));
        }
        Ok(settings)
    }

    /// Every answer of one assessment, by item.
    fn answers(&self, id: AssessmentId) -> Result<BTreeMap<ItemId, Answer>, StorageError> {
        let rows = self.rows_of(
            "SELECT item_id, score, basis, notes, created_at, updated_at, peer_score, challenge
             FROM answer WHERE assessment_id = ?1",
            id,
            |row| {
                Ok((
                    row.get::<_, ItemId>(0)?,
                    Answer {
                        score: row.get::<_, Option<Score>>(1)?,
                        basis: row.get(2)?,
                        notes: row.get(3)?,
                        created_at: Some(row.get::<_, Moment>(4)?.0),
                        updated_at: Some(row.get::<_, Moment>(5)?.0),
                        peer_score: row.get::<_, Option<Score>>(6)?,
                        challenge: row.get(7)?,
                    },
                ))
            },
        )?;
        Ok(rows.into_iter().collect())
    }

    /// Runs a query with the assessment id as its one parameter and reads
    /// every row with `read`.
    pub(super) fn rows_of<T>(
        &self,
        sql: &str,
        id: AssessmentId,
        read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StorageError> {
        let mut statement = self.conn.prepare_cached(sql).map_err(|e| self.error(e))?;
        let rows = statement.query_map(params![id], read).map_err(|e| self.error(e))?;
        rows.collect::<rusqlite::Result<Vec<T>>>().map_err(|e| self.error(e))
    }

    fn peer_lists(&self, id: AssessmentId) -> Result<PeerLists, StorageError> {
        let rows = self.rows_of(
            "SELECT id, list, text FROM peer_entry WHERE assessment_id = ?1 ORDER BY list, position",
            id,
            |row| Ok((row.get::<_, Id>(0)?, row.get::<_, String>(1)?, row.get(2)?)),
        )?;
        let entries = rows
            .into_iter()
            .map(|(entry_id, list, text)| {
                Ok(ListEntry {
                    id: entry_id.0,
                    list: list.parse().map_err(|_| self.bad_value(format!("list “{list}”")))?,
                    text,
                })
            })
            .collect::<Result<_, StorageError>>()?;
        Ok(PeerLists { entries })
    }

    fn scope_questions(&self, id: AssessmentId) -> Result<Vec<ScopeQuestion>, StorageError> {
        self.rows_of(
            "SELECT id, question, response FROM scope_question WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| {
                Ok(ScopeQuestion {
                    id: row.get::<_, Id>(0)?.0,
                    question: row.get(1)?,
                    response: row.get(2)?,
                })
            },
        )
    }

    fn team(&self, id: AssessmentId) -> Result<Vec<TeamMember>, StorageError> {
        self.rows_of(
            "SELECT id, name, role, organisation FROM team_member WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| {
                Ok(TeamMember {
                    id: row.get::<_, Id>(0)?.0,
                    name: row.get(1)?,
                    role: row.get(2)?,
                    organisation: row.get(3)?,
                })
            },
        )
    }

    fn roster(&self, id: AssessmentId) -> Result<Vec<RosterEntry>, StorageError> {
        let rows = self.rows_of(
            "SELECT key, name, organisation, role, lead, retired FROM roster WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    RosterEntry {
                        key: PublicKey::from_bytes([0; 32]),
                        name: row.get(1)?,
                        organisation: row.get(2)?,
                        role: row.get(3)?,
                        lead: row.get(4)?,
                        retired: row.get::<_, Option<Moment>>(5)?.map(|moment| moment.0),
                    },
                ))
            },
        )?;
        rows.into_iter()
            .map(|(key, entry)| {
                let key = PublicKey::from_text(&key).map_err(|error| self.bad_value(error.to_string()))?;
                Ok(RosterEntry { key, ..entry })
            })
            .collect()
    }
}
