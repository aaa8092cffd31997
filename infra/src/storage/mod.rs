//! Photo bytes, content-addressed by SHA-256, behind one trait: a local folder (one
//! machine, the default) or an S3-compatible bucket (several replicas, any machine), picked
//! by `HAZARD_BLOB_URL`. Every method blocks: call them off the async runtime (inside
//! `web::block`); the stream [`BlobStore::open`] returns may be polled anywhere.

mod local;
mod orphans;
mod s3;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::BoxStream;

pub use local::LocalBlobStore;
pub use orphans::{collect_orphans, Collected};
pub use s3::{S3BlobStore, S3Options};

use crate::InfraError;

/// The bytes of a blob as they arrive, never all at once.
pub type BlobStream = BoxStream<'static, Result<Bytes, InfraError>>;

/// A blob opened for reading.
pub struct Blob {
    /// Its length in bytes (`Content-Length`).
    pub size: u64,
    /// Its bytes.
    pub stream: BlobStream,
}

/// A stored blob, as listed by [`BlobStore::for_each`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    /// The SHA-256 key.
    pub sha256: String,
    /// When it was last written (orphans younger than a grace period are kept: their
    /// upload may still be committing).
    pub modified: DateTime<Utc>,
}

/// Where photo bytes live. Keys are lower-case hex SHA-256 digests of the content, so a
/// blob is written once however often it is uploaded, and never changes.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under `sha256` (again, when present: that marks it as recently
    /// used, so the orphan collector leaves it alone while its upload commits).
    fn put(&self, sha256: &str, bytes: Bytes) -> Result<(), InfraError>;
    /// The whole blob, `None` when absent (thumbnailing needs all of it).
    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, InfraError>;
    /// The blob as a stream, `None` when absent (serving photos).
    fn open(&self, sha256: &str) -> Result<Option<Blob>, InfraError>;
    /// When the blob was last written, `None` when absent.
    fn modified(&self, sha256: &str) -> Result<Option<DateTime<Utc>>, InfraError>;
    /// Removes the blob; absent is fine.
    fn delete(&self, sha256: &str) -> Result<(), InfraError>;
    /// Calls `visit` with every stored blob, in no particular order; stops at its first error.
    fn for_each(&self, visit: &mut dyn FnMut(StoredBlob) -> Result<(), InfraError>) -> Result<(), InfraError>;
    /// Whether the store answers within `within`, for `/readyz`: a replica whose bucket is
    /// unreachable should leave the balancer, not fail every photo request. A folder on this
    /// machine is always there (the disk-space check covers it).
    fn reachable(&self, within: std::time::Duration) -> Result<(), InfraError> {
        let _ = within;
        Ok(())
    }
}

/// Checks that `key` is a lower-case hex SHA-256 digest, so it is safe in a path.
pub fn checked_key(key: &str) -> Result<&str, InfraError> {
    if key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        Ok(key)
    } else {
        Err(InfraError::Config(format!("not a SHA-256 key: {key}")))
    }
}

/// The relative location of a blob: `ab/cd/abcd…`, the same in a folder and a bucket.
pub fn relative_path(key: &str) -> Result<String, InfraError> {
    let key = checked_key(key)?;
    Ok(format!("{}/{}/{key}", &key[..2], &key[2..4]))
}

/// The store `url` names: `s3://bucket/prefix` for a bucket (with `s3`'s endpoint,
/// region and keys), `file:///path` or a plain path for a folder; `None` means the
/// folder `default_dir`.
pub fn from_url(
    url: Option<&str>,
    default_dir: &std::path::Path,
    s3: S3Options,
) -> Result<std::sync::Arc<dyn BlobStore>, InfraError> {
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    match url {
        None => Ok(std::sync::Arc::new(LocalBlobStore::new(default_dir))),
        Some(u) if u.starts_with("s3://") => {
            let rest = &u["s3://".len()..];
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(InfraError::Config(format!("HAZARD_BLOB_URL `{u}` names no bucket")));
            }
            Ok(std::sync::Arc::new(S3BlobStore::new(bucket, prefix.trim_matches('/'), s3)?))
        }
        Some(u) if u.starts_with("file://") => Ok(std::sync::Arc::new(LocalBlobStore::new(&u["file://".len()..]))),
        Some(u) if u.contains("://") => Err(InfraError::Config(format!(
            "unsupported HAZARD_BLOB_URL `{}`: use a folder path, file:///path or s3://bucket/prefix",
            u.split("://").next().unwrap_or(u)
        ))),
        Some(u) => Ok(std::sync::Arc::new(LocalBlobStore::new(u))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_store() {
        let dir = std::path::Path::new("data/photos");
        let none = S3Options::default;
        assert!(format!("{:?}", from_url(None, dir, none()).unwrap()).contains("data/photos"));
        assert!(format!("{:?}", from_url(Some("/srv/blobs"), dir, none()).unwrap()).contains("/srv/blobs"));
        assert!(format!("{:?}", from_url(Some("file:///srv/b"), dir, none()).unwrap()).contains("/srv/b"));
        let s3 = from_url(Some("s3://photos/district/a"), dir, none()).unwrap();
        assert!(format!("{s3:?}").contains("district/a"), "{s3:?}");
        assert!(from_url(Some("s3:///x"), dir, none()).is_err());
        assert!(matches!(from_url(Some("gs://b"), dir, none()), Err(InfraError::Config(m)) if m.contains("gs")));
        assert_eq!(relative_path(&"ab".repeat(32)).unwrap(), format!("ab/ab/{}", "ab".repeat(32)));
        assert!(relative_path("../../etc/passwd").is_err());
    }
}
