//! Files that travel, through the gate: exporting an assessment as an
//! exchange file, importing one (as a new assessment, or merged field by
//! field into ours), and applying an edited Excel workbook. The whole file
//! is read and checked, and the merge planned by the domain's rules, before
//! the database is touched; the result is stored in one transaction.

use std::path::Path;

use super::{ServiceError, Session};
use crate::{
    domain::{
        AnswerValue, Assessment, AssessmentId, Change, Edit, FrameworkRef, Refused, Write,
        merge::{self, MergePlan, MergeRefused, MergeReport, Replica, Resolution},
        roster::RosterEntry,
        rules,
        signing::PublicKey,
    },
    exchange::{self, ExchangeError, ExchangeFile, workbook},
    storage::backup::Reason,
    text::count,
};

/// Why an import or an exchange export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file itself was refused.
    #[error("Nothing was imported: {0}")]
    File(#[from] ExchangeError),
    /// The file cannot be merged into our copy (the message says so).
    #[error("{0}")]
    Refused(#[from] MergeRefused),
    /// The file holds what the rules refuse.
    #[error("Nothing was imported: {0}")]
    Rules(Refused),
    /// The workbook was refused.
    #[error("Nothing was imported: {0}")]
    Workbook(#[from] workbook::WorkbookError),
    /// The workbook answers another framework than the assessment it names.
    #[error("Nothing was imported: the workbook answers framework {workbook}, but assessment {id} uses {assessment}")]
    OtherFramework {
        /// The assessment.
        id: AssessmentId,
        /// The workbook's framework.
        workbook: FrameworkRef,
        /// The assessment's.
        assessment: FrameworkRef,
    },
    /// Conflicts remain and no way to resolve them was given.
    #[error(
        "Nothing was imported: {fields} changed both here and in the file ({list}); choose with --prefer mine or --prefer theirs, or merge in the app to decide one by one"
    )]
    Unresolved {
        /// How many, e.g. "2 fields".
        fields: String,
        /// Their labels.
        list: String,
    },
    /// The written export does not read back as what was written.
    #[error("The file written did not read back as the assessment ({1}), so it was removed; nothing was exported: {0}")]
    ReadBack(std::path::PathBuf, String),
    /// The assessment is larger than an exchange file may be.
    #[error(
        "Nothing was exported: the file would be {0} MB, more than the {1} MB an exchange file may be. It grew past that before Critical Friend limited an assessment's size; shorten its longest texts, or reopen it as a new version, and export again"
    )]
    TooLargeToExport(u64, u64),
    /// A file written by a version without change history cannot be merged.
    #[error(
        "Nothing was imported: the file was written by an older Critical Friend (format version {0}) without the change history a merge needs; ask for a fresh export"
    )]
    TooOldToMerge(u32),
}

/// A checked file, ready to import, with what importing it would do.
#[derive(Debug)]
pub enum Prepared {
    /// The assessment is not in the database yet: it will be added whole.
    New {
        /// The file.
        file: ExchangeFile,
        /// Keys that signed its changes but are not on its roster, which
        /// must be accepted.
        strangers: Vec<RosterEntry>,
    },
    /// The assessment is stored: the file merges into it.
    Merge {
        /// The file.
        file: ExchangeFile,
        /// Our copy.
        mine: Box<Assessment>,
        /// Our copy's recorded changes.
        mine_log: Vec<Change>,
        /// What the merge would do.
        plan: MergePlan,
    },
}

impl Prepared {
    /// The assessment the file is for.
    pub fn id(&self) -> AssessmentId {
        match self {
            Prepared::New { file, .. } | Prepared::Merge { file, .. } => file.assessment.id,
        }
    }

    /// The conflicts that need a choice (none for a new assessment).
    pub fn conflicts(&self) -> &[merge::Conflict] {
        match self {
            Prepared::New { .. } => &[],
            Prepared::Merge { plan, .. } => &plan.conflicts,
        }
    }

