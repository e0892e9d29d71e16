//! Writing the user's files. Every export goes through here: the bytes are
//! written to a temporary file beside the target, flushed to disk, then
//! renamed over it, so a crash never leaves a half-written file.

use std::{io::Write, path::Path};

/// Writes `bytes` to `path` atomically. On Unix the file is readable by the
/// user only, as assessments hold sensitive commentary.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".critical-friend-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("pack.pdf");
        write_atomically(&target, b"first").expect("write");
        write_atomically(&target, b"second").expect("overwrite");
        assert_eq!(std::fs::read(&target).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(write_atomically(&dir.path().join("no/such/folder/x.pdf"), b"x").is_err());
    }
}
