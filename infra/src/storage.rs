//! File storage for photos, content-addressed by SHA-256. One trait, so an object store
//! (S3-compatible) can replace the local folder when several machines serve the API.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::InfraError;

/// Where photo bytes live. Keys are lower-case hex SHA-256 digests of the content, so a
/// blob is written once however often it is uploaded, and never changes.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under `sha256` unless already present.
    fn put(&self, sha256: &str, bytes: &[u8]) -> Result<(), InfraError>;
    /// Reads the blob, `None` when absent.
    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, InfraError>;
}

/// Blobs as files under a folder: `<root>/ab/cd/abcd…`.
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
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
            return Err(InfraError::Config(format!("not a SHA-256 key: {sha256}")));
        }
        Ok(self.root.join(&sha256[..2]).join(&sha256[2..4]).join(sha256))
    }
}

fn io(path: &Path, e: std::io::Error) -> InfraError {
    InfraError::Storage(format!("{}: {e}", path.display()))
}

impl BlobStore for LocalBlobStore {
    fn put(&self, sha256: &str, bytes: &[u8]) -> Result<(), InfraError> {
        let path = self.path(sha256)?;
        if path.exists() {
            return Ok(());
        }
        let dir = path.parent().ok_or_else(|| InfraError::Storage("no parent folder".into()))?;
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        // Write to a temporary name, then rename: readers never see half a file.
        let tmp = dir.join(format!(".{sha256}.{}", uuid::Uuid::new_v4().simple()));
        let mut file = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
        Ok(())
    }

    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, InfraError> {
        let path = self.path(sha256)?;
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::sha256_hex;

    #[test]
    fn stores_by_content_and_refuses_odd_keys() {
        let dir = std::env::temp_dir().join(format!("blobs-{}", uuid::Uuid::new_v4()));
        let store = LocalBlobStore::new(&dir);
        let key = sha256_hex(b"photo bytes");
        assert_eq!(store.get(&key).unwrap(), None);
        store.put(&key, b"photo bytes").unwrap();
        store.put(&key, b"photo bytes").unwrap();
        assert_eq!(store.get(&key).unwrap().as_deref(), Some(&b"photo bytes"[..]));
        assert!(store.get("../../etc/passwd").is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