    /// The keys that signed the file's changes but are not on the roster:
    /// each must be accepted — its fingerprint checked with its owner —
    /// for the file to be imported.
    pub fn strangers(&self) -> &[RosterEntry] {
        match self {
            Prepared::New { strangers, .. } => strangers,
            Prepared::Merge { plan, .. } => &plan.strangers,
        }
    }

    /// Whether importing would change nothing at all, not even history.
    pub fn changes_nothing(&self) -> bool {
        matches!(self, Prepared::Merge { plan, .. } if plan.changes_nothing() && plan.incoming.is_empty())
    }

    /// What importing would do, one line each, for `diff` and the dialog.
    pub fn describe(&self) -> Vec<String> {
        match self {
            Prepared::New { file, strangers } => {
                let mut lines = Vec::new();
                if let Some(framework) = &file.new_framework {
                    lines.push(format!(
                        "New framework {}: {} themes, {} {}, scored {}; it will be added to this database.",
                        framework.describe(),
                        framework.themes.len(),
                        framework.item_count(),
                        framework.labels.items.to_lowercase(),
                        framework.scale.span()
                    ));
                }
                lines.push(format!(
                    "New assessment “{}”: {} and {}; it will be added.",
                    file.assessment.details.describe(),
                    count(file.assessment.answers.len(), "answered item"),
                    count(file.changes.len(), "recorded change")
                ));
                lines.extend(strangers.iter().map(stranger_line));
                lines
            }
            Prepared::Merge { plan, file, .. } => {
                let mut lines = Vec::new();
                for change in &plan.changes {
                    lines.push(match &change.to {
                        Some(to) if !matches!(change.key, merge::Key::Order(_)) => {
                            format!("change  {}: {}", change.label, one_line(to))
                        }
                        _ => format!("change  {}", change.label),
                    });
                }
                for conflict in &plan.conflicts {
                    lines.push(format!(
                        "CONFLICT {}: mine {} (by {}) / theirs {} (by {})",
                        conflict.label,
                        conflict.mine.as_deref().map_or_else(|| "–".to_owned(), one_line),
                        conflict.mine_by,
                        conflict.theirs.as_deref().map_or_else(|| "–".to_owned(), one_line),
                        conflict.theirs_by
                    ));
                }
                lines.extend(plan.strangers.iter().map(stranger_line));
                if lines.is_empty() {
                    lines.push(format!(
                        "Nothing to change: “{}” already has everything in the file.",
                        file.assessment.details.describe()
                    ));
                }
                lines
            }
        }
    }
}

fn stranger_line(entry: &RosterEntry) -> String {
    format!(
        "NEW KEY {} — check the fingerprint with them before accepting",
        entry.describe()
    )
}

fn one_line(text: &str) -> String {
    crate::domain::change::preview(Some(text), 70)
}

impl Session {
    /// Reads and checks a file and plans its import. Changes nothing.
    pub fn prepare_import(&self, path: &Path) -> Result<Prepared, ServiceError> {
        let file = exchange::read_file(path, self.catalogue()).map_err(ImportError::from)?;
        self.prepare_file(file)
    }

    /// Plans the import of an already-read file. Changes nothing.
    pub fn prepare_file(&self, file: ExchangeFile) -> Result<Prepared, ServiceError> {
        let theirs = Replica {
            assessment: &file.assessment,
            log: &file.changes,
        };
        if !self.database().contains(file.assessment.id)? {
            let (kinds, strangers) = merge::check_replica(theirs, self.author()).map_err(ImportError::from)?;
            self.check_new_file(&file, &kinds)?;
            return Ok(Prepared::New { file, strangers });
        }
        if file.format_version < 3 {
            return Err(ImportError::TooOldToMerge(file.format_version).into());
        }
        let mine = self.database().load(file.assessment.id)?;
        let mine_log = self.database().history(mine.id, None)?;
        let plan = merge::plan(
            Replica {
                assessment: &mine,
                log: &mine_log,
            },
            theirs,
            self.author(),
        )
        .map_err(ImportError::from)?;
        Ok(Prepared::Merge {
            file,
            mine: Box::new(mine),
            mine_log,
            plan,
        })
    }

