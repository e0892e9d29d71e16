//! Merging two copies of one assessment, field by field.
//!
//! Every recorded change carries a UUID that stays the same in every copy it
//! travels to, so each field's history is a set of change ids. For each field
//! (an answer's score or text, a finding, a scope question or response, a
//! team member, the order of a list, the status, the lock, the visit dates,
//! the details):
//!
//! - their changes ⊆ mine: nothing new arrives, keep mine;
//! - my changes ⊆ theirs: they saw everything I did and more, take theirs;
//! - otherwise both sides changed it since they last shared a copy: equal
//!   values are no conflict; list order, status and lock resolve themselves
//!   (combined in the order written, furthest status, latest lock); anything
//!   else is a conflict the person merging resolves.
//!
//! Ownership comes first: every incoming change must have been made in the
//! role that owns its field, or the whole file is refused. A value that
//! differs without a change behind it never travels, so editing a file by
//! hand cannot move anything.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    assessment::{Assessment, Status},
    audit::AuditEntry,
    edit::{Change, Field},
    framework::ItemId,
    role::{Author, Role},
};

/// One copy of an assessment with every change recorded in it.
#[derive(Clone, Copy, Debug)]
pub struct Replica<'a> {
    /// The assessment as that copy has it now.
    pub assessment: &'a Assessment,
    /// Every change that copy has recorded.
    pub log: &'a [AuditEntry],
}

/// One mergeable field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// Organisation, title, period and lead.
    Details,
    /// Where the assessment is in its workflow.
    Status,
    /// Whether the self-assessment is locked.
    SelfLocked,
    /// The on-site dates.
    Visit,
    /// One field of one item's answer.
    Answer(ItemId, Field),
    /// A finding, key message, scope question or team member.
    Entry(Uuid),
    /// The peer team's response to a scope question.
    Response(Uuid),
    /// The order of one list: a findings list's key, `scope` or `team`.
    Order(String),
}

/// The list names that are not the peer team's findings.
const SCOPE: &str = "scope";
const TEAM: &str = "team";

/// Why a file cannot be merged at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeRefused {
    /// The copies answer different frameworks.
    #[error("the file answers framework {theirs}, but this assessment answers {mine}")]
    OtherFramework {
        /// Ours.
        mine: String,
        /// The file's.
        theirs: String,
    },
    /// A change was made in the role that does not own the field.
    #[error(
        "the file changes the {what} as {who} in the {role} role, but only the {owner} role may change it; nothing was imported"
    )]
    CrossesOwnership {
        /// What it changes.
        what: String,
        /// Who it says made the change.
        who: String,
        /// The role it was made in.
        role: Role,
        /// The role that owns the field.
        owner: Role,
    },
    /// Our copy is Final or superseded and the file would change it.
    #[error("{0}; the file would change it, so nothing was imported")]
    Frozen(&'static str),
}

/// How a change reached the merged copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    /// Only the file changed it.
    Theirs,
    /// Both changed it; a rule chose (the text says which).
    Automatic(&'static str),
}

/// A change the merge makes without asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The field.
    pub key: Key,
    /// What people read, e.g. "2.3 Peer score".
    pub label: String,
    /// Our value.
    pub from: Option<String>,
    /// The merged value (for list order: worked out when applied).
    pub to: Option<String>,
    /// Why.
    pub how: How,
}

/// A field both sides changed to different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The field.
    pub key: Key,
    /// What people read.
    pub label: String,
    /// Our value.
    pub mine: Option<String>,
    /// The file's value.
    pub theirs: Option<String>,
    /// Who last changed ours.
    pub mine_by: String,
    /// Who last changed theirs.
    pub theirs_by: String,
    /// Whether "keep both" is offered: text fields owned by the merging role.
    pub both_allowed: bool,
}

/// How a conflict is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Keep our value.
    Mine,
    /// Take the file's value.
    Theirs,
    /// Keep both texts, each labelled with its author.
    Both,
}

impl Resolution {
    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Resolution::Mine => "Keep mine",
            Resolution::Theirs => "Take theirs",
            Resolution::Both => "Keep both",
        }
    }
}

