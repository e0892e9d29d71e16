//! Making the merged copy from a plan: each value taken is a change,
//! checked by the rules and applied as every change is; every list is put in
//! order; and changes the merged copy does not hold are marked declined, so
//! the newest held change to every field always holds its value.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    How, MergePlan, MergeRefused, MergeReport, Merged, Replica, Resolution,
    checks::refusal,
    keys::{Key, Kinds, keys_of, subject_of, value},
};
use crate::domain::{
    assessment::Assessment,
    change::{Change, EntryField, EntryKind, Subject, build::entity_changes, value as values},
    peer::ListKind,
    role::Author,
    roster::RosterEntry,
    rules::{self, Context},
    signing::PublicKey,
};

/// Both texts, each labelled with its author.
pub fn keep_both(mine: &str, mine_by: &str, theirs: &str, theirs_by: &str) -> String {
    format!("{mine}\n— {mine_by}\n\n{theirs}\n— {theirs_by}")
}

/// Whether `change` holds `value`: its *to* is that value, or says it in
/// the words an earlier version recorded.
pub(super) fn holds(key: &Key, kinds: &Kinds, change: &Change, value: Option<&str>) -> bool {
    change.to.as_deref() == value
        || subject_of(key, kinds).is_some_and(|subject| values::legacy(&subject, change.to.as_deref(), value))
}

/// The changes in `log` that `assessment` does not hold: for each field,
/// those newer than the newest change that holds its value (all of them, if
/// none does). Marking them declined keeps the history true to the data.
pub fn reconcile<'a>(assessment: &Assessment, log: impl IntoIterator<Item = &'a Change> + Clone) -> BTreeSet<Uuid> {
    reconcile_where(assessment, log, |_| true)
}

/// [`reconcile`] for the fields `touched` picks alone: a merge changes only
/// the fields its plan names, and those of the entries it adds or removes.
fn reconcile_where<'a>(
    assessment: &Assessment,
    log: impl IntoIterator<Item = &'a Change> + Clone,
    touched: impl Fn(&Key) -> bool,
) -> BTreeSet<Uuid> {
    let mut kinds = super::keys::entry_kinds(&[Replica { assessment, log: &[] }]).unwrap_or_default();
    for change in log.clone() {
        if let (Some(target), Some(kind)) = (change.subject.target(), change.subject.entry_kind()) {
            kinds.entry(target).or_insert(kind);
        }
    }
    let kinds = &kinds;
    let mut by_key: BTreeMap<Key, Vec<&Change>> = BTreeMap::new();
    for change in log.into_iter().filter(|change| !change.declined) {
        for key in keys_of(change, kinds) {
            if !matches!(key, Key::Order(_)) && touched(&key) {
                by_key.entry(key).or_default().push(change);
            }
        }
    }
    let mut declined = BTreeSet::new();
    for (key, mut changes) in by_key {
        changes.sort_by_key(|change| (change.at, change.id));
        let now = value(assessment, &key, kinds);
        for change in changes.iter().rev() {
            if holds(&key, kinds, change, now.as_deref()) {
                break;
            }
            declined.insert(change.id);
        }
    }
    declined
}

/// The changes a merge leaves `assessment` not holding, among the fields it
/// touched: those of its new changes and values taken, and every field of an
/// entry it added or removed. The rest of the history stands as it stood.
fn reconcile_touched(
    assessment: &Assessment,
    log: &[Change],
    new_log: &[Change],
    taking: &Taking,
    kinds: &Kinds,
) -> BTreeSet<Uuid> {
    let mut fields: BTreeSet<Key> = new_log.iter().flat_map(|change| keys_of(change, kinds)).collect();
    fields.extend(taking.values.iter().map(|(key, ..)| key.clone()));
    let entries: BTreeSet<Uuid> = fields
        .iter()
        .filter_map(|key| match key {
            Key::Entry(id) => Some(*id),
            _ => None,
        })
        .collect();
    reconcile_where(assessment, log.iter().chain(new_log), |key| {
        fields.contains(key) || matches!(key, Key::Field(Subject::Entry(id, _)) if entries.contains(id))
    })
}

