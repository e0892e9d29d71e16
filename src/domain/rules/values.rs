//! What the values of an answer, of the assessment's own fields, of the
//! peer team's lists, the scope questions and the team may be.

use crate::domain::background_wording::{MAX_WORDING_CHARS, Wording};
use crate::domain::section_names::{MAX_TITLE_CHARS, SectionNames};
use uuid::Uuid;

use super::{Context, MAX_ANSWER_CHARS, Refused};
use crate::domain::{
    assessment::AssessmentDetails,
    challenge::MAX_CHALLENGE_CHARS,
    change::{AnswerField, AssessmentField, Change, EntryField, EntryKind, Subject, value},
    peer::{BulletList, ListKind, MAX_ENTRY_CHARS, SectionRef},
    peer_report::{Facts, MAX_REPORT_TEXT_CHARS, parse_order},
    score::Score,
};

pub(super) fn check_length(what: &str, text: &str, max_chars: usize) -> Result<(), Refused> {
    if text.chars().count() > max_chars {
        return Err(Refused::Invalid(format!(
            "the {} is too long (at most {max_chars} characters)",
            what.to_lowercase()
        )));
    }
    Ok(())
}

pub(super) fn needs_text(what: &str, text: &str, max_chars: usize) -> Result<(), Refused> {
    if text.trim().is_empty() {
        return Err(Refused::Invalid(format!("the {what} needs some text")));
    }
    check_length(what, text, max_chars)
}

/// A new id must be new: in this assessment and in the whole database.
pub(super) fn is_new(context: &Context<'_>, id: Uuid) -> Result<(), Refused> {
    if value::kind_of(context.assessment, id).is_some() || context.world.used_elsewhere(id, context.assessment.id) {
        return Err(Refused::Taken(id));
    }
    Ok(())
}

pub(super) fn check_value(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    let to = change.to.as_deref();
    match &change.subject {
        Subject::Answer(_, field) => check_answer(context, *field, to),
        Subject::Assessment(field) => check_field(context, *field, to),
        Subject::Roster(_) => Ok(()),
        Subject::Entry(id, EntryField::Entry(kind)) => {
            if change.from.is_none() {
                is_new(context, *id)?;
            }
            match to {
                Some(text) => check_entry(context, *kind, text),
                None => check_removal(context, *id, *kind),
            }
        }
        Subject::Entry(id, EntryField::Position) => {
            let (kind, _) = value::position(context.assessment, *id).ok_or(Refused::NoSuchEntry("entry"))?;
            let siblings = match kind {
                EntryKind::Progress => context
                    .assessment
                    .actions
                    .iter()
                    .find(|a| a.progress.iter().any(|n| n.id == *id))
                    .map_or(0, |a| a.progress.len()),
                other => value::order_of(context.assessment, other).len(),
            };
            match to.and_then(|place| place.parse::<usize>().ok()) {
                Some(place) if (1..=siblings).contains(&place) => Ok(()),
                _ => Err(Refused::Invalid(format!("an entry's place is 1 to {siblings}"))),
            }
        }
        Subject::Entry(_, EntryField::ScopeResponse) => {
            check_length("response", to.unwrap_or_default(), MAX_CHALLENGE_CHARS)
        }
        Subject::Entry(..) => Err(Refused::Invalid(format!(
            "“{}” is not a field of this entry",
            change.subject.key()
        ))),
    }
}

fn check_answer(context: &Context<'_>, field: AnswerField, to: Option<&str>) -> Result<(), Refused> {
    if field.is_score() {
        if let Some(text) = to {
            let score: Score = text
                .parse()
                .map_err(|_| Refused::Invalid(format!("“{text}” is not a score")))?;
            context.framework.scale.check(score)?;
        }
        return Ok(());
    }
    check_length(field.label(), to.unwrap_or_default(), MAX_ANSWER_CHARS)
}

