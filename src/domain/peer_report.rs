//! The peer challenge report's own fields — the executive summary, the
//! background facts, the contact details and the order of its sections —
//! and how the report reads them together with the peer team's lists: which
//! sections it has, in which order, and the sentences it writes itself
//! ("The team considered eighty-nine documents…", "27–30 September 2016").

use time::{Date, Month};
use uuid::Uuid;

use super::{
    assessment::Assessment,
    challenge::Visit,
    framework::Framework,
    peer::{ListKind, SectionRef},
};

/// The longest executive summary or contact block we accept, in characters.
pub const MAX_REPORT_TEXT_CHARS: usize = 100_000;

/// What the peer team counted of its work, each optional.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Facts {
    /// Documents read before and during the visit.
    pub documents: Option<u32>,
    /// Meetings held on site.
    pub meetings: Option<u32>,
    /// Different people met.
    pub people: Option<u32>,
    /// Hours spent with the council and its documents.
    pub hours: Option<u32>,
}

impl Facts {
    /// Whether nothing is counted.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The stored form, `documents,meetings,people,hours`, an empty place
    /// for a count not given: `89,42,73,336`, `89,,,`.
    pub fn key(&self) -> String {
        [self.documents, self.meetings, self.people, self.hours]
            .iter()
            .map(|count| count.map(|n| n.to_string()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads [`Facts::key`]; `None` if it is not four counts.
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<&str> = text.split(',').collect();
        let [documents, meetings, people, hours] = parts.as_slice() else {
            return None;
        };
        let count = |part: &str| -> Option<Option<u32>> {
            if part.is_empty() {
                Some(None)
            } else {
                part.parse().ok().map(Some)
            }
        };
        Some(Self {
            documents: count(documents)?,
            meetings: count(meetings)?,
            people: count(people)?,
            hours: count(hours)?,
        })
    }

    /// The background's sentence: "Prior to being on site the team
    /// considered eighty-nine documents, and whilst on site the team had
    /// forty-two meetings with at least seventy-three different people. The
    /// peer challenge team spent about 336 hours with the council and its
    /// documentation, the equivalent of 42 working days." `None` when
    /// nothing is counted.
    pub fn sentence(&self, organisation: &str) -> Option<String> {
        let mut sentences = Vec::new();
        let documents = self.documents.map(|n| {
            format!(
                "Prior to being on site the team considered {}",
                counted(n, "document", "documents")
            )
        });
        let meetings = match (self.meetings, self.people) {
            (Some(meetings), Some(people)) => Some(format!(
                "whilst on site the team had {} with at least {}",
                counted(meetings, "meeting", "meetings"),
                counted(people, "different person", "different people")
            )),
            (Some(meetings), None) => Some(format!(
                "whilst on site the team had {}",
                counted(meetings, "meeting", "meetings")
            )),
            (None, Some(people)) => Some(format!(
                "whilst on site the team met at least {}",
                counted(people, "different person", "different people")
            )),
            (None, None) => None,
        };
        match (documents, meetings) {
            (Some(documents), Some(meetings)) => sentences.push(format!("{documents}, and {meetings}.")),
            (Some(one), None) => sentences.push(format!("{one}.")),
            (None, Some(one)) => sentences.push(format!("{}.", capitalised(&one))),
            (None, None) => {}
        }
        if let Some(hours) = self.hours {
            let with = if organisation.trim().is_empty() {
                "the council".to_owned()
            } else {
                organisation.trim().to_owned()
            };
            let days = match hours / 8 {
                0 => String::new(),
                1 => ", the equivalent of 1 working day".to_owned(),
                days => format!(", the equivalent of {days} working days"),
            };
            let plural = if hours == 1 { "hour" } else { "hours" };
            sentences.push(format!(
                "The peer challenge team spent about {hours} {plural} with {with} and its documentation{days}."
            ));
        }
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "eighty-nine documents", "one meeting", "336 documents": counts up to a
/// hundred in words, as reports write them, larger ones in figures.
fn counted(n: u32, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", number_in_words(n))
}

/// A whole number as British English writes it in running text: in words
/// up to one hundred, in figures above.
pub fn number_in_words(n: u32) -> String {
    const UNITS: [&str; 20] = [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match n {
        0..=19 => UNITS[n as usize].to_owned(),
        20..=99 if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_owned(),
        20..=99 => format!("{}-{}", TENS[(n / 10) as usize], UNITS[(n % 10) as usize]),
        100 => "one hundred".to_owned(),
        _ => n.to_string(),
    }
}

/// The report's own fields.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PeerReport {
    /// The executive summary; paragraphs are separated by a blank line.
    pub summary: String,
    /// The contact details block.
    pub contact: String,
    /// What the team counted.
    pub facts: Facts,
    /// The order of the sections as the team set it; sections not in it
    /// follow in their natural order.
    pub order: Vec<SectionRef>,
    /// Whether the team has issued it as Final: its own Draft → Final,
    /// apart from the assessment's status. A Final report takes no change
    /// until the team sets it back to Draft.
    pub issued: bool,
    /// Its own names for themes, and the themes it leaves out.
    pub names: crate::domain::section_names::SectionNames,
    /// Its own wording of the background's opening paragraphs.
    pub wording: crate::domain::background_wording::Wording,
}

/// The stored value of an issued report ([`PeerReport::issued`]); a Draft
/// one has none.
pub const ISSUED: &str = "final";

impl PeerReport {
    /// Whether the team has written any of it.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The stored form of a section order: `3,section:<id>,1`.
pub fn order_key(order: &[SectionRef]) -> String {
    order.iter().map(|section| section.key()).collect::<Vec<_>>().join(",")
}

/// Reads [`order_key`]; `None` if any part is not a section.
pub fn parse_order(text: &str) -> Option<Vec<SectionRef>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',').map(|part| part.parse().ok()).collect()
}

/// A change to the report's own fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportOp {
    /// Replace the executive summary.
    Summary(String),
    /// Replace the contact details.
    Contact(String),
    /// Replace the background facts.
    Facts(Facts),
    /// Put the sections in this order (every section, each once).
    Order(Vec<SectionRef>),
    /// Issue the report as Final (`true`), or set it back to Draft.
    Issue(bool),
    /// Name themes its own way, and leave themes out.
    Names(crate::domain::section_names::SectionNames),
    /// Word the background's opening paragraphs its own way.
    Wording(crate::domain::background_wording::Wording),
}

impl ReportOp {
    /// What the change touches, for messages.
    pub fn subject(&self) -> &'static str {
        match self {
            ReportOp::Summary(_) => "executive summary",
            ReportOp::Contact(_) => "contact details",
            ReportOp::Facts(_) => "background facts",
            ReportOp::Order(_) => "order of the report's sections",
            ReportOp::Issue(_) => "report's status",
            ReportOp::Names(_) => "report's names for its themes",
            ReportOp::Wording(_) => "wording of the background",
        }
    }
}

/// One section of the report, in the team's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionView {
    /// Which section.
    pub section: SectionRef,
    /// Its title: the theme's, or the one the team gave it.
    pub title: String,
    /// Whether the report leaves it out (a theme the team did not look at).
    pub left_out: bool,
}

