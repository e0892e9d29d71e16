//! The rules for the council's action plan: who may change it (the
//! council's; Final does not freeze it; a superseded version's plan went
//! with it), and what a change must hold.

use uuid::Uuid;

use super::{EditRefused, Refused, Role, check_length};
use crate::domain::{
    Assessment, Framework, ListKind,
    action_plan::{ActionOp, ActionSource, MAX_ACTION_CHARS, MAX_OWNER_CHARS},
};

/// The action plan is the council's, and Final does not freeze it; a
/// superseded version's plan went with it to the new version.
pub(super) fn check_action(
    assessment: &Assessment,
    framework: &Framework,
    role: Role,
    op: &ActionOp,
) -> Result<(), Refused> {
    check_plan_edit(assessment, role)?;
    if let Some(id) = op.action()
        && !assessment.actions.iter().any(|action| action.id == id)
    {
        return Err(Refused::NoSuchEntry("action"));
    }
    let text = |what: &str, text: &str| {
        if text.trim().is_empty() {
            return Err(Refused::Invalid(format!("the {what} needs some text")));
        }
        check_length(what, text, MAX_ACTION_CHARS)
    };
    match op {
        ActionOp::Add {
            text: words,
            source,
            owner,
            ..
        } => {
            text("action", words)?;
            check_length("owner", owner, MAX_OWNER_CHARS)?;
            check_source(assessment, framework, source)
        }
        ActionOp::Text { text: words, .. } => text("action", words),
        ActionOp::Owner { owner, .. } => check_length("owner", owner, MAX_OWNER_CHARS),
        ActionOp::Progress { text: words, .. } => text("progress note", words),
        ActionOp::Due { .. } | ActionOp::Status { .. } | ActionOp::Remove { .. } => Ok(()),
    }
}

/// Whether `role` may change `assessment`'s action plan at all: the
/// council's, on any version but one that was superseded.
pub fn check_plan_edit(assessment: &Assessment, role: Role) -> Result<(), Refused> {
    if assessment.superseded_by.is_some() {
        return Err(EditRefused::Superseded.into());
    }
    if role != Role::Council {
        return Err(Refused::CouncilOnly("change the action plan"));
    }
    Ok(())
}

/// An action comes from an area for consideration or a key message of
/// this assessment, or from one of its framework's items.
fn check_source(assessment: &Assessment, framework: &Framework, source: &ActionSource) -> Result<(), Refused> {
    let finding = |id: Uuid, is: fn(ListKind) -> bool, what| {
        if assessment
            .peer
            .entries
            .iter()
            .any(|entry| entry.id == id && is(entry.list))
        {
            Ok(())
        } else {
            Err(Refused::NoSuchEntry(what))
        }
    };
    match source {
        ActionSource::None => Ok(()),
        ActionSource::Area(id) => finding(*id, |list| matches!(list, ListKind::Areas(_)), "area for consideration"),
        ActionSource::KeyMessage(id) => finding(*id, |list| list == ListKind::KeyMessages, "key message"),
        ActionSource::Item(item) => framework
            .item(item)
            .map(|_| ())
            .ok_or_else(|| Refused::NoSuchItem(item.as_str().to_owned())),
    }
}
