//! Property tests of the merge rules, on copies built the way the app builds
//! them: every change applied to the assessment and recorded with a fresh id.

use std::collections::BTreeMap;

use critical_friend::domain::{
    AnswerValue, Assessment, AssessmentDetails, Author, Catalogue, Change, Edit, ItemId, ListKind, ListOp, Role, Score,
    Write,
    merge::{self, MergeRefused, Replica, Resolution},
    rules,
};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime};

/// One installation's copy: the assessment and its recorded changes.
#[derive(Clone, Debug)]
struct Copy {
    assessment: Assessment,
    log: Vec<Change>,
}

fn author(role: Role, name: &str) -> Author {
    Author {
        role,
        name: name.to_owned(),
        organisation: String::new(),
        key: None,
    }
}

impl Copy {
    fn new() -> Self {
        let catalogue = Catalogue::builtin();
        let details = AssessmentDetails {
            organisation: "Example Borough Council".into(),
            title: "Use of Resources".into(),
            ..AssessmentDetails::default()
        };
        Self {
            assessment: Assessment::new(catalogue.default_framework(), details, OffsetDateTime::UNIX_EPOCH),
            log: Vec::new(),
        }
    }

    fn replica(&self) -> Replica<'_> {
        Replica {
            assessment: &self.assessment,
            log: &self.log,
        }
    }

    /// Makes a request as the app does: described as changes, each applied
    /// to the assessment and recorded with a fresh id.
    fn make(&mut self, who: &Author, write: Write<'_>, at: OffsetDateTime) {
        let changes = self.assessment.make(write, who, at).expect("made");
        self.log.extend(changes);
    }

    fn edit(&mut self, who: &Author, item: &str, value: AnswerValue, at: OffsetDateTime) {
        self.make(who, Write::Answer(&Edit::new(ItemId::new(item), value)), at);
    }

    fn add(&mut self, who: &Author, list: ListKind, text: &str, at: OffsetDateTime) {
        let op = ListOp::Add {
            list,
            text: text.to_owned(),
        };
        self.make(who, Write::List(&op), at);
    }

    fn merged_with(&self, theirs: &Copy, who: &Author, resolution: Resolution) -> Result<Copy, MergeRefused> {
        let plan = merge::plan(self.replica(), theirs.replica(), who)?;
        let resolutions = vec![resolution; plan.conflicts.len()];
        let catalogue = Catalogue::builtin();
        let context = rules::Context::alone(&self.assessment, catalogue.default_framework());
        let merged = merge::merge(
            &context,
            (self.replica(), theirs.replica()),
            &plan,
            (&resolutions, &[]),
            who,
            "test",
            OffsetDateTime::UNIX_EPOCH,
        )?;
        let mut log: Vec<Change> = self
            .log
            .iter()
            .cloned()
            .map(|mut change| {
                change.declined |= merged.declined.contains(&change.id);
                change
            })
            .collect();
        log.extend(merged.new_log);
        Ok(Copy {
            assessment: merged.assessment,
            log,
        })
    }
}

/// What people see of an assessment, without timestamps.
type Content = (
    BTreeMap<ItemId, (Option<Score>, String, String, Option<Score>, String)>,
    Vec<(ListKind, String)>,
    String,
    bool,
);

fn content(assessment: &Assessment) -> Content {
    let answers = assessment
        .answers
        .iter()
        .map(|(item, a)| {
            (
                item.clone(),
                (
                    a.score,
                    a.basis.clone(),
                    a.notes.clone(),
                    a.peer_score,
                    a.challenge.clone(),
                ),
            )
        })
        .filter(|(_, values)| *values != (None, String::new(), String::new(), None, String::new()))
        .collect();
    let mut lists: Vec<(ListKind, String)> = assessment
        .peer
        .entries
        .iter()
        .map(|entry| (entry.list, entry.text.clone()))
        .collect();
    lists.sort_by_key(|(list, _)| *list);
    (
        answers,
        lists,
        assessment.status.as_str().to_owned(),
        assessment.self_locked,
    )
}

/// One edit a reviewer or the council might make.
#[derive(Clone, Debug)]
enum Op {
    PeerScore(usize, u8),
    Challenge(usize, String),
    Score(usize, u8),
    Basis(usize, String),
    KeyMessage(String),
    Strength(u8, String),
}

