//! Frameworks added to the database at run time. Each is stored whole, as
//! its JSON definition, keyed by id and version, and checked again whenever
//! it is read: a row damaged by hand is reported, never used. Whether one
//! may be added or removed is the domain rules' question; this file only
//! makes sure the state they were checked against still holds.

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use super::{Database, StorageError, read::now_text, types::Moment};
use crate::domain::{Author, Framework, FrameworkRef, Installed, Origin};

/// What the rules saw of one framework: whether it was stored, and how
/// many assessments used it. A write checked against one state is never
/// stored into another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameworkGate {
    /// It was in the `framework` table.
    pub stored: bool,
    /// The assessments answering it.
    pub uses: usize,
}

impl Database {
    /// Every framework added to this database, oldest first, each checked.
    pub fn added_frameworks(&self) -> Result<Vec<Installed>, StorageError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, version, definition, added_at, role, author, organisation
                 FROM framework ORDER BY added_at, rowid",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Moment>(3)?,
                    row.get::<_, crate::domain::Role>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                ))
            })
            .map_err(|e| self.error(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.error(e))?;
        rows.into_iter()
            .map(|(id, version, definition, at, role, name, organisation)| {
                let framework = Framework::from_json(&definition)
                    .ok()
                    .filter(|framework| framework.id == id && framework.version == version)
                    .ok_or_else(|| {
                        self.bad_value(format!("the stored framework {id} (version {version}) is damaged"))
                    })?;
                Ok(Installed {
                    framework,
                    origin: Origin::Added {
                        at: at.0,
                        by: Author {
                            role,
                            name,
                            organisation,
                            key: None,
                        },
                    },
                })
            })
            .collect()
    }

    /// What the rules see of a framework now.
    pub fn framework_gate(&self, reference: &FrameworkRef) -> Result<FrameworkGate, StorageError> {
        framework_gate(&self.conn, reference).map_err(|e| self.error(e))
    }

    /// Adds a framework, if the `gate` the rules were checked against still
    /// holds (it was not stored, and is used by nothing); otherwise
    /// [`StorageError::FrameworksChangedMeanwhile`], so the caller checks again.
    pub fn add_framework(
        &mut self,
        framework: &Framework,
        gate: FrameworkGate,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        if framework_gate(&tx, &framework.reference()).map_err(sql)? != gate || gate.stored {
            return Err(StorageError::FrameworksChangedMeanwhile);
        }
        tx.execute(
            "INSERT INTO framework (id, version, definition, added_at, role, author, organisation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                framework.id,
                framework.version,
                framework.to_json(),
                now_text(now),
                author.role.as_str(),
                author.name,
                author.organisation,
            ],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Removes an added framework if the `gate` still holds (stored, unused).
    pub fn remove_framework(&mut self, reference: &FrameworkRef, gate: FrameworkGate) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        if framework_gate(&tx, reference).map_err(sql)? != gate || !gate.stored || gate.uses > 0 {
            return Err(StorageError::FrameworksChangedMeanwhile);
        }
        tx.execute(
            "DELETE FROM framework WHERE id = ?1 AND version = ?2",
            params![reference.id, reference.version],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }
}

fn framework_gate(conn: &Connection, reference: &FrameworkRef) -> rusqlite::Result<FrameworkGate> {
    let stored = conn
        .query_row(
            "SELECT 1 FROM framework WHERE id = ?1 AND version = ?2",
            params![reference.id, reference.version],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let uses: i64 = conn.query_row(
        "SELECT count(*) FROM assessment WHERE framework_id = ?1 AND framework_version = ?2",
        params![reference.id, reference.version],
        |row| row.get(0),
    )?;
    Ok(FrameworkGate {
        stored,
        uses: usize::try_from(uses).unwrap_or(usize::MAX),
    })
}
