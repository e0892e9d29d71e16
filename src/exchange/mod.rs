//! The exchange file: one assessment as a versioned JSON document, so it can
//! travel between installations. The format is written down in
//! `docs/exchange-format.md`. Reading validates the whole document before
//! anything is returned, so a bad file can never be half-imported.

use std::{fs, io::Read, path::Path};

use time::OffsetDateTime;

use crate::domain::{Assessment, Catalogue, Change, Framework, FrameworkRef, ItemId, assessment::DetailsError};

/// The `format` value every exchange file carries.
pub const FORMAT: &str = "critical-friend-assessment";
/// The newest format version this build reads and the one it writes.
/// Version 2 added the peer score and challenge, the self-assessment lock
/// and version links; version 3 the scope questions, peer team, visit dates,
/// every recorded change (so copies can be merged) and a checksum; version 4
/// the framework itself, when it is not built into Critical Friend, and the
/// report's own fields; version 5 the action plan and a progress review's
/// baseline; version 6 the register of documents and the requests;
/// version 7 one change type: values recorded exactly (a team member, the
/// details and the days on site as JSON, a move as the entry's new place),
/// notes corrected and deleted, and changes a copy declined; version 8
/// signed changes: each change's author's key and signature, and the
/// roster of keys; version 9 each action's supporting measure, its target,
/// which way is better and its quarters' values, the report's own status,
/// names and wording, and the comparator group; version 10 the
/// assessment's settings (the comparator group and the region) as one map
/// of key to value. Older files still import.
pub const FORMAT_VERSION: u32 = 10;
/// The extension exchange files are written with, so the desktop opens
/// them in Critical Friend with a double click (the package registers it).
/// Files ending `.json`, as earlier versions wrote them, are read the same.
pub const EXTENSION: &str = "cfriend";
/// The extensions an exchange file is looked for with.
pub const EXTENSIONS: [&str; 2] = [EXTENSION, "json"];
/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub mod ascof;
mod evidence;
pub mod key_card;
mod read;
mod record;
mod unique_keys;
pub mod workbook;

pub use read::from_json;
use record::{Document, digest, record_of};

/// Why an exchange file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file could not be read.
    #[error("could not read the file ({0})")]
    Io(#[from] std::io::Error),
    /// Too big to be an assessment.
    #[error("the file is {bytes} bytes, larger than the {MAX_FILE_BYTES}-byte limit for an assessment file")]
    TooLarge {
        /// Its size.
        bytes: u64,
    },
    /// Not JSON, or JSON of the wrong shape.
    #[error("the file is not a valid assessment file: {0}")]
    Malformed(#[from] serde_json::Error),
    /// JSON, but not ours.
    #[error("the file is not a Critical Friend assessment file (its format is “{0}”)")]
    WrongFormat(String),
    /// Written by a newer Critical Friend.
    #[error(
        "the file uses format version {found}, newer than this version of Critical Friend reads ({FORMAT_VERSION}); update Critical Friend to import it"
    )]
    NewerVersion {
        /// Version in the file.
        found: u32,
    },
    /// A framework this database does not know, and the file does not carry.
    #[error(
        "the file answers framework {0}, which this database does not have and the file does not carry; add the framework first (Frameworks…, or `critical-friend framework add FILE`)"
    )]
    UnknownFramework(FrameworkRef),
    /// An item number the framework does not have.
    #[error("the file answers item “{0}”, which is not in its framework")]
    UnknownItem(ItemId),
    /// A list name that is not known, or a theme the framework lacks.
    #[error("the file has an unknown list of findings “{0}”")]
    UnknownList(String),
    /// An item answered twice.
    #[error("the file answers item {0} more than once")]
    DuplicateItem(ItemId),
    /// Organisation or title missing, or too long.
    #[error("the file’s assessment details are invalid: {0}")]
    Details(#[from] DetailsError),
    /// The checksum does not match the content.
    #[error(
        "the file was changed after it was exported (its checksum does not match its content); ask the sender for a fresh export"
    )]
    Tampered,
    /// A value inside the file that cannot be right.
    #[error("the file is not a valid assessment file: {0}")]
    Invalid(String),
}

/// An exchange file's content: the assessment and the changes recorded in it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeFile {
    /// The assessment as the sender had it.
    pub assessment: Assessment,
    /// Every change the sender's copy recorded (empty before version 3).
    pub changes: Vec<Change>,
    /// The format version the file was written in.
    pub format_version: u32,
    /// The framework the file carries, when the catalogue it was read
    /// against lacks it: importing the file adds it.
    pub new_framework: Option<Framework>,
}