const ITEMS: [&str; 8] = ["1.1", "1.2", "2.1", "2.3", "3.1", "4.2", "5.1", "6.4"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..ITEMS.len(), 0u8..4).prop_map(|(i, s)| Op::PeerScore(i, s)),
        (0..ITEMS.len(), "\\PC{0,20}").prop_map(|(i, t)| Op::Challenge(i, t)),
        (0..ITEMS.len(), 0u8..4).prop_map(|(i, s)| Op::Score(i, s)),
        (0..ITEMS.len(), "\\PC{0,20}").prop_map(|(i, t)| Op::Basis(i, t)),
        "[a-z]\\PC{0,19}".prop_map(Op::KeyMessage),
        (1u8..=6, "[a-z]\\PC{0,19}").prop_map(|(theme, t)| Op::Strength(theme, t)),
    ]
}

/// Applies ops in their owners' roles; `items` limits which items are touched.
fn play(copy: &mut Copy, ops: &[Op], name: &str, items: impl Fn(usize) -> bool, clock: &mut OffsetDateTime) {
    let peer = author(Role::Peer, name);
    let council = author(Role::Council, name);
    for op in ops {
        *clock += Duration::seconds(1);
        let at = *clock;
        let score = |s: u8| Score::new(s).ok();
        match op {
            Op::PeerScore(i, s) if items(*i) => copy.edit(&peer, ITEMS[*i], AnswerValue::PeerScore(score(*s)), at),
            Op::Challenge(i, t) if items(*i) => copy.edit(&peer, ITEMS[*i], AnswerValue::Challenge(t.clone()), at),
            Op::Score(i, s) if items(*i) => copy.edit(&council, ITEMS[*i], AnswerValue::Score(score(*s)), at),
            Op::Basis(i, t) if items(*i) => copy.edit(&council, ITEMS[*i], AnswerValue::Basis(t.clone()), at),
            Op::KeyMessage(t) => copy.add(&peer, ListKind::KeyMessages, t, at),
            Op::Strength(theme, t) => copy.add(
                &peer,
                ListKind::Strengths(critical_friend::domain::SectionRef::Theme(*theme)),
                t,
                at,
            ),
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merging_a_copy_into_itself_changes_nothing(ops in prop::collection::vec(op(), 0..30)) {
        let mut copy = Copy::new();
        let mut clock = OffsetDateTime::UNIX_EPOCH;
        play(&mut copy, &ops, "Ann", |_| true, &mut clock);
        let plan = merge::plan(copy.replica(), copy.replica(), &author(Role::Peer, "Merger")).expect("plan");
        prop_assert!(plan.changes_nothing());
        prop_assert!(plan.incoming.is_empty());
        let merged = copy.merged_with(&copy, &author(Role::Peer, "Ann"), Resolution::Mine).expect("merge");
        prop_assert_eq!(content(&merged.assessment), content(&copy.assessment));
    }

    #[test]
    fn merging_without_conflicts_gives_the_same_result_in_either_order(
        base_ops in prop::collection::vec(op(), 0..15),
        ann_ops in prop::collection::vec(op(), 0..20),
        bob_ops in prop::collection::vec(op(), 0..20),
    ) {
        let mut base = Copy::new();
        let mut clock = OffsetDateTime::UNIX_EPOCH;
        play(&mut base, &base_ops, "Council", |_| true, &mut clock);
        let (mut ann, mut bob) = (base.clone(), base.clone());
        // Two reviewers on different items: no field is changed by both.
        play(&mut ann, &ann_ops, "Ann", |i| i % 2 == 0, &mut clock);
        play(&mut bob, &bob_ops, "Bob", |i| i % 2 == 1, &mut clock);
        let lead = author(Role::Peer, "Lead");
        let ann_then_bob = ann.merged_with(&bob, &lead, Resolution::Mine).expect("merge");
        let bob_then_ann = bob.merged_with(&ann, &lead, Resolution::Mine).expect("merge");
        let plan = merge::plan(ann.replica(), bob.replica(), &author(Role::Peer, "Merger")).expect("plan");
        prop_assert!(plan.conflicts.is_empty(), "{:?}", plan.conflicts);
        prop_assert_eq!(content(&ann_then_bob.assessment), content(&bob_then_ann.assessment));
        // And the merged copy already has everything in either file.
        prop_assert!(merge::plan(ann_then_bob.replica(), bob.replica(), &author(Role::Peer, "Merger")).expect("plan").changes_nothing());
        prop_assert!(merge::plan(ann_then_bob.replica(), ann.replica(), &author(Role::Peer, "Merger")).expect("plan").changes_nothing());
    }

    #[test]
    fn a_change_made_in_the_wrong_role_is_never_merged(
        ops in prop::collection::vec(op(), 1..20),
        pick in any::<prop::sample::Index>(),
    ) {
        let base = Copy::new();
        let mut theirs = base.clone();
        let mut clock = OffsetDateTime::UNIX_EPOCH;
        play(&mut theirs, &ops, "Mallory", |_| true, &mut clock);
        prop_assume!(!theirs.log.is_empty());
        let at = pick.index(theirs.log.len());
        let row = &mut theirs.log[at];
        row.author.role = match row.author.role {
            Role::Council => Role::Peer,
            Role::Peer => Role::Council,
        };
        let refused = merge::plan(base.replica(), theirs.replica(), &author(Role::Council, "Merger"));
        prop_assert!(matches!(refused, Err(MergeRefused::CrossesOwnership { .. })), "{:?}", refused.map(|p| p.changes));
        prop_assert!(merge::check_replica(theirs.replica(), &author(Role::Peer, "Importer")).is_err());
    }

    #[test]
    fn a_field_changed_on_both_sides_conflicts_and_each_resolution_holds(
        mine_text in "\\PC{1,30}",
        theirs_text in "\\PC{1,30}",
    ) {
        prop_assume!(mine_text != theirs_text);
        let base = Copy::new();
        let (mut ann, mut bob) = (base.clone(), base.clone());
        let at = OffsetDateTime::UNIX_EPOCH + Duration::seconds(5);
        ann.edit(&author(Role::Peer, "Ann"), "2.3", AnswerValue::Challenge(mine_text.clone()), at);
        bob.edit(&author(Role::Peer, "Bob"), "2.3", AnswerValue::Challenge(theirs_text.clone()), at);
        let lead = author(Role::Peer, "Ann");
        let plan = merge::plan(ann.replica(), bob.replica(), &author(Role::Peer, "Merger")).expect("plan");
        prop_assert_eq!(plan.conflicts.len(), 1);
        prop_assert!(plan.conflicts[0].both_allowed);
        let item = ItemId::new("2.3");
        let kept = ann.merged_with(&bob, &lead, Resolution::Mine).expect("merge");
        prop_assert_eq!(&kept.assessment.answer(&item).challenge, &mine_text);
        let taken = ann.merged_with(&bob, &lead, Resolution::Theirs).expect("merge");
        prop_assert_eq!(&taken.assessment.answer(&item).challenge, &theirs_text);
        let both = ann.merged_with(&bob, &lead, Resolution::Both).expect("merge");
        let text = &both.assessment.answer(&item).challenge;
        prop_assert!(text.contains(&mine_text) && text.contains(&theirs_text) && text.contains("Bob"));
        // Once resolved, Bob's copy takes the resolution without a new conflict.
        let back = bob.merged_with(&both, &author(Role::Peer, "Bob"), Resolution::Mine).expect("merge");
        prop_assert_eq!(&back.assessment.answer(&item).challenge, text);
    }
}

#[test]
fn a_council_may_not_keep_both_of_two_peer_texts() {
    let base = Copy::new();
    let (mut ann, mut bob) = (base.clone(), base.clone());
    let at = OffsetDateTime::UNIX_EPOCH;
    ann.edit(
        &author(Role::Peer, "Ann"),
        "1.1",
        AnswerValue::Challenge("A".into()),
        at,
    );
    bob.edit(
        &author(Role::Peer, "Bob"),
        "1.1",
        AnswerValue::Challenge("B".into()),
        at,
    );
    let plan = merge::plan(ann.replica(), bob.replica(), &author(Role::Council, "Merger")).expect("plan");
    assert!(
        !plan.conflicts[0].both_allowed,
        "keep both would write the peer team's field"
    );
}

#[test]
fn a_final_copy_refuses_changes() {
    let mut mine = Copy::new();
    mine.assessment.status = critical_friend::domain::Status::Final;
    let mut theirs = Copy::new();
    theirs.assessment.id = mine.assessment.id;
    theirs.edit(
        &author(Role::Peer, "Ann"),
        "1.1",
        AnswerValue::PeerScore(Score::new(1).ok()),
        OffsetDateTime::UNIX_EPOCH,
    );
    let refused = merge::plan(mine.replica(), theirs.replica(), &author(Role::Council, "Merger"));
    assert!(matches!(refused, Err(MergeRefused::Frozen(_))), "{refused:?}");
}
