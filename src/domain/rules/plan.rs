//! The values of the council's action plan: an action's text, source,
//! owner, due date and status, and its notes of progress. (Who may change
//! the plan, and that Final does not freeze it, is [`super::access`]'s.)

use uuid::Uuid;

use super::{
    Context, Refused,
    values::{check_length, needs_text},
};
use crate::domain::{
    action_plan::{ActionSource, MAX_ACTION_CHARS, MAX_OWNER_CHARS, MAX_VALUE_CHARS},
    challenge::parse_date,
    change::{ActionPart, Change, EntryField, EntryKind, Subject},
    peer::ListKind,
    quarter::parse_progress,
};

pub(super) fn check_value(context: &Context<'_>, change: &Change) -> Result<(), Refused> {
    let to = change.to.as_deref();
    match &change.subject {
        Subject::Entry(id, EntryField::Entry(kind)) => {
            if change.from.is_none() {
                super::values::is_new(context, *id)?;
            }
            let Some(text) = to else {
                return Ok(());
            };
            match kind {
                EntryKind::Progress => {
                    let (action, _, words) = parse_progress(text)
                        .ok_or_else(|| Refused::Invalid("that is not a note of progress".to_owned()))?;
                    if !context.assessment.actions.iter().any(|a| a.id == action) {
                        return Err(Refused::NoSuchEntry("action"));
                    }
                    if change.from.is_some()
                        && !context
                            .assessment
                            .actions
                            .iter()
                            .any(|a| a.id == action && a.progress.iter().any(|n| n.id == *id))
                    {
                        return Err(Refused::Invalid("a note of progress stays with its action".to_owned()));
                    }
                    needs_text("progress note", &words, MAX_ACTION_CHARS)
                }
                _ => needs_text("action", text, MAX_ACTION_CHARS),
            }
        }
        Subject::Entry(_, EntryField::Action(part)) => match part {
            ActionPart::Source => {
                let source = ActionSource::parse(to.unwrap_or_default())
                    .ok_or_else(|| Refused::Invalid("that is not where an action can come from".to_owned()))?;
                check_source(context, &source)
            }
            ActionPart::Due => match parse_date(to.unwrap_or_default()) {
                Ok(_) => Ok(()),
                Err(error) => Err(Refused::Invalid(error.to_string())),
            },
            ActionPart::Status => to
                .unwrap_or_default()
                .parse::<crate::domain::Rag>()
                .map(drop)
                .map_err(|error| Refused::Invalid(error.to_string())),
            text @ ActionPart::Text(words) => {
                let line = to.unwrap_or_default();
                let what = text.label().to_lowercase();
                if line.contains(['\n', '\r']) {
                    return Err(Refused::Invalid(format!("the {what} is one line")));
                }
                let choices = words.choices();
                if !choices.is_empty() && !line.is_empty() && !choices.contains(&line) {
                    return Err(Refused::Invalid(format!(
                        "“{line}” is not a {what}; use {} or nothing",
                        choices.join(", ")
                    )));
                }
                check_length(&what, line, MAX_OWNER_CHARS)
            }
            ActionPart::Value(_) => match to {
                None => Ok(()),
                Some(line) if line.contains(['\n', '\r']) || line.trim() != line => Err(Refused::Invalid(
                    "a measure's value is one line, without spaces around it".to_owned(),
                )),
                Some(line) => needs_text("measure's value", line, MAX_VALUE_CHARS),
            },
        },
        // A move: its place is checked as every entry's is.
        _ => super::values::check_value(context, change),
    }
}

/// An action comes from an area for consideration or a key message of
/// this assessment — or, for a progress review, of the assessment it
/// reviews — or from one of its framework's items. A finding removed since
/// still counts where the history being merged knows it as one.
pub(super) fn check_source(context: &Context<'_>, source: &ActionSource) -> Result<(), Refused> {
    let finding = |id: Uuid, is: fn(ListKind) -> bool, what| {
        let found = std::iter::once(context.assessment)
            .chain(context.baseline)
            .any(|assessment| assessment.peer.entries.iter().any(|e| e.id == id && is(e.list)))
            || context
                .known
                .and_then(|known| known.get(&id))
                .is_some_and(|kind| matches!(kind, EntryKind::List(list) if is(*list)));
        if found { Ok(()) } else { Err(Refused::NoSuchEntry(what)) }
    };
    match source {
        ActionSource::None => Ok(()),
        ActionSource::Area(id) => finding(*id, |list| matches!(list, ListKind::Areas(_)), "area for consideration"),
        ActionSource::KeyMessage(id) => finding(*id, |list| list == ListKind::KeyMessages, "key message"),
        ActionSource::Item(item) => context
            .framework
            .item(item)
            .map(|_| ())
            .ok_or_else(|| Refused::NoSuchItem(item.as_str().to_owned())),
    }
}
