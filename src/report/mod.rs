//! Assessment packs. A [`Pack`] is a plain model of what a pack says — its
//! kind, paper, details and an ordered list of [`Section`]s — built from the
//! domain and an injected export date. Writers ([`pdf`], [`xlsx`], [`docx`],
//! [`csv`]) turn the same model into bytes; none of them looks at the
//! database or the domain.

pub mod csv;
pub mod docx;
pub mod pdf;
pub mod xlsx;

use std::{fmt, str::FromStr};

use time::{Date, OffsetDateTime, macros::format_description};

use crate::domain::{
    Assessment, AssessmentDetails, Framework, ScoreSummary, Status, compare, summarise, summary::has_peer_review,
};

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
        }
    }

    /// The subtitle printed on the cover.
    fn document_title(self) -> &'static str {
        match self {
            PackKind::Full | PackKind::Theme(_) => "Self-assessment pack",
            PackKind::Summary => "Self-assessment summary",
            PackKind::BlankForm => "Blank self-assessment form for workshops",
            PackKind::PreVisit => "Pre-visit pack for the peer team",
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
    /// What kind of document this is, e.g. "Self-assessment pack".
    pub document_title: String,
    /// The date printed on the cover; injected so output is reproducible.
    pub exported_on: Date,
    /// People's names are left out so the pack can circulate non-attributably.
    pub share_safe: bool,
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
}

