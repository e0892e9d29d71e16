//! The pack model: what a pack holds, section by section and row by row,
//! before any format writes it. Every writer (PDF, Word, Excel, CSV) reads
//! these types; none of them looks at the assessment itself.

use time::Date;

use super::{ItemRow, PackKind, Paper, count};
use crate::domain::{Labels, ScoreSummary};

/// Who and what the pack is about.
#[derive(Clone, Debug, PartialEq)]
pub struct PackMeta {
    /// The council; empty on a blank form.
    pub organisation: String,
    /// The assessment's title.
    pub title: String,
    /// Period covered, e.g. "2016/17".
    pub period: String,
    /// Who leads the assessment.
    pub lead: String,
    /// Status as people read it; empty on a blank form.
    pub status: String,
    /// Whether the assessment is Final (no DRAFT watermark).
    pub is_final: bool,
    /// The assessment's id, so a workbook can be imported back.
    pub assessment_id: Option<String>,
    /// The framework id and version.
    pub framework_id: String,
    /// The framework version.
    pub framework_version: String,
    /// The framework's full title.
    pub framework_title: String,
    /// Where the framework's words come from.
    pub framework_source: String,
    /// The framework's words for its parts: "Item", "Basis for this score"…
    pub labels: Labels,
    /// The framework's scale, lowest level first.
    pub levels: Vec<ScaleRow>,
    /// What kind of document this is, e.g. "Self-assessment pack".
    pub document_title: String,
    /// The date printed on the cover; injected so output is reproducible.
    pub exported_on: Date,
    /// People's names are left out so the pack can circulate non-attributably.
    pub share_safe: bool,
    /// The time zone times are printed in.
    pub utc_offset: time::UtcOffset,
    /// The title page says only whose it is, what it is, when and whether
    /// Final — as an LGA peer challenge report's does — without the
    /// framework's name or the day it was exported.
    pub plain_cover: bool,
}

impl PackMeta {
    /// The cover's note on a share-safe copy; empty otherwise.
    pub fn copy_note(&self) -> &'static str {
        if self.share_safe {
            "Share-safe: people's names are left out"
        } else {
            ""
        }
    }

    /// "Organisation — Title", the running text of headers and footers.
    pub fn running_title(&self) -> String {
        match (self.organisation.is_empty(), self.title.is_empty()) {
            (true, _) => self.framework_title.clone(),
            (false, true) => self.organisation.clone(),
            (false, false) => format!("{} — {}", self.organisation, self.title),
        }
    }

    /// How far up the scale a score sits: 0 at the lowest level, 1 at the top.
    pub fn level_fraction(&self, score: f64) -> f64 {
        let end = |row: Option<&ScaleRow>| f64::from(row.map_or(0, |row| row.score));
        let (low, high) = (end(self.levels.first()), end(self.levels.last()));
        if high > low {
            ((score - low) / (high - low)).clamp(0.0, 1.0)
        } else {
            1.0
        }
    }

    /// The heat grid's shade for a score, as a grey level from 0 (black)
    /// to 1 (white): darker is higher up the scale. White for not scored.
    pub fn heat_grey(&self, score: Option<u8>) -> f64 {
        score.map_or(1.0, |score| 0.93 - 0.68 * self.level_fraction(f64::from(score)))
    }

    /// Whether text on that shade should be white to stay legible: white
    /// where it stands out more than black (WCAG's contrast ratio), which
    /// keeps every cell at 4.5:1 or more whatever the scale.
    pub fn heat_text_is_white(&self, score: Option<u8>) -> bool {
        let shade = self.heat_grey(score);
        crate::contrast::grey_ratio(shade, 1.0) > crate::contrast::grey_ratio(shade, 0.0)
    }

    /// "0 Not in place · 1 Developing · 2 Established · 3 Embedded".
    pub fn scale_legend(&self) -> String {
        self.levels
            .iter()
            .map(|level| format!("{} {}", level.score, level.label))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The items' own word in lower case, for running text: "items", "quality statements".
    pub fn items_word(&self) -> String {
        self.labels.items.to_lowercase()
    }

    /// The export date as "22 November 2026".
    pub fn exported_on_text(&self) -> String {
        format!(
            "{} {} {}",
            self.exported_on.day(),
            self.exported_on.month(),
            self.exported_on.year()
        )
    }
}

/// A whole pack, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Pack {
    /// Which pack this is.
    pub kind: PackKind,
    /// Paper size.
    pub paper: Paper,
    /// Details for the cover, header, footer and metadata.
    pub meta: PackMeta,
    /// The body, after the cover and contents.
    pub sections: Vec<Section>,
}