/// What a merge would do, worked out before anything changes.
#[derive(Clone, Debug, Default)]
pub struct MergePlan {
    /// Changes made without asking.
    pub changes: Vec<Planned>,
    /// Fields that need a choice.
    pub conflicts: Vec<Conflict>,
    /// Changes recorded in the file that we have not seen.
    pub incoming: Vec<AuditEntry>,
}

impl MergePlan {
    /// Whether merging would change nothing but add history.
    pub fn changes_nothing(&self) -> bool {
        self.changes.is_empty() && self.conflicts.is_empty()
    }
}

/// The merged copy and everything to store with it.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged assessment.
    pub assessment: Assessment,
    /// Changes to add to our history: the file's new ones and any "keep both".
    pub new_log: Vec<AuditEntry>,
    /// What happened, for people.
    pub report: MergeReport,
}

/// What a merge did, stored with the assessment and printable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeReport {
    /// Where the changes came from, e.g. a file name.
    pub source: String,
    /// Who merged.
    pub author: Author,
    /// When.
    pub at: OffsetDateTime,
    /// One line per change, conflict and resolution.
    pub lines: Vec<String>,
}

impl MergeReport {
    /// The report as plain text.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Works out which list each entry belongs to, from both logs and both states.
fn entry_lists(replicas: &[Replica<'_>]) -> HashMap<Uuid, String> {
    let mut lists = HashMap::new();
    for replica in replicas {
        for row in replica.log {
            if let (None, Some(target)) = (&row.item, row.target)
                && !matches!(row.field.as_str(), "position" | "scope_response")
            {
                lists.insert(target, row.field.clone());
            }
        }
        let assessment = replica.assessment;
        for entry in &assessment.peer.entries {
            lists.insert(entry.id, entry.list.key());
        }
        for question in &assessment.scope {
            lists.insert(question.id, SCOPE.to_owned());
        }
        for member in &assessment.team {
            lists.insert(member.id, TEAM.to_owned());
        }
    }
    lists
}

/// The fields a recorded change touched.
fn keys_of(row: &AuditEntry, lists: &HashMap<Uuid, String>) -> Vec<Key> {
    if let Some(item) = &row.item {
        return Field::parse(&row.field)
            .map(|field| vec![Key::Answer(item.clone(), field)])
            .unwrap_or_default();
    }
    match (row.field.as_str(), row.target) {
        ("details", _) => vec![Key::Details],
        ("status", _) => vec![Key::Status],
        ("self_locked", _) => vec![Key::SelfLocked],
        ("visit", _) => vec![Key::Visit],
        ("supersedes" | "superseded_by", _) => Vec::new(),
        ("scope_response", Some(target)) => vec![Key::Response(target)],
        ("position", Some(target)) => lists.get(&target).cloned().map(Key::Order).into_iter().collect(),
        (list, Some(target)) => {
            let mut keys = vec![Key::Entry(target)];
            if row.old_value.is_none() || row.new_value.is_none() {
                keys.push(Key::Order(list.to_owned()));
            }
            keys
        }
        (list, None) => vec![Key::Order(list.to_owned())],
    }
}

fn list_owner(list: &str) -> Role {
    if list == SCOPE { Role::Council } else { Role::Peer }
}

/// The role that owns a field; `None` when either role may change it.
fn owner(key: &Key, lists: &HashMap<Uuid, String>) -> Option<Role> {
    match key {
        Key::Details | Key::Status => None,
        Key::SelfLocked => Some(Role::Council),
        Key::Visit | Key::Response(_) => Some(Role::Peer),
        Key::Answer(_, field) => Some(field.owner()),
        Key::Entry(id) => Some(lists.get(id).map_or(Role::Peer, |list| list_owner(list))),
        Key::Order(list) => Some(list_owner(list)),
    }
}

/// What people read for a field.
fn label(key: &Key, lists: &HashMap<Uuid, String>) -> String {
    let list_label = |list: &str| match list {
        SCOPE => "Scope question".to_owned(),
        TEAM => "Peer team member".to_owned(),
        other => other
            .parse::<super::peer::ListKind>()
            .map_or_else(|_| other.to_owned(), super::peer::ListKind::title),
    };
    match key {
        Key::Details => "Assessment details".to_owned(),
        Key::Status => "Status".to_owned(),
        Key::SelfLocked => "Self-assessment lock".to_owned(),
        Key::Visit => "On-site dates".to_owned(),
        Key::Answer(item, field) => format!("{item} {}", field.label()),
        Key::Entry(id) => lists
            .get(id)
            .map_or_else(|| "Entry".to_owned(), |list| list_label(list)),
        Key::Response(_) => "Response to a scope question".to_owned(),
        Key::Order(list) => match list.as_str() {
            SCOPE => "Order of the scope questions".to_owned(),
            TEAM => "Order of the peer team".to_owned(),
            other => format!("Order of {}", list_label(other).to_lowercase()),
        },
    }
}

fn order_of(assessment: &Assessment, list: &str) -> Vec<Uuid> {
    match list {
        SCOPE => assessment.scope.iter().map(|q| q.id).collect(),
        TEAM => assessment.team.iter().map(|m| m.id).collect(),
        other => assessment
            .peer
            .entries
            .iter()
            .filter(|entry| entry.list.key() == other)
            .map(|entry| entry.id)
            .collect(),
    }
}

/// A field's value in one copy, as text (`None` for "not set" or "absent").
fn value(assessment: &Assessment, key: &Key) -> Option<String> {
    match key {
        Key::Details => Some(assessment.details.describe()),
        Key::Status => Some(assessment.status.as_str().to_owned()),
        Key::SelfLocked => Some(assessment.self_locked.to_string()),
        Key::Visit => (!assessment.visit.is_empty()).then(|| assessment.visit.describe()),
        Key::Answer(item, field) => Change::current(assessment.answer(item), *field).value_text(),
        Key::Entry(id) => {
            if let Some(entry) = assessment.peer.entries.iter().find(|e| e.id == *id) {
                Some(entry.text.clone())
            } else if let Some(question) = assessment.scope.iter().find(|q| q.id == *id) {
                Some(question.question.clone())
            } else {
                assessment
                    .team
                    .iter()
                    .find(|m| m.id == *id)
                    .map(super::TeamMember::describe)
            }
        }
        Key::Response(id) => assessment
            .scope
            .iter()
            .find(|q| q.id == *id)
            .map(|q| q.response.clone()),
        Key::Order(list) => Some(
            order_of(assessment, list)
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

/// One field's set of change ids in one copy, and the newest of them.
type History<'a> = (BTreeSet<Uuid>, Option<&'a AuditEntry>);
/// Every field's history in one copy.
type Histories<'a> = BTreeMap<Key, History<'a>>;

fn histories<'a>(log: &'a [AuditEntry], lists: &HashMap<Uuid, String>) -> Histories<'a> {
    let mut map: Histories<'a> = BTreeMap::new();
    for row in log {
        for key in keys_of(row, lists) {
            let (ids, newest) = map.entry(key).or_default();
            ids.insert(row.id);
            if newest.is_none_or(|current| (current.at, current.id) < (row.at, row.id)) {
                *newest = Some(row);
            }
        }
    }
    map
}

fn status_rank(status: &str) -> usize {
    Status::ALL.iter().position(|s| s.as_str() == status).unwrap_or(0)
}

/// Works out what merging `theirs` into `mine` would do, as `merger` (whose
/// role decides whether "keep both" is offered). Changes nothing.
pub fn plan(mine: Replica<'_>, theirs: Replica<'_>, merger: Role) -> Result<MergePlan, MergeRefused> {
    if mine.assessment.framework != theirs.assessment.framework {
        return Err(MergeRefused::OtherFramework {
            mine: mine.assessment.framework.to_string(),
            theirs: theirs.assessment.framework.to_string(),
        });
    }
    let lists = entry_lists(&[mine, theirs]);
    let seen: BTreeSet<Uuid> = mine.log.iter().map(|row| row.id).collect();
    let incoming: Vec<AuditEntry> = theirs
        .log
        .iter()
        .filter(|row| !seen.contains(&row.id))
        .cloned()
        .collect();
    check_ownership(&incoming, &lists)?;

    let mine_histories = histories(mine.log, &lists);
    let theirs_histories = histories(theirs.log, &lists);
    let mut result = MergePlan {
        incoming,
        ..MergePlan::default()
    };
    let empty = (BTreeSet::new(), None);
    for (key, theirs_history) in &theirs_histories {
        let mine_history = mine_histories.get(key).unwrap_or(&empty);
        if theirs_history.0.is_subset(&mine_history.0) {
            continue;
        }
        let ours = value(mine.assessment, key);
        let their_value = value(theirs.assessment, key);
        if mine_history.0.is_subset(&theirs_history.0) {
            if ours != their_value {
                result.changes.push(Planned {
                    key: key.clone(),
                    label: label(key, &lists),
                    from: ours,
                    to: their_value,
                    how: How::Theirs,
                });
            }
            continue;
        }
        if ours == their_value {
            continue;
        }
        match both_changed(key, ours, their_value, (mine_history, theirs_history), &lists, merger) {
            Some(Ok(change)) => result.changes.push(change),
            Some(Err(conflict)) => result.conflicts.push(conflict),
            None => {}
        }
    }
    if !result.changes_nothing() {
        if mine.assessment.superseded_by.is_some() {
            return Err(MergeRefused::Frozen(
                "this copy was superseded when the assessment was reopened",
            ));
        }
        if mine.assessment.status == Status::Final {
            return Err(MergeRefused::Frozen("this copy is Final and frozen"));
        }
    }
    Ok(result)
}

/// A field both sides changed to different values: a change a rule makes
/// (`Ok`), a conflict for the person merging (`Err`), or nothing to do.
fn both_changed(
    key: &Key,
    ours: Option<String>,
    theirs: Option<String>,
    (mine_history, theirs_history): (&History<'_>, &History<'_>),
    lists: &HashMap<Uuid, String>,
    merger: Role,
) -> Option<Result<Planned, Conflict>> {
    let automatic = |to: Option<String>, rule: &'static str| {
        Some(Ok(Planned {
            key: key.clone(),
            label: label(key, lists),
            from: ours.clone(),
            to,
            how: How::Automatic(rule),
        }))
    };
    match key {
        Key::Order(_) => automatic(None, "combined, in the order the entries were written"),
        Key::Status => {
            let furthest = ours.clone().into_iter().chain(theirs).max_by_key(|s| status_rank(s));
            (furthest != ours)
                .then(|| automatic(furthest, "the status furthest along the workflow"))
                .flatten()
        }
        Key::SelfLocked => {
            let latest = [mine_history.1, theirs_history.1]
                .into_iter()
                .flatten()
                .max_by_key(|row| (row.at, row.id))
                .and_then(|row| row.new_value.clone());
            (latest != ours)
                .then(|| automatic(latest, "the latest lock or unlock"))
                .flatten()
        }
        _ => {
            let by = |history: &History<'_>| {
                history
                    .1
                    .map_or_else(|| "unknown".to_owned(), |row| row.author.describe())
            };
            let is_text = matches!(
                key,
                Key::Answer(_, Field::Basis | Field::Notes | Field::Challenge) | Key::Response(_)
            ) || matches!(key, Key::Entry(id) if lists.get(id).is_some_and(|list| list != TEAM));
            Some(Err(Conflict {
                key: key.clone(),
                label: label(key, lists),
                both_allowed: is_text
                    && ours.is_some()
                    && theirs.is_some()
                    && owner(key, lists).is_none_or(|role| role == merger),
                mine: ours,
                theirs,
                mine_by: by(mine_history),
                theirs_by: by(theirs_history),
            }))
        }
    }
}

