//! Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, …) through the `object_store`
//! crate: what lets several replicas on several machines serve the same photos.
//!
//! `object_store` is asynchronous; the server's handlers call stores from blocking
//! threads. The store therefore owns a small runtime of its own and runs every request on
//! it; a photo being read is forwarded chunk by chunk through a bounded channel, so the
//! reader may poll it from any runtime and at most a few chunks are in memory.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload, RetryConfig};

use super::{relative_path, Blob, BlobStore, StoredBlob};
use crate::InfraError;

/// How to reach the bucket (`HAZARD_S3_*`, `AWS_*`).
#[derive(Debug, Clone, Default)]
pub struct S3Options {
    /// Endpoint URL of an S3-compatible server (`http://minio:9000`); `None` for AWS.
    pub endpoint: Option<String>,
    /// Region (`us-east-1` when unset).
    pub region: Option<String>,
    /// Access key; with the secret. Unset: the AWS default chain (instance role…).
    pub access_key_id: Option<String>,
    /// Secret key.
    pub secret_access_key: Option<String>,
}

/// Chunks buffered between the bucket and a slow reader.
const IN_FLIGHT_CHUNKS: usize = 4;

/// A bucket and a key prefix.
pub struct S3BlobStore {
    store: AmazonS3,
    prefix: String,
    bucket: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for S3BlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3BlobStore(s3://{}/{})", self.bucket, self.prefix)
    }
}

impl Drop for S3BlobStore {
    fn drop(&mut self) {
        // Dropping a runtime waits for its threads, which is refused inside async code.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Any failure of the bucket (an endpoint that does not answer, a timeout, throttling,
/// refused credentials, a missing bucket) is, for the caller, a store it cannot use right
/// now: 503 with `Retry-After`, like a full photo folder, so a phone keeps the photo and
/// sends it again instead of dropping it on a 500. The cause goes to the log.
fn storage(e: impl std::fmt::Display) -> InfraError {
    InfraError::Unavailable(format!("photo store: {e}"))
}

/// Retries within one request: a few, for a blip, and never longer than a phone waits
/// (object_store's default keeps retrying an unreachable endpoint for three minutes).
fn retries() -> RetryConfig {
    RetryConfig { max_retries: 3, retry_timeout: std::time::Duration::from_secs(10), ..RetryConfig::default() }
}

fn absent<T>(result: object_store::Result<T>) -> Result<Option<T>, InfraError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(object_store::Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(storage(e)),
    }
}

impl S3BlobStore {
    /// A store for `bucket` under `prefix` (may be empty). Checks the settings, not the
    /// connection: while the bucket cannot be reached, photo requests answer 503.
    pub fn new(bucket: &str, prefix: &str, options: S3Options) -> Result<Self, InfraError> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(options.region.as_deref().unwrap_or("us-east-1"))
            .with_retry(retries());
        if let Some(endpoint) = &options.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        if let (Some(key), Some(secret)) = (&options.access_key_id, &options.secret_access_key) {
            builder = builder.with_access_key_id(key).with_secret_access_key(secret);
        }
        let store = builder.build().map_err(|e| InfraError::Config(format!("S3 blob store: {e}")))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("blob-io")
            .enable_all()
            .build()
            .map_err(|e| InfraError::Config(format!("S3 blob store runtime: {e}")))?;
        Ok(Self { store, prefix: prefix.to_owned(), bucket: bucket.to_owned(), runtime: Some(runtime) })
    }

    fn location(&self, sha256: &str) -> Result<Path, InfraError> {
        let rel = relative_path(sha256)?;
        Ok(Path::from(if self.prefix.is_empty() { rel } else { format!("{}/{rel}", self.prefix) }))
    }

    fn run<T>(&self, work: impl std::future::Future<Output = T>) -> Result<T, InfraError> {
        let rt = self.runtime.as_ref().ok_or_else(|| InfraError::Storage("blob store shut down".into()))?;
        Ok(rt.block_on(work))
    }
}

impl BlobStore for S3BlobStore {
    fn reachable(&self, within: std::time::Duration) -> Result<(), InfraError> {
        // One listing page under the prefix: answers for an empty bucket too, and fails for
        // a missing bucket, wrong credentials or an endpoint that does not answer.
        let prefix = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        match self.run(tokio::time::timeout(within, self.store.list_with_delimiter(prefix.as_ref())))? {
            Ok(listed) => listed.map(|_| ()).map_err(storage),
            Err(_) => Err(InfraError::Storage(format!("s3://{} did not answer within {within:?}", self.bucket))),
        }
    }

    fn put(&self, sha256: &str, bytes: Bytes) -> Result<(), InfraError> {
        let at = self.location(sha256)?;
        // Written even when present: the same bytes, with a fresh modification time.
        self.run(self.store.put(&at, PutPayload::from_bytes(bytes)))?.map(|_| ()).map_err(storage)
    }

    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, InfraError> {
        let at = self.location(sha256)?;
        let found = self.run(async {
            match self.store.get(&at).await {
                Ok(r) => r.bytes().await.map(Some),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        })?;
        Ok(found.map_err(storage)?.map(|b| b.to_vec()))
    }

    fn open(&self, sha256: &str) -> Result<Option<Blob>, InfraError> {
        let at = self.location(sha256)?;
        let Some(found) = absent(self.run(self.store.get(&at))?)? else { return Ok(None) };
        let size = found.meta.size;
        let (tx, rx) = tokio::sync::mpsc::channel(IN_FLIGHT_CHUNKS);
        let rt = self.runtime.as_ref().ok_or_else(|| InfraError::Storage("blob store shut down".into()))?;
        rt.spawn(async move {
            let mut chunks = found.into_stream();
            while let Some(chunk) = chunks.next().await {
                let failed = chunk.is_err();
                if tx.send(chunk.map_err(storage)).await.is_err() || failed {
                    break; // the reader went away, or the transfer broke
                }
            }
        });
        let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) });
        Ok(Some(Blob { size, stream: stream.boxed() }))
    }

    fn modified(&self, sha256: &str) -> Result<Option<DateTime<Utc>>, InfraError> {
        let at = self.location(sha256)?;
        Ok(absent(self.run(self.store.head(&at))?)?.map(|m| m.last_modified))
    }

    fn delete(&self, sha256: &str) -> Result<(), InfraError> {
        let at = self.location(sha256)?;
        absent(self.run(self.store.delete(&at))?).map(|_| ())
    }

    fn for_each(&self, visit: &mut dyn FnMut(StoredBlob) -> Result<(), InfraError>) -> Result<(), InfraError> {
        let prefix = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        self.run(async {
            let mut listing = self.store.list(prefix.as_ref());
            while let Some(meta) = listing.try_next().await.map_err(storage)? {
                let Some(name) = meta.location.filename() else { continue };
                if super::checked_key(name).is_ok() {
                    visit(StoredBlob { sha256: name.to_owned(), modified: meta.last_modified })?;
                }
            }
            Ok(())
        })?
    }
}
