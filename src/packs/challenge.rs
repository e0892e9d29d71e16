//! The peer challenge report as a pack, shaped like the LGA's: an executive
//! summary; the background, with the paragraphs the report writes itself
//! (the scope, the team, the days on site, what the team counted) and the
//! team's own; key messages; the sections in the team's order, each with
//! its bullet lists, strengths, areas for consideration and paragraphs;
//! the scope questions with the team's responses; contact details; and the
//! framework and the scores as appendices. Paragraphs are numbered through
//! the whole report. Built once here; the PDF and Word writers print it.

use super::{CompareRow, PackOptions, ScopeRow, Section, SummaryRow};
use crate::domain::{Assessment, BulletList, Framework, ListKind, Place, peer_report::visit_month, summarise};

/// A paragraph numbered through the report, perhaps with a lettered or
/// bulleted list under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Numbered {
    /// Its number in the whole report.
    pub number: usize,
    /// The paragraph.
    pub text: String,
    /// Lines listed under it: the scope questions, the team's members.
    pub items: Vec<String>,
    /// Whether the items are lettered (A., B.) rather than bulleted.
    pub lettered: bool,
    /// A sub-heading the team wrote among the paragraphs ("## Integration
    /// with health"): not numbered, and `number` is 0.
    pub subheading: bool,
}

/// A list of bullets under a heading: "Strengths", "Areas for
/// Consideration", or a sub-heading the team wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct BulletGroup {
    /// The heading; empty for bullets that need none (the key messages).
    pub heading: String,
    /// The bullets.
    pub items: Vec<String>,
}

/// One part of the report's body: the background, the key messages, or a section.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportPart {
    /// Its heading.
    pub title: String,
    /// Bullet lists before the paragraphs.
    pub groups: Vec<BulletGroup>,
    /// Its numbered paragraphs.
    pub paragraphs: Vec<Numbered>,
}

/// Prose without numbers: the executive summary and the contact details.
#[derive(Clone, Debug, PartialEq)]
pub struct Prose {
    /// Its heading.
    pub title: String,
    /// Its paragraphs, as written (blank lines separate them).
    pub paragraphs: Vec<String>,
}

/// The framework's themes and their statements, as an appendix.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameworkAppendix {
    /// "Appendix 1 – ADASS/TEASC Use of Resources self-assessment framework".
    pub title: String,
    /// The caption of each statement: "Outcome statement".
    pub caption: String,
    /// Each theme's "N. Title" and statement.
    pub themes: Vec<(String, String)>,
    /// Each item's "N.N Title", grouped by theme, as the framework lists them.
    pub items: Vec<Vec<String>>,
}

/// The scores appendix: the chart of theme averages and every item's scores.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoresAppendix {
    /// "Appendix 2 – Self-assessment and peer scores".
    pub title: String,
    /// Per theme, for the chart.
    pub themes: Vec<SummaryRow>,
    /// Per item.
    pub rows: Vec<CompareRow>,
}

/// Paragraphs as people write them in one box: separated by blank lines;
/// a single line break within one (an address, a list of contacts) is kept.
fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}

/// How a writer marks a sub-heading among a section's paragraphs, in the
/// app's box and in `--file` text alike: a paragraph that starts "## ".
/// (A list inside a paragraph is marked as [`super::paragraph_lists`] says.)
pub const SUBHEADING_MARK: &str = "## ";

/// Hands out paragraph numbers through the report.
struct Counter(usize);

impl Counter {
    fn paragraph(&mut self, text: String) -> Numbered {
        if let Some(heading) = text.strip_prefix(SUBHEADING_MARK) {
            return Numbered {
                number: 0,
                text: heading.trim().to_owned(),
                items: Vec::new(),
                lettered: false,
                subheading: true,
            };
        }
        self.0 += 1;
        Numbered {
            number: self.0,
            text,
            items: Vec::new(),
            lettered: false,
            subheading: false,
        }
    }

