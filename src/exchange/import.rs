//! Exporting an assessment to an exchange file, and importing one: as a new
//! assessment, or merged field by field into the copy already stored. The
//! whole file is validated and the merge planned before the database is
//! touched; the result is stored in one transaction with its merge report.

use std::path::Path;

use time::OffsetDateTime;

use super::{ExchangeError, ExchangeFile, read_file, to_json};
use crate::{
    domain::{
        Assessment, AssessmentId, AuditEntry, Author, Catalogue,
        merge::{self, MergePlan, MergeRefused, MergeReport, Replica, Resolution},
    },
    files,
    storage::{Database, StorageError},
};

/// Why an import or export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file itself was refused.
    #[error("{0}")]
    File(#[from] ExchangeError),
    /// The file cannot be merged into our copy.
    #[error("{0}")]
    Refused(#[from] MergeRefused),
    /// The database refused.
    #[error("{0}")]
    Storage(#[from] StorageError),
    /// Conflicts remain and no way to resolve them was given.
    #[error("{count} field(s) changed on both sides: {list}. Choose with --prefer mine or --prefer theirs")]
    Unresolved {
        /// How many.
        count: usize,
        /// Their labels.
        list: String,
    },
    /// Writing the export failed.
    #[error("could not write {path}: {source}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The written export does not read back as what was written.
    #[error(
        "the file written to {0} does not read back as the assessment (is the disk full or failing?); do not send it"
    )]
    ReadBack(std::path::PathBuf),
    /// A file written by a version without change history cannot be merged.
    #[error(
        "the file was written by an older Critical Friend (format version {0}) without the change history a merge needs; ask for a fresh export"
    )]
    TooOldToMerge(u32),
}

/// A checked file, ready to import, with what importing it would do.
#[derive(Debug)]
pub enum Prepared {
    /// The assessment is not in the database yet: it will be added whole.
    New(ExchangeFile),
    /// The assessment is stored: the file merges into it.
    Merge {
        /// The file.
        file: ExchangeFile,
        /// Our copy.
        mine: Box<Assessment>,
        /// Our copy's recorded changes.
        mine_log: Vec<AuditEntry>,
        /// What the merge would do.
        plan: MergePlan,
    },
}

impl Prepared {
    /// The assessment the file is for.
    pub fn id(&self) -> AssessmentId {
        match self {
            Prepared::New(file) | Prepared::Merge { file, .. } => file.assessment.id,
        }
    }

    /// The conflicts that need a choice (none for a new assessment).
    pub fn conflicts(&self) -> &[merge::Conflict] {
        match self {
            Prepared::New(_) => &[],
            Prepared::Merge { plan, .. } => &plan.conflicts,
        }
    }

    /// What importing would do, one line each, for `diff` and the dialog.
    pub fn describe(&self) -> Vec<String> {
        match self {
            Prepared::New(file) => vec![format!(
                "New assessment “{}”: {} answered item(s), {} recorded change(s); it will be added.",
                file.assessment.details.describe(),
                file.assessment.answers.len(),
                file.changes.len()
            )],
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

fn one_line(text: &str) -> String {
    crate::domain::audit::preview(Some(text), 70)
}

/// Reads and checks a file and plans its import as `merger`. Changes nothing.
pub fn prepare(
    database: &Database,
    path: &Path,
    catalogue: &Catalogue,
    merger: &Author,
) -> Result<Prepared, ImportError> {
    let file = read_file(path, catalogue)?;
    prepare_file(database, file, merger)
}

/// Plans the import of an already-read file. Changes nothing.
pub fn prepare_file(database: &Database, file: ExchangeFile, merger: &Author) -> Result<Prepared, ImportError> {
    let theirs = Replica {
        assessment: &file.assessment,
        log: &file.changes,
    };
    merge::check_replica(theirs)?;
    if !database.contains(file.assessment.id)? {
        return Ok(Prepared::New(file));
    }
    if file.format_version < 3 {
        return Err(ImportError::TooOldToMerge(file.format_version));
    }
    let mine = database.load(file.assessment.id)?;
    let mine_log = database.history(mine.id, None)?;
    let plan = merge::plan(
        Replica {
            assessment: &mine,
            log: &mine_log,
        },
        theirs,
        merger.role,
    )?;
    Ok(Prepared::Merge {
        file,
        mine: Box::new(mine),
        mine_log,
        plan,
    })
}

/// Stores a prepared import with one resolution per conflict, in one
/// transaction, and returns its report.
pub fn apply(
    database: &mut Database,
    prepared: &Prepared,
    resolutions: &[Resolution],
    merger: &Author,
    source: &str,
    now: OffsetDateTime,
) -> Result<MergeReport, ImportError> {
    database.back_up(crate::storage::backup::Reason::BeforeImport, now)?;
    match prepared {
        Prepared::New(file) => {
            let report = MergeReport {
                source: source.to_owned(),
                author: merger.clone(),
                at: now,
                lines: vec![
                    format!(
                        "Imported “{source}” as a new assessment, “{}”, as {}.",
                        file.assessment.details.describe(),
                        merger.describe()
                    ),
                    format!(
                        "{} answered item(s); {} recorded change(s) added to the history.",
                        file.assessment.answers.len(),
                        file.changes.len()
                    ),
                ],
            };
            database.store_merge(&file.assessment, &file.changes, &report, true, 0)?;
            Ok(report)
        }
        Prepared::Merge {
            file,
            mine,
            mine_log,
            plan,
        } => {
            if resolutions.len() < plan.conflicts.len() {
                return Err(ImportError::Unresolved {
                    count: plan.conflicts.len(),
                    list: plan
                        .conflicts
                        .iter()
                        .map(|c| c.label.clone())
                        .collect::<Vec<_>>()
                        .join("; "),
                });
            }
            let result = merge::merge(
                Replica {
                    assessment: mine,
                    log: mine_log,
                },
                Replica {
                    assessment: &file.assessment,
                    log: &file.changes,
                },
                plan,
                resolutions,
                merger,
                source,
                now,
            );
            database.store_merge(
                &result.assessment,
                &result.new_log,
                &result.report,
                false,
                mine_log.len(),
            )?;
            Ok(result.report)
        }
    }
}

/// Writes an assessment and its history to `path` atomically, then reads the
/// file back and checks it holds exactly what was written.
pub fn export(
    database: &mut Database,
    id: AssessmentId,
    path: &Path,
    catalogue: &Catalogue,
    now: OffsetDateTime,
) -> Result<(), ImportError> {
    // First, so that no change in the file can be extended by typing after.
    database.share_changes(id)?;
    let assessment = database.load(id)?;
    let changes = database.history(id, None)?;
    let text = to_json(&assessment, &changes, now);
    files::write_atomically(path, text.as_bytes()).map_err(|source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    match read_file(path, catalogue) {
        Ok(back) if back.assessment == assessment && back.changes == changes => Ok(()),
        _ => Err(ImportError::ReadBack(path.to_path_buf())),
    }
}
