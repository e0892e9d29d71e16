//! The action plan and progress review packs: what each says, built once
//! for every format. The action plan lists every action with its source,
//! owner, due date, status (always in words) and progress notes by quarter
//! of the financial year, after a count per theme per status. The progress
//! pack sets a review beside its baseline: theme averages then and now (as a
//! chart and a table), every item's scores and movement, and the actions by
//! theme with their status.

use time::Date;

use super::{Pack, PackError, PackOptions, Section, SummaryRow};
use crate::domain::change::{ActionPart, TextPart};
use crate::domain::measures::{against_target, measure_line};
use crate::domain::{
    Assessment, Framework, Quarter, Rag,
    action_plan::status_counts,
    challenge::format_date,
    progress::{Movement, ThemeActions, actions_by_theme, progress_rows},
    summarise,
};

/// One action as every format prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionRow {
    /// Its id, so an edited workbook finds it again.
    pub id: uuid::Uuid,
    /// Its number in the plan.
    pub number: usize,
    /// What will be done.
    pub text: String,
    /// Where it comes from, in words.
    pub source: String,
    /// Who is responsible.
    pub owner: String,
    /// Every line of free text it has (its owner, and any other), in order.
    pub texts: Vec<(ActionPart, String)>,
    /// When it is due (`YYYY-MM-DD`), or empty.
    pub due: String,
    /// Red, Amber, Green or Blue.
    pub status: Rag,
    /// Past due and not done on the pack's date.
    pub overdue: bool,
    /// Progress notes by quarter of the financial year, each
    /// "2026-10-05 (name): text", one a line; only quarters with notes.
    pub quarters: Vec<(Quarter, String)>,
    /// Every note, oldest first: "Q3 2026/27 (Oct–Dec), 5 Oct 2026, name: text".
    pub notes: Vec<String>,
    /// Its supporting measure in one line, with its target, quarters'
    /// values and colour against the target; empty when it has none.
    pub measure: String,
    /// Its supporting measure's value in each quarter given one.
    pub values: Vec<(Quarter, String)>,
    /// Its supporting measure's colour against its target, where it has one.
    pub against_target: Option<Rag>,
}

impl ActionRow {
    /// "2026-03-31 (overdue)", "2026-03-31" or "–".
    pub fn due_text(&self) -> String {
        match (self.due.is_empty(), self.overdue) {
            (true, _) => "–".to_owned(),
            (false, true) => format!("{} (overdue)", self.due),
            (false, false) => self.due.clone(),
        }
    }

    /// Its notes in `quarter`, one a line; empty if none.
    pub fn notes_in(&self, quarter: Quarter) -> &str {
        self.quarters
            .iter()
            .find(|(which, _)| *which == quarter)
            .map_or("", |(_, lines)| lines.as_str())
    }

    /// What the plan workbook's cell for `part` holds.
    pub fn part_cell(&self, part: ActionPart) -> String {
        match part {
            ActionPart::Source => self.source.clone(),
            ActionPart::Due => self.due.clone(),
            ActionPart::Status => self.status.label().to_owned(),
            text @ ActionPart::Text(_) => self
                .texts
                .iter()
                .find(|(which, _)| *which == text)
                .map(|(_, line)| line.clone())
                .unwrap_or_default(),
            ActionPart::Value(quarter) => self
                .values
                .iter()
                .find(|(which, _)| *which == quarter)
                .map(|(_, value)| value.clone())
                .unwrap_or_default(),
        }
    }

    /// The cells of the plan's table: No., action (with its source and any
    /// line of free text besides its owner), owner, due, status.
    pub fn cells(&self) -> Vec<String> {
        let mut action = if self.source.is_empty() {
            self.text.clone()
        } else {
            format!("{}\nFrom: {}", self.text, self.source)
        };
        for (part, line) in &self.texts {
            if *part != ActionPart::OWNER && !is_measure_part(*part) && !line.is_empty() {
                action = format!("{action}\n{}: {line}", part.heading());
            }
        }
        if !self.measure.is_empty() {
            action = format!("{action}\n{}", self.measure);
        }
        vec![
            self.number.to_string(),
            action,
            if self.owner.is_empty() {
                "–".to_owned()
            } else {
                self.owner.clone()
            },
            self.due_text(),
            self.status.label().to_owned(),
        ]
    }
}

