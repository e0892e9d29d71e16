//! Measures in a session: importing a published ASCOF file (checked whole,
//! stored in one transaction, never touching an assessment) and where a
//! council stands on each measure.

use std::path::Path;

use super::{ServiceError, Session};
use crate::domain::{Assessment, AssessmentId, Write, settings::Setting};
use crate::{
    domain::measures::{
        Better, Level, Measure, MeasureSet, MeasureValue, Standing, published_year, same_council, standing,
    },
    exchange::ascof::{self, AscofFile},
    packs::{BenchmarkRow, Benchmarks, TrendChart, TrendPoint},
    storage::ReplacedValues,
};

/// A published file imported: its year, what was read, and what it
/// replaced.
pub struct AscofImport {
    /// The year it covers, as stored ("2023-24").
    pub period: String,
    /// What was read.
    pub file: AscofFile,
    /// The values stored before that it replaced.
    pub replaced: ReplacedValues,
}

impl AscofImport {
    /// What the import did, a sentence a line, for the command line and
    /// the app alike.
    pub fn report(&self) -> Vec<String> {
        let (file, period) = (&self.file, &self.period);
        let suppressed = file.values.iter().filter(|v| v.value.is_none()).count();
        let mut lines = vec![format!(
            "Imported {} values for {period} ({suppressed} suppressed or missing, kept as such).",
            file.values.len()
        )];
        if self.replaced.stored > 0 {
            let changed = match self.replaced.changed {
                0 => "none of them changed".to_owned(),
                n => format!("{n} of them changed"),
            };
            lines.push(format!(
                "It replaced the {} values already stored for {period}; {changed}.",
                self.replaced.stored
            ));
        }
        if file.parts_left_out > 0 {
            lines.push(format!(
                "Left out {} numerator, denominator and breakdown rows.",
                file.parts_left_out
            ));
        }
        if !file.other_measures.is_empty() {
            let codes: Vec<&str> = file.other_measures.keys().map(String::as_str).collect();
            lines.push(format!(
                "Left out measures Critical Friend does not list: {}.",
                codes.join(", ")
            ));
        }
        lines
    }
}

/// Where a council stands on one measure in one period.
#[derive(Debug, Clone)]
pub struct MeasureStanding {
    pub measure: Measure,
    pub period: String,
    pub area_name: String,
    pub standing: Standing,
    /// The council's values in every period, oldest first.
    pub trend: Vec<(String, Option<f64>)>,
    /// England's values in every period, oldest first.
    pub england_trend: Vec<(String, Option<f64>)>,
    /// The council's region, when it has named one: its name as published
    /// (its code when none is) and its value in the period.
    pub region: Option<(String, Option<f64>)>,
}

impl MeasureStanding {
    /// The standing in words: "Testshire 3 2023-24: 300.5 per 100,000;
    /// England 560.8 per 100,000; rank 3 of 7 (quartile 2; lower is
    /// better); trend: 2022-23 310.0, 2023-24 300.5". A missing value is
    /// "not published", never 0.
    pub fn summary(&self) -> String {
        let unit = self.measure.unit.suffix();
        let number = |value: Option<f64>, suffix: &str| {
            value.map_or_else(|| "not published".to_owned(), |v| format!("{v:.1}{suffix}"))
        };
        let position = match (self.standing.rank, self.standing.quartile, self.measure.better) {
            (_, _, Better::Neither) => "context only, not ranked".to_owned(),
            (Some(rank), Some(quartile), better) => format!(
                "rank {rank} of {} (quartile {quartile}; {})",
                self.standing.group_size,
                better.label()
            ),
            _ => "not ranked: no value".to_owned(),
        };
        let trend: Vec<String> = self
            .trend
            .iter()
            .map(|(period, value)| format!("{period} {}", number(*value, "")))
            .collect();
        let region = self.region_text().map(|text| format!("; {text}")).unwrap_or_default();
        format!(
            "{} {}: {}; England {}{region}; {}; trend: {}",
            self.area_name,
            self.period,
            number(self.standing.value, unit),
            number(self.standing.england, unit),
            position,
            trend.join(", ")
        )
    }
}

impl MeasureStanding {
    /// A value with the measure's unit, or "not published" — never 0.
    fn number(&self, value: Option<f64>) -> String {
        let unit = self.measure.unit.suffix();
        value.map_or_else(|| "not published".to_owned(), |v| format!("{v:.1}{unit}"))
    }

    /// The council's latest value and its period: "72.5% (2023-24)".
    pub fn value_text(&self) -> String {
        format!("{} ({})", self.number(self.standing.value), self.period)
    }

    /// England's value in the same period.
    pub fn england_text(&self) -> String {
        self.number(self.standing.england)
    }

    /// The region's value in the same period with its name: "Yorkshire
    /// and The Humber 75.0%"; `None` when the council has named no region.
    pub fn region_text(&self) -> Option<String> {
        self.region
            .as_ref()
            .map(|(name, value)| format!("{name} {}", self.number(*value)))
    }