    /// A paragraph the team wrote, with any list inside it.
    fn written(&mut self, text: &str) -> Numbered {
        let mut numbered = self.paragraph(text.to_owned());
        if !numbered.subheading {
            let listed = super::paragraph_lists::split(text);
            numbered.text = listed.text;
            numbered.items = listed.items;
            numbered.lettered = listed.lettered;
        }
        numbered
    }

    fn list(&mut self, assessment: &Assessment, place: Place) -> Vec<Numbered> {
        assessment
            .peer
            .list(ListKind::Paragraphs(place))
            .map(|entry| self.written(&entry.text))
            .collect()
    }
}

/// The report's title: "Adult Social Care Use of Resources Peer Challenge Report".
pub fn report_title(framework: &Framework) -> String {
    format!("Adult Social Care {} Peer Challenge Report", framework.short_title)
}

/// The title page's date line: the month of the visit (or of the export).
pub fn report_date(assessment: &Assessment, options: &PackOptions) -> String {
    visit_month(&assessment.visit)
        .unwrap_or_else(|| format!("{} {}", options.exported_on.month(), options.exported_on.year()))
}

/// The report's sections as a Final report prints them: without the parts
/// that have nothing written (a Draft keeps them, saying so, so the team
/// sees what is left to write).
pub fn final_report_sections(framework: &Framework, assessment: &Assessment, options: &PackOptions) -> Vec<Section> {
    let mut sections = report_sections(framework, assessment, options);
    sections.retain(|section| !is_unwritten(section));
    sections
}

/// What a Final report leaves out for having nothing written, in a
/// sentence for whoever exports it; `None` for any other pack, a Draft, or
/// a report with every part written.
pub fn left_out_note(framework: &Framework, assessment: &Assessment, options: &PackOptions) -> Option<String> {
    if options.kind != super::PackKind::Report || !assessment.report_is_final() {
        return None;
    }
    let parts: Vec<String> = report_sections(framework, assessment, options)
        .iter()
        .filter(|section| is_unwritten(section))
        .map(|section| format!("“{}”", section.title()))
        .collect();
    let (verb, last) = match parts.as_slice() {
        [] => return None,
        [one] => ("has", one.clone()),
        [rest @ .., last] => ("have", format!("{} and {last}", rest.join(", "))),
    };
    Some(format!(
        "The Final report leaves out {last}, which {verb} nothing written."
    ))
}

/// A part of the report with nothing written in it.
fn is_unwritten(section: &Section) -> bool {
    match section {
        Section::Prose(prose) => prose.paragraphs.is_empty(),
        Section::Part(part) => part.groups.iter().all(|group| group.items.is_empty()) && part.paragraphs.is_empty(),
        Section::InitialScope(rows) => rows.is_empty(),
        _ => false,
    }
}

