//! The evidence bundle: one zip file with the register as CSV, a readable
//! index as PDF and every attached file, named by its number — for the
//! council to send to the peer team beside the exchange file. Files stream
//! from the database into the zip and from the zip into the database; none
//! is held whole in memory.
//!
//! Importing a bundle adds its files to the copy's register, which must
//! already hold those documents (from the exchange file) with the same
//! SHA-256. A bundle with a path outside its folder, a file that does not
//! match its recorded digest or size, more than it declares, or anything
//! that is not a bundle is refused whole; nothing is stored.

use std::{
    fs::File,
    io::{Read, Write},
    path::Path,
};

use serde::{Deserialize, Serialize};
use zip::{CompressionMethod, ZipArchive, ZipWriter, write::SimpleFileOptions};

use super::{ServiceError, Session};
use crate::{
    domain::{
        AssessmentId,
        evidence::{Attached, MAX_ATTACHMENT_BYTES, items_key},
    },
    packs::{Format, Pack, PackKind, PackOptions, Paper, Section, document_rows},
};

/// The `format` every bundle's manifest carries.
pub const BUNDLE_FORMAT: &str = "critical-friend-evidence-bundle";
/// The bundle format this build writes and reads.
pub const BUNDLE_VERSION: u32 = 1;
/// The manifest's name in the zip.
const MANIFEST: &str = "bundle.json";
/// The most a manifest, register or index may unpack to.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The bundle's manifest: which assessment, and each document with its file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    format_version: u32,
    assessment: AssessmentId,
    organisation: String,
    documents: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: uuid::Uuid,
    number: usize,
    title: String,
    /// The attached file and where it is in the zip.
    file: Option<(Attached, String)>,
}

fn refused(why: impl Into<String>) -> ServiceError {
    ServiceError::Evidence(why.into())
}

/// A file's name made safe for the zip: no folders, no control characters.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_owned();
    if cleaned.is_empty() { "file".to_owned() } else { cleaned }
}

impl Session {
    /// Writes the evidence bundle of an assessment to `to`; returns how many
    /// files it holds.
    pub fn export_bundle(&self, id: AssessmentId, to: &Path, today: time::Date) -> Result<usize, ServiceError> {
        let own = self.own_files();
        own.check(to)?;
        let assessment = self.load(id)?;
        let framework = self.framework_of(&assessment)?;
        let folder = to
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        let write_error = |error: &dyn std::fmt::Display| refused(format!("could not write {}: {error}", to.display()));
        let temp = tempfile::NamedTempFile::new_in(folder).map_err(|e| write_error(&e))?;
        let mut zip = ZipWriter::new(temp);
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(true);
        let entries: Vec<Entry> = (1..)
            .zip(&assessment.documents)
            .map(|(number, document)| Entry {
                id: document.id,
                number,
                title: document.title.clone(),
                file: document.file.clone().map(|file| {
                    let path = format!("files/D{number} - {}", safe_name(&file.name));
                    (file, path)
                }),
            })
            .collect();
        let manifest = Manifest {
            format: BUNDLE_FORMAT.to_owned(),
            format_version: BUNDLE_VERSION,
            assessment: assessment.id,
            organisation: assessment.details.organisation.clone(),
            documents: entries,
        };
        let json = serde_json::to_vec_pretty(&manifest).map_err(|e| write_error(&e))?;
        zip.start_file(MANIFEST, options).map_err(|e| write_error(&e))?;
        zip.write_all(&json).map_err(|e| write_error(&e))?;
        zip.start_file("register.csv", options).map_err(|e| write_error(&e))?;
        zip.write_all(&register_csv(&assessment).map_err(|e| write_error(&e))?)
            .map_err(|e| write_error(&e))?;
        let pack_options = PackOptions {
            kind: PackKind::Summary,
            paper: Paper::A4,
            exported_on: today,
            include_peer_review: false,
            share_safe: false,
            utc_offset: crate::text::local_offset(),
            include_scores: true,
        };
        let mut index = Pack::build(framework, Some(&assessment), pack_options).map_err(|e| write_error(&e))?;
        "Evidence bundle: index of documents".clone_into(&mut index.meta.document_title);
        index.sections = vec![Section::Documents(document_rows(&assessment))];
        zip.start_file("index.pdf", options).map_err(|e| write_error(&e))?;
        zip.write_all(&Format::Pdf.render(&index).map_err(|e| write_error(&e))?)
            .map_err(|e| write_error(&e))?;
        let mut files = 0;
        for (file, path) in manifest.documents.iter().filter_map(|entry| entry.file.as_ref()) {
            zip.start_file(path.as_str(), options).map_err(|e| write_error(&e))?;
            self.database().read_attachment(file, &mut zip)?;
            files += 1;
        }
        let temp = zip.finish().map_err(|e| write_error(&e))?;
        temp.persist(to).map_err(|e| write_error(&e.error))?;
        Ok(files)
    }