/// One part of a pack's body. Each starts on a new page in a PDF and has its
/// own contents entry and bookmark.
#[derive(Clone, Debug, PartialEq)]
pub enum Section {
    /// Per-theme counts and averages, with a bar chart and the heat grid.
    Summary(SummarySection),
    /// One theme's outcome statement and item table.
    Theme(ThemeSection),
    /// Every open query and evidence gap, numbered.
    Queries(Vec<QueryRow>),
    /// Self and peer scores side by side (only when the peer team has scored).
    Compare(Vec<CompareRow>),
    /// The peer team's key messages, in order.
    KeyMessages(Vec<String>),
    /// Who the peer team were and when they were on site.
    Team(TeamSection),
    /// The council's scope questions, each with the peer team's response.
    Scope(Vec<ScopeRow>),
    /// What each merge of reviewers' files did, as an appendix.
    Merges(Vec<MergeRow>),
    /// Every recorded change, as an appendix.
    History(Vec<HistoryRow>),
    /// The scoring scale and the framework's source.
    Scale(ScaleSection),
    /// Prose of the report: its executive summary or contact details.
    Prose(super::Prose),
    /// A part of the report: the background, key messages or a section.
    Part(super::ReportPart),
    /// The report's scope questions with the team's responses.
    InitialScope(Vec<ScopeRow>),
    /// The report's appendix of the framework.
    FrameworkAppendix(super::FrameworkAppendix),
    /// The report's appendix of scores.
    Scores(super::ScoresAppendix),
    /// The action plan, with its counts per theme.
    Actions(super::PlanSection),
    /// A progress review beside its baseline.
    Progress(super::ProgressSection),
    /// One council's assessments side by side.
    Years(super::YearsSection),
    /// The register of documents, as an appendix.
    Documents(Vec<super::DocumentRow>),
    /// Where the council stands on the national outcome measures.
    Benchmarks(super::Benchmarks),
}

impl Section {
    /// The sentence that introduces the section, where it has one.
    pub fn intro(&self, meta: &PackMeta) -> Option<String> {
        let items = meta.items_word();
        match self {
            Section::Summary(summary) => Some(format!(
                "{} of {} {items} scored. Averages are of scored {items} only; {items} not yet scored are not \
                 counted as {}.",
                summary.overall.scored,
                summary.overall.item_count,
                meta.levels.first().map_or(0, |level| level.score)
            )),
            Section::Queries(_) => Some(
                "Every open query and evidence gap in the self-assessment, numbered, as the list of documents and \
                 information to request before the visit."
                    .to_owned(),
            ),
            Section::Compare(rows) => Some(format!(
                "Each {}’s self-assessed score beside the peer team’s. Gap is peer minus self; {items} where they \
                 differ are marked ≠ ({}).",
                meta.labels.item.to_lowercase(),
                count(
                    rows.iter().filter(|row| row.differs).count(),
                    &meta.labels.item.to_lowercase()
                )
            )),
            Section::History(rows) => Some(format!(
                "Every recorded change to this assessment, oldest first ({}). A sitting of typing in one text \
                 is one change, from the text before to the text after.",
                count(rows.len(), "change")
            )),
            Section::Team(team) => (!team.visit.is_empty()).then(|| format!("On site: {}.", team.visit)),
            Section::Scope(_) => Some(
                "The questions the council asked the peer team to explore, each with the team’s response.".to_owned(),
            ),
            Section::Merges(rows) => Some(format!(
                "Every time reviewers’ or the council’s files were merged into this assessment ({} merges), with what \
                 changed and how each conflict was resolved.",
                rows.len()
            )),
            Section::Scores(_) => Some(format!(
                "Each {}’s self-assessed score beside the peer team’s. Gap is peer minus self; where they differ, ≠.",
                meta.labels.item.to_lowercase()
            )),
            Section::FrameworkAppendix(_) => Some(
                "The framework the self-assessment and the peer challenge worked to: its themes with their \
                 statements, and the items under each."
                    .to_owned(),
            ),
            Section::Actions(plan) => Some(format!(
                "The council’s {} after the peer challenge, each with where it comes from, its owner, when it is due \
                 and its status — Red, Amber, Green, or Blue for done — with its notes of progress by quarter of the \
                 financial year (April to March). Overdue means past its due date on {} and not done.{}",
                count(plan.rows.len(), "action"),
                meta.exported_on_text(),
                plan.target_rule(),
            )),
            Section::Progress(progress) => Some(format!(
                "Where the council stands in {} against {}: each theme’s average self score then and now, every {} \
                 with the council’s own score in both years and how it moved, the peer team’s scores beside them, \
                 and the actions of the plan by theme with their status.",
                progress.now,
                progress.then,
                meta.labels.item.to_lowercase(),
            )),
            Section::Years(years) => Some(format!(
                "Each {} and theme in {}, the council’s self scores side by side; movement is from {} to {}.",
                meta.labels.item.to_lowercase(),
                years.periods.join(", "),
                years.periods.first().map_or("", String::as_str),
                years.periods.last().map_or("", String::as_str),
            )),
            Section::Documents(rows) => Some(super::evidence::documents_intro(meta, rows.len())),
            Section::Benchmarks(benchmarks) => Some(benchmarks.intro()),
            Section::Theme(_)
            | Section::Scale(_)
            | Section::KeyMessages(_)
            | Section::Prose(_)
            | Section::Part(_)
            | Section::InitialScope(_) => None,
        }
    }

