//! What a backup must hold before it is restored: what the rules let an
//! assessment hold, the same check a file new to the database gets.

use crate::{
    domain::rules,
    storage::{Database, StorageError},
};

/// Whether a backup, as it would be restored, holds only what the rules
/// let an assessment hold: every assessment readable, of a framework the
/// backup knows, and each of its values and links one the rules accept —
/// the check a file new to the database gets.
pub(super) fn restorable(restored: &Database) -> Result<(), String> {
    let catalogue = super::frameworks::catalogue_of(restored).map_err(plain)?;
    for listing in restored.list().map_err(plain)? {
        let assessment = restored.load(listing.id).map_err(plain)?;
        let framework = catalogue.find(&assessment.framework).ok_or_else(|| {
            format!(
                "“{}” answers the framework {}, which it does not hold",
                assessment.details.title, assessment.framework
            )
        })?;
        let log = restored.history(assessment.id, None).map_err(plain)?;
        let replica = crate::domain::merge::Replica {
            assessment: &assessment,
            log: &log,
        };
        let kinds = crate::domain::merge::entry_kinds(&[replica]).map_err(|error| error.to_string())?;
        let baseline = assessment.baseline.and_then(|id| restored.load(id).ok());
        let context = rules::Context {
            assessment: &assessment,
            framework,
            baseline: baseline.as_ref(),
            world: restored,
            known: Some(&kinds),
            own_key: None,
        };
        rules::check_new(&context, &assessment, &log).map_err(|refused| {
            format!(
                "“{}” holds what this version refuses: {refused}",
                assessment.details.title
            )
        })?;
    }
    Ok(())
}

/// What is wrong, without the scratch copy's name: the backup is named by
/// the message this becomes.
fn plain(error: StorageError) -> String {
    match error {
        StorageError::BadValue { detail, .. } => format!("it holds a value Critical Friend cannot read ({detail})"),
        StorageError::Damaged { detail, .. } => detail,
        error => error.to_string(),
    }
}
