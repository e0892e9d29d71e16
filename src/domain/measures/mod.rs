//! The numbers behind the scores: measures (a code, a unit, which way is
//! better, a definition and the framework items each evidences), their
//! published values for councils and for England, and where a council
//! stands among others. Values are data the council imports as published;
//! none is typed into an assessment.
//!
//! The built-in measures are the ASCOF measures whose 2023-24 codes were
//! confirmed from published text (`assets/measures/ascof.json` names it).

mod standing;
mod target;

use serde::{Deserialize, Serialize};

pub use standing::{Standing, standing};
pub use target::{
    AgainstTarget, RULE as TARGET_RULE, against_target, against_target_in, figure, measure_heading, measure_line,
    values_text,
};

/// What a measure's values count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A percentage.
    Percent,
    /// A rate per 100,000 people.
    Per100k,
    /// A score (e.g. out of 24).
    Score,
    /// Pounds per head.
    PoundsPerHead,
    /// A count.
    Count,
}

impl Unit {
    /// The unit as people read it after a value.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Per100k => " per 100,000",
            Unit::Score | Unit::Count => "",
            Unit::PoundsPerHead => " £ per head",
        }
    }
}

/// Which direction of a measure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
    /// Context only: no value is better than another, so no rank.
    Neither,
}

impl Better {
    /// The direction in words.
    pub fn label(self) -> &'static str {
        match self {
            Better::Higher => "higher is better",
            Better::Lower => "lower is better",
            Better::Neither => "context only",
        }
    }
}

/// One measure and the framework items it evidences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The published code, e.g. "2A".
    pub code: String,
    pub name: String,
    pub unit: Unit,
    pub better: Better,
    pub definition: String,
    /// The framework whose items the measure evidences.
    pub framework: String,
    /// Those items' ids.
    pub items: Vec<String>,
}

/// A list of measures and where their definitions come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSet {
    pub source: String,
    pub measures: Vec<Measure>,
}

const ASCOF_JSON: &str = include_str!("../../../assets/measures/ascof.json");

impl MeasureSet {
    /// The ASCOF measures Critical Friend ships, read once (the item view
    /// asks on every frame).
    pub fn ascof() -> &'static Self {
        static ASCOF: std::sync::LazyLock<MeasureSet> = std::sync::LazyLock::new(|| {
            serde_json::from_str(ASCOF_JSON).unwrap_or_else(|error| panic!("the built-in ASCOF measures: {error}"))
        });
        &ASCOF
    }

    /// The measure with `code`, compared without case or an "ASCOF " prefix.
    pub fn find(&self, code: &str) -> Option<&Measure> {
        let code = normal_code(code);
        self.measures
            .iter()
            .find(|measure| measure.code.eq_ignore_ascii_case(&code))
    }

    /// The measures that evidence `item` of `framework`.
    pub fn for_item<'a>(&'a self, framework: &'a str, item: &'a str) -> impl Iterator<Item = &'a Measure> + 'a {
        self.measures
            .iter()
            .filter(move |m| m.framework == framework && m.items.iter().any(|i| i == item))
    }
}

/// A measure code as published ("ASCOF 2A", "2a") in its short form ("2A").
pub fn normal_code(code: &str) -> String {
    let code = code.trim();
    let code = code
        .strip_prefix("ASCOF")
        .or_else(|| code.strip_prefix("ascof"))
        .unwrap_or(code);
    code.trim().to_ascii_uppercase()
}

/// Whether a published area name ("Leeds", "Example Borough") names the
/// council an assessment calls itself ("Leeds City Council", "Example
/// Borough Council"): compared without case and without the words councils
/// put around their place's name.
pub fn same_council(area_name: &str, organisation: &str) -> bool {
    /// The name's place, read two ways: without the whole kind of council
    /// ("Barnsley Metropolitan Borough Council" → "barnsley"), and without
    /// only the word "council" ("Example Borough Council" → "example
    /// borough"), since a place's own name may end in "Borough" or "City".
    fn places(name: &str) -> [String; 2] {
        let mut name = name.trim().to_lowercase().replace('&', "and");
        name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        for prefix in ["london borough of ", "royal borough of ", "city of ", "county of "] {
            if let Some(rest) = name.strip_prefix(prefix) {
                name = rest.to_owned();
            }
        }
        let kinds = [
            " metropolitan borough council",
            " metropolitan district council",
            " borough council",
            " city council",
            " county council",
            " district council",
            " council",
        ];
        let without_kind = kinds
            .iter()
            .find_map(|kind| name.strip_suffix(kind))
            .unwrap_or(&name)
            .to_owned();
        let without_council = name.strip_suffix(" council").unwrap_or(&name).to_owned();
        [without_kind, without_council]
    }
    let (area, organisation) = (places(area_name), places(organisation));
    area.iter()
        .any(|a| !a.is_empty() && organisation.iter().any(|o| o == a))
}

/// The most councils a comparator group may name.
pub const MAX_COMPARATORS: usize = 160;

/// Who publishes the national values, as each imported value records it
/// unless told otherwise.
pub const ASCOF_SOURCE: &str = "ASCOF, NHS England";