/// Puts one list of `into` in `order`: entries it names first, then any
/// others by when they were written.
pub(super) fn reorder(into: &mut Assessment, kind: EntryKind, order: &[Uuid], written: &HashMap<Uuid, OffsetDateTime>) {
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
        EntryKind::Scope => into.scope.sort_by_key(|q| rank(&q.id)),
        EntryKind::Team => into.team.sort_by_key(|m| rank(&m.id)),
        EntryKind::Action => into.actions.sort_by_key(|a| rank(&a.id)),
        EntryKind::Document => into.documents.sort_by_key(|d| rank(&d.id)),
        EntryKind::Request => into.requests.sort_by_key(|r| rank(&r.id)),
        EntryKind::Progress => {
            for action in &mut into.actions {
                action.progress.sort_by_key(|note| rank(&note.id));
            }
        }
        EntryKind::List(list) => {
            let (mut this, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut into.peer.entries)
                .into_iter()
                .partition(|entry| entry.list == list);
            this.sort_by_key(|entry| rank(&entry.id));
            into.peer.entries = rest.into_iter().chain(this).collect();
            into.peer.entries.sort_by_key(|entry| entry.list);
        }
    }
}

/// When each entry was first written, from the recorded additions.
fn written_times<'a>(changes: impl Iterator<Item = &'a Change>) -> HashMap<Uuid, OffsetDateTime> {
    let mut written: HashMap<Uuid, OffsetDateTime> = HashMap::new();
    for change in changes {
        if let (Subject::Entry(target, EntryField::Entry(_)), None) = (&change.subject, &change.from) {
            let at = written.entry(*target).or_insert(change.at);
            *at = (*at).min(change.at);
        }
    }
    written
}

fn all_lists(assessment: &Assessment) -> BTreeSet<EntryKind> {
    let mut lists: BTreeSet<EntryKind> = assessment
        .peer
        .entries
        .iter()
        .map(|e| EntryKind::List(e.list))
        .collect();
    lists.extend([
        EntryKind::Scope,
        EntryKind::Team,
        EntryKind::Action,
        EntryKind::Progress,
        EntryKind::Document,
        EntryKind::Request,
    ]);
    lists
}

/// A value for a report line: "–" for nothing, long text cut to 60 characters.
fn shorten(value: Option<&str>) -> String {
    crate::domain::change::preview(value, 60)
}

/// What one merge takes, before it is applied: each field's new value and
/// who it is attributed to.
struct Taking {
    values: Vec<(Key, Option<String>, Author, OffsetDateTime)>,
    combined_orders: Vec<EntryKind>,
    taken_orders: Vec<EntryKind>,
}

