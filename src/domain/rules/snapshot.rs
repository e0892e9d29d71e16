//! A whole assessment arriving at once — a new one from an exchange file,
//! a reopened version, a progress review — and the links between versions.
//! A new assessment is stored only if the changes that would build it from
//! nothing each pass [`super::valid`], so a file can hold nothing the app
//! would refuse to write; and every link it makes to another assessment of
//! this database must be true of that assessment.

use super::{Context, Refused};
use crate::domain::{
    assessment::{Assessment, AssessmentId, Status},
    change::{
        AssessmentField, Change,
        build::{as_changes, building},
    },
};

/// Whether a link of this assessment to `to` is true: a baseline is a
/// Final assessment of the same council and framework; a version this one
/// supersedes was reopened as this one, and a version that supersedes this
/// one was reopened from it. A link to an assessment this database does not
/// hold cannot be checked, and is kept as it is.
pub(super) fn check_link(context: &Context<'_>, field: AssessmentField, to: Option<&str>) -> Result<(), Refused> {
    let Some(text) = to else {
        return Ok(());
    };
    let this = context.assessment;
    let other: AssessmentId = text
        .parse()
        .map_err(|_| Refused::Invalid(format!("“{text}” is not an assessment id")))?;
    if other == this.id {
        return Err(Refused::Link("an assessment cannot be linked to itself".to_owned()));
    }
    let Some(linked) = context.world.linked(other) else {
        return Ok(());
    };
    let council = |name: &str| name.trim().to_lowercase();
    match field {
        AssessmentField::Baseline
            if linked.status != Status::Final
                || council(&linked.organisation) != council(&this.details.organisation)
                || linked.framework != this.framework =>
        {
            Err(Refused::Link(format!(
                "a progress review's baseline must be a Final assessment of the same council and framework; {other} is “{}” of “{}”, answering {}",
                linked.status.label(),
                linked.organisation,
                linked.framework
            )))
        }
        AssessmentField::Supersedes if linked.status != Status::Final || linked.superseded_by != Some(this.id) => {
            Err(Refused::Link(format!(
                "this assessment says it was reopened from {other}, but that assessment was not reopened as it"
            )))
        }
        AssessmentField::SupersededBy if linked.supersedes != Some(this.id) => Err(Refused::Link(format!(
            "this assessment says it was reopened as {other}, but that assessment was not reopened from it"
        ))),
        _ => Ok(()),
    }
}

/// Whether `assessment`, arriving whole with the history `log`, may be
/// stored as a new assessment: built from nothing change by change, each
/// change valid; its links true; and every id in it and its history unused
/// by any other assessment of the database.
pub fn check_new(context: &Context<'_>, assessment: &Assessment, log: &[Change]) -> Result<(), Refused> {
    for change in log {
        if context.world.used_elsewhere(change.id, assessment.id) {
            return Err(Refused::Taken(change.id));
        }
    }
    let mut built = building(assessment);
    for change in as_changes(assessment) {
        super::valid(
            &Context {
                assessment: &built,
                ..*context
            },
            &change,
        )?;
        built
            .apply_change(&change)
            .map_err(|error| Refused::Invalid(error.to_string()))?;
    }
    Ok(())
}
