//! The evidence through the gate: the register and the requests, each
//! change checked by the domain's rules; files attached by streaming them
//! into the database, read twice — once to learn their digest and size
//! before anything is written, once to store them, checked again as they go.

use std::{
    fs::File,
    io::{Read, Write},
    path::Path,
};

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{ServiceError, Session};
use crate::domain::{
    AssessmentId, ItemId, Write as Change,
    evidence::{Attached, DocumentOp, MAX_ATTACHMENT_BYTES, Particulars, RequestOp},
};

/// A file's digest, size and name, read in pieces; refused if it is too
/// large or cannot be read.
pub fn scan_file(path: &Path) -> Result<Attached, ServiceError> {
    let unreadable =
        |error: std::io::Error| ServiceError::Evidence(format!("could not read {}: {error}", path.display()));
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.trim().is_empty())
        .ok_or_else(|| ServiceError::Evidence(format!("{} is not a file", path.display())))?;
    let mut file = File::open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(ServiceError::Evidence(format!("{} is not a file", path.display())));
    }
    if metadata.len() > MAX_ATTACHMENT_BYTES {
        return Err(ServiceError::Evidence(format!(
            "“{name}” is {} MB; a file attached to a document is at most 100 MB",
            metadata.len().div_ceil(1024 * 1024)
        )));
    }
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut size: u64 = 0;
    loop {
        let read = file.read(&mut buffer).map_err(unreadable)?;
        if read == 0 {
            break;
        }
        size += read as u64;
        if size > MAX_ATTACHMENT_BYTES {
            return Err(ServiceError::Evidence(format!(
                "“{name}” is over 100 MB; a file attached to a document is at most 100 MB"
            )));
        }
        hasher.update(&buffer[..read]);
    }
    Ok(Attached {
        sha256: format!("{:x}", hasher.finalize()),
        size,
        name,
    })
}

impl Session {
    /// Adds a document to the register, attaching the file at `attach` if
    /// given; returns its id.
    pub fn add_document(
        &mut self,
        id: AssessmentId,
        title: &str,
        particulars: &Particulars,
        items: Vec<ItemId>,
        attach: Option<&Path>,
    ) -> Result<Uuid, ServiceError> {
        let file = attach.map(scan_file).transpose()?;
        let op = DocumentOp::Add {
            id: Uuid::new_v4(),
            title: title.trim().to_owned(),
            particulars: Particulars {
                reference: particulars.reference.trim().to_owned(),
                date: particulars.date.trim().to_owned(),
                owner: particulars.owner.trim().to_owned(),
                description: particulars.description.trim().to_owned(),
            },
            items,
            file: file.clone(),
        };
        self.change_document_with_file(id, &op, attach.zip(file.as_ref()))
    }

    /// Attaches the file at `path` to a document of the register.
    pub fn attach_file(&mut self, id: AssessmentId, document: Uuid, path: &Path) -> Result<Uuid, ServiceError> {
        let file = scan_file(path)?;
        let op = DocumentOp::Attach {
            id: document,
            file: file.clone(),
        };
        self.change_document_with_file(id, &op, Some((path, &file)))
    }

    /// Changes the register (links, considered, removal).
    pub fn change_document(&mut self, id: AssessmentId, op: &DocumentOp) -> Result<Uuid, ServiceError> {
        self.change_document_with_file(id, op, None)
    }

    fn change_document_with_file(
        &mut self,
        id: AssessmentId,
        op: &DocumentOp,
        file: Option<(&Path, &Attached)>,
    ) -> Result<Uuid, ServiceError> {
        self.commit(id, &[Change::Document(op)], |database, now| {
            if let Some((path, attached)) = file {
                let mut source = File::open(path).map_err(|error| crate::storage::StorageError::BadValue {
                    path: path.to_path_buf(),
                    detail: format!("could not read it again to store it ({error})"),
                })?;
                database.store_attachment(&mut source, attached, now)?;
            }
            Ok(())
        })?;
        Ok(match op {
            DocumentOp::Add { id, .. } => *id,
            other => other.document().unwrap_or_default(),
        })
    }

    /// Asks for evidence (peer) or answers a request (council); returns the request.
    pub fn change_request(&mut self, id: AssessmentId, op: &RequestOp) -> Result<Uuid, ServiceError> {
        let op = match op {
            RequestOp::Ask { id, text, items, on } => RequestOp::Ask {
                id: *id,
                text: text.trim().to_owned(),
                items: items.clone(),
                on: *on,
            },
            other @ RequestOp::Answer { .. } => other.clone(),
        };
        self.commit(id, &[Change::Request(&op)], |_, _| Ok(()))?;
        Ok(match op {
            RequestOp::Ask { id, .. } | RequestOp::Answer { id, .. } => id,
        })
    }

    /// Writes an attached file out to `to` (a new file), checked against its
    /// digest; a damaged file is reported and the partial copy removed.
    pub fn save_attachment(&self, file: &Attached, to: &Path) -> Result<u64, ServiceError> {
        self.own_files().check(to)?;
        let mut out = tempfile::NamedTempFile::new_in(to.parent().unwrap_or_else(|| Path::new(".")))
            .map_err(|error| ServiceError::Evidence(format!("could not write {}: {error}", to.display())))?;
        let written = self.database().read_attachment(file, &mut out)?;
        out.flush()
            .map_err(|error| ServiceError::Evidence(format!("could not write {}: {error}", to.display())))?;
        out.persist_noclobber(to)
            .map_err(|error| ServiceError::Evidence(format!("could not write {}: {}", to.display(), error.error)))?;
        Ok(written)
    }
}
