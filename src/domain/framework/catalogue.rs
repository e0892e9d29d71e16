//! The frameworks a database can use: those built into this program, and
//! those added to the database at run time (so an assessment's framework
//! travels with the database). A framework is known by its id and version;
//! once known, that pair never names different text.

use time::OffsetDateTime;

use super::{BUILTIN_FRAMEWORKS, Framework, FrameworkRef, check};
use crate::domain::role::Author;

/// The framework new assessments use unless told otherwise.
pub const DEFAULT_FRAMEWORK_ID: &str = "teasc-use-of-resources";

/// Where a known framework came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Shipped in `assets/frameworks/`.
    BuiltIn,
    /// Added to this database from a file or an exchange file.
    Added {
        /// When.
        at: OffsetDateTime,
        /// By whom.
        by: Author,
    },
}

/// A known framework and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    /// The framework.
    pub framework: Framework,
    /// Built in, or added.
    pub origin: Origin,
}

/// The frameworks known to one database: built in first, then added ones
/// in the order they were added.
#[derive(Clone, Debug)]
pub struct Catalogue {
    entries: Vec<Installed>,
}

impl Catalogue {
    /// The frameworks shipped in `assets/frameworks/`.
    ///
    /// # Panics
    /// If a shipped framework file is invalid; a test proves they all load.
    pub fn builtin() -> Self {
        let mut entries: Vec<Installed> = BUILTIN_FRAMEWORKS
            .iter()
            .map(|(name, text)| Installed {
                framework: check::parse(text)
                    .unwrap_or_else(|error| panic!("shipped framework {name} is broken: {error}")),
                origin: Origin::BuiltIn,
            })
            .collect();
        // The default first, so every list offers it first.
        entries.sort_by_key(|entry| entry.framework.id != DEFAULT_FRAMEWORK_ID);
        Self { entries }
    }

    /// The built-in frameworks and these added ones.
    pub fn with_added(added: Vec<Installed>) -> Self {
        let mut catalogue = Self::builtin();
        catalogue.entries.extend(added);
        catalogue
    }

    /// Every known framework with its origin.
    pub fn entries(&self) -> &[Installed] {
        &self.entries
    }

    /// Every known framework.
    pub fn all(&self) -> impl Iterator<Item = &Framework> {
        self.entries.iter().map(|entry| &entry.framework)
    }

    /// The known entry for a reference.
    pub fn entry(&self, reference: &FrameworkRef) -> Option<&Installed> {
        self.entries
            .iter()
            .find(|entry| entry.framework.id == reference.id && entry.framework.version == reference.version)
    }

    /// The framework a reference names, if known.
    pub fn find(&self, reference: &FrameworkRef) -> Option<&Framework> {
        self.entry(reference).map(|entry| &entry.framework)
    }

    /// The newest known version of the framework with this id: the one
    /// added last (built-in versions count as oldest).
    pub fn latest(&self, id: &str) -> Option<&Framework> {
        self.all().filter(|framework| framework.id == id).last()
    }

    /// Whether a reference names a built-in framework.
    pub fn is_builtin(&self, reference: &FrameworkRef) -> bool {
        self.entry(reference)
            .is_some_and(|entry| entry.origin == Origin::BuiltIn)
    }

    /// The framework new assessments use.
    pub fn default_framework(&self) -> &Framework {
        self.latest(DEFAULT_FRAMEWORK_ID).unwrap_or(&self.entries[0].framework)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_framework_loads_and_the_default_is_teasc() {
        let catalogue = Catalogue::builtin();
        assert!(catalogue.entries().len() >= 2);
        assert_eq!(catalogue.default_framework().id, DEFAULT_FRAMEWORK_ID);
        let teasc = catalogue.default_framework().reference();
        assert!(catalogue.is_builtin(&teasc));
        let mut newer = catalogue.default_framework().clone();
        newer.version = "2027".to_owned();
        let added = Catalogue::with_added(vec![Installed {
            framework: newer,
            origin: Origin::Added {
                at: OffsetDateTime::UNIX_EPOCH,
                by: Author::default(),
            },
        }]);
        assert_eq!(
            added.latest(DEFAULT_FRAMEWORK_ID).map(|f| f.version.as_str()),
            Some("2027")
        );
        assert!(added.find(&teasc).is_some(), "the older version stays known");
    }
}
