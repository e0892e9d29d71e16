//! The rules, asked about changes described from requests.

use time::OffsetDateTime;
use uuid::Uuid;

use super::*;
use crate::domain::{
    AssessmentDetails, Catalogue, ChallengeOp, Edit, ItemId, ListKind, ListOp, Role, Score, SectionRef, TeamMember,
    edit::AnswerValue, peer::MAX_ENTRY_CHARS,
};

fn fixture() -> (Framework, Assessment) {
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework().clone();
    let assessment = Assessment::new(&framework, AssessmentDetails::default(), OffsetDateTime::UNIX_EPOCH);
    (framework, assessment)
}

fn who(role: Role) -> Author {
    Author {
        role,
        ..Author::default()
    }
}

fn check(assessment: &Assessment, framework: &Framework, role: Role, write: Write<'_>) -> Result<(), Refused> {
    allows(assessment, framework, &who(role), write)
}

fn score(item: &str, value: u8) -> Edit {
    Edit::new(ItemId::new(item), AnswerValue::Score(Score::new(value).ok()))
}

#[test]
fn each_side_changes_only_its_own_fields() {
    let (framework, assessment) = fixture();
    let edit = score("1.1", 2);
    assert!(check(&assessment, &framework, Role::Council, Write::Answer(&edit)).is_ok());
    assert!(check(&assessment, &framework, Role::Peer, Write::Answer(&edit)).is_err());
    let peer = Edit::new(ItemId::new("1.1"), AnswerValue::PeerScore(None));
    assert!(check(&assessment, &framework, Role::Peer, Write::Answer(&peer)).is_ok());
    assert!(check(&assessment, &framework, Role::Council, Write::Answer(&peer)).is_err());
    let off_scale = score("1.1", 4);
    assert!(matches!(
        check(&assessment, &framework, Role::Council, Write::Answer(&off_scale)),
        Err(Refused::NotOnScale(_))
    ));
    let unknown = score("9.9", 1);
    assert_eq!(
        check(&assessment, &framework, Role::Council, Write::Answer(&unknown)),
        Err(Refused::NoSuchItem("9.9".into()))
    );
}

#[test]
fn locks_final_and_superseded_versions_freeze_what_they_should() {
    let (framework, mut assessment) = fixture();
    assessment.status = Status::Submitted;
    assessment.self_locked = true;
    let edit = score("1.1", 2);
    assert!(check(&assessment, &framework, Role::Council, Write::Answer(&edit)).is_err());
    assert!(check(&assessment, &framework, Role::Peer, Write::Unlock).is_err());
    assert!(check(&assessment, &framework, Role::Council, Write::Unlock).is_ok());
    assert!(
        check(&assessment, &framework, Role::Council, Write::Lock).is_err(),
        "already locked"
    );
    assessment.self_locked = false;
    assert!(check(&assessment, &framework, Role::Council, Write::Lock).is_ok());
    assert!(check(&assessment, &framework, Role::Peer, Write::Lock).is_err());
    assessment.self_locked = true;
    assert!(check(&assessment, &framework, Role::Council, Write::Reopen).is_err());
    assessment.status = Status::Final;
    assert!(check(&assessment, &framework, Role::Council, Write::Unlock).is_err());
    assert!(check(&assessment, &framework, Role::Council, Write::Reopen).is_ok());
    assert!(
        check(
            &assessment,
            &framework,
            Role::Council,
            Write::Details(&AssessmentDetails::default())
        )
        .is_err()
    );
    assessment.superseded_by = Some(crate::domain::AssessmentId::random());
    assert!(check(&assessment, &framework, Role::Council, Write::Reopen).is_err());
}