fn check_field(context: &Context<'_>, field: AssessmentField, to: Option<&str>) -> Result<(), Refused> {
    let text = to.unwrap_or_default();
    let malformed = |what: &str| Refused::Invalid(format!("that is not {what}"));
    match field {
        AssessmentField::Status => text
            .parse::<crate::domain::Status>()
            .map(drop)
            .map_err(|_| malformed("a status")),
        AssessmentField::SelfLocked => match to {
            Some("true" | "false") => Ok(()),
            _ => Err(malformed("locked or unlocked")),
        },
        AssessmentField::Setting(setting) => setting.check(text).map_err(Refused::Invalid),
        AssessmentField::Wording => {
            let wording = Wording::parse(text).ok_or_else(|| malformed("the wording of the background"))?;
            for (lead, words) in &wording.0 {
                if words.trim().is_empty() || words.contains(['\n', '\r']) || words.trim() != words {
                    return Err(Refused::Invalid(format!(
                        "{} is one paragraph of words, without spaces around it",
                        lead.label().to_lowercase()
                    )));
                }
                check_length(lead.label(), words, MAX_WORDING_CHARS)?;
            }
            Ok(())
        }
        AssessmentField::SectionNames => {
            let names = SectionNames::parse(text).ok_or_else(|| malformed("the report's names for its themes"))?;
            check_names(context, &names)
        }
        AssessmentField::ReportIssued => match to {
            None | Some(crate::domain::peer_report::ISSUED) => Ok(()),
            Some(_) => Err(malformed("Draft or Final")),
        },
        AssessmentField::Details => {
            let details: AssessmentDetails = value::parse_details(text).ok_or_else(|| malformed("the details"))?;
            if details.clone().validated()? == details {
                Ok(())
            } else {
                Err(Refused::Invalid("the details have spaces around them".to_owned()))
            }
        }
        AssessmentField::Visit => {
            let visit = value::parse_visit(to).ok_or_else(|| malformed("the days on site"))?;
            visit
                .validated()
                .map(drop)
                .map_err(|reason| Refused::Invalid(reason.to_owned()))
        }
        AssessmentField::Summary => check_length("executive summary", text, MAX_REPORT_TEXT_CHARS),
        AssessmentField::Contact => check_length("contact details", text, MAX_REPORT_TEXT_CHARS),
        AssessmentField::Facts => Facts::parse(text)
            .map(drop)
            .ok_or_else(|| malformed("the background facts")),
        AssessmentField::SectionOrder => {
            let order = parse_order(text).ok_or_else(|| malformed("an order of sections"))?;
            for (index, section) in order.iter().enumerate() {
                if order[..index].contains(section) {
                    return Err(Refused::Invalid("the new order names a section twice".to_owned()));
                }
                check_section(context, *section)?;
            }
            Ok(())
        }
        AssessmentField::Supersedes | AssessmentField::SupersededBy | AssessmentField::Baseline => {
            super::snapshot::check_link(context, field, to)
        }
    }
}

/// The report's names for its themes: each names a theme of the
/// framework, one line of at most [`MAX_TITLE_CHARS`] characters; a theme
/// left out holds nothing, since what is written in it would not print.
fn check_names(context: &Context<'_>, names: &SectionNames) -> Result<(), Refused> {
    for (number, title) in &names.titles {
        check_section(context, SectionRef::Theme(*number))?;
        if title.trim().is_empty() || title.contains(['\n', '\r']) || title.trim() != title {
            return Err(Refused::Invalid(format!(
                "theme {number}'s title in the report is one line of words, without spaces around it"
            )));
        }
        check_length("theme's title in the report", title, MAX_TITLE_CHARS)?;
    }
    for number in &names.left_out {
        let section = SectionRef::Theme(*number);
        check_section(context, section)?;
        let newly = !context.assessment.report.names.left_out.contains(number);
        let held = context
            .assessment
            .peer
            .entries
            .iter()
            .filter(|entry| entry.list.section() == Some(section))
            .count();
        if newly && held > 0 {
            return Err(Refused::Invalid(format!(
                "theme {number} holds {held} entries in the report; remove them before leaving the theme out"
            )));
        }
    }
    Ok(())
}