    /// The heading, contents entry and bookmark text.
    pub fn title(&self) -> String {
        match self {
            Section::Summary(_) => "Summary".to_owned(),
            Section::Theme(theme) => format!("{}. {}", theme.number, theme.title),
            Section::Queries(_) => "Document request list: open queries and evidence gaps".to_owned(),
            Section::Compare(_) => "Self-assessment and peer scores compared".to_owned(),
            Section::KeyMessages(_) => "Key messages from the peer team".to_owned(),
            Section::Team(_) => "The peer challenge team".to_owned(),
            Section::Scope(_) => "Scope questions and the peer team’s responses".to_owned(),
            Section::Merges(_) => "Appendix: merges of reviewers’ files".to_owned(),
            Section::History(_) => "Appendix: history of changes".to_owned(),
            Section::Scale(_) => "Appendix: scoring scale".to_owned(),
            Section::Prose(prose) => prose.title.clone(),
            Section::Part(part) => part.title.clone(),
            Section::InitialScope(_) => "Initial scope questions and peer team’s response".to_owned(),
            Section::FrameworkAppendix(appendix) => appendix.title.clone(),
            Section::Scores(appendix) => appendix.title.clone(),
            Section::Actions(_) => "Action plan".to_owned(),
            Section::Progress(progress) => format!("Progress since {}", progress.then),
            Section::Years(years) => format!("Year on year: {}", years.periods.join(", ")),
            Section::Documents(_) => "Appendix: documents".to_owned(),
            Section::Benchmarks(_) => "Where the council stands: national outcome measures".to_owned(),
        }
    }
}

/// The peer team and its days on site.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamSection {
    /// Name, role on the team, organisation.
    pub members: Vec<[String; 3]>,
    /// "2026-12-01 to 2026-12-04", or empty.
    pub visit: String,
}

/// A scope question and its response.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeRow {
    /// The council's question.
    pub question: String,
    /// The peer team's response (empty until written).
    pub response: String,
}

/// One stored merge report.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeRow {
    /// When, as printed.
    pub when: String,
    /// The file merged.
    pub source: String,
    /// The report's lines.
    pub lines: Vec<String>,
}

impl MergeRow {
    /// A row for a stored merge report.
    pub fn from_report(report: &crate::domain::merge::MergeReport, offset: time::UtcOffset) -> Self {
        Self {
            when: crate::text::format_time(report.at, offset),
            source: report.source.clone(),
            lines: report.lines.clone(),
        }
    }
}

/// The summary section.
#[derive(Clone, Debug, PartialEq)]
pub struct SummarySection {
    /// One row per theme.
    pub themes: Vec<SummaryRow>,
    /// All themes together.
    pub overall: SummaryRow,
    /// Every item's score, grouped by theme, for the heat grid.
    pub grid: Vec<HeatRow>,
    /// The overall rating under the framework's rule, e.g. "Good (72% of
    /// the maximum score)" or "Not yet rated: 8 of 9 … scored"; `None`
    /// when the framework has no rule.
    pub rating: Option<String>,
    /// The same for the peer team's scores, when the pack shows them.
    pub peer_rating: Option<String>,
}

/// A line of the summary table.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    /// "1. Prevention", or "All themes".
    pub label: String,
    /// Items scored, out of `item_count`.
    pub scored: usize,
    /// Items in the theme.
    pub item_count: usize,
    /// Mean score of the scored items.
    pub average: Option<f64>,
    /// Items at each level of the scale, lowest first.
    pub distribution: Vec<usize>,
    /// Mean peer score, when the peer team has scored.
    pub peer_average: Option<f64>,
}