/// Whether `part` is one of the lines of a supporting measure, which the
/// plan prints as one line ([`measure_line`]).
fn is_measure_part(part: ActionPart) -> bool {
    matches!(
        part,
        ActionPart::Text(TextPart::Measure | TextPart::Target | TextPart::Better)
    )
}

impl PlanSection {
    /// The rule its supporting measures are coloured by against their
    /// targets, as a sentence after the plan's introduction; empty when no
    /// measure is coloured.
    pub fn target_rule(&self) -> String {
        if self.rows.iter().any(|row| row.against_target.is_some()) {
            format!(
                " A supporting measure is read against its target: {}",
                crate::domain::measures::TARGET_RULE
            )
        } else {
            String::new()
        }
    }
}

/// How many actions of one theme have each status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusRow {
    /// "1. Prevention", "Across the council", or "All actions".
    pub label: String,
    /// Actions at each status, in [`Rag::ALL`]'s order.
    pub counts: [usize; 4],
    /// How many are overdue.
    pub overdue: usize,
}

impl StatusRow {
    /// Label, each status's count, overdue, total.
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![self.label.clone()];
        cells.extend(self.counts.iter().map(ToString::to_string));
        cells.push(self.overdue.to_string());
        cells.push(self.counts.iter().sum::<usize>().to_string());
        cells
    }
}

/// The action plan and the counts per theme.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSection {
    /// Every action, in the plan's order.
    pub rows: Vec<ActionRow>,
    /// Per theme (and across the council), then all actions.
    pub status: Vec<StatusRow>,
    /// The quarters its progress is set out in: each of every financial
    /// year from the first note's to the last's.
    pub quarters: Vec<Quarter>,
    /// Its supporting measures in a scorecard's shape, when any action has one.
    pub scorecard: Option<super::Scorecard>,
}

/// One item in a progress review.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressItem {
    /// "1.1".
    pub number: String,
    /// Its title.
    pub title: String,
    /// Baseline self, baseline peer, review self, review peer ("–" for none).
    pub scores: [String; 4],
    /// "↑ up", "= no change"…
    pub movement: String,
}

impl ProgressItem {
    /// No., item, the four scores, movement.
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![self.number.clone(), self.title.clone()];
        cells.extend(self.scores.iter().cloned());
        cells.push(self.movement.clone());
        cells
    }
}

/// A progress review beside its baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressSection {
    /// The baseline's period: "2016/17".
    pub then: String,
    /// The review's period: "2017/18".
    pub now: String,
    /// Theme averages: `average` now, `peer_average` then (for the chart).
    pub themes: Vec<SummaryRow>,
    /// Each theme's movement, in words, in the order of `themes`.
    pub theme_movement: Vec<String>,
    /// Every item.
    pub items: Vec<ProgressItem>,
    /// The review's actions per theme, with their status.
    pub actions: Vec<ThemeActions>,
}

impl ProgressSection {
    /// Each theme: label, average then, average now, movement.
    pub fn theme_rows(&self) -> Vec<Vec<String>> {
        let average = |value: Option<f64>| value.map_or_else(|| "not scored".to_owned(), |v| format!("{v:.1}"));
        self.themes
            .iter()
            .zip(&self.theme_movement)
            .map(|(row, movement)| {
                vec![
                    row.label.clone(),
                    average(row.peer_average),
                    average(row.average),
                    movement.clone(),
                ]
            })
            .collect()
    }

