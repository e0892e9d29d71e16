//! Making the merged copy from a plan: taking the changes that need no choice, applying each conflict's resolution, and putting every list in order.

use std::collections::{BTreeSet, HashMap};

#[allow(clippy::wildcard_imports)]
use super::*;

/// Copies one field from `from` into `into`.
pub(super) fn copy(key: &Key, from: &Assessment, into: &mut Assessment) {
    match key {
        Key::Details => into.details = from.details.clone(),
        Key::Status => into.status = from.status,
        Key::SelfLocked => into.self_locked = from.self_locked,
        Key::Visit => into.visit = from.visit,
        Key::Summary => into.report.summary.clone_from(&from.report.summary),
        Key::Contact => into.report.contact.clone_from(&from.report.contact),
        Key::Facts => into.report.facts = from.report.facts,
        Key::SectionOrder => into.report.order.clone_from(&from.report.order),
        Key::Answer(item, field) => {
            let source = from.answer(item).clone();
            let answer = into.answers.entry(item.clone()).or_default();
            match field {
                Field::Score => answer.score = source.score,
                Field::Basis => answer.basis = source.basis,
                Field::Notes => answer.notes = source.notes,
                Field::PeerScore => answer.peer_score = source.peer_score,
                Field::Challenge => answer.challenge = source.challenge,
            }
            answer.created_at = match (answer.created_at, source.created_at) {
                (Some(ours), Some(theirs)) => Some(ours.min(theirs)),
                (ours, theirs) => ours.or(theirs),
            };
            answer.updated_at = answer.updated_at.max(source.updated_at);
        }
        Key::Entry(id) => {
            if let Some(entry) = from.peer.entries.iter().find(|e| e.id == *id) {
                match into.peer.entries.iter_mut().find(|e| e.id == *id) {
                    Some(existing) => existing.text.clone_from(&entry.text),
                    None => into.peer.entries.push(entry.clone()),
                }
            } else if let Some(question) = from.scope.iter().find(|q| q.id == *id) {
                match into.scope.iter_mut().find(|q| q.id == *id) {
                    Some(existing) => existing.question.clone_from(&question.question),
                    None => into.scope.push(question.clone()),
                }
            } else if let Some(member) = from.team.iter().find(|m| m.id == *id) {
                match into.team.iter_mut().find(|m| m.id == *id) {
                    Some(existing) => existing.clone_from(member),
                    None => into.team.push(member.clone()),
                }
            } else if !copy_plan_entry(*id, from, into) && !copy_evidence_entry(*id, from, into) {
                into.peer.entries.retain(|e| e.id != *id);
                into.scope.retain(|q| q.id != *id);
                into.team.retain(|m| m.id != *id);
                into.actions.retain(|a| a.id != *id);
                into.documents.retain(|d| d.id != *id);
                into.requests.retain(|r| r.id != *id);
                for action in &mut into.actions {
                    action.progress.retain(|note| note.id != *id);
                }
            }
        }
        Key::Document(id, part) => {
            let (Some(source), Some(document)) = (
                from.documents.iter().find(|d| d.id == *id),
                into.documents.iter_mut().find(|d| d.id == *id),
            ) else {
                return;
            };
            match part {
                DocumentPart::Particulars => document.particulars.clone_from(&source.particulars),
                DocumentPart::Items => document.items.clone_from(&source.items),
                DocumentPart::File => document.file.clone_from(&source.file),
                DocumentPart::Considered => document.considered = source.considered,
            }
        }
        Key::Request(id, part) => {
            let (Some(source), Some(request)) = (
                from.requests.iter().find(|r| r.id == *id),
                into.requests.iter_mut().find(|r| r.id == *id),
            ) else {
                return;
            };
            match part {
                RequestPart::Items => request.items.clone_from(&source.items),
                RequestPart::Answer => request.answer.clone_from(&source.answer),
            }
        }
        Key::Action(id, part) => {
            let Some(source) = from.actions.iter().find(|a| a.id == *id) else {
                return;
            };
            if let Some(action) = into.actions.iter_mut().find(|a| a.id == *id) {
                match part {
                    ActionPart::Source => action.source.clone_from(&source.source),
                    ActionPart::Owner => action.owner.clone_from(&source.owner),
                    ActionPart::Due => action.due = source.due,
                    ActionPart::Status => action.status = source.status,
                }
            }
        }
        Key::Response(id) => {
            let response = from.scope.iter().find(|q| q.id == *id).map(|q| q.response.clone());
            if let Some(question) = into.scope.iter_mut().find(|q| q.id == *id) {
                question.response = response.unwrap_or_default();
            }
        }
        Key::Order(_) => {}
    }
}

