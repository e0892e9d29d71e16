//! The one gate for every write. The app, the command line and every
//! importer (exchange file, workbook, restore) change data only through a
//! [`Session`]: it loads the assessment, asks the domain's
//! [`rules::check`] whether the change may happen, and stores it in one
//! transaction that first makes sure the assessment is still in the state
//! the rule was checked against. Neither front end opens a transaction or
//! calls a storage write itself.
//!
//! A session holds the database, the framework catalogue, who is making
//! changes and a clock (injected, so tests can fix time).

pub mod bundle;
mod evidence;
pub mod files;
mod frameworks;
pub mod import;
mod measures;
mod versions;
pub use evidence::scan_file;
mod plan;
mod restore;
mod roster;
pub use roster::roster_error;
mod workbook;

use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    domain::{
        Assessment, AssessmentDetails, AssessmentId, Author, Catalogue, ChallengeOp, Change, Edit, Framework,
        FrameworkRef, ListOp, Refused, ReportOp, Status, Write,
        example::{example_a_year_on, example_after_challenge, example_assessment},
        rules,
        signing::{PublicKey, Signer},
    },
    storage::{
        Database, StorageError,
        backup::{self, Reason},
    },
};

/// How many times a change is checked again when another window or process
/// moved the frameworks on between the check and the write.
pub(crate) const ATTEMPTS: usize = 4;

/// Signs each of `changes` to assessment `id` that is `signer`'s own.
pub(crate) fn sign(signer: Option<&Signer>, id: AssessmentId, changes: &mut [Change]) {
    if let Some(signer) = signer {
        for change in changes {
            signer.sign(id, change);
        }
    }
}

/// The entry the first of `made` adds or changes (nil if none).
fn entry_of(made: &[Change]) -> Uuid {
    made.first()
        .and_then(|change| change.subject.target())
        .unwrap_or_default()
}

pub use crate::storage::{AssessmentListing, backup::BackupInfo};
pub use files::{FileError, OwnFiles};
pub use frameworks::read_framework_file;
pub use import::ImportError;
pub use measures::{AscofImport, MeasureStanding};

/// Where the time comes from: the system clock, or a fixed one in tests.
pub type Clock = fn() -> OffsetDateTime;

/// Why a request through the gate did not happen. Each message says what
/// failed and what to do, once.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A rule refused the change.
    #[error("{0}; nothing was changed")]
    Refused(#[from] Refused),
    /// The database refused or failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The assessment answers a framework this database does not know.
    #[error(
        "framework {0} is not in this database; add it first (Frameworks… in the app, or `critical-friend framework add FILE`)"
    )]
    NoFramework(FrameworkRef),
    /// A framework file was refused.
    #[error("Nothing was added: {0}")]
    FrameworkFile(String),
    /// An import or exchange export failed.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A file could not be written where asked.
    #[error(transparent)]
    File(#[from] FileError),
    /// A file to attach, or an evidence bundle, could not be used.
    #[error("{0}; nothing was changed")]
    Evidence(String),
    /// A key or key card could not be used.
    #[error("{0}")]
    Keys(String),
    /// A file of measures was refused.
    #[error("Nothing was imported: {0}")]
    MeasuresFile(String),
}

/// An open database with who is working in it, and the key that signs
/// their changes.
pub struct Session {
    database: Database,
    catalogue: Catalogue,
    author: Author,
    signer: Option<Signer>,
    clock: Clock,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("database", &self.database)
            .field("author", &self.author)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Opens (or creates) the database at `path` for `author`.
    pub fn open(path: &Path, passphrase: Option<&str>, author: Author) -> Result<Self, StorageError> {
        Self::over(Database::open_with(path, passphrase)?, author)
    }

    /// Opens the database at `path`, refusing to create one that is missing.
    pub fn open_existing(path: &Path, passphrase: Option<&str>, author: Author) -> Result<Self, StorageError> {
        if !path.exists() {
            return Err(StorageError::Missing {
                path: path.to_path_buf(),
            });
        }
        Self::open(path, passphrase, author)
    }

    /// A session over an already open database, with the frameworks it holds.
    pub fn over(mut database: Database, author: Author) -> Result<Self, StorageError> {
        let signer = database.own_signer()?;
        let mut session = Self {
            catalogue: frameworks::catalogue_of(&database)?,
            database,
            author,
            signer,
            clock: OffsetDateTime::now_utc,
        };
        session.set_author(session.author.clone());
        Ok(session)
    }