#[test]
fn findings_need_text_within_the_limit_and_a_real_theme() {
    let (framework, assessment) = fixture();
    let add = |list, text: &str| ListOp::Add {
        list,
        text: text.to_owned(),
    };
    let ok = add(ListKind::Strengths(SectionRef::Theme(2)), "Strong reablement");
    assert!(check(&assessment, &framework, Role::Peer, Write::List(&ok)).is_ok());
    assert!(check(&assessment, &framework, Role::Council, Write::List(&ok)).is_err());
    let long = add(ListKind::KeyMessages, &"x".repeat(MAX_ENTRY_CHARS + 1));
    assert!(matches!(
        check(&assessment, &framework, Role::Peer, Write::List(&long)),
        Err(Refused::Invalid(_))
    ));
    let empty = add(ListKind::KeyMessages, "   ");
    assert!(check(&assessment, &framework, Role::Peer, Write::List(&empty)).is_err());
    let no_theme = add(ListKind::Areas(SectionRef::Theme(9)), "x");
    assert!(matches!(
        check(&assessment, &framework, Role::Peer, Write::List(&no_theme)),
        Err(Refused::NoSuchTheme { number: 9, .. })
    ));
    let gone = ListOp::Remove { id: Uuid::new_v4() };
    assert!(check(&assessment, &framework, Role::Peer, Write::List(&gone)).is_err());
}

#[test]
fn a_framework_never_changes_once_known_and_is_removed_only_unused() {
    let catalogue = Catalogue::builtin();
    let teasc = catalogue.default_framework().clone();
    assert_eq!(check_add_framework(&catalogue, &teasc), Ok(FrameworkAdd::AlreadyThere));
    let mut changed = teasc.clone();
    changed.title.push_str(" (edited)");
    assert!(matches!(
        check_add_framework(&catalogue, &changed),
        Err(Refused::FrameworkBuiltIn(_))
    ));
    changed.version = "2027".to_owned();
    assert_eq!(check_add_framework(&catalogue, &changed), Ok(FrameworkAdd::New));
    let added = Catalogue::with_added(vec![crate::domain::Installed {
        framework: changed.clone(),
        origin: crate::domain::Origin::Added {
            at: OffsetDateTime::UNIX_EPOCH,
            by: crate::domain::Author::default(),
        },
    }]);
    let mut edited_again = changed.clone();
    edited_again.short_title = "Other".to_owned();
    assert!(matches!(
        check_add_framework(&added, &edited_again),
        Err(Refused::FrameworkTaken(_))
    ));
    let reference = changed.reference();
    assert!(matches!(
        check_remove_framework(&added, &reference, 2),
        Err(Refused::FrameworkInUse { .. })
    ));
    assert_eq!(check_remove_framework(&added, &reference, 0), Ok(()));
    assert!(check_remove_framework(&added, &teasc.reference(), 0).is_err());
    let mut broken = changed;
    broken.themes.clear();
    assert!(matches!(check_add_framework(&added, &broken), Err(Refused::Invalid(_))));
}

#[test]
fn challenge_changes_are_validated_and_need_their_entry() {
    let (framework, assessment) = fixture();
    let member = ChallengeOp::AddMember(TeamMember {
        name: "Ann".into(),
        ..TeamMember::default()
    });
    assert!(check(&assessment, &framework, Role::Peer, Write::Challenge(&member)).is_ok());
    let respond = ChallengeOp::Respond {
        id: Uuid::new_v4(),
        text: "Yes".into(),
    };
    assert!(check(&assessment, &framework, Role::Peer, Write::Challenge(&respond)).is_err());
    let long = ChallengeOp::AddQuestion("q".repeat(30_000));
    assert!(check(&assessment, &framework, Role::Council, Write::Challenge(&long)).is_err());
}

#[test]
fn a_change_from_a_value_no_longer_there_is_a_conflict() {
    let (framework, mut assessment) = fixture();
    let item = ItemId::new("1.1");
    assessment.answers.entry(item.clone()).or_default().basis = "Theirs".to_owned();
    let stale = Edit::new(item, AnswerValue::Basis("Mine".into())).seen_as(AnswerValue::Basis(String::new()));
    assert!(matches!(
        check(&assessment, &framework, Role::Council, Write::Answer(&stale)),
        Err(Refused::Conflict { .. })
    ));
}