/// Copies an action or a progress note of `from` into `into`: an action new
/// to `into` comes whole; a note goes to its action, if `into` has it.
/// Returns whether `from` holds the entry.
fn copy_plan_entry(id: Uuid, from: &Assessment, into: &mut Assessment) -> bool {
    if let Some(action) = from.actions.iter().find(|a| a.id == id) {
        match into.actions.iter_mut().find(|a| a.id == id) {
            Some(existing) => existing.text.clone_from(&action.text),
            None => into.actions.push(action.clone()),
        }
        return true;
    }
    let Some((action, note)) = from
        .actions
        .iter()
        .find_map(|a| a.progress.iter().find(|note| note.id == id).map(|note| (a.id, note)))
    else {
        return false;
    };
    if let Some(target) = into.actions.iter_mut().find(|a| a.id == action) {
        match target.progress.iter_mut().find(|existing| existing.id == id) {
            Some(existing) => existing.clone_from(note),
            None => target.progress.push(note.clone()),
        }
    }
    true
}

/// Copies a document or request of `from` into `into`: new ones whole,
/// known ones their title or text. Returns whether `from` holds the entry.
fn copy_evidence_entry(id: Uuid, from: &Assessment, into: &mut Assessment) -> bool {
    if let Some(document) = from.documents.iter().find(|d| d.id == id) {
        match into.documents.iter_mut().find(|d| d.id == id) {
            Some(existing) => existing.title.clone_from(&document.title),
            None => into.documents.push(document.clone()),
        }
        return true;
    }
    if let Some(request) = from.requests.iter().find(|r| r.id == id) {
        match into.requests.iter_mut().find(|r| r.id == id) {
            Some(existing) => existing.text.clone_from(&request.text),
            None => into.requests.push(request.clone()),
        }
        return true;
    }
    false
}

/// Writes a text value into a text field (used by "keep both").
pub(super) fn set_text(key: &Key, text: &str, into: &mut Assessment) {
    match key {
        Key::Answer(item, field) => {
            let answer = into.answers.entry(item.clone()).or_default();
            match field {
                Field::Basis => text.clone_into(&mut answer.basis),
                Field::Notes => text.clone_into(&mut answer.notes),
                Field::Challenge => text.clone_into(&mut answer.challenge),
                Field::Score | Field::PeerScore => {}
            }
        }
        Key::Entry(id) => {
            if let Some(entry) = into.peer.entries.iter_mut().find(|e| e.id == *id) {
                text.clone_into(&mut entry.text);
            } else if let Some(question) = into.scope.iter_mut().find(|q| q.id == *id) {
                text.clone_into(&mut question.question);
            } else if let Some(action) = into.actions.iter_mut().find(|a| a.id == *id) {
                text.clone_into(&mut action.text);
            } else if let Some(document) = into.documents.iter_mut().find(|d| d.id == *id) {
                text.clone_into(&mut document.title);
            } else if let Some(request) = into.requests.iter_mut().find(|r| r.id == *id) {
                text.clone_into(&mut request.text);
            }
        }
        Key::Response(id) => {
            if let Some(question) = into.scope.iter_mut().find(|q| q.id == *id) {
                text.clone_into(&mut question.response);
            }
        }
        _ => {}
    }
}

/// Both texts, each labelled with its author.
pub fn keep_both(mine: &str, mine_by: &str, theirs: &str, theirs_by: &str) -> String {
    format!("{mine}\n— {mine_by}\n\n{theirs}\n— {theirs_by}")
}

