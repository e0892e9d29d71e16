//! Assessment packs. A [`Pack`] is a plain model of what a pack says — its
//! kind, paper, details and an ordered list of [`Section`]s — built from the
//! domain and an injected export date. Writers ([`pdf`], [`xlsx`], [`docx`],
//! [`csv`]) turn the same model into bytes; none of them looks at the
//! database or the domain.

mod benchmarks;
mod build;
mod challenge;
mod chart;
mod contents;
mod cover;
pub mod cross_refs;
pub mod csv;
pub mod docx;
mod evidence;
mod item_row;
pub mod links;
mod model;
pub mod paragraph_lists;
pub mod pdf;
mod plan;
mod scorecard;
mod trend_picture;
pub mod xlsx;

pub use benchmarks::{BENCHMARK_HEADINGS, BenchmarkRow, Benchmarks, TrendChart, TrendPoint};
pub use build::{PackError, PackOptions};
pub use challenge::{
    BulletGroup, FrameworkAppendix, Numbered, Prose, ReportPart, SUBHEADING_MARK, ScoresAppendix, left_out_note,
};
pub use contents::{ContentsEntry, bookmark_key};
pub use evidence::{DocumentRow, document_rows};
pub use item_row::ItemRow;
pub use model::*;
pub use plan::{
    ActionRow, PlanSection, ProgressItem, ProgressSection, StatusRow, YearsSection, plan_section, progress_section,
};
pub use scorecard::{SCORECARD_HEADINGS, Scorecard};

use std::{fmt, str::FromStr};

use crate::domain::AssessmentDetails;

/// The sentence explaining the overall rating rule, with its bands.
pub fn rating_rule_text(meta: &PackMeta, bands: &[String]) -> String {
    format!(
        "Once every {} is scored, the scores are added and taken as a percentage of the highest possible total \
         (all weighted equally), rounded to the nearest whole percent: {}.",
        meta.labels.item.to_lowercase(),
        bands.join("; ")
    )
}

/// Which pack to produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackKind {
    /// Everything in the assessment.
    Full,
    /// Cover, summary table and charts.
    Summary,
    /// Cover plus one theme, by number.
    Theme(u8),
    /// The framework with empty boxes, to fill in by hand; needs no assessment.
    BlankForm,
    /// The self-assessment plus one numbered list of every open query, for the peer team.
    PreVisit,
    /// The peer team's report, shaped like the LGA's (PDF and Word only).
    Report,
    /// The council's action plan (PDF, Word and Excel).
    ActionPlan,
    /// A progress review beside its baseline (PDF and Word).
    Progress,
    /// Two or more of one council's assessments side by side (PDF and Word).
    YearOnYear,
}

impl PackKind {
    /// The name people read.
    pub fn label(self) -> String {
        match self {
            PackKind::Full => "Full pack".to_owned(),
            PackKind::Summary => "Summary".to_owned(),
            PackKind::Theme(number) => format!("Theme {number}"),
            PackKind::BlankForm => "Blank workshop form".to_owned(),
            PackKind::PreVisit => "Pre-visit pack".to_owned(),
            PackKind::Report => "Peer challenge report".to_owned(),
            PackKind::ActionPlan => "Action plan".to_owned(),
            PackKind::Progress => "Progress review".to_owned(),
            PackKind::YearOnYear => "Year on year".to_owned(),
        }
    }

    /// Whether this pack can be written in `format`: the report and the
    /// progress review are documents, so PDF or Word; the action plan is
    /// also a workbook (that imports back); every other pack in any format.
    pub fn takes(self, format: Format) -> bool {
        match self {
            PackKind::Report | PackKind::Progress | PackKind::YearOnYear => {
                matches!(format, Format::Pdf | Format::Word)
            }
            PackKind::ActionPlan => format != Format::Csv,
            _ => true,
        }
    }

    /// The subtitle printed on the cover.
    fn document_title(self) -> &'static str {
        match self {
            PackKind::Full | PackKind::Theme(_) => "Self-assessment pack",
            PackKind::Summary => "Self-assessment summary",
            PackKind::BlankForm => "Blank self-assessment form for workshops",
            PackKind::PreVisit => "Pre-visit pack for the peer team",
            PackKind::Report => "Peer challenge report",
            PackKind::ActionPlan => "Action plan",
            PackKind::Progress => "Progress review",
            PackKind::YearOnYear => "Year on year",
        }
    }
}

/// Paper size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Paper {
    /// 210 × 297 mm, the default.
    #[default]
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Paper::A4 => "A4",
            Paper::Letter => "Letter",
        })
    }
}

impl FromStr for Paper {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err(format!("“{text}” is not a paper size; use a4 or letter")),
        }
    }
}

/// A file format packs can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PDF, for printing and circulating.
    Pdf,
    /// Word, for councils to edit and publish.
    Word,
    /// Excel, one sheet per theme; can be imported back.
    Excel,
    /// CSV of the items table.
    Csv,
}