/// The exchange document for an assessment and its recorded changes, as
/// pretty-printed JSON with a checksum of its content. `carry` is the
/// framework to send with it — one not built into Critical Friend, which
/// the receiving copy may lack.
pub fn to_json(
    assessment: &Assessment,
    changes: &[Change],
    carry: Option<&Framework>,
    exported_at: OffsetDateTime,
) -> String {
    let record = record_of(assessment, changes, carry);
    let document = Document {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        exported_at,
        generator: format!("Critical Friend {}", env!("CARGO_PKG_VERSION")),
        digest: Some(digest(&record)),
        assessment: record,
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// Recomputes the checksum of an exchange document that was edited on
/// purpose, changing nothing else. The checksum guards against accidental
/// change only — anyone can recompute it — so every rule a file must obey is
/// checked on import regardless; this is how the tests play that attacker.
pub fn reseal(text: &str) -> Result<String, ExchangeError> {
    let mut document: Document = serde_json::from_str(text)?;
    document.digest = Some(digest(&document.assessment));
    Ok(serde_json::to_string_pretty(&document)?)
}

/// Reads and validates an exchange file, refusing oversized files before
/// reading them whole.
pub fn read_file(path: &Path, catalogue: &Catalogue) -> Result<ExchangeFile, ExchangeError> {
    let file = fs::File::open(path)?;
    let bytes = file.metadata()?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(ExchangeError::TooLarge { bytes });
    }
    let mut text = String::new();
    file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
    from_json(&text, catalogue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::example::example_assessment;

    fn example() -> (Catalogue, Assessment) {
        let catalogue = Catalogue::builtin();
        let assessment = example_assessment(catalogue.default_framework(), OffsetDateTime::UNIX_EPOCH);
        (catalogue, assessment)
    }

    #[test]
    fn export_then_import_gives_the_same_assessment() {
        let (catalogue, assessment) = example();
        let text = to_json(&assessment, &[], None, OffsetDateTime::UNIX_EPOCH);
        let back = from_json(&text, &catalogue).expect("round trip");
        assert_eq!(back.assessment, assessment);
    }

    /// A document edited after export, with its checksum made to match again.
    fn resigned(text: &str) -> String {
        reseal(text).expect("document")
    }

    #[test]
    fn a_file_edited_after_export_is_refused() {
        let (catalogue, assessment) = example();
        let text = to_json(&assessment, &[], None, OffsetDateTime::UNIX_EPOCH);
        let edited = text.replacen("\"score\": 2", "\"score\": 3", 1);
        assert_ne!(edited, text);
        assert!(matches!(from_json(&edited, &catalogue), Err(ExchangeError::Tampered)));
        assert!(from_json(&resigned(&edited), &catalogue).is_ok());
    }

    #[test]
    fn out_of_range_scores_unknown_items_and_other_formats_are_refused() {
        let (catalogue, assessment) = example();
        let text = to_json(&assessment, &[], None, OffsetDateTime::UNIX_EPOCH);
        // A digit off the framework's scale parses, then its framework refuses it.
        let bad_score = resigned(&text.replacen("\"score\": 2", "\"score\": 7", 1));
        let error = from_json(&bad_score, &catalogue).expect_err("score 7");
        assert!(
            error.to_string().contains("0 (Not in place) to 3 (Embedded)"),
            "{error}"
        );
        let no_level = text.replacen("\"score\": 2", "\"score\": 12", 1);
        assert!(matches!(
            from_json(&no_level, &catalogue),
            Err(ExchangeError::Malformed(_))
        ));
        let bad_item = resigned(&text.replacen("\"item\": \"1.1\"", "\"item\": \"9.9\"", 1));
        assert!(matches!(
            from_json(&bad_item, &catalogue),
            Err(ExchangeError::UnknownItem(_))
        ));
        let newer = text.replacen(
            &format!("\"format_version\": {FORMAT_VERSION}"),
            "\"format_version\": 99",
            1,
        );
        assert!(matches!(
            from_json(&newer, &catalogue),
            Err(ExchangeError::NewerVersion { found: 99 })
        ));
        assert!(matches!(
            from_json("{\"format\":\"x\"}", &catalogue),
            Err(ExchangeError::WrongFormat(_))
        ));
        assert!(matches!(
            from_json("{not json", &catalogue),
            Err(ExchangeError::Malformed(_))
        ));
        let truncated = &text[..text.len() / 2];
        assert!(from_json(truncated, &catalogue).is_err());
        let other_framework = resigned(&text.replacen("\"version\": \"2016\"", "\"version\": \"1999\"", 1));
        assert!(matches!(
            from_json(&other_framework, &catalogue),
            Err(ExchangeError::UnknownFramework(_))
        ));
    }
}