    /// Another session on the same database, for the same person and clock,
    /// over a connection of its own: for work done on another thread. Its
    /// writes go through the same gate and the database's own locking.
    pub fn another(&self) -> Result<Self, StorageError> {
        Ok(Self::over(self.database.connect_again()?, self.author.clone())?.with_clock(self.clock))
    }

    /// The same session with another clock.
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The database, to read. Every write goes through the session.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// The frameworks this database can use: built in, and added.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Who changes are attributed to.
    pub fn author(&self) -> &Author {
        &self.author
    }

    /// This database's own key: the one that signs its person's changes
    /// (`None` only when the database cannot be written).
    pub fn key(&self) -> Option<PublicKey> {
        self.signer.as_ref().map(Signer::public)
    }

    /// Attributes changes from now on to `author`, signed with this
    /// database's own key whatever key `author` names.
    pub fn set_author(&mut self, mut author: Author) {
        author.key = self.key();
        self.author = author;
    }

    /// The session's time now.
    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// The framework an assessment answers.
    pub fn framework_of(&self, assessment: &Assessment) -> Result<&Framework, ServiceError> {
        self.catalogue
            .find(&assessment.framework)
            .ok_or_else(|| ServiceError::NoFramework(assessment.framework.clone()))
    }

    /// Reads one whole assessment.
    pub fn load(&self, id: AssessmentId) -> Result<Assessment, ServiceError> {
        Ok(self.database.load(id)?)
    }

    /// The files exports must never be written over: the database, its
    /// working files and its backups.
    pub fn own_files(&self) -> OwnFiles {
        OwnFiles::of(self.database.path())
    }

    /// Makes `writes` to assessment `id`, all or none, in one transaction:
    /// each is described as changes against the assessment as stored now
    /// (after the writes before it), every change is checked by the rules
    /// and applied, then the assessment as it now is and the changes are
    /// stored. `also` writes anything else the request needs (an attached
    /// file's bytes) in the same transaction. Returns the changes made.
    pub(crate) fn commit(
        &mut self,
        id: AssessmentId,
        writes: &[Write<'_>],
        also: impl FnOnce(&mut Database, OffsetDateTime) -> Result<(), StorageError>,
    ) -> Result<Vec<Change>, ServiceError> {
        self.commit_with(id, |_| Ok(writes.to_vec()), |write| *write, also)
    }

    /// As [`Session::commit`], with the requests worked out by `requests`
    /// from the assessment as it is inside the transaction, and each turned
    /// into a write by `as_write`.
    pub(crate) fn commit_with<R>(
        &mut self,
        id: AssessmentId,
        requests: impl FnOnce(&Assessment) -> Result<Vec<R>, ServiceError>,
        as_write: impl for<'r> Fn(&'r R) -> Write<'r>,
        also: impl FnOnce(&mut Database, OffsetDateTime) -> Result<(), StorageError>,
    ) -> Result<Vec<Change>, ServiceError> {
        let framework = self.database.framework_of(id)?;
        if self.catalogue.find(&framework).is_none() {
            // Another window or process may have added it since.
            self.reload_catalogue()?;
        }
        let now = self.now();
        let Self {
            database,
            catalogue,
            author,
            signer,
            ..
        } = self;
        let framework = catalogue
            .find(&framework)
            .ok_or_else(|| ServiceError::NoFramework(framework.clone()))?;
        database.atomically(|database| {
            let before = database.load(id)?;
            let requests = requests(&before)?;
            let baseline = before.baseline.and_then(|baseline| database.load(baseline).ok());
            let mut after = before.clone();
            let mut made = Vec::new();
            for request in &requests {
                let context = rules::Context {
                    assessment: &after,
                    framework,
                    baseline: baseline.as_ref(),
                    world: &*database,
                    known: None,
                    own_key: author.key,
                };
                let (changes, next) = rules::check_write(&context, as_write(request), author, now)?;
                after = next;
                made.extend(changes);
            }
            if made.is_empty() {
                return Ok(made);
            }
            also(database, now)?;
            database.persist(Some(&before), &after, now)?;
            sign(signer.as_ref(), id, &mut made);
            database.record(id, &made, signer.as_ref())?;
            Ok(made)
        })
    }

    /// Creates and stores a new, empty assessment of `framework` (the
    /// default framework if `None`).
    pub fn create(
        &mut self,
        details: AssessmentDetails,
        framework: Option<&FrameworkRef>,
    ) -> Result<Assessment, ServiceError> {
        let details = details.validated().map_err(Refused::from)?;
        let framework = match framework {
            Some(reference) => self
                .catalogue
                .find(reference)
                .ok_or_else(|| ServiceError::NoFramework(reference.clone()))?,
            None => self.catalogue.default_framework(),
        };
        let assessment = Assessment::new(framework, details, self.now());
        self.database.create(&assessment)?;
        self.claim_roster(assessment)
    }

