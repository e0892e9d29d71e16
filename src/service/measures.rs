//! Measures in a session: importing a published ASCOF file (checked whole,
//! stored in one transaction, never touching an assessment) and where a
//! council stands on each measure.

use std::path::Path;

use super::{ServiceError, Session};
use crate::{
    domain::measures::{Measure, MeasureSet, MeasureValue, Standing, standing},
    exchange::ascof::{self, AscofFile},
};

/// Where a council stands on one measure in one period.
#[derive(Debug, Clone)]
pub struct MeasureStanding {
    pub measure: Measure,
    pub period: String,
    pub area_name: String,
    pub standing: Standing,
    /// The council's values in every period, oldest first.
    pub trend: Vec<(String, Option<f64>)>,
}

impl Session {
    /// Reads the published ASCOF file at `path` for `period` and stores its
    /// values; a file that does not read whole stores nothing.
    pub fn import_ascof(
        &mut self,
        path: &Path,
        (period, source, published): (&str, &str, &str),
    ) -> Result<AscofFile, ServiceError> {
        let file = ascof::read(path, &MeasureSet::ascof(), (period, source, published))
            .map_err(|error| ServiceError::MeasuresFile(format!("{}: {error}", path.display())))?;
        self.database.store_measure_values(&file.values)?;
        Ok(file)
    }

    /// Where the council with `area` code stands on every listed measure,
    /// in `period` (the latest with values when `None`), among all councils
    /// or the comparator `group`.
    pub fn measure_standings(
        &self,
        area: &str,
        period: Option<&str>,
        group: &[String],
    ) -> Result<Vec<MeasureStanding>, ServiceError> {
        let latest = self.database.measure_periods()?.pop();
        let Some(period) = period.map(str::to_owned).or(latest) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for measure in MeasureSet::ascof().measures {
            let all = self.database.measure_values(&measure.code, None)?;
            let this: Vec<MeasureValue> = all.iter().filter(|v| v.period == period).cloned().collect();
            let own = |v: &&MeasureValue| v.area_code.eq_ignore_ascii_case(area);
            let trend = all.iter().filter(own).map(|v| (v.period.clone(), v.value)).collect();
            let area_name = this.iter().find(own).map(|v| v.area_name.clone()).unwrap_or_default();
            out.push(MeasureStanding {
                standing: standing(&this, measure.better, area, group),
                measure,
                period: period.clone(),
                area_name,
                trend,
            });
        }
        Ok(out)
    }
}
