//! Reading assessments, and the row readers and writers every kind of data shares.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn now_text(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

/// Reads `framework_id, framework_version` starting at column `at`.
pub(super) fn framework_at(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<FrameworkRef> {
    Ok(FrameworkRef {
        id: row.get(at)?,
        version: row.get(at + 1)?,
    })
}

/// Reads `organisation, title, period, lead` starting at column `at`.
pub(super) fn details_at(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<AssessmentDetails> {
    Ok(AssessmentDetails {
        organisation: row.get(at)?,
        title: row.get(at + 1)?,
        period: row.get(at + 2)?,
        lead: row.get(at + 3)?,
    })
}

pub(super) fn exists(tx: &Connection, id: AssessmentId) -> rusqlite::Result<bool> {
    Ok(tx
        .query_row("SELECT 1 FROM assessment WHERE id = ?1", [id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Inserts a whole assessment; the caller owns the transaction and has
/// checked the id is free.
pub(super) fn insert_assessment(tx: &Connection, assessment: &Assessment) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO assessment (id, framework_id, framework_version, organisation, title, period, lead,
                                 status, created_at, updated_at, self_locked, supersedes, superseded_by,
                                 visit_start, visit_end, report_summary, report_contact, report_facts, section_order,
                                 baseline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        params![
            assessment.id.to_string(),
            assessment.framework.id,
            assessment.framework.version,
            assessment.details.organisation,
            assessment.details.title,
            assessment.details.period,
            assessment.details.lead,
            assessment.status.as_str(),
            now_text(assessment.created_at),
            now_text(assessment.updated_at),
            assessment.self_locked,
            assessment.supersedes.map(|id| id.to_string()),
            assessment.superseded_by.map(|id| id.to_string()),
            crate::domain::challenge::format_date(assessment.visit.start),
            crate::domain::challenge::format_date(assessment.visit.end),
            assessment.report.summary,
            assessment.report.contact,
            assessment.report.facts.key(),
            crate::domain::peer_report::order_key(&assessment.report.order),
            assessment.baseline.map(|id| id.to_string()),
        ],
    )?;
    insert_content(tx, assessment)
}

/// Inserts an assessment's answers, findings, scope questions and team; the
/// caller owns the transaction and has cleared any earlier content.
pub(super) fn insert_content(tx: &Connection, assessment: &Assessment) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO answer (assessment_id, item_id, score, basis, notes, created_at, updated_at,
                             peer_score, challenge)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (item, answer) in &assessment.answers {
        let created = answer.created_at.unwrap_or(assessment.created_at);
        let updated = answer.updated_at.unwrap_or(created);
        insert.execute(params![
            assessment.id.to_string(),
            item.as_str(),
            answer.score.map(Score::value),
            answer.basis,
            answer.notes,
            now_text(created),
            now_text(updated),
            answer.peer_score.map(Score::value),
            answer.challenge,
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO peer_entry (id, assessment_id, list, position, text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?;
    for (position, entry) in (1i64..).zip(&assessment.peer.entries) {
        insert.execute(params![
            entry.id.to_string(),
            assessment.id.to_string(),
            entry.list.key(),
            position,
            entry.text,
            now_text(assessment.updated_at),
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO scope_question (id, assessment_id, position, question, response) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, question) in (1i64..).zip(&assessment.scope) {
        insert.execute(params![
            question.id.to_string(),
            assessment.id.to_string(),
            position,
            question.question,
            question.response,
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO team_member (id, assessment_id, position, name, role, organisation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, member) in (1i64..).zip(&assessment.team) {
        insert.execute(params![
            member.id.to_string(),
            assessment.id.to_string(),
            position,
            member.name,
            member.role,
            member.organisation,
        ])?;
    }
    super::actions::insert_plan(tx, assessment)?;
    super::evidence::insert_evidence(tx, assessment)
}

impl Database {
    /// Every assessment, most recently edited first.
    pub fn list(&self) -> Result<Vec<AssessmentListing>, StorageError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.framework_id, a.framework_version, a.organisation, a.title, a.period, a.lead,
                        a.status, a.updated_at, a.scored
                 FROM assessment a ORDER BY a.updated_at DESC, a.organisation",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    framework_at(row, 1)?,
                    details_at(row, 3)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, i64>(9)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut listings = Vec::new();
        for row in rows {
            let (id, framework, details, status, updated_at, scored) = row.map_err(|e| self.error(e))?;
            listings.push(AssessmentListing {
                id: self.parse_id(&id)?,
                framework,
                details,
                status: self.parse_status(&status)?,
                scored: usize::try_from(scored).unwrap_or(0),
                updated_at: self.parse_time(&updated_at)?,
            });
        }
        Ok(listings)
    }

    pub(super) fn parse_id(&self, text: &str) -> Result<AssessmentId, StorageError> {
        text.parse()
            .map_err(|_| self.bad_value(format!("assessment id “{text}”")))
    }

    pub(super) fn parse_status(&self, text: &str) -> Result<Status, StorageError> {
        text.parse().map_err(|_| self.bad_value(format!("status “{text}”")))
    }

    pub(super) fn parse_time(&self, text: &str) -> Result<OffsetDateTime, StorageError> {
        OffsetDateTime::parse(text, &Rfc3339).map_err(|_| self.bad_value(format!("time “{text}”")))
    }

    /// Whether an assessment with this id is stored.
    pub fn contains(&self, id: AssessmentId) -> Result<bool, StorageError> {
        self.conn
            .query_row("SELECT 1 FROM assessment WHERE id = ?1", [id.to_string()], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.error(e))
    }

    /// Reads one whole assessment.
    pub fn load(&self, id: AssessmentId) -> Result<Assessment, StorageError> {
        let row = self
            .conn
            .query_row(
                "SELECT framework_id, framework_version, organisation, title, period, lead, status,
                        created_at, updated_at, self_locked, supersedes, superseded_by, visit_start, visit_end,
                        report_summary, report_contact, report_facts, section_order, baseline
                 FROM assessment WHERE id = ?1",
                [id.to_string()],
                |row| {
                    Ok((
                        framework_at(row, 0)?,
                        details_at(row, 2)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                        row.get::<_, String>(8)?,
                        row.get::<_, bool>(9)?,
                        row.get::<_, Option<String>>(10)?,
                        row.get::<_, Option<String>>(11)?,
                        (row.get::<_, String>(12)?, row.get::<_, String>(13)?),
                        (
                            row.get::<_, String>(14)?,
                            row.get::<_, String>(15)?,
                            row.get::<_, String>(16)?,
                            row.get::<_, String>(17)?,
                        ),
                        row.get::<_, Option<String>>(18)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.error(e))?
            .ok_or(StorageError::NotFound(id))?;
        let (
            framework,
            details,
            status,
            created_at,
            updated_at,
            self_locked,
            supersedes,
            superseded_by,
            visit,
            report,
            baseline,
        ) = row;
        let (summary, contact, facts, order) = report;
        let report = PeerReport {
            summary,
            contact,
            facts: Facts::parse(&facts).ok_or_else(|| self.bad_value(format!("background facts “{facts}”")))?,
            order: crate::domain::peer_report::parse_order(&order)
                .ok_or_else(|| self.bad_value(format!("section order “{order}”")))?,
        };
        let date = |text: &str| {
            crate::domain::challenge::parse_date(text).map_err(|_| self.bad_value(format!("visit date “{text}”")))
        };
        let visit = Visit {
            start: date(&visit.0)?,
            end: date(&visit.1)?,
        };
        let mut assessment = Assessment {
            id,
            framework,
            details,
            status: self.parse_status(&status)?,
            created_at: self.parse_time(&created_at)?,
            updated_at: self.parse_time(&updated_at)?,
            answers: std::collections::BTreeMap::new(),
            self_locked,
            supersedes: supersedes.map(|text| self.parse_id(&text)).transpose()?,
            superseded_by: superseded_by.map(|text| self.parse_id(&text)).transpose()?,
            peer: self.peer_lists(id)?,
            scope: self.scope_questions(id)?,
            team: self.team(id)?,
            visit,
            report,
            actions: self.actions(id)?,
            baseline: baseline.map(|text| self.parse_id(&text)).transpose()?,
            documents: self.documents(id)?,
            requests: self.requests(id)?,
        };
        assessment.answers = self.answers(id)?;
        Ok(assessment)
    }

    /// Every answer of one assessment, by item.
    fn answers(&self, id: AssessmentId) -> Result<std::collections::BTreeMap<ItemId, Answer>, StorageError> {
        let mut answers = std::collections::BTreeMap::new();
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT item_id, score, basis, notes, created_at, updated_at, peer_score, challenge
                 FROM answer WHERE assessment_id = ?1",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([id.to_string()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                    row.get::<_, String>(7)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        for row in rows {
            let (item, score, basis, notes, created, updated, peer_score, challenge) =
                row.map_err(|e| self.error(e))?;
            let score = score
                .map(Score::try_from)
                .transpose()
                .map_err(|error| self.bad_value(format!("item {item}: {error}")))?;
            let peer_score = peer_score
                .map(Score::try_from)
                .transpose()
                .map_err(|error| self.bad_value(format!("item {item}: {error}")))?;
            answers.insert(
                ItemId::new(item),
                Answer {
                    score,
                    basis,
                    notes,
                    peer_score,
                    challenge,
                    created_at: Some(self.parse_time(&created)?),
                    updated_at: Some(self.parse_time(&updated)?),
                },
            );
        }
        Ok(answers)
    }

    /// Runs a query with the assessment id as its one parameter and reads
    /// every row with `read`.
    pub(super) fn rows_of<T>(
        &self,
        sql: &str,
        id: AssessmentId,
        read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StorageError> {
        let mut statement = self.conn.prepare_cached(sql).map_err(|e| self.error(e))?;
        let rows = statement.query_map([id.to_string()], read).map_err(|e| self.error(e))?;
        rows.collect::<rusqlite::Result<Vec<T>>>().map_err(|e| self.error(e))
    }

    pub(super) fn peer_lists(&self, id: AssessmentId) -> Result<PeerLists, StorageError> {
        let rows = self.rows_of(
            "SELECT id, list, text FROM peer_entry WHERE assessment_id = ?1 ORDER BY list, position",
            id,
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get(2)?)),
        )?;
        let entries = rows
            .into_iter()
            .map(|(entry_id, list, text)| {
                Ok(ListEntry {
                    id: self.parse_uuid(&entry_id)?,
                    list: list.parse().map_err(|_| self.bad_value(format!("list “{list}”")))?,
                    text,
                })
            })
            .collect::<Result<_, StorageError>>()?;
        Ok(PeerLists { entries })
    }

    pub(super) fn scope_questions(&self, id: AssessmentId) -> Result<Vec<ScopeQuestion>, StorageError> {
        let rows = self.rows_of(
            "SELECT id, question, response FROM scope_question WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?)),
        )?;
        rows.into_iter()
            .map(|(question_id, question, response)| {
                Ok(ScopeQuestion {
                    id: self.parse_uuid(&question_id)?,
                    question,
                    response,
                })
            })
            .collect()
    }

    pub(super) fn team(&self, id: AssessmentId) -> Result<Vec<TeamMember>, StorageError> {
        let rows = self.rows_of(
            "SELECT id, name, role, organisation FROM team_member WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
        rows.into_iter()
            .map(|(member_id, name, role, organisation)| {
                Ok(TeamMember {
                    id: self.parse_uuid(&member_id)?,
                    name,
                    role,
                    organisation,
                })
            })
            .collect()
    }

    pub(super) fn parse_uuid(&self, text: &str) -> Result<uuid::Uuid, StorageError> {
        uuid::Uuid::parse_str(text).map_err(|_| self.bad_value(format!("id “{text}”")))
    }
}
