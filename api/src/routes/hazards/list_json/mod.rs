//! The hazard list's page written as the rows arrive: each row goes from the database's
//! reply straight into the response buffer ([`item::write`]), with no `String` per
//! column, no `Hazard` per row and no second pass (issue 13: those were most of a page's
//! time). A hazard with a listing is the exception: its active supervision takes another
//! query, so it is kept aside and written with the full view once the page is read.

mod item;
mod json;
mod time;

use bytes::Bytes;
use chrono::{NaiveDate, NaiveDateTime};
use hazard_infra::models::{ListedHazard, ListedRef};
use hazard_infra::DbConnection;

use super::view::{hazard_dtos, views};
use crate::error::ApiError;
use crate::routes::cursor::Keyset;
use crate::routes::json_body::BYTES_PER_HAZARD;

/// A page of `GET /v1/hazards` being written: feed it the `limit + 1` rows the query
/// returns with [`ListPage::push`], then [`ListPage::finish`].
pub struct ListPage {
    /// `{"items":[` and the items so far.
    buf: Vec<u8>,
    /// Items the page holds at most.
    limit: usize,
    /// Items pushed onto the page so far.
    items: usize,
    /// Whether a row beyond the limit came: then there is a next page.
    more: bool,
    /// The third-party view instead of the staff view.
    public: bool,
    /// The district date overdue is judged on.
    today: NaiveDate,
    /// The last item's keyset position (time, id), for the next cursor.
    last: Option<(NaiveDateTime, String)>,
    /// Rows with a listing, and where in `buf` each belongs.
    held: Vec<(usize, ListedHazard)>,
}

impl ListPage {
    /// An empty page of at most `limit` items, in the public view when `public`.
    pub fn new(limit: i64, public: bool, today: NaiveDate) -> Self {
        let limit = usize::try_from(limit).unwrap_or(0);
        let mut buf = Vec::with_capacity((limit + 1) * BYTES_PER_HAZARD);
        buf.extend_from_slice(b"{\"items\":[");
        Self { buf, limit, items: 0, more: false, public, today, last: None, held: Vec::new() }
    }

    /// Writes `row` as the next item, or notes that a next page exists when the page is full.
    pub fn push(&mut self, row: ListedRef<'_>) -> Result<(), ApiError> {
        if self.items == self.limit {
            self.more = true;
            return Ok(());
        }
        if self.items > 0 {
            self.buf.push(b',');
        }
        self.items += 1;
        match &mut self.last {
            Some((at, id)) => {
                *at = row.created_at;
                id.clear();
                id.push_str(row.id);
            }
            None => self.last = Some((row.created_at, row.id.to_owned())),
        }
        if row.listed {
            self.held.push((self.buf.len(), row.to_owned()));
            return Ok(());
        }
        item::write(&mut self.buf, &row, self.public, self.today)
    }

    /// The page's JSON: the held rows written in their places (with their active
    /// listings, read on `conn`), and the cursor after the last item when more follow.
    pub fn finish(self, conn: &mut DbConnection) -> Result<Bytes, ApiError> {
        let next_cursor = match (&self.last, self.more) {
            (Some((at, id)), true) => Some(Keyset::new(*at, id).encode()),
            _ => None,
        };
        let mut buf =
            if self.held.is_empty() { self.buf } else { complete(conn, self.buf, self.held, self.public, self.today)? };
        buf.extend_from_slice(b"],\"next_cursor\":");
        serde_json::to_writer(&mut buf, &next_cursor).map_err(ApiError::internal)?;
        buf.push(b'}');
        Ok(Bytes::from(buf))
    }
}

/// `written` with each held row's full view inserted at its place.
fn complete(
    conn: &mut DbConnection,
    written: Vec<u8>,
    held: Vec<(usize, ListedHazard)>,
    public: bool,
    today: NaiveDate,
) -> Result<Vec<u8>, ApiError> {
    let (places, rows): (Vec<usize>, Vec<ListedHazard>) = held.into_iter().unzip();
    let full = views(hazard_dtos(conn, rows, today)?, public);
    let mut out = Vec::with_capacity(written.len() + full.len() * BYTES_PER_HAZARD);
    let mut from = 0;
    for (at, view) in places.into_iter().zip(full) {
        out.extend_from_slice(written.get(from..at).unwrap_or_default());
        serde_json::to_writer(&mut out, &view).map_err(ApiError::internal)?;
        from = at;
    }
    out.extend_from_slice(written.get(from..).unwrap_or_default());
    Ok(out)
}