/// Every section of the report, in reading order after the title page and
/// contents, every part whether written or not.
pub fn report_sections(framework: &Framework, assessment: &Assessment, options: &PackOptions) -> Vec<Section> {
    let mut counter = Counter(0);
    let mut sections = vec![Section::Prose(Prose {
        title: "Executive Summary".to_owned(),
        paragraphs: paragraphs(&assessment.report.summary),
    })];
    sections.push(Section::Part(background(framework, assessment, options, &mut counter)));
    let key_messages: Vec<String> = assessment
        .peer
        .list(ListKind::KeyMessages)
        .map(|entry| entry.text.clone())
        .collect();
    sections.push(Section::Part(ReportPart {
        title: "Key Messages".to_owned(),
        groups: vec![BulletGroup {
            heading: String::new(),
            items: key_messages,
        }],
        paragraphs: counter.list(assessment, Place::KeyMessages),
    }));
    for view in assessment
        .report_sections(framework)
        .into_iter()
        .filter(|view| !view.left_out)
    {
        let list = |kind: ListKind| -> Vec<String> { assessment.peer.list(kind).map(|e| e.text.clone()).collect() };
        let mut groups: Vec<BulletGroup> = assessment
            .peer
            .list(ListKind::Bullets(view.section))
            .map(|entry| {
                let list = BulletList::parse(&entry.text);
                BulletGroup {
                    heading: list.heading,
                    items: list.items,
                }
            })
            .collect();
        for (heading, kind) in [
            ("Strengths", ListKind::Strengths(view.section)),
            ("Areas for Consideration", ListKind::Areas(view.section)),
        ] {
            let items = list(kind);
            if !items.is_empty() {
                groups.push(BulletGroup {
                    heading: heading.to_owned(),
                    items,
                });
            }
        }
        sections.push(Section::Part(ReportPart {
            title: view.title,
            groups,
            paragraphs: counter.list(assessment, Place::Section(view.section)),
        }));
    }
    sections.push(Section::InitialScope(
        assessment
            .scope
            .iter()
            .map(|question| ScopeRow {
                question: question.question.clone(),
                response: question.response.clone(),
            })
            .collect(),
    ));
    sections.push(Section::Prose(Prose {
        title: "Contact details".to_owned(),
        paragraphs: paragraphs(&assessment.report.contact),
    }));
    sections.push(Section::FrameworkAppendix(framework_appendix(framework)));
    if options.include_scores {
        sections.push(Section::Scores(scores_appendix(framework, assessment)));
    }
    super::cross_refs::resolve(&mut sections);
    sections
}

/// The background: the paragraphs the report writes itself from what
/// Critical Friend holds, then the team's own.
fn background(
    framework: &Framework,
    assessment: &Assessment,
    options: &PackOptions,
    counter: &mut Counter,
) -> ReportPart {
    use crate::domain::background_wording::Lead;
    let mut paragraphs = Vec::new();
    for (lead, words) in assessment.background_leads(framework) {
        let mut paragraph = counter.paragraph(words);
        match lead {
            Lead::Scope => {
                paragraph.items = assessment.scope.iter().map(|q| q.question.clone()).collect();
                paragraph.lettered = true;
            }
            Lead::Team => {
                paragraph.items = assessment
                    .team
                    .iter()
                    .enumerate()
                    .map(|(index, member)| {
                        let name = if options.share_safe {
                            format!("Member {}", index + 1)
                        } else {
                            member.name.clone()
                        };
                        [name, member.role.clone(), member.organisation.clone()]
                            .into_iter()
                            .filter(|part| !part.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect();
            }
            Lead::Visit | Lead::Facts => {}
        }
        paragraphs.push(paragraph);
    }
    paragraphs.extend(counter.list(assessment, Place::Background));
    ReportPart {
        title: "Report: Background".to_owned(),
        groups: Vec::new(),
        paragraphs,
    }
}

fn framework_appendix(framework: &Framework) -> FrameworkAppendix {
    FrameworkAppendix {
        title: format!("Appendix 1 – {}", framework.title),
        caption: framework.labels.theme_statement.clone(),
        themes: framework
            .themes
            .iter()
            .map(|theme| (format!("{}. {}", theme.number, theme.title), theme.outcome.clone()))
            .collect(),
        items: framework
            .themes
            .iter()
            .map(|theme| {
                theme
                    .items
                    .iter()
                    .map(|item| format!("{} {}", item.id, item.title))
                    .collect()
            })
            .collect(),
    }
}

fn scores_appendix(framework: &Framework, assessment: &Assessment) -> ScoresAppendix {
    let summary = summarise(framework, assessment);
    let themes: Vec<SummaryRow> = summary
        .themes
        .iter()
        .map(|theme| SummaryRow::new(format!("{}. {}", theme.number, theme.title), &theme.scores, &theme.peer))
        .collect();
    ScoresAppendix {
        title: "Appendix 2 – Self-assessment and peer scores".to_owned(),
        themes,
        rows: super::build::compare_rows(framework, assessment),
    }
}