/// Refuses changes made in a role that does not own the field.
fn check_ownership(rows: &[AuditEntry], lists: &HashMap<Uuid, String>) -> Result<(), MergeRefused> {
    for row in rows {
        for key in keys_of(row, lists) {
            if let Some(owner) = owner(&key, lists)
                && owner != row.author.role
            {
                return Err(MergeRefused::CrossesOwnership {
                    what: label(&key, lists).to_lowercase(),
                    who: row.author.name.clone(),
                    role: row.author.role,
                    owner,
                });
            }
        }
    }
    Ok(())
}

/// Checks that every change in a lone copy (one being imported as new) was
/// made in the role that owns its field.
pub fn check_replica(replica: Replica<'_>) -> Result<(), MergeRefused> {
    check_ownership(replica.log, &entry_lists(&[replica]))
}

/// Copies one field from `from` into `into`.
fn copy(key: &Key, from: &Assessment, into: &mut Assessment) {
    match key {
        Key::Details => into.details = from.details.clone(),
        Key::Status => into.status = from.status,
        Key::SelfLocked => into.self_locked = from.self_locked,
        Key::Visit => into.visit = from.visit,
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
            } else {
                into.peer.entries.retain(|e| e.id != *id);
                into.scope.retain(|q| q.id != *id);
                into.team.retain(|m| m.id != *id);
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

/// Writes a text value into a text field (used by "keep both").
fn set_text(key: &Key, text: &str, into: &mut Assessment) {
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
fn reorder(into: &mut Assessment, list: &str, order: &[Uuid], written: &HashMap<Uuid, OffsetDateTime>) {
    let rank = |id: &Uuid| match order.iter().position(|x| x == id) {
        Some(at) => (0, at, OffsetDateTime::UNIX_EPOCH, *id),
        None => (
            1,
            0,
            written.get(id).copied().unwrap_or(OffsetDateTime::UNIX_EPOCH),
            *id,
        ),
    };
    match list {
        SCOPE => into.scope.sort_by_key(|q| rank(&q.id)),
        TEAM => into.team.sort_by_key(|m| rank(&m.id)),
        other => {
            let (mut this, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut into.peer.entries)
                .into_iter()
                .partition(|entry| entry.list.key() == other);
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
    let lists = entry_lists(&[mine, theirs]);
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
            order_of(theirs.assessment, &list)
        } else {
            order_of(mine.assessment, &list)
        };
        reorder(&mut assessment, &list, &order, &written);
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
fn take_changes(
    changes: &[Planned],
    theirs: &Assessment,
    assessment: &mut Assessment,
    lines: &mut Vec<String>,
) -> (Vec<String>, Vec<String>) {
    let mut combined_orders = Vec::new();
    let mut taken_orders = Vec::new();
    if !changes.is_empty() {
        lines.push(format!("Taken without asking ({}):", changes.len()));
    }
    for change in changes {
        match (&change.key, &change.how) {
            (Key::Order(list), How::Theirs) => taken_orders.push(list.clone()),
            (Key::Order(list), How::Automatic(_)) => combined_orders.push(list.clone()),
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
fn both_row(
    key: &Key,
    lists: &HashMap<Uuid, String>,
    old: Option<String>,
    new: String,
    merger: &Author,
    now: OffsetDateTime,
) -> Option<AuditEntry> {
    let (item, target, field) = match key {
        Key::Answer(item, field) => (Some(item.clone()), None, field.as_str().to_owned()),
        Key::Entry(id) => (None, Some(*id), lists.get(id)?.clone()),
        Key::Response(id) => (None, Some(*id), "scope_response".to_owned()),
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
fn written_times<'a>(rows: impl Iterator<Item = &'a AuditEntry>) -> HashMap<Uuid, OffsetDateTime> {
    let mut written: HashMap<Uuid, OffsetDateTime> = HashMap::new();
    for row in rows {
        if let (None, Some(target), None) = (&row.item, row.target, &row.old_value)
            && row.field != "scope_response"
        {
            let at = written.entry(target).or_insert(row.at);
            *at = (*at).min(row.at);
        }
    }
    written
}

fn all_lists(assessment: &Assessment) -> BTreeSet<String> {
    let mut lists: BTreeSet<String> = assessment.peer.entries.iter().map(|e| e.list.key()).collect();
    lists.insert(SCOPE.to_owned());
    lists.insert(TEAM.to_owned());
    lists
}

/// A value for a report line: "–" for nothing, long text cut to 60 characters.
fn shorten(value: Option<&str>) -> String {
    super::audit::preview(value, 60)
}