    /// Puts the council's own key first on the roster of an assessment it
    /// has just made; returns the assessment as stored. An assessment made
    /// as the peer team has no roster until the council's first change.
    fn claim_roster(&mut self, assessment: Assessment) -> Result<Assessment, ServiceError> {
        let Some(key) = self.key().filter(|_| self.author.role == crate::domain::Role::Council) else {
            return Ok(assessment);
        };
        let entry = crate::domain::roster::RosterEntry::of(&self.author, key, false);
        self.commit(assessment.id, &[Write::Roster(&entry)], |_, _| Ok(()))?;
        Ok(self.database.load(assessment.id)?)
    }

    /// Adds the completed example assessment.
    pub fn create_example(&mut self) -> Result<Assessment, ServiceError> {
        let assessment = example_assessment(self.catalogue.default_framework(), self.now());
        self.database.create(&assessment)?;
        self.claim_roster(assessment)
    }

    /// Adds the same example council after its peer challenge, in review.
    pub fn create_example_after_challenge(&mut self) -> Result<Assessment, ServiceError> {
        let assessment = example_after_challenge(self.catalogue.default_framework(), self.now());
        self.database.create(&assessment)?;
        self.claim_roster(assessment)
    }

    /// Adds the same example council a year on: its Final peer challenge,
    /// with the register, the requests answered and a year of the action
    /// plan, and the progress review started from it, which it returns.
    pub fn create_example_a_year_on(&mut self) -> Result<Assessment, ServiceError> {
        let (challenge, review) = example_a_year_on(self.catalogue.default_framework(), self.now());
        self.database.create(&challenge)?;
        self.claim_roster(challenge)?;
        self.database.create(&review)?;
        self.claim_roster(review)
    }

    /// Starts next year's draft from an assessment's answers.
    pub fn duplicate(&mut self, id: AssessmentId, details: AssessmentDetails) -> Result<Assessment, ServiceError> {
        let details = details.validated().map_err(Refused::from)?;
        let copy = self.database.load(id)?.duplicate(details, self.now());
        self.database.create(&copy)?;
        self.claim_roster(copy)
    }

    /// Deletes an assessment (the front end has confirmed with the user).
    pub fn delete(&mut self, id: AssessmentId) -> Result<(), ServiceError> {
        Ok(self.database.delete(id)?)
    }

    /// Changes an assessment's organisation, title, period or lead.
    pub fn update_details(&mut self, id: AssessmentId, details: AssessmentDetails) -> Result<(), ServiceError> {
        let details = details.validated().map_err(Refused::from)?;
        self.commit(id, &[Write::Details(&details)], |_, _| Ok(())).map(drop)
    }

    /// Saves answer edits, all or none, if the author's role may make every
    /// one. An edit made from a value someone else has since changed is a
    /// conflict ([`Refused::Conflict`]), and nothing is saved.
    pub fn apply_edits(&mut self, id: AssessmentId, edits: &[Edit]) -> Result<(), ServiceError> {
        let writes: Vec<Write<'_>> = edits.iter().map(Write::Answer).collect();
        self.commit(id, &writes, |_, _| Ok(())).map(drop)
    }

    /// Changes one of the peer team's lists; returns the entry's id.
    pub fn change_list(&mut self, id: AssessmentId, op: &ListOp) -> Result<Uuid, ServiceError> {
        let op = match op {
            ListOp::Add { list, text } => ListOp::Add {
                list: *list,
                text: text.trim().to_owned(),
            },
            ListOp::Edit { id, text } => ListOp::Edit {
                id: *id,
                text: text.trim().to_owned(),
            },
            other => other.clone(),
        };
        let made = self.commit(id, &[Write::List(&op)], |_, _| Ok(()))?;
        Ok(match &op {
            ListOp::Add { .. } => entry_of(&made),
            ListOp::Edit { id, .. } | ListOp::Move { id, .. } | ListOp::Remove { id } => *id,
        })
    }

    /// Changes the scope questions, the peer team or the visit dates;
    /// returns the id of the question or member changed (nil for the visit).
    pub fn change_challenge(&mut self, id: AssessmentId, op: &ChallengeOp) -> Result<Uuid, ServiceError> {
        let made = self.commit(id, &[Write::Challenge(op)], |_, _| Ok(()))?;
        Ok(match op {
            ChallengeOp::AddQuestion(_) | ChallengeOp::AddMember(_) => entry_of(&made),
            ChallengeOp::EditQuestion { id, .. }
            | ChallengeOp::Respond { id, .. }
            | ChallengeOp::RemoveQuestion(id)
            | ChallengeOp::RemoveMember(id) => *id,
            ChallengeOp::EditMember(member) => member.id,
            ChallengeOp::SetVisit(_) => Uuid::nil(),
        })
    }

