//! What each recorded change touched, as the merge sees it: the mergeable
//! fields ([`Key`]) derived from each change's [`Subject`], which kind of
//! entry each id is, and each field's value and history in one copy.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use uuid::Uuid;

use super::{MergeRefused, Replica};
use crate::domain::{
    assessment::Assessment,
    change::{AssessmentField, Change, EntryField, EntryKind, Subject, value},
};

/// One mergeable field: a field of the assessment, an answer or an entry
/// (a [`Subject`]); an entry itself, whatever the kind its changes name;
/// or the order of one list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// One field.
    Field(Subject),
    /// An entry itself: added, reworded or removed.
    Entry(Uuid),
    /// The order of one list.
    Order(EntryKind),
}

/// Which kind of entry each id is.
pub type Kinds = HashMap<Uuid, EntryKind>;

/// Works out what each entry is: from both copies' contents first, then,
/// for entries neither copy holds any more, from the changes that made them.
/// A change that names an entry as something else is refused.
pub fn entry_kinds(replicas: &[Replica<'_>]) -> Result<Kinds, MergeRefused> {
    let mut kinds = Kinds::new();
    let mislabelled = |claims: EntryKind, is: EntryKind| MergeRefused::Mislabelled {
        claims: claims.label().to_lowercase(),
        is: is.label().to_lowercase(),
    };
    for replica in replicas {
        let assessment = replica.assessment;
        let held = [
            EntryKind::Scope,
            EntryKind::Team,
            EntryKind::Action,
            EntryKind::Progress,
            EntryKind::Document,
            EntryKind::Request,
        ]
        .into_iter()
        .flat_map(|kind| value::order_of(assessment, kind).into_iter().map(move |id| (id, kind)))
        .chain(assessment.peer.entries.iter().map(|e| (e.id, EntryKind::List(e.list))));
        for (id, kind) in held {
            if let Some(earlier) = kinds.insert(id, kind)
                && earlier != kind
            {
                return Err(mislabelled(kind, earlier));
            }
        }
    }
    for replica in replicas {
        for change in replica.log {
            let (Some(target), Some(claims)) = (change.subject.target(), change.subject.entry_kind()) else {
                continue;
            };
            match kinds.get(&target) {
                Some(is) if *is != claims => return Err(mislabelled(claims, *is)),
                Some(_) => {}
                None => {
                    kinds.insert(target, claims);
                }
            }
        }
    }
    Ok(kinds)
}

/// The fields a recorded change touched: its subject — an entry's own
/// change touches the entry, and its list's order when it adds or removes
/// it; a move touches its list's order. Links between versions are not
/// merged.
pub(super) fn keys_of(change: &Change, kinds: &Kinds) -> impl Iterator<Item = Key> + use<> {
    let keys = match &change.subject {
        Subject::Assessment(field) if field.is_version_link() => [None, None],
        Subject::Entry(id, EntryField::Entry(kind)) => [
            Some(Key::Entry(*id)),
            (change.from.is_none() || change.to.is_none()).then(|| Key::Order(kinds.get(id).copied().unwrap_or(*kind))),
        ],
        Subject::Entry(id, EntryField::Position) => [kinds.get(id).map(|kind| Key::Order(*kind)), None],
        subject => [Some(Key::Field(subject.clone())), None],
    };
    keys.into_iter().flatten()
}

/// The subject a key's value is read and written through (`None` for an
/// order, or an entry of unknown kind).
pub(super) fn subject_of(key: &Key, kinds: &Kinds) -> Option<Subject> {
    match key {
        Key::Field(subject) => Some(subject.clone()),
        Key::Entry(id) => kinds.get(id).map(|kind| Subject::Entry(*id, EntryField::Entry(*kind))),
        Key::Order(_) => None,
    }
}

/// What people read for a field.
pub(super) fn label(key: &Key, kinds: &Kinds) -> String {
    match key {
        Key::Field(Subject::Answer(item, field)) => format!("{item} {}", field.label()),
        Key::Field(subject) => subject.name(),
        Key::Entry(id) => kinds.get(id).map_or_else(|| "Entry".to_owned(), |kind| kind.label()),
        Key::Order(kind) => kind.order_label(),
    }
}

/// A field's value in one copy (`None` for "not set" or "absent"), as a
/// change records it.
pub(super) fn value(assessment: &Assessment, key: &Key, kinds: &Kinds) -> Option<String> {
    match key {
        Key::Order(kind) => Some(
            value::order_of(assessment, *kind)
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => subject_of(other, kinds).and_then(|subject| value::current(assessment, &subject)),
    }
}

/// The value as the merge report shows it.
pub(super) fn shown(key: &Key, kinds: &Kinds, text: Option<&str>) -> Option<String> {
    match subject_of(key, kinds) {
        Some(subject) => value::shown(&subject, text),
        None => text.map(str::to_owned),
    }
}

/// Whether a field is text, which "keep both" can join.
pub(super) fn is_text(key: &Key, kinds: &Kinds) -> bool {
    match key {
        Key::Field(Subject::Answer(_, field)) => !field.is_score(),
        Key::Field(Subject::Entry(_, EntryField::ScopeResponse)) => true,
        Key::Entry(id) => kinds.get(id).is_some_and(|kind| {
            matches!(
                kind,
                EntryKind::List(_) | EntryKind::Scope | EntryKind::Action | EntryKind::Document
            )
        }),
        _ => false,
    }
}

/// The fields whose value a rule picks when both sides changed them:
/// orders, the status and the lock.
pub(super) fn is_automatic(key: &Key) -> bool {
    matches!(
        key,
        Key::Order(_)
            | Key::Field(Subject::Assessment(
                AssessmentField::Status | AssessmentField::SelfLocked
            ))
    )
}

/// One field's set of change ids in one copy, and the newest of them that
/// the copy holds (not one it declined).
pub(super) type History<'a> = (BTreeSet<Uuid>, Option<&'a Change>);

/// Fields' histories in one copy.
pub(super) type Histories<'a> = BTreeMap<Key, History<'a>>;

/// The history in one copy of each field in `wanted`.
pub(super) fn histories<'a>(log: &'a [Change], kinds: &Kinds, wanted: &BTreeSet<Key>) -> Histories<'a> {
    let mut map: Histories<'a> = BTreeMap::new();
    for change in log {
        for key in keys_of(change, kinds).filter(|key| wanted.contains(key)) {
            let (ids, newest) = map.entry(key).or_default();
            ids.insert(change.id);
            if !change.declined && newest.is_none_or(|current| (current.at, current.id) < (change.at, change.id)) {
                *newest = Some(change);
            }
        }
    }
    map
}
