//! Whether a framework file may be added to a database, or an added
//! framework removed: a framework never changes once known, and one in use
//! is never removed.

use super::Refused;
use crate::domain::framework::{Catalogue, Framework, FrameworkRef};

/// What adding a framework would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameworkAdd {
    /// It is new: it will be added.
    New,
    /// The very same framework is already there: nothing to do.
    AlreadyThere,
}

/// Whether `framework` may be added to a database that knows `catalogue`:
/// it must keep every framework rule, and its id and version must not
/// already name different text (built in or added).
pub fn check_add_framework(catalogue: &Catalogue, framework: &Framework) -> Result<FrameworkAdd, Refused> {
    framework.check().map_err(|error| Refused::Invalid(error.to_string()))?;
    let reference = framework.reference();
    if let Some(known) = catalogue
        .all()
        .find(|known| known.id != framework.id && known.id.to_lowercase() == framework.id.to_lowercase())
    {
        return Err(Refused::Invalid(format!(
            "its id “{}” differs from “{}”'s only in capital letters, and ids that differ only so are the same id; give it an id of its own, or use “{}”",
            framework.id, known.id, known.id
        )));
    }
    match catalogue.find(&reference) {
        None => Ok(FrameworkAdd::New),
        Some(known) if known == framework => Ok(FrameworkAdd::AlreadyThere),
        Some(_) if catalogue.is_builtin(&reference) => Err(Refused::FrameworkBuiltIn(reference)),
        Some(_) => Err(Refused::FrameworkTaken(reference)),
    }
}

/// Whether an added framework, used by `uses` assessments, may be removed.
pub fn check_remove_framework(catalogue: &Catalogue, reference: &FrameworkRef, uses: usize) -> Result<(), Refused> {
    if catalogue.find(reference).is_none() {
        return Err(Refused::NoSuchFramework(reference.clone()));
    }
    if catalogue.is_builtin(reference) {
        return Err(Refused::FrameworkBuiltIn(reference.clone()));
    }
    if uses > 0 {
        return Err(Refused::FrameworkInUse {
            reference: reference.clone(),
            uses: crate::text::count(uses, "assessment"),
        });
    }
    Ok(())
}