    /// Each theme's actions by status: label, a count per status, total.
    pub fn status_rows(&self) -> Vec<Vec<String>> {
        self.actions
            .iter()
            .map(|theme| {
                let mut cells = vec![theme.label.clone()];
                cells.extend(theme.counts.iter().map(ToString::to_string));
                cells.push(theme.counts.iter().sum::<usize>().to_string());
                cells
            })
            .collect()
    }

    /// How the chart of theme averages reads, in words, for its alternative text.
    pub fn chart_alt(&self) -> String {
        let average = |value: Option<f64>| value.map_or_else(|| "not scored".to_owned(), |v| format!("{v:.1}"));
        let bars = self
            .themes
            .iter()
            .zip(&self.theme_movement)
            .map(|(row, movement)| {
                format!(
                    "{}: {} {}, {} {} ({movement})",
                    row.label,
                    self.then,
                    average(row.peer_average),
                    self.now,
                    average(row.average)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        format!(
            "Bar chart of each theme's average self score in {} and in {}. {bars}.",
            self.then, self.now
        )
    }
}

/// The action plan's rows and per-theme counts, on `today`.
pub fn plan_section(
    framework: &Framework,
    assessment: &Assessment,
    baseline: Option<&Assessment>,
    today: Date,
) -> PlanSection {
    let rows = assessment
        .actions
        .iter()
        .enumerate()
        .map(|(index, action)| {
            let mut quarters: std::collections::BTreeMap<Quarter, Vec<String>> = std::collections::BTreeMap::new();
            let mut notes = Vec::new();
            for note in &action.progress {
                let quarter = Quarter::of(note.on);
                let day = format_date(Some(note.on));
                quarters
                    .entry(quarter)
                    .or_default()
                    .push(crate::domain::action_plan::note_line(note));
                notes.push(format!("{quarter}, {day}, {}: {}", note.by, note.text));
            }
            let source = assessment.action_source(framework, action, baseline);
            ActionRow {
                id: action.id,
                number: index + 1,
                text: action.text.clone(),
                source,
                owner: action.owner.clone(),
                texts: ActionPart::texts()
                    .map(|part| (part, action.text_part(part).unwrap_or_default().to_owned()))
                    .collect(),
                due: format_date(action.due),
                status: action.status,
                overdue: action.is_overdue(today),
                quarters: quarters
                    .into_iter()
                    .map(|(quarter, lines)| (quarter, lines.join("\n")))
                    .collect(),
                notes,
                measure: measure_line(action).unwrap_or_default(),
                values: action.values.iter().map(|(q, value)| (*q, value.clone())).collect(),
                against_target: against_target(action).map(|against| against.rag),
            }
        })
        .collect();
    let mut status: Vec<StatusRow> = actions_by_theme(framework, assessment, baseline)
        .into_iter()
        .map(|theme| StatusRow {
            overdue: theme
                .actions
                .iter()
                .filter(|(number, ..)| assessment.action(*number).is_some_and(|a| a.is_overdue(today)))
                .count(),
            label: theme.label,
            counts: theme.counts,
        })
        .collect();
    status.push(StatusRow {
        label: "All actions".to_owned(),
        counts: status_counts(&assessment.actions),
        overdue: assessment.actions.iter().filter(|a| a.is_overdue(today)).count(),
    });
    let days = assessment.actions.iter().flat_map(|action| {
        let noted = action.progress.iter().map(|note| note.on);
        noted.chain(action.values.keys().filter_map(|quarter| quarter.start()))
    });
    let quarters = crate::domain::quarter::covering(days, today);
    let scorecard = super::scorecard::scorecard(&assessment.actions, quarters.last().map(|quarter| quarter.year));
    PlanSection {
        rows,
        status,
        quarters,
        scorecard,
    }
}

/// A review beside its baseline.
pub fn progress_section(framework: &Framework, review: &Assessment, baseline: &Assessment) -> ProgressSection {
    let show = |score: Option<crate::domain::Score>| score.map_or_else(|| "–".to_owned(), |s| s.to_string());
    let (then, now) = (summarise(framework, baseline), summarise(framework, review));
    let themes: Vec<SummaryRow> = framework
        .themes
        .iter()
        .zip(now.themes.iter().zip(&then.themes))
        .map(|(theme, (now, then))| SummaryRow {
            label: format!("{}. {}", theme.number, theme.title),
            scored: now.scores.scored,
            item_count: now.scores.item_count,
            average: now.scores.average,
            distribution: now.scores.distribution.clone(),
            peer_average: then.scores.average,
        })
        .collect();
    let theme_movement = themes
        .iter()
        .map(|row| Movement::of_values(row.peer_average, row.average).label())
        .collect();
    let period = |assessment: &Assessment| {
        if assessment.details.period.trim().is_empty() {
            assessment.details.title.clone()
        } else {
            assessment.details.period.clone()
        }
    };
    ProgressSection {
        then: period(baseline),
        now: period(review),
        themes,
        theme_movement,
        items: progress_rows(framework, baseline, review)
            .into_iter()
            .map(|row| ProgressItem {
                number: row.item.to_string(),
                title: row.title,
                scores: [show(row.before.0), show(row.before.1), show(row.now.0), show(row.now.1)],
                movement: row.movement.label(),
            })
            .collect(),
        actions: actions_by_theme(framework, review, Some(baseline)),
    }
}

/// One council's assessments side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct YearsSection {
    /// Each assessment's period, oldest first.
    pub periods: Vec<String>,
    /// Every item: No., title, a score for each period ("–" for none), movement.
    pub items: Vec<Vec<String>>,
    /// Every theme, then all items: label, an average for each period, movement.
    pub themes: Vec<Vec<String>>,
}

impl Pack {
    /// The year-on-year pack: `assessments` (one council's, one framework's,
    /// in the order to show them) side by side; the cover is the last one's.
    pub fn years(framework: &Framework, assessments: &[&Assessment], options: PackOptions) -> Result<Self, PackError> {
        let table = crate::domain::progress::year_on_year(framework, assessments)
            .map_err(|refused| PackError::Compare(refused.to_string()))?;
        let options = PackOptions {
            kind: super::PackKind::YearOnYear,
            ..options
        };
        let mut pack = Self::build_with(framework, assessments.last().copied(), None, options)?;
        let show = |score: Option<crate::domain::Score>| score.map_or_else(|| "–".to_owned(), |s| s.to_string());
        let average = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"));
        let items = table
            .items
            .iter()
            .map(|(id, title, scores, movement)| {
                let mut cells = vec![id.to_string(), title.clone()];
                cells.extend(scores.iter().map(|score| show(*score)));
                cells.push(movement.label());
                cells
            })
            .collect();
        let overall = crate::domain::progress::Movement::of_values(
            table.overall.first().copied().flatten(),
            table.overall.last().copied().flatten(),
        );
        let themes = table
            .themes
            .iter()
            .map(|(label, averages, movement)| (label.clone(), averages.clone(), *movement))
            .chain(std::iter::once((
                "All items".to_owned(),
                table.overall.clone(),
                overall,
            )))
            .map(|(label, averages, movement)| {
                let mut cells = vec![label];
                cells.extend(averages.iter().map(|value| average(*value)));
                cells.push(movement.label());
                cells
            })
            .collect();
        pack.sections.push(Section::Years(YearsSection {
            periods: table.periods,
            items,
            themes,
        }));
        Ok(pack)
    }

    /// The action plan or progress pack's sections.
    pub(super) fn plan_sections(
        framework: &Framework,
        assessment: &Assessment,
        baseline: Option<&Assessment>,
        options: &PackOptions,
    ) -> Result<Vec<Section>, PackError> {
        if options.kind == super::PackKind::ActionPlan {
            return Ok(vec![Section::Actions(plan_section(
                framework,
                assessment,
                baseline,
                options.exported_on,
            ))]);
        }
        let baseline = baseline.ok_or(PackError::NeedsBaseline)?;
        Ok(vec![Section::Progress(progress_section(
            framework, assessment, baseline,
        ))])
    }
}