    /// Whether a file's assessment may be stored as a new one here: every
    /// value one the rules accept, every link true of this database, every
    /// id unused. The same check, in the same words, as for every change.
    fn check_new_file(&self, file: &ExchangeFile, kinds: &merge::Kinds) -> Result<(), ServiceError> {
        let framework = match &file.new_framework {
            Some(framework) => framework,
            None => self.framework_of(&file.assessment)?,
        };
        let baseline = file.assessment.baseline.and_then(|id| self.database().load(id).ok());
        let context = rules::Context {
            assessment: &file.assessment,
            framework,
            baseline: baseline.as_ref(),
            world: self.database(),
            known: Some(kinds),
            own_key: self.key(),
        };
        rules::check_new(&context, &file.assessment, &file.changes)
            .map_err(|refused| ImportError::Rules(refused).into())
    }

    /// Stores a prepared import with one resolution per conflict, in one
    /// transaction after a backup, and returns its report. An import that
    /// would change nothing stores nothing, not even a report.
    pub fn apply_import(
        &mut self,
        prepared: &Prepared,
        resolutions: &[Resolution],
        source: &str,
    ) -> Result<MergeReport, ServiceError> {
        self.apply_import_accepting(prepared, (resolutions, &[]), source)
    }

    /// As [`Session::apply_import`], with the keys the person accepted on
    /// first use: every one of [`Prepared::strangers`] must be among them.
    /// Each acceptance is recorded in the history as the person's change.
    pub fn apply_import_accepting(
        &mut self,
        prepared: &Prepared,
        (resolutions, accepted): (&[Resolution], &[PublicKey]),
        source: &str,
    ) -> Result<MergeReport, ServiceError> {
        match prepared {
            Prepared::New { file, .. } => self.import_new(file, accepted, source),
            Prepared::Merge {
                file,
                mine,
                mine_log,
                plan,
            } => {
                if resolutions.len() < plan.conflicts.len() {
                    return Err(ImportError::Unresolved {
                        fields: count(plan.conflicts.len(), "field"),
                        list: plan
                            .conflicts
                            .iter()
                            .map(|c| c.label.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                    }
                    .into());
                }
                self.import_merge((file, mine, mine_log), plan, (resolutions, accepted), source)
            }
        }
    }

    fn import_new(
        &mut self,
        file: &ExchangeFile,
        accepted: &[PublicKey],
        source: &str,
    ) -> Result<MergeReport, ServiceError> {
        let now = self.now();
        let merger = self.author().clone();
        let (kinds, strangers) = merge::check_replica(
            Replica {
                assessment: &file.assessment,
                log: &file.changes,
            },
            &merger,
        )
        .map_err(ImportError::from)?;
        let mut assessment = file.assessment.clone();
        let mut acceptances =
            merge::accept_keys(&mut assessment, (&strangers, accepted), &merger, now).map_err(ImportError::from)?;
        super::sign(self.signer.as_ref(), assessment.id, &mut acceptances);
        let report = new_import_report(file, &strangers, (source, &merger, now));
        self.database.back_up(Reason::BeforeImport, now)?;
        let framework = match &file.new_framework {
            Some(framework) => framework.clone(),
            None => self.framework_of(&file.assessment)?.clone(),
        };
        let mut store = |database: &mut crate::storage::Database| -> Result<(), ServiceError> {
            let baseline = file.assessment.baseline.and_then(|id| database.load(id).ok());
            let context = rules::Context {
                assessment: &file.assessment,
                framework: &framework,
                baseline: baseline.as_ref(),
                world: &*database,
                known: Some(&kinds),
                own_key: merger.key,
            };
            rules::check_new(&context, &file.assessment, &file.changes).map_err(ImportError::Rules)?;
            database.insert_new(&assessment, now)?;
            database.take_in(assessment.id, &file.changes, &[])?;
            database.take_in(assessment.id, &acceptances, &[])?;
            database.store_report(assessment.id, &report)?;
            Ok(())
        };
        match &file.new_framework {
            // The framework and the assessment are stored together, or neither.
            Some(framework) => {
                self.store_framework(framework, &mut store)?;
                self.reload_catalogue()?;
            }
            None => self.database.atomically(|database| store(database))?,
        }
        Ok(report)
    }

    fn import_merge(
        &mut self,
        (file, mine, mine_log): (&ExchangeFile, &Assessment, &[Change]),
        plan: &MergePlan,
        choices: (&[Resolution], &[PublicKey]),
        source: &str,
    ) -> Result<MergeReport, ServiceError> {
        let now = self.now();
        let merger = self.author().clone();
        let framework = self.framework_of(mine)?.clone();
        let changes_nothing = plan.changes_nothing() && plan.incoming.is_empty();
        let signer = self.signer.as_ref();
        if !changes_nothing {
            self.database.back_up(Reason::BeforeImport, now)?;
        }
        self.database.atomically(|database| {
            if database.history(mine.id, None)?.len() != mine_log.len() {
                return Err(ServiceError::Storage(crate::storage::StorageError::ChangedMeanwhile(
                    mine.id,
                )));
            }
            let baseline = mine.baseline.and_then(|id| database.load(id).ok());
            let context = rules::Context {
                assessment: mine,
                framework: &framework,
                baseline: baseline.as_ref(),
                world: &*database,
                known: Some(&plan.kinds),
                own_key: merger.key,
            };
            let mut result = merge::merge(
                &context,
                (
                    Replica {
                        assessment: mine,
                        log: mine_log,
                    },
                    Replica {
                        assessment: &file.assessment,
                        log: &file.changes,
                    },
                ),
                plan,
                choices,
                &merger,
                source,
                now,
            )
            .map_err(ImportError::from)?;
            if changes_nothing {
                return Ok(result.report);
            }
            super::sign(signer, mine.id, &mut result.new_log);
            database.persist(Some(mine), &result.assessment, now)?;
            database.take_in(mine.id, &result.new_log, &result.declined)?;
            database.store_report(mine.id, &result.report)?;
            Ok(result.report)
        })
    }

    /// Writes an assessment and its history to `path` atomically (never over
    /// the database's own files), then reads the file back and checks it
    /// holds exactly what was written. Changes an earlier version recorded
    /// but this copy does not hold are marked declined first, so the file's
    /// history bears out its data.
    pub fn export_exchange(&mut self, id: AssessmentId, path: &Path) -> Result<(), ServiceError> {
        let own = self.own_files();
        own.check(path)?;
        let assessment = self.database.load(id)?;
        let changes = self.database.history(id, None)?;
        let declined: Vec<uuid::Uuid> = merge::reconcile(&assessment, &changes).into_iter().collect();
        self.database.atomically(|database| {
            // First, so that no change in the file can be extended by typing after.
            database.share_changes(id)?;
            database.decline(id, &declined)
        })?;
        let changes = self.database.history(id, None)?;
        // A framework not built in travels with the file, so any copy can read it.
        let carry = self
            .catalogue()
            .find(&assessment.framework)
            .filter(|_| !self.catalogue().is_builtin(&assessment.framework));
        let text = exchange::to_json(&assessment, &changes, carry, self.now());
        let megabytes = |bytes: u64| bytes.div_ceil(1024 * 1024);
        if text.len() as u64 > exchange::MAX_FILE_BYTES {
            return Err(ImportError::TooLargeToExport(
                megabytes(text.len() as u64),
                megabytes(exchange::MAX_FILE_BYTES),
            )
            .into());
        }
        own.write(path, text.as_bytes())?;
        let problem = match exchange::read_file(path, self.catalogue()) {
            Ok(back) if back.assessment == assessment && back.changes == changes => return Ok(()),
            Ok(_) => "it holds something else; is the disk failing?".to_owned(),
            Err(error) => error.to_string(),
        };
        // What was written and failed is not left where it could be sent.
        let _ = std::fs::remove_file(path);
        Err(ImportError::ReadBack(path.to_path_buf(), problem).into())
    }

    /// Applies an edited workbook's answers, all or none: to its assessment
    /// if this database has it (as the author, with every rule checked), or
    /// as a new assessment with the workbook's id. Returns the id.
    pub fn import_workbook(&mut self, path: &Path) -> Result<AssessmentId, ServiceError> {
        let contents = workbook::read_file(path, self.catalogue()).map_err(ImportError::from)?;
        if let Some(rows) = &contents.plan {
            return self.import_plan(contents.assessment_id, rows);
        }
        if let Some(id) = contents.assessment_id
            && self.database.contains(id)?
        {
            let existing = self.database.load(id)?;
            if existing.framework != contents.framework {
                return Err(ImportError::OtherFramework {
                    id,
                    workbook: contents.framework,
                    assessment: existing.framework,
                }
                .into());
            }
            let edits: Vec<Edit> = contents
                .edits
                .into_iter()
                .filter(|edit| AnswerValue::current(existing.answer(&edit.item), edit.value.field()) != edit.value)
                .collect();
            if !edits.is_empty() {
                self.database.back_up(Reason::BeforeImport, self.now())?;
                self.apply_edits(id, &edits)?;
            }
            return Ok(id);
        }
        let framework = self
            .catalogue()
            .find(&contents.framework)
            .ok_or_else(|| ServiceError::NoFramework(contents.framework.clone()))?
            .clone();
        let mut details = contents.details.clone();
        if details.organisation.trim().is_empty() {
            "Imported workbook".clone_into(&mut details.organisation);
        }
        if details.title.trim().is_empty() {
            "Self-assessment".clone_into(&mut details.title);
        }
        let now = self.now();
        let mut assessment = Assessment::new(&framework, details.validated().map_err(Refused::from)?, now);
        if let Some(id) = contents.assessment_id {
            assessment.id = id;
        }
        let author = self.author().clone();
        self.database.atomically(|database| -> Result<(), ServiceError> {
            for edit in &contents.edits {
                let context = rules::Context {
                    assessment: &assessment,
                    framework: &framework,
                    baseline: None,
                    world: &*database,
                    known: None,
                    own_key: author.key,
                };
                let (_, after) = rules::check_write(&context, Write::Answer(edit), &author, now)?;
                assessment = after;
            }
            database.insert_new(&assessment, now)?;
            Ok(())
        })?;
        Ok(assessment.id)
    }
}

/// The report of a file imported as a new assessment.
fn new_import_report(
    file: &ExchangeFile,
    accepted: &[RosterEntry],
    (source, merger, now): (&str, &crate::domain::Author, time::OffsetDateTime),
) -> MergeReport {
    let mut lines = vec![
        format!(
            "Imported “{source}” as a new assessment, “{}”, as {}.",
            file.assessment.details.describe(),
            merger.describe()
        ),
        format!(
            "{}; {} added to the history.",
            count(file.assessment.answers.len(), "answered item"),
            count(file.changes.len(), "recorded change")
        ),
    ];
    if let Some(framework) = &file.new_framework {
        lines.push(format!("Added the framework it answers, {}.", framework.describe()));
    }
    let unsigned = file.changes.iter().filter(|change| change.signature.is_none()).count();
    if unsigned > 0 {
        lines.push(format!(
            "Unsigned: {} (made before signing).",
            count(unsigned, "of its changes")
        ));
    }
    lines.extend(
        accepted
            .iter()
            .map(|entry| format!("Accepted on first use: {}.", entry.describe())),
    );
    MergeReport {
        source: source.to_owned(),
        author: merger.clone(),
        at: now,
        lines,
    }
}
