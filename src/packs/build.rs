//! Building a pack from an assessment: which sections each kind holds, and
//! each section's rows, worked out once for every format.

use time::Date;

use super::{
    AssessmentDetails, CompareRow, HeatCell, HeatRow, HistoryRow, ItemRow, MergeRow, Pack, PackKind, PackMeta, Paper,
    QueryRow, ScaleRow, ScaleSection, ScopeRow, Section, SummaryRow, SummarySection, TeamSection, ThemeSection,
};
use crate::domain::{Assessment, Framework, Status, compare, summarise, summary::has_peer_review};

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
    /// The time zone the pack prints times in (the history's "When").
    pub utc_offset: time::UtcOffset,
    /// The report's appendix of scores (published reports often leave it out).
    pub include_scores: bool,
}

impl PackOptions {
    /// The usual options for `kind` printed on `exported_on`: A4, with the
    /// peer team's review and the scores, names kept, times in the local
    /// time zone.
    pub fn of(kind: PackKind, exported_on: Date) -> Self {
        Self {
            kind,
            paper: Paper::A4,
            exported_on,
            include_peer_review: true,
            share_safe: false,
            utc_offset: crate::text::local_offset(),
            include_scores: true,
        }
    }
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
    /// The progress pack is for a progress review.
    #[error(
        "the progress pack sets a progress review beside its baseline, and this assessment is not a progress review (start one with `review start`, or Start progress review)"
    )]
    NeedsBaseline,
    /// The assessments cannot be set side by side.
    #[error("{0}")]
    Compare(String),
}

impl Pack {
    /// Builds a pack. `assessment` may be `None` only for the blank form.
    pub fn build(
        framework: &Framework,
        assessment: Option<&Assessment>,
        options: PackOptions,
    ) -> Result<Self, PackError> {
        Self::build_with(framework, assessment, None, options)
    }

