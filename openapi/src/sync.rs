//! Offline sync for phones.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::clients::HazardView;

/// One changed hazard: its current state, or `removed` when it left the caller's scope.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SyncItem {
    /// Hazard id.
    pub id: Uuid,
    /// The server's change sequence number of this change.
    pub change_seq: i64,
    /// `true` when the hazard is no longer visible to the caller (drop it locally).
    pub removed: bool,
    /// The hazard, unless removed (`PublicHazard` for API clients).
    pub hazard: Option<HazardView>,
}

/// A page of changes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SyncPage {
    /// Changes, oldest first.
    pub items: Vec<SyncItem>,
    /// Pass back as `cursor`; store it once the page is applied.
    pub next_cursor: String,
    /// More changes are waiting: ask again at once.
    pub has_more: bool,
}

/// Sync paging.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// `next_cursor` of the previous page; absent for a first sync.
    #[validate(length(max = 100))]
    #[param(max_length = 100)]
    pub cursor: Option<String>,
    /// Page size, 1..=500 (default 200).
    #[validate(range(min = 1, max = 500))]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}
