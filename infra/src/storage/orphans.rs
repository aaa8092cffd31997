//! Collecting orphaned blobs: bytes stored for an upload that then failed (validation,
//! a conflict, a crash between storing the bytes and committing the row), or whose last
//! photo row is gone. Blobs are written before their row commits, so a blob younger than
//! the grace period is never collected; an older one is collected only when no photo,
//! thumbnail or tip photo names it, and only if it was not written again meanwhile.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{BlobStore, StoredBlob};
use crate::schema::{photos, tip_photos};
use crate::{DbConnection, InfraError};

/// Blobs checked against the database at a time.
const BATCH: usize = 500;

/// What one collection did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Collected {
    /// Blobs looked at.
    pub seen: usize,
    /// Orphans removed.
    pub removed: usize,
}

fn referenced(conn: &mut DbConnection, keys: &[String]) -> Result<HashSet<String>, InfraError> {
    let mut found: HashSet<String> = photos::table
        .filter(photos::sha256.eq_any(keys))
        .select(photos::sha256)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    found.extend(
        photos::table
            .filter(photos::thumb_sha256.eq_any(keys))
            .select(photos::thumb_sha256)
            .load::<Option<String>>(conn)?
            .into_iter()
            .flatten(),
    );
    found.extend(tip_photos::table.filter(tip_photos::sha256.eq_any(keys)).select(tip_photos::sha256).load(conn)?);
    Ok(found)
}

fn sweep(
    conn: &mut DbConnection,
    store: &dyn BlobStore,
    candidates: &mut Vec<StoredBlob>,
    cutoff: DateTime<Utc>,
) -> Result<usize, InfraError> {
    if candidates.is_empty() {
        return Ok(0);
    }
    let keys: Vec<String> = candidates.iter().map(|b| b.sha256.clone()).collect();
    let keep = referenced(conn, &keys)?;
    let mut removed = 0;
    for blob in candidates.drain(..) {
        if keep.contains(&blob.sha256) {
            continue;
        }
        // Written again since it was listed (a new upload of the same bytes)? Keep it.
        if store.modified(&blob.sha256)?.is_some_and(|m| m < cutoff) {
            store.delete(&blob.sha256)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Removes blobs last written before `cutoff` that nothing refers to.
pub fn collect_orphans(
    conn: &mut DbConnection,
    store: &dyn BlobStore,
    cutoff: DateTime<Utc>,
) -> Result<Collected, InfraError> {
    let mut done = Collected::default();
    let mut candidates = Vec::with_capacity(BATCH);
    store.for_each(&mut |blob| {
        done.seen += 1;
        if blob.modified < cutoff {
            candidates.push(blob);
        }
        if candidates.len() >= BATCH {
            done.removed += sweep(conn, store, &mut candidates, cutoff)?;
        }
        Ok(())
    })?;
    done.removed += sweep(conn, store, &mut candidates, cutoff)?;
    Ok(done)
}