    /// Changes the report's executive summary, contact details, background
    /// facts or section order.
    pub fn change_report(&mut self, id: AssessmentId, op: &ReportOp) -> Result<(), ServiceError> {
        self.commit(id, &[Write::Report(op)], |_, _| Ok(())).map(drop)
    }

    /// Moves an assessment through the workflow (submitting locks the
    /// self-assessment).
    pub fn set_status(&mut self, id: AssessmentId, status: Status) -> Result<(), ServiceError> {
        self.commit(id, &[Write::Status(status)], |_, _| Ok(())).map(drop)
    }

    /// Unlocks a submitted self-assessment (recorded).
    pub fn unlock(&mut self, id: AssessmentId) -> Result<(), ServiceError> {
        self.commit(id, &[Write::Unlock], |_, _| Ok(())).map(drop)
    }

    /// Locks a submitted self-assessment again after an unlock (recorded).
    pub fn lock(&mut self, id: AssessmentId) -> Result<(), ServiceError> {
        self.commit(id, &[Write::Lock], |_, _| Ok(())).map(drop)
    }

    /// Reopens a Final assessment as a new version; returns the new version.
    pub fn reopen(&mut self, id: AssessmentId) -> Result<Assessment, ServiceError> {
        self.make_version(id, Write::Reopen, Assessment::reopened)
    }

    /// Makes a new assessment from assessment `from` (a reopened version, a
    /// progress review), in one transaction: `write` is checked against
    /// `from` first, `next` makes the new one, and the links between the two
    /// are changes recorded in each one's history, checked like any other.
    pub(crate) fn make_version(
        &mut self,
        from: AssessmentId,
        write: Write<'_>,
        next: impl FnOnce(&Assessment, OffsetDateTime) -> Assessment,
    ) -> Result<Assessment, ServiceError> {
        let now = self.now();
        let old = self.load(from)?;
        let framework = self.framework_of(&old)?.clone();
        let author = self.author.clone();
        let signer = self.signer.as_ref();
        self.database.atomically(|database| {
            let current = database.load(from)?;
            let context = rules::Context {
                own_key: author.key,
                ..rules::Context::alone(&current, &framework)
            };
            rules::check_write(&context, write, &author, now)?;
            let made = next(&current, now);
            database.insert_new(&made, now)?;
            for mut link in versions::links(&current, &made, &author, now) {
                let stored = database.load(link.on)?;
                let context = rules::Context {
                    assessment: &stored,
                    framework: &framework,
                    baseline: None,
                    world: &*database,
                    known: None,
                    own_key: author.key,
                };
                if link.made_here {
                    rules::check(&context, &link.change)?;
                    let mut after = stored.clone();
                    after
                        .apply_change(&link.change)
                        .map_err(|error| Refused::Invalid(error.to_string()))?;
                    database.persist(Some(&stored), &after, now)?;
                } else {
                    rules::valid(&context, &link.change)?;
                }
                sign(signer, link.on, std::slice::from_mut(&mut link.change));
                database.record(link.on, std::slice::from_ref(&link.change), signer)?;
            }
            Ok(database.load(made.id)?)
        })
    }

    /// The backups of this database, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>, ServiceError> {
        Ok(backup::list(self.database.path())?)
    }

    /// Backs the database up now; returns the backup's path.
    pub fn back_up_now(&self) -> Result<PathBuf, ServiceError> {
        Ok(self.database.back_up(Reason::Manual, self.now())?)
    }

    /// Replaces the database with a backup, after checking it whole and
    /// backing up the state before; returns the safety backup's path.
    pub fn restore(&mut self, backup: &Path) -> Result<PathBuf, ServiceError> {
        let now = self.now();
        let safety = self.database.restore_checked(backup, now, &mut restore::restorable)?;
        self.reload_catalogue()?;
        Ok(safety)
    }

    /// Writes a passphrase-protected copy of the whole database to `to`,
    /// which must be a new file and none of the database's own.
    pub fn write_protected_copy(&self, to: &Path, passphrase: &str) -> Result<(), ServiceError> {
        self.own_files().check(to)?;
        Ok(self.database.write_protected_copy(to, passphrase)?)
    }
}