/// Puts one list of `into` in `order`: entries it names first, then any
/// others by when they were written.
pub(super) fn reorder(
    into: &mut Assessment,
    kind: TargetKind,
    order: &[Uuid],
    written: &HashMap<Uuid, OffsetDateTime>,
) {
    let rank = |id: &Uuid| match order.iter().position(|x| x == id) {
        Some(at) => (0, at, OffsetDateTime::UNIX_EPOCH, *id),
        None => (
            1,
            0,
            written.get(id).copied().unwrap_or(OffsetDateTime::UNIX_EPOCH),
            *id,
        ),
    };
    match kind {
        TargetKind::Scope => into.scope.sort_by_key(|q| rank(&q.id)),
        TargetKind::Team => into.team.sort_by_key(|m| rank(&m.id)),
        TargetKind::Action => into.actions.sort_by_key(|a| rank(&a.id)),
        TargetKind::Document => into.documents.sort_by_key(|d| rank(&d.id)),
        TargetKind::Request => into.requests.sort_by_key(|r| rank(&r.id)),
        TargetKind::Progress => {
            for action in &mut into.actions {
                action.progress.sort_by_key(|note| rank(&note.id));
            }
        }
        TargetKind::List(list) => {
            let (mut this, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut into.peer.entries)
                .into_iter()
                .partition(|entry| entry.list == list);
            this.sort_by_key(|entry| rank(&entry.id));
            into.peer.entries = rest.into_iter().chain(this).collect();
            into.peer.entries.sort_by_key(|entry| entry.list);
        }
    }
}

/// Merges `theirs` into `mine` following `plan`, with one resolution per
/// conflict (in the plan's order; missing ones keep mine).
pub fn merge(
    mine: Replica<'_>,
    theirs: Replica<'_>,
    plan: &MergePlan,
    resolutions: &[Resolution],
    merger: &Author,
    source: &str,
    now: OffsetDateTime,
) -> Merged {
    // The plan was made from the same copies, so their entries are consistent.
    let lists = entry_kinds(&[mine, theirs]).unwrap_or_default();
    let mut assessment = mine.assessment.clone();
    let mut new_log = plan.incoming.clone();
    let mut lines = vec![format!(
        "Merged “{source}” into “{}” as {}.",
        mine.assessment.details.describe(),
        merger.describe()
    )];
    let (combined_orders, taken_orders) = take_changes(&plan.changes, theirs.assessment, &mut assessment, &mut lines);
    if !plan.conflicts.is_empty() {
        lines.push(format!("Conflicts resolved ({}):", plan.conflicts.len()));
    }
    for (index, conflict) in plan.conflicts.iter().enumerate() {
        let mut resolution = resolutions.get(index).copied().unwrap_or(Resolution::Mine);
        if resolution == Resolution::Both && !conflict.both_allowed {
            resolution = Resolution::Mine;
        }
        match resolution {
            Resolution::Mine => {}
            Resolution::Theirs => copy(&conflict.key, theirs.assessment, &mut assessment),
            Resolution::Both => {
                let text = keep_both(
                    conflict.mine.as_deref().unwrap_or_default(),
                    &conflict.mine_by,
                    conflict.theirs.as_deref().unwrap_or_default(),
                    &conflict.theirs_by,
                );
                set_text(&conflict.key, &text, &mut assessment);
                if let Some(row) = both_row(&conflict.key, &lists, conflict.mine.clone(), text, merger, now) {
                    new_log.push(row);
                }
            }
        }
        lines.push(format!(
            "  • {}: mine {} (by {}), theirs {} (by {}) — {}",
            conflict.label,
            shorten(conflict.mine.as_deref()),
            conflict.mine_by,
            shorten(conflict.theirs.as_deref()),
            conflict.theirs_by,
            resolution.label().to_lowercase()
        ));
    }
    let written = written_times(mine.log.iter().chain(theirs.log));
    for list in all_lists(&assessment) {
        let order = if combined_orders.contains(&list) {
            Vec::new()
        } else if taken_orders.contains(&list) {
            order_of(theirs.assessment, list)
        } else {
            order_of(mine.assessment, list)
        };
        reorder(&mut assessment, list, &order, &written);
    }
    if plan.changes_nothing() {
        lines.push("Nothing changed: this copy already had everything in the file.".to_owned());
    }
    lines.push(format!("History entries added: {}.", new_log.len()));
    assessment.updated_at = assessment.updated_at.max(theirs.assessment.updated_at);
    if !plan.changes_nothing() {
        assessment.updated_at = assessment.updated_at.max(now);
    }
    Merged {
        assessment,
        new_log,
        report: MergeReport {
            source: source.to_owned(),
            author: merger.clone(),
            at: now,
            lines,
        },
    }
}