/// Refuses a section that is neither a theme nor an added section.
pub(super) fn check_section(context: &Context<'_>, section: SectionRef) -> Result<(), Refused> {
    if context.assessment.has_section(context.framework, section) {
        return Ok(());
    }
    Err(match section {
        SectionRef::Theme(number) => Refused::NoSuchTheme {
            number,
            count: context.framework.themes.len(),
        },
        SectionRef::Added(_) => Refused::NoSuchEntry("report section"),
    })
}

fn check_entry(context: &Context<'_>, kind: EntryKind, text: &str) -> Result<(), Refused> {
    match kind {
        EntryKind::List(list) => {
            // Writing in a section another copy removed is kept where the
            // history merged knows the section.
            let known_section = |id| {
                context
                    .known
                    .and_then(|known| known.get(&id))
                    .is_some_and(|kind| *kind == EntryKind::List(ListKind::Sections))
            };
            match list.section() {
                Some(SectionRef::Added(id)) if known_section(id) => {}
                Some(SectionRef::Theme(number)) if context.assessment.report.names.left_out.contains(&number) => {
                    return Err(Refused::Invalid(format!(
                        "theme {number} is left out of the report; include it again before writing in it"
                    )));
                }
                Some(section) => check_section(context, section)?,
                None => {}
            }
            check_entry_text(list, text)
        }
        EntryKind::Scope => needs_text("question", text, MAX_CHALLENGE_CHARS).map_err(|_| {
            Refused::Invalid(if text.trim().is_empty() {
                "the question is empty".to_owned()
            } else {
                format!("the question is too long (at most {MAX_CHALLENGE_CHARS} characters)")
            })
        }),
        EntryKind::Team => {
            let member = value::parse_member(Uuid::nil(), text)
                .ok_or_else(|| Refused::Invalid("that is not a member of the peer team".to_owned()))?;
            crate::domain::ChallengeOp::AddMember(member)
                .check()
                .map_err(Refused::Invalid)
        }
        _ => Err(Refused::Invalid("that entry is not one of these lists".to_owned())),
    }
}

fn check_entry_text(list: ListKind, text: &str) -> Result<(), Refused> {
    if text.trim().is_empty() {
        return Err(Refused::Invalid("the text is empty".to_owned()));
    }
    match list {
        ListKind::Bullets(_) => {
            let bullets = BulletList::parse(text);
            if bullets.items.is_empty() {
                return Err(Refused::Invalid(format!(
                    "the bullet list “{}” has no bullets: write its sub-heading on the first line and one bullet on each line after",
                    bullets.heading
                )));
            }
        }
        ListKind::Sections if text.contains(['\n', '\r']) => {
            return Err(Refused::Invalid("a section's title is one line".to_owned()));
        }
        _ => {}
    }
    check_length("text", text, MAX_ENTRY_CHARS)
}

/// An added section is removed only when it holds nothing.
fn check_removal(context: &Context<'_>, id: Uuid, kind: EntryKind) -> Result<(), Refused> {
    if kind != EntryKind::List(ListKind::Sections) {
        return Ok(());
    }
    let assessment = context.assessment;
    let held = assessment
        .peer
        .entries
        .iter()
        .filter(|entry| entry.list.section() == Some(SectionRef::Added(id)))
        .count();
    if held == 0 {
        return Ok(());
    }
    let title = assessment
        .peer
        .entries
        .iter()
        .find(|e| e.id == id)
        .map_or("", |e| e.text.as_str());
    let entries = if held == 1 {
        "1 entry".to_owned()
    } else {
        format!("{held} entries")
    };
    Err(Refused::Invalid(format!(
        "the section “{title}” still holds {entries}; remove them first"
    )))
}
