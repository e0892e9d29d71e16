//! Frameworks through the gate: adding one from a file (or an exchange
//! file), removing an unused one, and the catalogue the session reads —
//! the built-in frameworks and those added to this database. Whether a
//! framework may be added or removed is decided by the domain's rules; the
//! store happens only if the database still holds what the rules saw.

use std::{fs, io::Read, path::Path};

use super::{ATTEMPTS, ServiceError, Session};
use crate::{
    domain::{
        Catalogue, Framework, FrameworkRef,
        framework::{FrameworkError, MAX_FILE_BYTES},
        rules::{self, FrameworkAdd},
    },
    storage::{Database, StorageError},
};

/// Reads and checks a framework file, refusing oversized files unread.
pub fn read_framework_file(path: &Path) -> Result<Framework, ServiceError> {
    let unreadable = |error: std::io::Error| ServiceError::FrameworkFile(format!("could not read the file ({error})"));
    let file = fs::File::open(path).map_err(unreadable)?;
    let bytes = file.metadata().map_err(unreadable)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(ServiceError::FrameworkFile(FrameworkError::TooLarge(bytes).to_string()));
    }
    let mut raw = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(unreadable)?;
    let text =
        String::from_utf8(raw).map_err(|_| ServiceError::FrameworkFile("the file is not UTF-8 text".to_owned()))?;
    Framework::from_json(&text).map_err(|error| ServiceError::FrameworkFile(error.to_string()))
}

/// The catalogue a database knows: built in, then added.
pub(super) fn catalogue_of(database: &Database) -> Result<Catalogue, StorageError> {
    Ok(Catalogue::with_added(database.added_frameworks()?))
}

impl Session {
    /// Adds a framework to this database, if the rules allow; says whether
    /// it was new or already there (the very same text).
    pub fn add_framework(&mut self, framework: &Framework) -> Result<FrameworkAdd, ServiceError> {
        let result = self.store_framework(framework, &mut |_| Ok(()));
        self.reload_catalogue()?;
        result
    }

    /// Adds `framework` if it is new and then runs `then`, all in one
    /// transaction that first makes sure the database still holds what the
    /// rules were checked against; checked again if it does not.
    pub(super) fn store_framework(
        &mut self,
        framework: &Framework,
        then: &mut dyn FnMut(&mut Database) -> Result<(), ServiceError>,
    ) -> Result<FrameworkAdd, ServiceError> {
        let mut attempt = 1;
        loop {
            self.reload_catalogue()?;
            let outcome = rules::check_add_framework(&self.catalogue, framework)?;
            let gate = self.database.framework_gate(&framework.reference())?;
            let (author, now) = (self.author.clone(), self.now());
            let result = self.database.atomically(|database| {
                if outcome == FrameworkAdd::New {
                    database.add_framework(framework, gate, &author, now)?;
                }
                then(database)
            });
            match result {
                Err(ServiceError::Storage(StorageError::FrameworksChangedMeanwhile)) if attempt < ATTEMPTS => {
                    attempt += 1;
                }
                result => return result.map(|()| outcome),
            }
        }
    }

    /// Removes an added framework that no assessment uses.
    pub fn remove_framework(&mut self, reference: &FrameworkRef) -> Result<(), ServiceError> {
        let mut attempt = 1;
        let result = loop {
            self.reload_catalogue()?;
            let gate = self.database.framework_gate(reference)?;
            rules::check_remove_framework(&self.catalogue, reference, gate.uses)?;
            match self
                .database
                .atomically(|database| database.remove_framework(reference, gate))
            {
                Err(StorageError::FrameworksChangedMeanwhile) if attempt < ATTEMPTS => attempt += 1,
                result => break result.map_err(ServiceError::from),
            }
        };
        self.reload_catalogue()?;
        result
    }

    /// How many assessments in this database answer a framework.
    pub fn framework_uses(&self, reference: &FrameworkRef) -> Result<usize, ServiceError> {
        Ok(self.database.framework_gate(reference)?.uses)
    }

    /// The framework named by `id` and, if given, `version`; without a
    /// version, the newest one this database knows.
    pub fn framework_named(&self, id: &str, version: Option<&str>) -> Result<&Framework, ServiceError> {
        let found = match version {
            Some(version) => self.catalogue.find(&FrameworkRef {
                id: id.to_owned(),
                version: version.to_owned(),
            }),
            None => self.catalogue.latest(id),
        };
        found.ok_or_else(|| {
            ServiceError::NoFramework(FrameworkRef {
                id: id.to_owned(),
                version: version.unwrap_or("any").to_owned(),
            })
        })
    }

    /// Reads the frameworks again, after this or another process changed them.
    pub(super) fn reload_catalogue(&mut self) -> Result<(), StorageError> {
        self.catalogue = catalogue_of(&self.database)?;
        Ok(())
    }
}