impl SummaryRow {
    pub(super) fn new(label: String, scores: &ScoreSummary, peer: &ScoreSummary) -> Self {
        Self {
            label,
            scored: scores.scored,
            item_count: scores.item_count,
            average: scores.average,
            distribution: scores.distribution.clone(),
            peer_average: peer.average,
        }
    }
}

/// One item in the self-versus-peer table.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    /// Item number.
    pub number: String,
    /// Item title.
    pub title: String,
    /// Self score, e.g. "2 – Established" or "Not scored".
    pub self_text: String,
    /// Peer score, likewise.
    pub peer_text: String,
    /// "+1", "−2", "0" or "–".
    pub gap_text: String,
    /// The two scores differ.
    pub differs: bool,
    /// The peer team's challenge and queries.
    pub challenge: String,
}

/// One recorded change, for the history appendix.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// When, as people read it.
    pub when: String,
    /// "2.3", or "Assessment".
    pub item: String,
    /// Which field.
    pub field: String,
    /// "“old” → “new”".
    pub change: String,
    /// Who, with role and organisation.
    pub who: String,
    /// The role alone, for share-safe copies.
    pub role: String,
    /// Whether the change itself names people (a team member, the lead).
    pub names_people: bool,
}

/// One theme's row of the heat grid.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatRow {
    /// "1. Prevention".
    pub label: String,
    /// Its items, in order.
    pub cells: Vec<HeatCell>,
}

/// One item in the heat grid.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatCell {
    /// Item number.
    pub number: String,
    /// Its score, if scored.
    pub score: Option<u8>,
}

/// One theme's section.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeSection {
    /// Theme number.
    pub number: u8,
    /// Theme title.
    pub title: String,
    /// The heading its outcome statement carries in the source.
    pub outcome_heading: String,
    /// The outcome statement.
    pub outcome: String,
    /// Empty boxes to fill in by hand instead of answers.
    pub blank: bool,
    /// The theme's items.
    pub items: Vec<ItemRow>,
    /// The peer team's strengths, when the pack includes the peer review.
    pub strengths: Vec<String>,
    /// The peer team's areas for consideration, likewise.
    pub areas: Vec<String>,
    /// The register has documents: the table shows each item's.
    pub evidence: bool,
}

/// One entry of the document request list.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryRow {
    /// Its number in the list, from 1.
    pub number: usize,
    /// "2.3 Hospital discharge".
    pub item: String,
    /// The notes and queries text.
    pub text: String,
}

/// The scale appendix.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleSection {
    /// One row per level.
    pub levels: Vec<ScaleRow>,
    /// The overall rating rule's bands, "63–87% Good", if the framework has one.
    pub rating: Option<Vec<String>>,
    /// Where the framework's words come from.
    pub source: String,
}

/// One level of the scale.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleRow {
    /// The score.
    pub score: u8,
    /// Its label.
    pub label: String,
    /// What it means.
    pub descriptor: String,
}

impl SummaryRow {
    /// The summary table's cells: Theme, Scored, Average, then the count at each level.
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.label.clone(),
            format!("{} of {}", self.scored, self.item_count),
            crate::domain::summary::format_average(self.average),
        ];
        cells.extend(self.distribution.iter().map(ToString::to_string));
        cells
    }
}

impl CompareRow {
    /// The compare table's cells: No., Item, Self, Peer, Gap (with ≠), Challenge.
    pub fn cells(&self) -> Vec<String> {
        let gap = if self.differs {
            format!("{} ≠", self.gap_text)
        } else {
            self.gap_text.clone()
        };
        vec![
            self.number.clone(),
            self.title.clone(),
            self.self_text.clone(),
            self.peer_text.clone(),
            gap,
            self.challenge.clone(),
        ]
    }
}

impl HistoryRow {
    /// The history table's cells: When, Item, Field, Change, Who.
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.when.clone(),
            self.item.clone(),
            self.field.clone(),
            self.change.clone(),
            self.who.clone(),
        ]
    }
}

impl QueryRow {
    /// The request list's cells: No., Item, Query.
    pub fn cells(&self) -> Vec<String> {
        vec![self.number.to_string(), self.item.clone(), self.text.clone()]
    }
}

impl ScaleRow {
    /// The scale table's cells: Score, Label, Descriptor.
    pub fn cells(&self) -> Vec<String> {
        vec![self.score.to_string(), self.label.clone(), self.descriptor.clone()]
    }
}

pub use crate::domain::score::NOT_SCORED;
