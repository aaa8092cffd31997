//! Keyset-paginated lists.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A page of results and the cursor of the next page (`null` on the last page).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` when there is none.
    pub next_cursor: Option<String>,
}