    /// The region's value in the same period, for a table whose heading
    /// names the region: "76.5%", "not published", or "–" when the council
    /// has named no region.
    pub fn region_cell(&self) -> String {
        self.region
            .as_ref()
            .map_or_else(|| "–".to_owned(), |(_, value)| self.number(*value))
    }

    /// The region's name as published, once a value of it for this
    /// measure is imported (before then the region is known by its code).
    pub fn region_name(&self) -> Option<&str> {
        self.region
            .as_ref()
            .map(|(name, _)| name.as_str())
            .filter(|name| !crate::domain::measures::is_area_code(name))
    }

    /// England's value, and the region's after it when there is one.
    fn beside_text(&self) -> String {
        match self.region_text() {
            Some(region) => format!("England {}; {region}", self.england_text()),
            None => format!("England {}", self.england_text()),
        }
    }

    /// "2 of 7, quartile 1", or "not ranked".
    pub fn rank_text(&self) -> String {
        match (self.standing.rank, self.standing.quartile, self.measure.better) {
            (_, _, Better::Neither) => "context only".to_owned(),
            (Some(rank), Some(quartile), _) => format!("{rank} of {}, quartile {quartile}", self.standing.group_size),
            _ => "not ranked".to_owned(),
        }
    }

    /// The trend in words: "2022-23 70.0%, 2023-24 72.5%".
    pub fn trend_text(&self) -> String {
        self.trend_with(|value| self.number(value))
    }

    /// Each period of the trend with its value as `number` writes it.
    fn trend_with(&self, number: impl Fn(Option<f64>) -> String) -> String {
        let words: Vec<String> = self
            .trend
            .iter()
            .map(|(period, value)| format!("{period} {}", number(*value)))
            .collect();
        words.join(", ")
    }

    /// The trend for a table's narrow column: a unit longer than "%"
    /// ("per 100,000") is left to the measure's name, which says it.
    fn trend_cell(&self) -> String {
        let suffix = self.measure.unit.suffix();
        let unit = if suffix == "%" { suffix } else { "" };
        self.trend_with(|value| value.map_or_else(|| "not published".to_owned(), |v| format!("{v:.1}{unit}")))
    }

    /// The measure's figures as a sentence for a basis for a score:
    /// "ASCOF 2A, short-term services with no further request for ongoing
    /// support (higher is better): Example Borough 72.5% (2023-24);
    /// England 77.5%; 2 of 7, quartile 1." Citing it twice finds it there.
    pub fn citation(&self) -> String {
        let name = crate::text::in_sentence(&self.measure.name);
        format!(
            "ASCOF {}, {name} ({}): {} {}; {}; {}.",
            self.measure.code,
            self.measure.better.label(),
            self.area_name,
            self.value_text(),
            self.beside_text(),
            self.rank_text()
        )
    }

    /// Its line beside the items it evidences in a pack: "ASCOF 2A:
    /// 72.5% (2023-24); England 77.5%; 2 of 7, quartile 1".
    pub fn item_line(&self) -> String {
        format!(
            "ASCOF {}: {}; {}; {}",
            self.measure.code,
            self.value_text(),
            self.beside_text(),
            self.rank_text()
        )
    }

    /// Its small line chart, when the council has two or more values.
    pub fn trend_chart(&self) -> Option<TrendChart> {
        if self.trend.iter().filter(|(_, value)| value.is_some()).count() < 2 {
            return None;
        }
        let mut periods: Vec<&String> = self
            .trend
            .iter()
            .chain(&self.england_trend)
            .map(|(period, _)| period)
            .collect();
        periods.sort();
        periods.dedup();
        let value_in = |series: &[(String, Option<f64>)], period: &String| {
            series.iter().find(|(p, _)| p == period).and_then(|(_, value)| *value)
        };
        Some(TrendChart {
            code: format!("ASCOF {}", self.measure.code),
            title: format!("{} ({})", self.measure.name, self.measure.better.label()),
            unit: self.measure.unit.suffix().to_owned(),
            council: self.area_name.clone(),
            points: periods
                .into_iter()
                .map(|period| TrendPoint {
                    period: period.clone(),
                    council: value_in(&self.trend, period),
                    england: value_in(&self.england_trend, period),
                })
                .collect(),
        })
    }

    /// Its row of the pre-visit pack's benchmarking section.
    pub fn benchmark_row(&self) -> BenchmarkRow {
        BenchmarkRow {
            cells: vec![
                format!("ASCOF {}", self.measure.code),
                format!("{} ({})", self.measure.name, self.measure.better.label()),
                self.value_text(),
                self.england_text(),
                self.region_cell(),
                self.rank_text(),
                self.trend_cell(),
                self.measure.items.join(", "),
            ],
        }
    }
}