/// Merges `theirs` into `mine` (whose context the rules check against)
/// following `plan`, with one resolution per conflict (in the plan's order;
/// missing ones keep mine) and the keys the merger accepted, which must be
/// every key the plan found the roster does not know. Every value taken is
/// checked by the rules.
#[allow(
    clippy::too_many_arguments,
    reason = "the two copies, the plan and its choices, and who, where from and when"
)]
pub fn merge(
    context: &Context<'_>,
    (mine, theirs): (Replica<'_>, Replica<'_>),
    plan: &MergePlan,
    (resolutions, accepted): (&[Resolution], &[PublicKey]),
    merger: &Author,
    source: &str,
    now: OffsetDateTime,
) -> Result<Merged, MergeRefused> {
    for change in &plan.incoming {
        if context.world.used_elsewhere(change.id, mine.assessment.id) {
            return Err(MergeRefused::Refused {
                what: "the history".to_owned(),
                refused: rules::Refused::Taken(change.id),
            });
        }
    }
    let planned: BTreeSet<Key> = plan
        .changes
        .iter()
        .map(|change| change.key.clone())
        .chain(plan.conflicts.iter().map(|conflict| conflict.key.clone()))
        .collect();
    let theirs_histories = super::keys::histories(theirs.log, &plan.kinds, &planned);
    let newest = |key: &Key| {
        theirs_histories
            .get(key)
            .and_then(|(_, newest)| newest.map(|change| (change.author.clone(), change.at)))
            .unwrap_or_else(|| (merger.clone(), now))
    };
    let mut lines = vec![format!(
        "Merged “{source}” into “{}” as {}.",
        mine.assessment.details.describe(),
        merger.describe()
    )];
    let mut new_log = plan.incoming.clone();
    let mut taking = Taking {
        values: Vec::new(),
        combined_orders: Vec::new(),
        taken_orders: Vec::new(),
    };
    take_changes(plan, theirs.assessment, &newest, &mut taking, &mut lines);
    resolve_conflicts(
        plan,
        (theirs.assessment, resolutions),
        (merger, now),
        &newest,
        &mut taking,
        &mut new_log,
        &mut lines,
    );
    let mut assessment = mine.assessment.clone();
    apply_values(context, theirs.assessment, &taking.values, &plan.kinds, &mut assessment)?;
    for change in accept_keys(&mut assessment, (&plan.strangers, accepted), merger, now)? {
        lines.push(format!("Accepted on first use: {}.", change_entry(&change)));
        new_log.push(change);
    }
    if plan.unsigned > 0 {
        lines.push(format!(
            "Unsigned: {} of the file's changes (made before signing).",
            plan.unsigned
        ));
    }
    let written = written_times(mine.log.iter().chain(theirs.log));
    for list in all_lists(&assessment) {
        let order = if taking.combined_orders.contains(&list) {
            Vec::new()
        } else if taking.taken_orders.contains(&list) {
            values::order_of(theirs.assessment, list)
        } else {
            values::order_of(mine.assessment, list)
        };
        reorder(&mut assessment, list, &order, &written);
    }
    if plan.changes_nothing() {
        lines.push("Nothing changed: this copy already had everything in the file.".to_owned());
    }
    lines.push(format!("History entries added: {}.", new_log.len()));
    assessment.updated_at = mine.assessment.updated_at.max(theirs.assessment.updated_at);
    if !plan.changes_nothing() {
        assessment.updated_at = assessment.updated_at.max(now);
    }
    let declined = reconcile_touched(&assessment, mine.log, &new_log, &taking, &plan.kinds);
    for change in &mut new_log {
        change.declined |= declined.contains(&change.id);
    }
    let incoming: BTreeSet<Uuid> = new_log.iter().map(|change| change.id).collect();
    Ok(Merged {
        assessment,
        new_log,
        declined: declined.into_iter().filter(|id| !incoming.contains(id)).collect(),
        report: MergeReport {
            source: source.to_owned(),
            author: merger.clone(),
            at: now,
            lines,
        },
    })
}

/// Adds each key the roster did not know to it, as `merger` accepted it on
/// first use: every one of `strangers` must be among `accepted`. Each is a
/// change of the merger's own, checked like any change to the roster;
/// returns them.
pub fn accept_keys(
    assessment: &mut Assessment,
    (strangers, accepted): (&[RosterEntry], &[PublicKey]),
    merger: &Author,
    now: OffsetDateTime,
) -> Result<Vec<Change>, MergeRefused> {
    super::signers::not_accepted(strangers, accepted)?;
    let mut made = Vec::new();
    for entry in strangers {
        let change = super::signers::acceptance(assessment, entry, merger, now);
        rules::check_roster(assessment, &change)
            .and_then(|()| {
                assessment
                    .apply_change(&change)
                    .map_err(|error| rules::Refused::Invalid(error.to_string()))
            })
            .map_err(|refused| MergeRefused::Refused {
                what: "the roster".to_owned(),
                refused,
            })?;
        made.push(change);
    }
    Ok(made)
}

/// The roster entry a change to the roster adds, described.
fn change_entry(change: &Change) -> String {
    change
        .to
        .as_deref()
        .and_then(|value| RosterEntry::from_value(value).ok())
        .map_or_else(String::new, |entry| entry.describe())
}