    /// Builds a pack of an assessment whose baseline (for a progress
    /// review) is `baseline`: the progress pack needs it; the action plan
    /// reads its findings for actions carried from it.
    pub fn build_with(
        framework: &Framework,
        assessment: Option<&Assessment>,
        baseline: Option<&Assessment>,
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
            labels: framework.labels.clone(),
            levels: scale_rows(framework),
            document_title: kind.document_title().to_owned(),
            exported_on: options.exported_on,
            share_safe: options.share_safe,
            utc_offset: options.utc_offset,
            plain_cover: false,
        };
        if let (PackKind::Report, Some(assessment)) = (kind, assessment) {
            return Ok(Self::report(framework, assessment, meta, options));
        }
        if let Some(pack) = Self::plan_pack(framework, assessment, baseline, &options, &meta)? {
            return Ok(pack);
        }
        let answered = assessment.filter(|_| kind != PackKind::BlankForm);
        let peer = answered.filter(|a| options.include_peer_review && has_peer_review(a));
        let mut sections = Vec::new();
        if let (Some(assessment), PackKind::Full | PackKind::Summary | PackKind::PreVisit) = (answered, kind) {
            sections.push(Section::Summary(summary_section(framework, assessment, peer.is_some())));
        }
        for theme in &framework.themes {
            let wanted = match kind {
                PackKind::Full | PackKind::BlankForm | PackKind::PreVisit => true,
                PackKind::Theme(number) => number == theme.number,
                PackKind::Summary
                | PackKind::Report
                | PackKind::ActionPlan
                | PackKind::Progress
                | PackKind::YearOnYear => false,
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
        if let (Some(assessment), PackKind::Full | PackKind::PreVisit) = (answered, kind)
            && !assessment.documents.is_empty()
        {
            sections.push(Section::Documents(super::evidence::document_rows(assessment)));
        }
        if kind != PackKind::Summary {
            sections.push(Section::Scale(ScaleSection {
                levels: scale_rows(framework),
                rating: framework.rating.as_ref().map(|rule| {
                    rule.bands
                        .iter()
                        .map(|band| format!("{}–{}% {}", band.from_percent, band.to_percent, band.label))
                        .collect()
                }),
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
    /// The action plan, progress and year-on-year packs, which hold none of
    /// the self-assessment's sections; `None` for every other kind.
    fn plan_pack(
        framework: &Framework,
        assessment: Option<&Assessment>,
        baseline: Option<&Assessment>,
        options: &PackOptions,
        meta: &PackMeta,
    ) -> Result<Option<Self>, PackError> {
        let pack = |sections| Self {
            kind: options.kind,
            paper: options.paper,
            sections,
            meta: meta.clone(),
        };
        match (options.kind, assessment) {
            // Its one section is added by [`Pack::years`], from every assessment compared.
            (PackKind::YearOnYear, _) => Ok(Some(pack(Vec::new()))),
            (PackKind::ActionPlan | PackKind::Progress, Some(assessment)) => Ok(Some(pack(Self::plan_sections(
                framework, assessment, baseline, options,
            )?))),
            _ => Ok(None),
        }
    }

    /// The peer challenge report: its title page reads "<Organisation> /
    /// Adult Social Care … Peer Challenge Report / September 2016 / Draft".
    fn report(framework: &Framework, assessment: &Assessment, mut meta: PackMeta, options: PackOptions) -> Self {
        meta.title = super::challenge::report_title(framework);
        meta.document_title = super::challenge::report_date(assessment, &options);
        meta.period = String::new();
        meta.lead = String::new();
        meta.plain_cover = true;
        meta.is_final = assessment.report_is_final();
        if meta.is_final { "Final" } else { "Draft" }.clone_into(&mut meta.status);
        let sections = if meta.is_final {
            super::challenge::final_report_sections(framework, assessment, &options)
        } else {
            super::challenge::report_sections(framework, assessment, &options)
        };
        Self {
            kind: PackKind::Report,
            paper: options.paper,
            meta,
            sections,
        }
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
    pub fn add_appendices(&mut self, entries: &[crate::domain::Change], reports: &[crate::domain::merge::MergeReport]) {
        let offset = self.meta.utc_offset;
        self.add_history(
            entries
                .iter()
                .map(|entry| HistoryRow::from_entry(entry, &self.meta.labels, offset))
                .collect(),
        );
        self.add_merges(
            reports
                .iter()
                .map(|report| MergeRow::from_report(report, offset))
                .collect(),
        );
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

/// The scale's levels as the pack prints them.
fn scale_rows(framework: &Framework) -> Vec<ScaleRow> {
    framework
        .scale
        .levels()
        .iter()
        .map(|level| ScaleRow {
            score: level.score.value(),
            label: level.label.clone(),
            descriptor: level.descriptor.clone(),
        })
        .collect()
}

fn summary_section(framework: &Framework, assessment: &Assessment, with_peer: bool) -> SummarySection {
    let summary = summarise(framework, assessment);
    let items = framework.labels.items.to_lowercase();
    SummarySection {
        rating: summary.rating.describe(&items),
        peer_rating: summary.peer_rating.describe(&items).filter(|_| with_peer),
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
        strengths: list(crate::domain::ListKind::Strengths(crate::domain::SectionRef::Theme(
            theme.number,
        ))),
        areas: list(crate::domain::ListKind::Areas(crate::domain::SectionRef::Theme(
            theme.number,
        ))),
        evidence: assessment.is_some_and(|a| !a.documents.is_empty()),
        items: theme
            .items
            .iter()
            .map(|item| {
                let (score, score_text, basis, notes) = match assessment {
                    Some(assessment) => {
                        let answer = assessment.answer(&item.id);
                        (
                            answer.score.map(crate::domain::Score::value),
                            framework.score_or_not(answer.score),
                            answer.basis.clone(),
                            answer.notes.clone(),
                        )
                    }
                    None => (None, String::new(), String::new(), String::new()),
                };
                let answer = assessment.filter(|_| with_peer).map(|a| a.answer(&item.id));
                ItemRow {
                    number: item.id.to_string(),
                    title: item_title(item),
                    score,
                    score_text,
                    basis,
                    notes,
                    peer_score: answer.and_then(|a| a.peer_score).map(crate::domain::Score::value),
                    challenge: answer.map(|a| a.challenge.clone()).unwrap_or_default(),
                    evidence: assessment.map(|a| a.evidence_numbers(&item.id)).unwrap_or_default(),
                    measures: Vec::new(),
                }
            })
            .collect(),
    }
}

/// An item's title as packs print it, with the framework's own reference
/// where it gives one: "Assessing needs (Quality statement 1)".
fn item_title(item: &crate::domain::Item) -> String {
    match &item.reference {
        Some(reference) => format!("{} ({reference})", item.title),
        None => item.title.clone(),
    }
}

pub(super) fn compare_rows(framework: &Framework, assessment: &Assessment) -> Vec<CompareRow> {
    compare(framework, assessment)
        .into_iter()
        .map(|row| CompareRow {
            number: row.item.to_string(),
            title: framework
                .item(&row.item)
                .map_or_else(|| row.title.clone(), |(_, item)| item_title(item)),
            self_text: framework.score_or_not(row.self_score),
            peer_text: framework.score_or_not(row.peer_score),
            gap_text: row.gap_text(),
            differs: row.disagrees(),
            challenge: assessment.answer(&row.item).challenge.clone(),
        })
        .collect()
}

/// The document request list: the peer team's open requests, then every
/// item's open notes and queries, numbered through.
fn query_rows(framework: &Framework, assessment: &Assessment) -> Vec<QueryRow> {
    let requests = assessment
        .requests
        .iter()
        .enumerate()
        .filter(|(_, request)| request.status() == crate::domain::evidence::RequestStatus::Open)
        .map(|(index, request)| {
            let items = crate::domain::evidence::items_key(&request.items);
            let about = if items.is_empty() {
                String::new()
            } else {
                format!(" ({items})")
            };
            (
                format!("Request R{}{about}", index + 1),
                format!(
                    "{} — asked by {} on {}",
                    request.text,
                    request.asked_by,
                    crate::domain::challenge::format_date(Some(request.asked_on))
                ),
            )
        });
    let queries = framework
        .items()
        .filter(|(_, item)| assessment.answer(&item.id).has_open_notes())
        .map(|(_, item)| {
            (
                format!("{} {}", item.id, item_title(item)),
                assessment.answer(&item.id).notes.trim().to_owned(),
            )
        });
    requests
        .chain(queries)
        .enumerate()
        .map(|(index, (item, text))| QueryRow {
            number: index + 1,
            item,
            text,
        })
        .collect()
}

impl HistoryRow {
    /// A row for one recorded change.
    pub fn from_entry(entry: &crate::domain::Change, labels: &crate::domain::Labels, offset: time::UtcOffset) -> Self {
        let (old, new) = entry.preview(200);
        Self {
            when: crate::text::format_time(entry.at, offset),
            item: entry
                .subject
                .item()
                .map_or_else(|| "Assessment".to_owned(), ToString::to_string),
            field: entry.label(labels),
            change: format!("{old} → {new}"),
            who: entry.author.describe(),
            role: entry.author.role.label().to_owned(),
            names_people: entry.subject.names_people(),
        }
    }
}