    /// Adds a bundle's files to the register of the assessment it was made
    /// from; returns the assessment and how many files were new here.
    pub fn import_bundle(&mut self, path: &Path) -> Result<(AssessmentId, usize), ServiceError> {
        let unreadable = |error: &dyn std::fmt::Display| {
            refused(format!(
                "{} is not an evidence bundle Critical Friend can read ({error})",
                path.display()
            ))
        };
        let file = File::open(path).map_err(|e| unreadable(&e))?;
        let mut zip = ZipArchive::new(file).map_err(|e| unreadable(&e))?;
        let manifest = read_manifest(&mut zip).map_err(|e| unreadable(&e))?;
        check_paths(&mut zip, &manifest)?;
        if !self.database().contains(manifest.assessment)? {
            return Err(refused(format!(
                "this bundle belongs to an assessment of {} that is not in this database; import its exchange file first",
                manifest.organisation
            )));
        }
        let assessment = self.load(manifest.assessment)?;
        let mut wanted = Vec::new();
        for entry in &manifest.documents {
            let Some((file, name)) = &entry.file else { continue };
            let registered = assessment
                .documents
                .iter()
                .find(|d| d.id == entry.id)
                .and_then(|d| d.file.as_ref());
            match registered {
                Some(known) if known.sha256 == file.sha256 && known.size == file.size => {
                    wanted.push((file.clone(), name.clone()));
                }
                Some(_) => {
                    return Err(refused(format!(
                        "the bundle's file for D{} “{}” is not the one this copy's register records",
                        entry.number, entry.title
                    )));
                }
                None => {
                    return Err(refused(format!(
                        "D{} “{}” is not in this copy's register with a file; import the latest exchange file first",
                        entry.number, entry.title
                    )));
                }
            }
        }
        let now = self.now();
        let mut new = 0;
        let mut fresh = Vec::new();
        for (file, name) in wanted {
            if !self.database().has_attachment(&file.sha256)? {
                fresh.push((file, name));
            }
        }
        if fresh.is_empty() {
            return Ok((manifest.assessment, 0));
        }
        self.database
            .back_up(crate::storage::backup::Reason::BeforeImport, now)?;
        self.database
            .atomically(|database| {
                for (file, name) in &fresh {
                    let part = zip.by_name(name).map_err(|e| crate::storage::StorageError::BadValue {
                        path: path.to_path_buf(),
                        detail: format!("the bundle has no {name} ({e})"),
                    })?;
                    if database.store_attachment(&mut part.take(file.size + 1), file, now)? {
                        new += 1;
                    }
                }
                Ok(())
            })
            .map_err(|error| match error {
                crate::storage::StorageError::AttachmentMismatch { name } => refused(format!(
                    "the bundle's “{name}” does not match the SHA-256 and size the register records for it: the \
                     bundle was altered or damaged after it was written. Nothing was imported; ask for the bundle again"
                )),
                other => other.into(),
            })?;
        Ok((manifest.assessment, new))
    }
}

/// The register as CSV: one row per document.
fn register_csv(assessment: &crate::domain::Assessment) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "No.",
        "Title",
        "Reference",
        "Date",
        "Owner",
        "Description",
        "Items",
        "File",
        "Size (bytes)",
        "SHA-256",
        "Considered",
    ])?;
    for (number, document) in (1..).zip(&assessment.documents) {
        let (name, size, sha) = document.file.as_ref().map_or_else(
            || (String::new(), String::new(), String::new()),
            |file| (file.name.clone(), file.size.to_string(), file.sha256.clone()),
        );
        out.write_record([
            format!("D{number}"),
            document.title.clone(),
            document.particulars.reference.clone(),
            document.particulars.date.clone(),
            document.particulars.owner.clone(),
            document.particulars.description.clone(),
            items_key(&document.items),
            name,
            size,
            sha,
            if document.considered { "yes" } else { "no" }.to_owned(),
        ])?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn read_manifest(zip: &mut ZipArchive<File>) -> Result<Manifest, String> {
    let part = zip.by_name(MANIFEST).map_err(|_| format!("it has no {MANIFEST}"))?;
    if part.size() > MAX_PART_BYTES {
        return Err(format!("its {MANIFEST} is too large"));
    }
    let mut text = String::new();
    part.take(MAX_PART_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if manifest.format != BUNDLE_FORMAT {
        return Err("its manifest is not a Critical Friend bundle's".to_owned());
    }
    if manifest.format_version > BUNDLE_VERSION {
        return Err(format!(
            "it uses bundle format {}, newer than this version of Critical Friend reads; update Critical Friend",
            manifest.format_version
        ));
    }
    Ok(manifest)
}

/// Every entry of the zip stays inside its folder, is one the manifest
/// names (or the register or index), and unpacks to no more than it may.
fn check_paths(zip: &mut ZipArchive<File>, manifest: &Manifest) -> Result<(), ServiceError> {
    let named: std::collections::HashMap<&str, u64> = manifest
        .documents
        .iter()
        .filter_map(|entry| entry.file.as_ref())
        .map(|(file, name)| (name.as_str(), file.size))
        .collect();
    for index in 0..zip.len() {
        let part = zip
            .by_index_raw(index)
            .map_err(|e| refused(format!("the bundle is damaged ({e})")))?;
        let name = part.name().map(|name| name.to_string()).unwrap_or_default();
        if part.enclosed_name().is_none() || name.contains("..") || name.starts_with('/') || name.contains('\\') {
            return Err(refused(format!(
                "the bundle holds “{name}”, a path outside its folder; it was not opened"
            )));
        }
        let limit = match name.as_str() {
            MANIFEST | "register.csv" | "index.pdf" => MAX_PART_BYTES,
            other => match named.get(other) {
                Some(size) => *size,
                None => {
                    return Err(refused(format!(
                        "the bundle holds “{name}”, which its manifest does not list"
                    )));
                }
            },
        };
        if part.size() > limit.min(MAX_ATTACHMENT_BYTES.max(MAX_PART_BYTES)) {
            return Err(refused(format!(
                "“{name}” in the bundle unpacks to {} bytes, more than it may",
                part.size()
            )));
        }
    }
    Ok(())
}
