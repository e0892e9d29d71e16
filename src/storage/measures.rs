//! Published values of measures: stored as imported, a file's values
//! replacing those it gives again (same measure, period and area) in one
//! transaction, and read back per measure and period.

use rusqlite::{OptionalExtension, params};

use super::{Database, StorageError};
use crate::domain::measures::{Level, MeasureValue};

/// What storing a file's values did to the values stored before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplacedValues {
    /// Values already stored for the same measure, period and area.
    pub stored: usize,
    /// Of those, the ones whose value or mark the file changed.
    pub changed: usize,
}

impl Database {
    /// Stores `values`, replacing any stored for the same measure, period
    /// and area; all or none. Says how many it replaced, and changed.
    pub fn store_measure_values(&mut self, values: &[MeasureValue]) -> Result<ReplacedValues, StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        let mut replaced = ReplacedValues::default();
        {
            let mut stored = tx
                .prepare(
                    "SELECT value, mark FROM measure_value
                     WHERE measure = ?1 AND period = ?2 AND area_code = ?3",
                )
                .map_err(sql)?;
            for v in values {
                let before: Option<(Option<f64>, String)> = stored
                    .query_row(params![v.measure, v.period, v.area_code], |row| {
                        Ok((row.get(0)?, row.get(1)?))
                    })
                    .optional()
                    .map_err(sql)?;
                if let Some((value, mark)) = before {
                    replaced.stored += 1;
                    if value != v.value || mark != v.mark {
                        replaced.changed += 1;
                    }
                }
            }
            let mut insert = tx
                .prepare(
                    "INSERT OR REPLACE INTO measure_value
                     (measure, area_code, area_name, level, period, value, mark, source, published)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(sql)?;
            for v in values {
                insert
                    .execute(params![
                        v.measure,
                        v.area_code,
                        v.area_name,
                        v.level.as_str(),
                        v.period,
                        v.value,
                        v.mark,
                        v.source,
                        v.published
                    ])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(replaced)
    }

    /// The stored values of `measure` (every period when `period` is
    /// `None`), by period and area.
    pub fn measure_values(&self, measure: &str, period: Option<&str>) -> Result<Vec<MeasureValue>, StorageError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT measure, area_code, area_name, level, period, value, mark, source, published
                 FROM measure_value WHERE measure = ?1 AND (?2 IS NULL OR period = ?2)
                 ORDER BY period, area_code",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(params![measure, period], |row| {
                Ok((
                    MeasureValue {
                        measure: row.get(0)?,
                        area_code: row.get(1)?,
                        area_name: row.get(2)?,
                        level: Level::Council,
                        period: row.get(4)?,
                        value: row.get(5)?,
                        mark: row.get(6)?,
                        source: row.get(7)?,
                        published: row.get(8)?,
                    },
                    row.get::<_, String>(3)?,
                ))
            })
            .map_err(|e| self.error(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.error(e))?;
        rows.into_iter()
            .map(|(mut value, level)| {
                value.level = Level::parse(&level)
                    .ok_or_else(|| self.bad_value(format!("a stored measure value has the level “{level}”")))?;
                Ok(value)
            })
            .collect()
    }

    /// The periods with stored values, newest last.
    pub fn measure_periods(&self) -> Result<Vec<String>, StorageError> {
        let mut statement = self
            .conn
            .prepare("SELECT DISTINCT period FROM measure_value ORDER BY period")
            .map_err(|e| self.error(e))?;
        statement
            .query_map([], |row| row.get(0))
            .map_err(|e| self.error(e))?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(|e| self.error(e))
    }
}