/// Why a pack could not be written in a format.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// PDF writer.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// Word writer.
    #[error(transparent)]
    Word(#[from] docx::DocxError),
    /// Excel writer.
    #[error("could not write the Excel workbook: {0}")]
    Excel(#[from] rust_xlsxwriter::XlsxError),
    /// CSV writer.
    #[error("could not write the CSV table: {0}")]
    Csv(#[from] ::csv::Error),
    /// A pack asked for in a format it is not written in.
    #[error("the {pack} is written as {formats}, not {format}")]
    NotInFormat {
        /// The pack, e.g. "peer challenge report".
        pack: String,
        /// The formats it is written in: "PDF or Word (.docx)".
        formats: String,
        /// The format asked for.
        format: &'static str,
    },
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Word, Format::Excel, Format::Csv];

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Word => "docx",
            Format::Excel => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Word => "Word (.docx)",
            Format::Excel => "Excel (.xlsx)",
            Format::Csv => "CSV (items table)",
        }
    }

    /// Writes the pack in this format.
    pub fn render(self, pack: &Pack) -> Result<Vec<u8>, RenderError> {
        if !pack.kind.takes(self) {
            let formats: Vec<&str> = Format::ALL
                .into_iter()
                .filter(|format| pack.kind.takes(*format))
                .map(Format::label)
                .collect();
            return Err(RenderError::NotInFormat {
                pack: pack.kind.label().to_lowercase(),
                formats: formats.join(" or "),
                format: self.label(),
            });
        }
        Ok(match self {
            Format::Pdf => pdf::render(pack)?,
            Format::Word => docx::render(pack)?,
            Format::Excel => xlsx::render(pack)?,
            Format::Csv => csv::render(pack)?,
        })
    }
}

/// A file name people would choose: "Organisation - Title - Period.pdf".
pub fn suggested_file_name(details: &AssessmentDetails, extension: &str) -> String {
    let name = [&details.organisation, &details.title, &details.period]
        .iter()
        .filter(|part| !part.is_empty())
        .map(|part| part.as_str())
        .collect::<Vec<_>>()
        .join(" - ");
    let mut name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if name.is_empty() {
        name.push_str("Assessment");
    }
    format!("{name}.{extension}")
}

pub use crate::text::count;

#[cfg(test)]
mod tests {
    use time::{OffsetDateTime, macros::date};

    use super::*;
    use crate::domain::{Catalogue, example::example_assessment};

    fn options(kind: PackKind) -> PackOptions {
        PackOptions {
            kind,
            paper: Paper::A4,
            exported_on: date!(2026 - 11 - 22),
            include_peer_review: true,
            share_safe: false,
            utc_offset: time::UtcOffset::UTC,
            include_scores: true,
        }
    }

    #[test]
    fn file_names_replace_characters_folders_cannot_hold() {
        let details = AssessmentDetails {
            organisation: "Ynys Môn".into(),
            title: "Self-assessment: draft".into(),
            period: "2016/17".into(),
            lead: String::new(),
        };
        assert_eq!(
            suggested_file_name(&details, "pdf"),
            "Ynys Môn - Self-assessment- draft - 2016-17.pdf"
        );
        assert_eq!(
            suggested_file_name(&AssessmentDetails::default(), "pdf"),
            "Assessment.pdf"
        );
    }

    #[test]
    fn each_kind_has_the_sections_it_promises() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let example = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
        let titles = |kind| {
            Pack::build(framework, Some(&example), options(kind))
                .expect("pack")
                .sections
                .iter()
                .map(Section::title)
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(PackKind::Full).len(), 8);
        assert_eq!(titles(PackKind::Summary), ["Summary"]);
        assert_eq!(titles(PackKind::Theme(2)), ["2. Recovery", "Appendix: scoring scale"]);
        assert_eq!(titles(PackKind::PreVisit).len(), 9);
        let blank = Pack::build(framework, None, options(PackKind::BlankForm)).expect("blank");
        assert!(
            blank
                .item_rows()
                .all(|(_, row)| row.score.is_none() && row.score_text.is_empty())
        );
        assert!(Pack::build(framework, None, options(PackKind::Full)).is_err());
        assert!(Pack::build(framework, Some(&example), options(PackKind::Theme(9))).is_err());
    }

    #[test]
    fn the_query_list_numbers_every_item_with_notes() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let example = example_assessment(framework, OffsetDateTime::UNIX_EPOCH);
        let pack = Pack::build(framework, Some(&example), options(PackKind::PreVisit)).expect("pack");
        let queries = pack.queries().expect("queries");
        let with_notes = framework
            .items()
            .filter(|(_, i)| example.answer(&i.id).has_open_notes())
            .count();
        assert_eq!(queries.len(), with_notes);
        assert_eq!(queries[0].number, 1);
        assert_eq!(queries[0].item, "1.1 Information and Advice");
    }
}