/// Makes the changes that need no choice, noting each in `lines`. Returns
/// the lists whose order is combined and those whose order is taken.
pub(super) fn take_changes(
    changes: &[Planned],
    theirs: &Assessment,
    assessment: &mut Assessment,
    lines: &mut Vec<String>,
) -> (Vec<TargetKind>, Vec<TargetKind>) {
    let mut combined_orders = Vec::new();
    let mut taken_orders = Vec::new();
    if !changes.is_empty() {
        lines.push(format!("Taken without asking ({}):", changes.len()));
    }
    for change in changes {
        match (&change.key, &change.how) {
            (Key::Order(list), How::Theirs) => taken_orders.push(*list),
            (Key::Order(list), How::Automatic(_)) => combined_orders.push(*list),
            (Key::Status, How::Automatic(_)) => {
                if let Some(status) = change.to.as_deref().and_then(|s| s.parse().ok()) {
                    assessment.status = status;
                }
            }
            (Key::SelfLocked, How::Automatic(_)) => assessment.self_locked = change.to.as_deref() == Some("true"),
            (key, _) => copy(key, theirs, assessment),
        }
        let why = match &change.how {
            How::Theirs => "changed only in the file".to_owned(),
            How::Automatic(rule) => format!("changed on both sides: {rule}"),
        };
        lines.push(match &change.key {
            Key::Order(_) => format!("  • {} — {why}", change.label),
            _ => format!(
                "  • {}: {} → {} — {why}",
                change.label,
                shorten(change.from.as_deref()),
                shorten(change.to.as_deref())
            ),
        });
    }
    (combined_orders, taken_orders)
}

/// The recorded change a "keep both" makes.
pub(super) fn both_row(
    key: &Key,
    lists: &Kinds,
    old: Option<String>,
    new: String,
    merger: &Author,
    now: OffsetDateTime,
) -> Option<AuditEntry> {
    let (item, target, field) = match key {
        Key::Answer(item, field) => (Some(item.clone()), None, AuditField::Answer(*field)),
        Key::Entry(id) => (
            None,
            Some(*id),
            match lists.get(id)? {
                TargetKind::List(list) => AuditField::List(*list),
                TargetKind::Scope => AuditField::Scope,
                TargetKind::Team => AuditField::Team,
                TargetKind::Action => AuditField::Action,
                TargetKind::Document => AuditField::Document,
                TargetKind::Request => AuditField::Request,
                // A note is never "kept both": it is not typed text.
                TargetKind::Progress => return None,
            },
        ),
        Key::Response(id) => (None, Some(*id), AuditField::ScopeResponse),
        _ => return None,
    };
    Some(AuditEntry {
        id: Uuid::new_v4(),
        item,
        target,
        field,
        old_value: old,
        new_value: Some(new),
        author: merger.clone(),
        at: now,
    })
}

/// When each entry was first written, from the recorded additions.
pub(super) fn written_times<'a>(rows: impl Iterator<Item = &'a AuditEntry>) -> HashMap<Uuid, OffsetDateTime> {
    let mut written: HashMap<Uuid, OffsetDateTime> = HashMap::new();
    for row in rows {
        if let (None, Some(target), None) = (&row.item, row.target, &row.old_value)
            && row.field != AuditField::ScopeResponse
        {
            let at = written.entry(target).or_insert(row.at);
            *at = (*at).min(row.at);
        }
    }
    written
}

pub(super) fn all_lists(assessment: &Assessment) -> BTreeSet<TargetKind> {
    let mut lists: BTreeSet<TargetKind> = assessment
        .peer
        .entries
        .iter()
        .map(|e| TargetKind::List(e.list))
        .collect();
    lists.insert(TargetKind::Scope);
    lists.insert(TargetKind::Team);
    lists.insert(TargetKind::Action);
    lists.insert(TargetKind::Progress);
    lists.insert(TargetKind::Document);
    lists.insert(TargetKind::Request);
    lists
}

/// A value for a report line: "–" for nothing, long text cut to 60 characters.
pub(super) fn shorten(value: Option<&str>) -> String {
    crate::domain::audit::preview(value, 60)
}
