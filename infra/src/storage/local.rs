//! Blobs as files under a folder (`<root>/ab/cd/abcd…`): one machine, or several that
//! mount one shared volume.

use std::io::Write;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;

use super::{checked_key, relative_path, Blob, BlobStore, StoredBlob};
use crate::InfraError;

/// Bytes read from a file at a time when streaming it.
const CHUNK: usize = 64 * 1024;

/// Blobs in a folder.
#[derive(Debug, Clone)]
pub struct LocalBlobStore {
    root: PathBuf,
}

impl LocalBlobStore {
    /// A store under `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, sha256: &str) -> Result<PathBuf, InfraError> {
        Ok(self.root.join(relative_path(sha256)?))
    }
}

/// A full or read-only file system is a fault a retry later can get past (503 with
/// `Retry-After`, like the database's); anything else is a storage error.
fn io(path: &Path, e: std::io::Error) -> InfraError {
    use std::io::ErrorKind;
    let message = format!("photo folder {}: {e}", path.display());
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::ReadOnlyFilesystem | ErrorKind::QuotaExceeded => {
            InfraError::Unavailable(message)
        }
        _ => InfraError::Storage(message),
    }
}

fn absent<T>(result: std::io::Result<T>, path: &Path) -> Result<Option<T>, InfraError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path, e)),
    }
}

impl BlobStore for LocalBlobStore {
    fn put(&self, sha256: &str, bytes: Bytes) -> Result<(), InfraError> {
        let path = self.path(sha256)?;
        if path.exists() {
            // Mark as recently used, so the orphan collector spares it while it commits.
            let touched = std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| f.set_modified(std::time::SystemTime::now()));
            return touched.map_err(|e| io(&path, e));
        }
        let dir = path.parent().ok_or_else(|| InfraError::Storage("no parent folder".into()))?;
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        // Write to a temporary name, then rename: readers never see half a file.
        let tmp = dir.join(format!(".{sha256}.{}", uuid::Uuid::new_v4().simple()));
        let mut file = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        file.write_all(&bytes).and_then(|()| file.sync_all()).map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
        Ok(())
    }

    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, InfraError> {
        let path = self.path(sha256)?;
        absent(std::fs::read(&path), &path)
    }

    fn open(&self, sha256: &str) -> Result<Option<Blob>, InfraError> {
        let path = self.path(sha256)?;
        let Some(file) = absent(std::fs::File::open(&path), &path)? else { return Ok(None) };
        let size = file.metadata().map_err(|e| io(&path, e))?.len();
        let reader = tokio_util::io::ReaderStream::with_capacity(tokio::fs::File::from_std(file), CHUNK);
        let shown = path.display().to_string();
        let stream = reader.map(move |chunk| chunk.map_err(|e| InfraError::Storage(format!("{shown}: {e}"))));
        Ok(Some(Blob { size, stream: stream.boxed() }))
    }

    fn modified(&self, sha256: &str) -> Result<Option<DateTime<Utc>>, InfraError> {
        let path = self.path(sha256)?;
        let Some(meta) = absent(std::fs::metadata(&path), &path)? else { return Ok(None) };
        Ok(Some(meta.modified().map_err(|e| io(&path, e))?.into()))
    }

    fn delete(&self, sha256: &str) -> Result<(), InfraError> {
        let path = self.path(sha256)?;
        absent(std::fs::remove_file(&path), &path).map(|_| ())
    }

    fn for_each(&self, visit: &mut dyn FnMut(StoredBlob) -> Result<(), InfraError>) -> Result<(), InfraError> {
        // Two levels of two-letter folders, then the files named by their digest.
        for first in dirs(&self.root)? {
            for second in dirs(&first)? {
                let Some(entries) = absent(std::fs::read_dir(&second), &second)? else { continue };
                for entry in entries {
                    let entry = entry.map_err(|e| io(&second, e))?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if checked_key(&name).is_err() {
                        continue; // a temporary file of a write in progress
                    }
                    let Some(meta) = absent(entry.metadata(), &entry.path())? else { continue };
                    let modified = meta.modified().map_err(|e| io(&entry.path(), e))?.into();
                    visit(StoredBlob { sha256: name, modified })?;
                }
            }
        }
        Ok(())
    }
}

fn dirs(parent: &Path) -> Result<Vec<PathBuf>, InfraError> {
    let Some(entries) = absent(std::fs::read_dir(parent), parent)? else { return Ok(vec![]) };
    let mut out = vec![];
    for entry in entries {
        let entry = entry.map_err(|e| io(parent, e))?;
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir && entry.file_name().len() == 2 {
            out.push(entry.path());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::sha256_hex;

    #[tokio::test]
    async fn stores_streams_lists_and_deletes_by_content() {
        let dir = std::env::temp_dir().join(format!("blobs-{}", uuid::Uuid::new_v4()));
        let store = LocalBlobStore::new(&dir);
        let body = vec![7u8; 200_000];
        let key = sha256_hex(&body);
        assert_eq!(store.get(&key).unwrap(), None);
        assert!(store.open(&key).unwrap().is_none());
        store.put(&key, Bytes::from(body.clone())).unwrap();
        store.put(&key, Bytes::from(body.clone())).unwrap();
        assert_eq!(store.get(&key).unwrap().as_deref(), Some(&body[..]));
        let blob = store.open(&key).unwrap().unwrap();
        assert_eq!(blob.size, 200_000);
        let chunks: Vec<Bytes> = blob.stream.map(|c| c.unwrap()).collect().await;
        assert!(chunks.len() > 1, "read in chunks");
        assert_eq!(chunks.concat(), body);
        let mut seen = vec![];
        store
            .for_each(&mut |b| {
                seen.push(b.sha256);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, vec![key.clone()]);
        assert!(store.modified(&key).unwrap().is_some());
        store.delete(&key).unwrap();
        store.delete(&key).unwrap();
        assert_eq!(store.get(&key).unwrap(), None);
        assert!(store.get("../../etc/passwd").is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