impl Session {
    /// The pre-visit pack's benchmarking section for `assessment`'s council: a row
    /// for each measure with values imported for the council (no rows when
    /// none are), and each measure's line beside the items it evidences.
    pub fn benchmarks_for(&self, assessment: &Assessment) -> Result<Benchmarks, ServiceError> {
        let standings = self.standings_for(assessment)?;
        let rows = standings.iter().map(MeasureStanding::benchmark_row).collect();
        let beside_items = standings
            .iter()
            .filter(|standing| standing.standing.value.is_some())
            .flat_map(|standing| {
                let line = standing.item_line();
                standing
                    .measure
                    .items
                    .iter()
                    .map(move |item| (item.clone(), line.clone()))
            })
            .collect();
        Ok(Benchmarks {
            source: MeasureSet::ascof().source.clone(),
            rows,
            beside_items,
            trends: standings.iter().filter_map(MeasureStanding::trend_chart).collect(),
            region: standings
                .iter()
                .find_map(MeasureStanding::region_name)
                .map(str::to_owned),
        })
    }

    /// Reads the published ASCOF file at `path` for `period` and stores its
    /// values, replacing those stored for the same measure, period and area;
    /// a file that does not read whole stores nothing. Returns what was read
    /// and what it replaced.
    pub fn import_ascof(
        &mut self,
        path: &Path,
        (period, source, published): (&str, &str, &str),
    ) -> Result<AscofImport, ServiceError> {
        let period =
            published_year(period).map_err(|error| ServiceError::MeasuresFile(format!("the period {error}")))?;
        let file = ascof::read(path, MeasureSet::ascof(), (&period, source, published))
            .map_err(|error| ServiceError::MeasuresFile(format!("{}: {error}", path.display())))?;
        let replaced = self.database.store_measure_values(&file.values)?;
        Ok(AscofImport { period, file, replaced })
    }

    /// Where the council with `area` code stands on every listed measure,
    /// in `period` (the latest with values when `None`), among all councils
    /// or the comparator `group`, beside its `region` when it names one.
    pub fn measure_standings(
        &self,
        area: &str,
        period: Option<&str>,
        (group, region): (&[String], Option<&str>),
    ) -> Result<Vec<MeasureStanding>, ServiceError> {
        let latest = self.database.measure_periods()?.pop();
        let Some(period) = period.map(str::to_owned).or(latest) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for measure in MeasureSet::ascof().measures.iter().cloned() {
            let all = self.database.measure_values(&measure.code, None)?;
            let this: Vec<MeasureValue> = all.iter().filter(|v| v.period == period).cloned().collect();
            let own = |v: &&MeasureValue| v.area_code.eq_ignore_ascii_case(area);
            let trend = all.iter().filter(own).map(|v| (v.period.clone(), v.value)).collect();
            let england_trend = all
                .iter()
                .filter(|v| v.level == Level::England)
                .map(|v| (v.period.clone(), v.value))
                .collect();
            let area_name = this.iter().find(own).map(|v| v.area_name.clone()).unwrap_or_default();
            let region = region.map(|code| {
                let found = this
                    .iter()
                    .find(|v| v.level == Level::Region && v.area_code.eq_ignore_ascii_case(code));
                found.map_or_else(|| (code.to_owned(), None), |v| (v.area_name.clone(), v.value))
            });
            out.push(MeasureStanding {
                standing: standing(&this, measure.better, area, group),
                measure,
                period: period.clone(),
                area_name,
                trend,
                england_trend,
                region,
            });
        }
        Ok(out)
    }
}

impl Session {
    /// Where the council `assessment` is of stands on every listed
    /// measure, in the latest period with values, among its comparator
    /// group (every council when it names none): the council is the area
    /// whose published name is its place's name (see
    /// [`same_council`](crate::domain::measures::same_council)). Empty
    /// when no values are imported or none names this council.
    pub fn standings_for(&self, assessment: &Assessment) -> Result<Vec<MeasureStanding>, ServiceError> {
        let organisation = assessment.details.organisation.as_str();
        let Some(period) = self.database.measure_periods()?.pop() else {
            return Ok(Vec::new());
        };
        let mut area = None;
        for measure in MeasureSet::ascof().measures.iter().cloned() {
            area = self
                .database
                .measure_values(&measure.code, Some(&period))?
                .into_iter()
                .find(|v| v.level == Level::Council && same_council(&v.area_name, organisation))
                .map(|v| v.area_code);
            if area.is_some() {
                break;
            }
        }
        match area {
            Some(area) => {
                let among = (&assessment.settings.comparators()[..], assessment.settings.region());
                self.measure_standings(&area, Some(&period), among)
            }
            None => Ok(Vec::new()),
        }
    }
}

impl Session {
    /// Sets one of `id`'s settings to `text` as people write it — the
    /// comparator group as ONS codes ("e06000001, E06000002"), the region
    /// as its code; empty clears it. With `seen`, the value as recorded
    /// when the person began typing: if it has changed since, the change is
    /// refused as a conflict.
    pub fn set_setting(
        &mut self,
        id: AssessmentId,
        (setting, seen): (Setting, Option<&str>),
        text: &str,
    ) -> Result<(), ServiceError> {
        let to = setting.normalise(text).map_err(crate::domain::Refused::Invalid)?;
        let write = Write::Setting { setting, seen, to: &to };
        self.commit(id, &[write], |_, _| Ok(())).map(drop)
    }
}
