//! The national Adult Social Care Outcomes Framework file, read as it is
//! published: one row per council (or region, or England), measure,
//! breakdown and measure type, in the long layout — `Geographical code`,
//! `Geographical description`, `Geographical level`, `ONS code`, `ASCOF
//! measure code`, `Disaggregation level`, `Measure type`, `Measure value`.
//!
//! Headers are matched without case, spaces or punctuation, and under the
//! names they have had between years (`ONS Area Code`, `Council`, `Local
//! authority`); columns not named here (`Measure Group`…) are ignored. Only
//! `Outcome` rows of the whole population are values; `Numerator`,
//! `Denominator`, `Base` and `Margin of Error` rows, and breakdowns by age
//! or sex, are counted and left out. A suppressed value (blank, `[x]`,
//! `[c]`, `*`, `:`) is kept as missing, never as 0. Rows for measures
//! Critical Friend does not list are counted by code and left out.
//!
//! The file is checked whole: a row with an unknown measure type or level,
//! no area, a value that is not a number, or the same value twice refuses
//! the file, naming the row (as a spreadsheet numbers it, the header 1).

use std::collections::{BTreeMap, HashMap};

use crate::domain::measures::{Level, MeasureSet, MeasureValue, normal_code};

/// The largest file read (the national file is a few megabytes).
pub const MAX_ASCOF_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was refused.
#[derive(Debug, thiserror::Error)]
pub enum AscofError {
    #[error("could not read the file ({0})")]
    Io(#[from] std::io::Error),
    #[error("the file is {0} bytes, larger than the {MAX_ASCOF_BYTES}-byte limit")]
    TooLarge(u64),
    #[error("the file is not CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the file has no “{0}” column, so it is not the published ASCOF file")]
    MissingColumn(&'static str),
    #[error("two columns could each be the “{label}”: “{first}” and “{second}”; remove the one that is not")]
    TwoColumns {
        label: &'static str,
        first: String,
        second: String,
    },
    #[error("row {row}: {problem}")]
    Row { row: usize, problem: String },
}

/// What a file gives.
#[derive(Debug, Default)]
pub struct AscofFile {
    /// The values, one per measure and area.
    pub values: Vec<MeasureValue>,
    /// Rows for measures not listed, by code.
    pub other_measures: BTreeMap<String, usize>,
    /// Rows that are parts of a value (numerators, denominators, bases,
    /// margins) or a breakdown, left out.
    pub parts_left_out: usize,
}

/// Where each column we read is.
struct Columns {
    area: usize,
    ons: Option<usize>,
    name: usize,
    level: usize,
    measure: usize,
    breakdown: Option<usize>,
    kind: usize,
    value: usize,
}

fn squashed(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

impl Columns {
    fn find(headers: &csv::StringRecord) -> Result<Self, AscofError> {
        let names: Vec<String> = headers.iter().map(squashed).collect();
        // The one column under any of a role's names; two are refused, not
        // guessed between.
        let at = |options: &[&str], label: &'static str| {
            let mut found = (0..names.len()).filter(|&index| options.contains(&names[index].as_str()));
            match (found.next(), found.next()) {
                (Some(first), Some(second)) => Err(AscofError::TwoColumns {
                    label,
                    first: headers
                        .get(first)
                        .unwrap_or_default()
                        .trim_start_matches('\u{feff}')
                        .to_owned(),
                    second: headers.get(second).unwrap_or_default().to_owned(),
                }),
                (first, _) => Ok(first),
            }
        };
        let need = |options: &[&str], label: &'static str| at(options, label)?.ok_or(AscofError::MissingColumn(label));
        let ons = at(&["onscode", "onsareacode"], "ONS code")?;
        Ok(Self {
            area: at(&["geographicalcode", "areacode"], "Geographical code")?
                .or(ons)
                .ok_or(AscofError::MissingColumn("Geographical code"))?,
            ons,
            name: need(
                &["geographicaldescription", "council", "localauthority", "areaname"],
                "Geographical description",
            )?,
            level: need(&["geographicallevel", "level"], "Geographical level")?,
            measure: need(&["ascofmeasurecode", "measurecode"], "ASCOF measure code")?,
            breakdown: at(&["disaggregationlevel", "disaggregation"], "Disaggregation level")?,
            kind: need(&["measuretype"], "Measure type")?,
            value: need(&["measurevalue", "value"], "Measure value")?,
        })
    }
}

/// A published value: a number, or a suppression mark (kept as missing).
fn value(text: &str) -> Result<(Option<f64>, String), String> {
    let text = text.trim();
    match text {
        "" => Ok((None, String::new())),
        "[x]" | "[c]" | "[z]" | "[u]" | "*" | ":" | ".." | "-" => Ok((None, text.to_owned())),
        _ => text
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(|v| (Some(v), String::new()))
            .ok_or_else(|| format!("“{text}” is not a number or a suppression mark")),
    }
}

fn whole_population(breakdown: &str) -> bool {
    matches!(
        breakdown.trim().to_ascii_lowercase().as_str(),
        "" | "total" | "all" | "persons" | "all people" | "none"
    )
}

/// Reads the published file at `path`, for `period`, with its `source`
/// and publication date.
pub fn read(
    path: &std::path::Path,
    measures: &MeasureSet,
    (period, source, published): (&str, &str, &str),
) -> Result<AscofFile, AscofError> {
    let bytes = std::fs::metadata(path)?.len();
    if bytes > MAX_ASCOF_BYTES {
        return Err(AscofError::TooLarge(bytes));
    }
    let text = std::fs::read(path)?;
    parse(&text, measures, (period, source, published))
}

/// Reads a published file's bytes.
pub fn parse(
    bytes: &[u8],
    measures: &MeasureSet,
    (period, source, published): (&str, &str, &str),
) -> Result<AscofFile, AscofError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let columns = Columns::find(reader.headers()?)?;
    let mut file = AscofFile::default();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = record.map_err(|error| match error.kind() {
            csv::ErrorKind::UnequalLengths { len, expected_len, .. } => AscofError::Row {
                row,
                problem: format!("it has {len} cells, not {expected_len}"),
            },
            _ => AscofError::Csv(error),
        })?;
        let cell = |at: usize| record.get(at).unwrap_or_default().trim();
        let refuse = |problem: String| AscofError::Row { row, problem };
        let kind = cell(columns.kind).to_ascii_lowercase();
        if !matches!(
            kind.as_str(),
            "outcome" | "numerator" | "denominator" | "base" | "margin of error"
        ) {
            return Err(refuse(format!(
                "the measure type “{}” is not one the ASCOF file uses",
                cell(columns.kind)
            )));
        }
        let level = Level::parse(cell(columns.level)).ok_or_else(|| {
            refuse(format!(
                "the level “{}” is not council, region or England",
                cell(columns.level)
            ))
        })?;
        let area = columns
            .ons
            .map(cell)
            .filter(|ons| !ons.is_empty())
            .unwrap_or_else(|| cell(columns.area));
        if area.is_empty() || cell(columns.name).is_empty() {
            return Err(refuse("it names no area".to_owned()));
        }
        if area.chars().any(char::is_control) || cell(columns.name).chars().any(char::is_control) {
            return Err(refuse("its area holds control characters".to_owned()));
        }
        let (number, mark) = value(cell(columns.value)).map_err(refuse)?;
        let code = normal_code(cell(columns.measure));
        let Some(measure) = measures.find(&code) else {
            *file.other_measures.entry(code).or_default() += 1;
            continue;
        };
        if kind != "outcome" || !columns.breakdown.map(cell).is_none_or(whole_population) {
            file.parts_left_out += 1;
            continue;
        }
        if let Some(first) = seen.insert((measure.code.clone(), area.to_owned()), row) {
            return Err(refuse(format!(
                "{} for {area} is given twice (also row {first})",
                measure.code
            )));
        }
        file.values.push(MeasureValue {
            measure: measure.code.clone(),
            area_code: area.to_owned(),
            area_name: cell(columns.name).to_owned(),
            level,
            period: period.to_owned(),
            value: number,
            mark,
            source: source.to_owned(),
            published: published.to_owned(),
        });
    }
    Ok(file)
}