impl Assessment {
    /// Whether the report is Final: the peer team issued it, or the whole
    /// assessment is Final (and so takes no change at all).
    pub fn report_is_final(&self) -> bool {
        self.report.issued || self.status == super::assessment::Status::Final
    }

    /// Every section of the report in the team's order: the order it set,
    /// then any section it has not placed (themes in framework order, then
    /// added sections in the order they were added). A section removed by
    /// one copy while another wrote in it is kept, so no writing is lost.
    pub fn report_sections(&self, framework: &Framework) -> Vec<SectionView> {
        let added: Vec<(Uuid, &str)> = self
            .peer
            .list(ListKind::Sections)
            .map(|entry| (entry.id, entry.text.as_str()))
            .collect();
        let mut natural: Vec<SectionRef> = framework.themes.iter().map(|t| SectionRef::Theme(t.number)).collect();
        natural.extend(added.iter().map(|(id, _)| SectionRef::Added(*id)));
        for entry in &self.peer.entries {
            if let Some(section) = entry.list.section()
                && !natural.contains(&section)
                && matches!(section, SectionRef::Added(_))
            {
                natural.push(section);
            }
        }
        let mut ordered: Vec<SectionRef> = self
            .report
            .order
            .iter()
            .copied()
            .filter(|section| natural.contains(section))
            .collect();
        for section in natural {
            if !ordered.contains(&section) {
                ordered.push(section);
            }
        }
        ordered
            .into_iter()
            .map(|section| SectionView {
                section,
                left_out: matches!(section, SectionRef::Theme(number) if self.report.names.left_out.contains(&number)),
                title: match section {
                    SectionRef::Theme(number) => self.report.names.titles.get(&number).cloned().unwrap_or_else(|| {
                        framework
                            .theme(number)
                            .map_or_else(|| format!("Theme {number}"), |theme| theme.title.clone())
                    }),
                    SectionRef::Added(id) => added.iter().find(|(added, _)| *added == id).map_or_else(
                        || "Section removed in another copy".to_owned(),
                        |(_, title)| (*title).to_owned(),
                    ),
                },
            })
            .collect()
    }