/// The changes that need no choice, noted in `lines`.
fn take_changes(
    plan: &MergePlan,
    theirs: &Assessment,
    newest: &dyn Fn(&Key) -> (Author, OffsetDateTime),
    taking: &mut Taking,
    lines: &mut Vec<String>,
) {
    if !plan.changes.is_empty() {
        lines.push(format!("Taken without asking ({}):", plan.changes.len()));
    }
    for change in &plan.changes {
        match (&change.key, &change.how) {
            (Key::Order(list), How::Theirs) => taking.taken_orders.push(*list),
            (Key::Order(list), How::Automatic(_)) => taking.combined_orders.push(*list),
            (key, How::Automatic(_)) => {
                let (author, at) = newest(key);
                taking.values.push((key.clone(), change.value.clone(), author, at));
            }
            (key, How::Theirs) => {
                let (author, at) = newest(key);
                taking
                    .values
                    .push((key.clone(), value(theirs, key, &plan.kinds), author, at));
            }
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
}

/// Each conflict's resolution, noted in `lines`; "keep both" is a change
/// of the merger's own, added to the history.
fn resolve_conflicts(
    plan: &MergePlan,
    (theirs, resolutions): (&Assessment, &[Resolution]),
    (merger, now): (&Author, OffsetDateTime),
    newest: &dyn Fn(&Key) -> (Author, OffsetDateTime),
    taking: &mut Taking,
    new_log: &mut Vec<Change>,
    lines: &mut Vec<String>,
) {
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
            Resolution::Theirs => {
                let (author, at) = newest(&conflict.key);
                taking.values.push((
                    conflict.key.clone(),
                    value(theirs, &conflict.key, &plan.kinds),
                    author,
                    at,
                ));
            }
            Resolution::Both => {
                let text = keep_both(
                    conflict.mine.as_deref().unwrap_or_default(),
                    &conflict.mine_by,
                    conflict.theirs.as_deref().unwrap_or_default(),
                    &conflict.theirs_by,
                );
                if let Some(subject) = subject_of(&conflict.key, &plan.kinds) {
                    new_log.push(Change::new(
                        subject,
                        (conflict.mine.clone(), Some(text.clone())),
                        merger,
                        now,
                    ));
                }
                taking
                    .values
                    .push((conflict.key.clone(), Some(text), merger.clone(), now));
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
}

/// Applies the values taken, as changes: new entries first (sections before
/// what is written in them), whole, as the file has them; then fields and
/// rewordings; then removals. Each is checked by the rules first.
fn apply_values(
    context: &Context<'_>,
    theirs: &Assessment,
    taken: &[(Key, Option<String>, Author, OffsetDateTime)],
    kinds: &Kinds,
    assessment: &mut Assessment,
) -> Result<(), MergeRefused> {
    let phase = |(key, to, ..): &&(Key, Option<String>, Author, OffsetDateTime)| match (key, to) {
        (Key::Entry(id), Some(_)) if values::kind_of(assessment, *id).is_none() => match kinds.get(id) {
            Some(EntryKind::List(ListKind::Sections)) => 0,
            Some(EntryKind::Progress) => 2,
            _ => 1,
        },
        (Key::Entry(id), None) if kinds.get(id) == Some(&EntryKind::Progress) => 4,
        (Key::Entry(_), None) => 5,
        _ => 3,
    };
    let mut ordered: Vec<&(Key, Option<String>, Author, OffsetDateTime)> = taken.iter().collect();
    ordered.sort_by_key(|taken| phase(taken));
    for (key, to, author, at) in ordered {
        let Some(subject) = subject_of(key, kinds) else {
            continue;
        };
        let changes = match (&subject, to) {
            (Subject::Entry(id, EntryField::Entry(kind)), Some(_)) if values::kind_of(assessment, *id).is_none() => {
                entity_changes(theirs, *id, *kind, *at)
            }
            _ => Change::to_value(assessment, subject, to.clone(), author, *at)
                .into_iter()
                .collect(),
        };
        for change in changes {
            let what = || super::keys::label(key, kinds);
            let checking = Context {
                assessment,
                known: Some(kinds),
                ..*context
            };
            rules::valid(&checking, &change).map_err(|refused| refusal(refused, &what(), &change.author))?;
            assessment
                .apply_change(&change)
                .map_err(|error| MergeRefused::Refused {
                    what: what().to_lowercase(),
                    refused: rules::Refused::Invalid(error.to_string()),
                })?;
        }
    }
    Ok(())
}