/// Whether `code` is an ONS area code: a capital letter and eight digits
/// ("E06000001").
pub fn is_area_code(code: &str) -> bool {
    let mut chars = code.chars();
    code.len() == 9 && chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_digit())
}

/// A comparator group as recorded: its codes, comma-separated.
pub fn group_key(codes: &[String]) -> String {
    codes.join(",")
}

/// A comparator group as people write it ("e06000001, E06000002"): each
/// an ONS code, in capitals, once, in the order given. `None` names the
/// first that is not a code.
pub fn parse_group(text: &str) -> Result<Vec<String>, String> {
    let mut codes: Vec<String> = Vec::new();
    for code in text
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|code| !code.is_empty())
    {
        let code = code.to_ascii_uppercase();
        if !is_area_code(&code) {
            return Err(code);
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// Which kind of area a value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Council,
    Region,
    England,
}

impl Level {
    /// The level as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Council => "council",
            Level::Region => "region",
            Level::England => "england",
        }
    }

    /// The level from its stored or published name ("Council", "Local
    /// authority", "CASSR", "Region", "England", "National").
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "council" | "local authority" | "la" | "cassr" | "councils with adult social services responsibilities" => {
                Some(Level::Council)
            }
            "region" | "regional" => Some(Level::Region),
            "england" | "national" | "country" => Some(Level::England),
            _ => None,
        }
    }
}

/// The year a published file covers, as ASCOF names it ("2023-24"), from
/// how people write it ("2023-24", "2023/24", "2023-2024"); the error says
/// what a year looks like. Years sort as text only when all are written
/// one way, and trends are drawn in that order.
pub fn published_year(text: &str) -> Result<String, String> {
    let refused = || format!("“{}” is not a year such as 2023-24", text.trim());
    let (start, end) = text.trim().split_once(['-', '/']).ok_or_else(refused)?;
    let digits = |part: &str| part.len() >= 2 && part.bytes().all(|b| b.is_ascii_digit());
    if start.len() != 4 || !digits(start) || !digits(end) || !matches!(end.len(), 2 | 4) {
        return Err(refused());
    }
    let first: u32 = start.parse().map_err(|_| refused())?;
    let next = format!("{:04}", first + 1);
    if !next.ends_with(end) || !(1990..2100).contains(&first) {
        return Err(refused());
    }
    Ok(format!("{first}-{}", &next[2..]))
}

/// One published value: a measure, for an area, in a period. `value` is
/// `None` when the publisher suppressed or did not give it (`mark` says
/// how), never 0.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureValue {
    pub measure: String,
    pub area_code: String,
    pub area_name: String,
    pub level: Level,
    /// The period, e.g. "2023-24".
    pub period: String,
    pub value: Option<f64>,
    /// The publisher's mark for a missing value ("[x]", "[c]", "*", ":"), or
    /// empty.
    pub mark: String,
    /// Where the value comes from and when it was published.
    pub source: String,
    pub published: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_year_is_written_one_way() {
        for (typed, year) in [
            ("2023-24", "2023-24"),
            (" 2023/24 ", "2023-24"),
            ("2023-2024", "2023-24"),
            ("1999-00", "1999-00"),
        ] {
            assert_eq!(published_year(typed).as_deref(), Ok(year), "{typed}");
        }
        for wrong in [
            "",
            "2023",
            "23-24",
            "2023-25",
            "2023-20245",
            "2023-2x",
            "abcd-ef",
            "2023-",
        ] {
            assert!(published_year(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn the_ascof_measures_load_and_are_found_by_published_code() {
        let set = MeasureSet::ascof();
        assert_eq!(set.measures.len(), 5);
        assert_eq!(set.find("ASCOF 2C").map(|m| m.better), Some(Better::Lower));
        assert_eq!(set.find("2a").map(|m| m.unit), Some(Unit::Percent));
        assert!(set.find("1B").is_none(), "not shipped, so not found");
        let reablement: Vec<&str> = set
            .for_item("teasc-use-of-resources", "2.1")
            .map(|m| m.code.as_str())
            .collect();
        assert_eq!(reablement, ["2A"]);
    }

    #[test]
    fn a_published_area_name_matches_the_council_that_calls_itself_by_it() {
        assert!(same_council("Leeds", "Leeds City Council"));
        assert!(same_council("Example Borough", "Example Borough Council"));
        assert!(same_council(
            "Kensington and Chelsea",
            "Royal Borough of Kensington & Chelsea"
        ));
        assert!(!same_council("Leeds", "Bradford Metropolitan District Council"));
        assert!(!same_council("", "Council"));
    }

    #[test]
    fn every_item_a_measure_names_is_in_its_framework() {
        let catalogue = crate::domain::Catalogue::builtin();
        for measure in &MeasureSet::ascof().measures {
            let framework = catalogue.latest(&measure.framework).expect("framework");
            for item in &measure.items {
                assert!(
                    framework.items().any(|(_, i)| i.id.as_str() == item),
                    "{} names {item}",
                    measure.code
                );
            }
        }
    }
}