    /// Whether a section exists: a theme of the framework, or an added section.
    pub fn has_section(&self, framework: &Framework, section: SectionRef) -> bool {
        match section {
            SectionRef::Theme(number) => framework.theme(number).is_some(),
            SectionRef::Added(id) => self.peer.list(ListKind::Sections).any(|entry| entry.id == id),
        }
    }
}

/// "27–30 September 2016", "29 September – 2 October 2016", "27 September
/// 2016": the days on site as reports write them; empty when not set.
pub fn visit_in_words(visit: &Visit) -> String {
    let day = |date: Date| format!("{} {} {}", date.day(), month_name(date.month()), date.year());
    match (visit.start, visit.end) {
        (Some(start), Some(end)) if start == end => day(start),
        (Some(start), Some(end)) if start.year() == end.year() && start.month() == end.month() => format!(
            "{}–{} {} {}",
            start.day(),
            end.day(),
            month_name(end.month()),
            end.year()
        ),
        (Some(start), Some(end)) if start.year() == end.year() => {
            format!("{} {} – {}", start.day(), month_name(start.month()), day(end))
        }
        (Some(start), Some(end)) => format!("{} – {}", day(start), day(end)),
        (Some(date), None) | (None, Some(date)) => day(date),
        (None, None) => String::new(),
    }
}

/// "September 2016": the month and year of the visit, for the title page.
pub fn visit_month(visit: &Visit) -> Option<String> {
    visit
        .start
        .or(visit.end)
        .map(|date| format!("{} {}", month_name(date.month()), date.year()))
}

fn month_name(month: Month) -> &'static str {
    match month {
        Month::January => "January",
        Month::February => "February",
        Month::March => "March",
        Month::April => "April",
        Month::May => "May",
        Month::June => "June",
        Month::July => "July",
        Month::August => "August",
        Month::September => "September",
        Month::October => "October",
        Month::November => "November",
        Month::December => "December",
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_facts_read_as_the_leeds_report_wrote_them() {
        let facts = Facts {
            documents: Some(89),
            meetings: Some(42),
            people: Some(73),
            hours: Some(336),
        };
        assert_eq!(
            facts.sentence("Leeds City Council").as_deref(),
            Some(
                "Prior to being on site the team considered eighty-nine documents, and whilst on site the team had \
                 forty-two meetings with at least seventy-three different people. The peer challenge team spent \
                 about 336 hours with Leeds City Council and its documentation, the equivalent of 42 working days."
            )
        );
        assert_eq!(Facts::parse(&facts.key()), Some(facts));
        let some = Facts {
            meetings: Some(1),
            ..Facts::default()
        };
        assert_eq!(some.key(), ",1,,");
        assert_eq!(
            some.sentence("").as_deref(),
            Some("Whilst on site the team had one meeting.")
        );
        assert_eq!(Facts::default().sentence("x"), None);
        assert_eq!(Facts::parse("1,2,3"), None);
        assert_eq!(Facts::parse("a,,,"), None);
        assert_eq!(number_in_words(100), "one hundred");
        assert_eq!(number_in_words(70), "seventy");
        assert_eq!(number_in_words(101), "101");
    }

    #[test]
    fn visit_dates_read_as_people_write_them() {
        let visit = |start, end| Visit {
            start: Some(start),
            end: Some(end),
        };
        assert_eq!(
            visit_in_words(&visit(date!(2016 - 09 - 27), date!(2016 - 09 - 30))),
            "27–30 September 2016"
        );
        assert_eq!(
            visit_in_words(&visit(date!(2016 - 09 - 29), date!(2016 - 10 - 02))),
            "29 September – 2 October 2016"
        );
        assert_eq!(
            visit_in_words(&visit(date!(2016 - 12 - 30), date!(2017 - 01 - 02))),
            "30 December 2016 – 2 January 2017"
        );
        assert_eq!(visit_in_words(&Visit::default()), "");
        assert_eq!(
            visit_month(&visit(date!(2016 - 09 - 27), date!(2016 - 09 - 30))).as_deref(),
            Some("September 2016")
        );
    }

    #[test]
    fn orders_round_trip() {
        let order = vec![SectionRef::Added(Uuid::from_u128(9)), SectionRef::Theme(5)];
        assert_eq!(parse_order(&order_key(&order)), Some(order));
        assert_eq!(parse_order(""), Some(Vec::new()));
        assert_eq!(parse_order("5,x"), None);
    }
}