impl Section {
    /// The sentence that introduces the section, where it has one.
    pub fn intro(&self) -> Option<String> {
        match self {
            Section::Summary(summary) => Some(format!(
                "{} of {} items scored. Averages are of scored items only; items not yet scored are not counted as 0.",
                summary.overall.scored, summary.overall.item_count
            )),
            Section::Queries(_) => Some(
                "Every open query and evidence gap in the self-assessment, numbered, as the list of documents and \
                 information to request before the visit."
                    .to_owned(),
            ),
            Section::Compare(rows) => Some(format!(
                "Each item’s self-assessed score beside the peer team’s. Gap is peer minus self; items where they \
                 differ are marked ≠ ({}).",
                count(rows.iter().filter(|row| row.differs).count(), "item")
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
            Section::Theme(_) | Section::Scale(_) | Section::KeyMessages(_) => None,
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
    pub fn from_report(report: &crate::domain::merge::MergeReport) -> Self {
        Self {
            when: format_local_time(report.at),
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
    /// Items at 0, 1, 2 and 3.
    pub distribution: [usize; 4],
    /// Mean peer score, when the peer team has scored.
    pub peer_average: Option<f64>,
}

impl SummaryRow {
    fn new(label: String, scores: &ScoreSummary, peer: &ScoreSummary) -> Self {
        Self {
            label,
            scored: scores.scored,
            item_count: scores.item_count,
            average: scores.average,
            distribution: scores.distribution,
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
}

/// One item's row in a theme table.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    /// Item number.
    pub number: String,
    /// Item title.
    pub title: String,
    /// The score, if scored.
    pub score: Option<u8>,
    /// Score and label, e.g. "2 – Established", "Not scored", or empty on a blank form.
    pub score_text: String,
    /// The peer score, when the pack includes the peer review.
    pub peer_score: Option<u8>,
    /// The peer team's challenge and queries, likewise.
    pub challenge: String,
    /// Basis for this score.
    pub basis: String,
    /// Notes and queries.
    pub notes: String,
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
    /// The summary table's cells: Theme, Scored, Average, then counts at 0–3.
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

impl ItemRow {
    /// The theme table's cells: No., Item, Score, Basis, Notes.
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.number.clone(),
            self.title.clone(),
            self.score_text.clone(),
            self.basis.clone(),
            self.notes.clone(),
        ]
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
    /// A row for one recorded change.
    pub fn from_entry(entry: &crate::domain::AuditEntry) -> Self {
        let (old, new) =
            crate::domain::audit::preview_pair(entry.old_value.as_deref(), entry.new_value.as_deref(), 200);
        Self {
            when: format_local_time(entry.at),
            item: entry
                .item
                .as_ref()
                .map_or_else(|| "Assessment".to_owned(), ToString::to_string),
            field: entry.field_label(),
            change: format!("{old} → {new}"),
            who: entry.author.describe(),
            role: entry.author.role.label().to_owned(),
            names_people: matches!(entry.field.as_str(), "team" | "details"),
        }
    }

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

/// What a score cell says when an item has no score.
pub const NOT_SCORED: &str = "Not scored";

/// How a pack is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackOptions {
    /// Which pack.
    pub kind: PackKind,
    /// Paper size.
    pub paper: Paper,
    /// The date printed on it.
    pub exported_on: Date,
    /// Include the peer team's scores and challenge when there are any.
    pub include_peer_review: bool,
    /// Leave out people's names (lead, peer team, who made each change).
    pub share_safe: bool,
}

/// Why a pack cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    /// Every kind but the blank form needs an assessment.
    #[error("the {0} needs an assessment; only the blank form can be made without one")]
    NeedsAssessment(String),
    /// No such theme.
    #[error("the framework has no theme {0}; themes are numbered 1 to {1}")]
    NoSuchTheme(u8, usize),
}

impl Pack {
    /// Builds a pack. `assessment` may be `None` only for the blank form.
    pub fn build(
        framework: &Framework,
        assessment: Option<&Assessment>,
        options: PackOptions,
    ) -> Result<Self, PackError> {
        let kind = options.kind;
        if let PackKind::Theme(number) = kind
            && !framework.themes.iter().any(|t| t.number == number)
        {
            return Err(PackError::NoSuchTheme(number, framework.themes.len()));
        }
        let blank_details = AssessmentDetails::default();
        let (details, status) = match (kind, assessment) {
            (PackKind::BlankForm, _) => (&blank_details, None),
            (_, Some(assessment)) => (&assessment.details, Some(assessment.status)),
            (_, None) => return Err(PackError::NeedsAssessment(kind.label().to_lowercase())),
        };
        let meta = PackMeta {
            organisation: details.organisation.clone(),
            title: details.title.clone(),
            period: details.period.clone(),
            lead: if options.share_safe {
                String::new()
            } else {
                details.lead.clone()
            },
            status: status.map(|s| s.label().to_owned()).unwrap_or_default(),
            is_final: status == Some(Status::Final),
            assessment_id: assessment
                .filter(|_| kind != PackKind::BlankForm)
                .map(|a| a.id.to_string()),
            framework_id: framework.id.clone(),
            framework_version: framework.version.clone(),
            framework_title: framework.title.clone(),
            framework_source: framework.source.clone(),
            document_title: kind.document_title().to_owned(),
            exported_on: options.exported_on,
            share_safe: options.share_safe,
        };
        let answered = assessment.filter(|_| kind != PackKind::BlankForm);
        let peer = answered.filter(|a| options.include_peer_review && has_peer_review(a));
        let mut sections = Vec::new();
        if let (Some(assessment), PackKind::Full | PackKind::Summary | PackKind::PreVisit) = (answered, kind) {
            sections.push(Section::Summary(summary_section(framework, assessment)));
        }
        for theme in &framework.themes {
            let wanted = match kind {
                PackKind::Full | PackKind::BlankForm | PackKind::PreVisit => true,
                PackKind::Theme(number) => number == theme.number,
                PackKind::Summary => false,
            };
            if wanted {
                sections.push(Section::Theme(theme_section(
                    framework,
                    theme,
                    answered,
                    peer.is_some(),
                )));
            }
        }
        if let (Some(assessment), PackKind::PreVisit) = (answered, kind) {
            sections.push(Section::Queries(query_rows(framework, assessment)));
        }
        if let Some(assessment) = answered {
            challenge_sections(&mut sections, framework, assessment, kind, options);
        }
        if kind != PackKind::Summary {
            sections.push(Section::Scale(ScaleSection {
                levels: framework
                    .scale
                    .iter()
                    .map(|level| ScaleRow {
                        score: level.score.value(),
                        label: level.label.clone(),
                        descriptor: level.descriptor.clone(),
                    })
                    .collect(),
                source: framework.source.clone(),
            }));
        }
        Ok(Self {
            kind,
            paper: options.paper,
            meta,
            sections,
        })
    }

    /// Every item row in the pack's theme sections, in order.
    pub fn item_rows(&self) -> impl Iterator<Item = (&ThemeSection, &ItemRow)> {
        self.sections
            .iter()
            .filter_map(|section| match section {
                Section::Theme(theme) => Some(theme),
                _ => None,
            })
            .flat_map(|theme| theme.items.iter().map(move |item| (theme, item)))
    }

    /// Adds the history of changes and the stored merge reports as
    /// appendices before the scale.
    pub fn add_appendices(
        &mut self,
        entries: &[crate::domain::AuditEntry],
        reports: &[crate::domain::merge::MergeReport],
    ) {
        self.add_history(entries.iter().map(HistoryRow::from_entry).collect());
        self.add_merges(reports.iter().map(MergeRow::from_report).collect());
    }

    /// Adds the history appendix (before the scale), for packs that ask for it.
    fn add_history(&mut self, mut rows: Vec<HistoryRow>) {
        if self.meta.share_safe {
            for row in &mut rows {
                row.who.clone_from(&row.role);
                if row.names_people {
                    "(left out of this share-safe copy)".clone_into(&mut row.change);
                }
            }
        }
        let at = self
            .sections
            .iter()
            .position(|s| matches!(s, Section::Scale(_)))
            .unwrap_or(self.sections.len());
        self.sections.insert(at, Section::History(rows));
    }

    /// Adds the stored merge reports as an appendix before the scale.
    /// Share-safe copies leave merge reports out: they name who merged and
    /// who wrote each conflicting value.
    fn add_merges(&mut self, rows: Vec<MergeRow>) {
        if rows.is_empty() || self.meta.share_safe {
            return;
        }
        let at = self
            .sections
            .iter()
            .position(|s| matches!(s, Section::Scale(_)))
            .unwrap_or(self.sections.len());
        self.sections.insert(at, Section::Merges(rows));
    }

    /// The open queries, if the pack lists them.
    pub fn queries(&self) -> Option<&[QueryRow]> {
        self.sections.iter().find_map(|section| match section {
            Section::Queries(rows) => Some(rows.as_slice()),
            _ => None,
        })
    }
}

/// The scope questions, the key messages, the team and dates (after the
/// summary) and the self-versus-peer table (at the end), as the pack kind
/// and options ask.
fn challenge_sections(
    sections: &mut Vec<Section>,
    framework: &Framework,
    assessment: &Assessment,
    kind: PackKind,
    options: PackOptions,
) {
    let include_peer_review = options.include_peer_review;
    let after_summary = usize::from(matches!(sections.first(), Some(Section::Summary(_))));
    let wants = matches!(kind, PackKind::Full | PackKind::Summary | PackKind::PreVisit);
    if wants && !assessment.scope.is_empty() {
        let with_responses = include_peer_review && kind != PackKind::PreVisit;
        let rows = assessment
            .scope
            .iter()
            .map(|q| ScopeRow {
                question: q.question.clone(),
                response: if with_responses {
                    q.response.clone()
                } else {
                    String::new()
                },
            })
            .collect();
        sections.insert(after_summary, Section::Scope(rows));
    }
    if include_peer_review && has_peer_review(assessment) && matches!(kind, PackKind::Full | PackKind::Summary) {
        let messages: Vec<String> = assessment
            .peer
            .list(crate::domain::ListKind::KeyMessages)
            .map(|entry| entry.text.clone())
            .collect();
        if !messages.is_empty() {
            sections.insert(after_summary, Section::KeyMessages(messages));
        }
        sections.push(Section::Compare(compare_rows(framework, assessment)));
    }
    if wants && include_peer_review && (!assessment.team.is_empty() || !assessment.visit.is_empty()) {
        let team = TeamSection {
            members: assessment
                .team
                .iter()
                .enumerate()
                .map(|(index, m)| {
                    let name = if options.share_safe {
                        format!("Member {}", index + 1)
                    } else {
                        m.name.clone()
                    };
                    [name, m.role.clone(), m.organisation.clone()]
                })
                .collect(),
            visit: assessment.visit.describe(),
        };
        sections.insert(after_summary, Section::Team(team));
    }
}

fn summary_section(framework: &Framework, assessment: &Assessment) -> SummarySection {
    let summary = summarise(framework, assessment);
    SummarySection {
        themes: summary
            .themes
            .iter()
            .map(|theme| SummaryRow::new(format!("{}. {}", theme.number, theme.title), &theme.scores, &theme.peer))
            .collect(),
        overall: SummaryRow::new("All themes".to_owned(), &summary.overall, &summary.overall_peer),
        grid: framework
            .themes
            .iter()
            .map(|theme| HeatRow {
                label: format!("{}. {}", theme.number, theme.title),
                cells: theme
                    .items
                    .iter()
                    .map(|item| HeatCell {
                        number: item.id.to_string(),
                        score: assessment.answer(&item.id).score.map(crate::domain::Score::value),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn theme_section(
    framework: &Framework,
    theme: &crate::domain::Theme,
    assessment: Option<&Assessment>,
    with_peer: bool,
) -> ThemeSection {
    let list = |kind: crate::domain::ListKind| -> Vec<String> {
        assessment
            .filter(|_| with_peer)
            .map(|a| a.peer.list(kind).map(|entry| entry.text.clone()).collect())
            .unwrap_or_default()
    };
    ThemeSection {
        number: theme.number,
        title: theme.title.clone(),
        outcome_heading: theme.outcome_heading.clone(),
        outcome: theme.outcome.clone(),
        blank: assessment.is_none(),
        strengths: list(crate::domain::ListKind::Strengths(theme.number)),
        areas: list(crate::domain::ListKind::Areas(theme.number)),
        items: theme
            .items
            .iter()
            .map(|item| {
                let (score, score_text, basis, notes) = match assessment {
                    Some(assessment) => {
                        let answer = assessment.answer(&item.id);
                        (
                            answer.score.map(crate::domain::Score::value),
                            answer
                                .score
                                .map_or_else(|| NOT_SCORED.to_owned(), |score| framework.score_text(score)),
                            answer.basis.clone(),
                            answer.notes.clone(),
                        )
                    }
                    None => (None, String::new(), String::new(), String::new()),
                };
                let answer = assessment.filter(|_| with_peer).map(|a| a.answer(&item.id));
                ItemRow {
                    number: item.id.to_string(),
                    title: item.title.clone(),
                    score,
                    score_text,
                    basis,
                    notes,
                    peer_score: answer.and_then(|a| a.peer_score).map(crate::domain::Score::value),
                    challenge: answer.map(|a| a.challenge.clone()).unwrap_or_default(),
                }
            })
            .collect(),
    }
}

fn compare_rows(framework: &Framework, assessment: &Assessment) -> Vec<CompareRow> {
    let text =
        |score: Option<crate::domain::Score>| score.map_or_else(|| NOT_SCORED.to_owned(), |s| framework.score_text(s));
    compare(framework, assessment)
        .into_iter()
        .map(|row| CompareRow {
            number: row.item.to_string(),
            title: row.title.clone(),
            self_text: text(row.self_score),
            peer_text: text(row.peer_score),
            gap_text: row.gap_text(),
            differs: row.disagrees(),
            challenge: assessment.answer(&row.item).challenge.clone(),
        })
        .collect()
}

fn query_rows(framework: &Framework, assessment: &Assessment) -> Vec<QueryRow> {
    framework
        .items()
        .filter(|(_, item)| assessment.answer(&item.id).has_open_notes())
        .enumerate()
        .map(|(index, (_, item))| QueryRow {
            number: index + 1,
            item: format!("{} {}", item.id, item.title),
            text: assessment.answer(&item.id).notes.trim().to_owned(),
        })
        .collect()
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
        Ok(match self {
            Format::Pdf => pdf::render(pack)?,
            Format::Word => docx::render(pack)?,
            Format::Excel => xlsx::render(pack)?,
            Format::Csv => csv::render(pack),
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

/// "1 change", "2 changes": a count with its noun, for nouns that take "s".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// "22 Nov 2026 14:05" in the user's time zone where it is known.
pub fn format_local_time(time: OffsetDateTime) -> String {
    let local = time::UtcOffset::current_local_offset().map_or(time, |offset| time.to_offset(offset));
    local
        .format(format_description!("[day] [month repr:short] [year] [hour]:[minute]"))
        .unwrap_or_default()
}

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
        }
    }

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(1, "change"), "1 change");
        assert_eq!(count(0, "item"), "0 items");
        assert_eq!(count(12, "item"), "12 items");
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
