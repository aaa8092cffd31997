//! File a public tip: the one path for `POST /v1/public/tips` and Open311's
//! `POST requests`, with the same limits for both.

use chrono::Duration;
use hazard_domain::client::Client;
use hazard_domain::geo::Coordinates;
use hazard_domain::media::ImageType;
use hazard_domain::tip::{self, RewardStatus, TipStatus};
use hazard_infra::models::{TipPhotoRow, TipReporterRow, TipRow};
use hazard_infra::repo::{throttle, tips};
use hazard_infra::secrets::{random_token, sha256_hex};
use hazard_infra::{codes, DbConnection};
use hazard_openapi::tips::CreateTip;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::lookups::Lookups;

/// Who passes the tip on.
pub enum Channel {
    /// Someone without an account, counted per client address.
    Anonymous {
        /// The client address the hourly limit counts by.
        address: String,
    },
    /// A third-party app (Open311) with `tips:create`: its own rate limit applies, and a
    /// street-restricted client files into its street.
    Client(Client),
}

/// A photo sent with the tip itself (Open311's `media`), already checked to be an image
/// within the pixel limit.
pub struct Photo {
    /// The image's bytes.
    pub bytes: Vec<u8>,
    /// Its sniffed type.
    pub image: ImageType,
}

/// A filed tip: its row and the secret to follow it (shown only now).
pub struct Filed {
    /// The stored tip.
    pub tip: TipRow,
    /// The secret; only its hash is stored.
    pub secret: String,
}

fn throttled(conn: &mut DbConnection, key: &str, st: &AppState) -> Result<(), ApiError> {
    let now = st.now_naive();
    if let Some(left) = throttle::locked_for(conn, key, now)? {
        return Err(ApiError::RateLimited(u64::try_from(left.num_seconds().max(1)).unwrap_or(1)));
    }
    let policy = throttle::Policy {
        max_failures: st.settings.tips_per_hour,
        window: Duration::hours(1),
        lockout: Duration::hours(1),
    };
    throttle::record_failure(conn, key, now, policy)?;
    Ok(())
}

/// Files `cmd` (already validated against its field limits) through `channel`, with
/// `photo` if one came with it: the tip and its photo are stored together or not at all.
pub fn file(st: &AppState, channel: Channel, cmd: CreateTip, photo: Option<Photo>) -> Result<Filed, ApiError> {
    let coordinates = Coordinates::parse_optional(cmd.latitude, cmd.longitude)?;
    tip::check_location(cmd.address.is_some(), coordinates.is_some())?;
    let street_code = match &channel {
        Channel::Client(c) => c.street_code.clone().or(cmd.street_code),
        Channel::Anonymous { .. } => cmd.street_code,
    };
    let mut conn = st.conn()?;
    let mut lookups = Lookups::new(&mut conn);
    if let Some(s) = &street_code {
        lookups.street("street_code", s)?;
    }
    if let Some(s) = &cmd.sector {
        lookups.sector("sector", s)?;
    }
    lookups.finish()?;
    let sender = match &channel {
        Channel::Anonymous { address } => {
            throttled(&mut conn, &format!("tip:{address}"), st)?;
            address.clone()
        }
        Channel::Client(c) => format!("client:{}", c.id),
    };
    let now = st.now_naive();
    let secret = random_token(24);
    let tip = TipRow {
        id: Uuid::now_v7().to_string(),
        tracking_code: codes::tip_code(),
        secret_hash: sha256_hex(secret.as_bytes()),
        description: cmd.description,
        address: cmd.address,
        latitude: coordinates.map(Coordinates::latitude),
        longitude: coordinates.map(Coordinates::longitude),
        sector_guess: cmd.sector,
        street_code,
        status: TipStatus::Received.as_str().into(),
        reject_reason: None,
        hazard_id: None,
        reward_status: RewardStatus::None.as_str().into(),
        reward_amount: None,
        created_at: now,
        updated_at: now,
    };
    let reporter = (cmd.contact_name.is_some() || cmd.contact_phone.is_some()).then(|| TipReporterRow {
        tip_id: tip.id.clone(),
        name: cmd.contact_name,
        phone: cmd.contact_phone,
    });
    let Some(photo) = photo else {
        tips::insert(&mut conn, &tip, reporter.as_ref())?;
        return Ok(Filed { tip, secret });
    };
    let sha = sha256_hex(&photo.bytes);
    let size = photo.bytes.len();
    // The blob first: a tip never points at a missing photo, and a blob whose row never
    // commits is collected as an orphan.
    st.blobs.put(&sha, bytes::Bytes::from(photo.bytes))?;
    hazard_infra::db::transaction(&mut conn, |conn| {
        tips::insert(conn, &tip, reporter.as_ref())?;
        crate::tip_quota::admit(conn, st, &tip.id, &sender, size)?;
        let row = TipPhotoRow {
            id: Uuid::now_v7().to_string(),
            tip_id: tip.id.clone(),
            sha256: sha,
            content_type: photo.image.mime().into(),
            size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
            created_at: now,
        };
        tips::add_photo(conn, &row)?;
        Ok::<_, ApiError>(())
    })?;
    Ok(Filed { tip, secret })
}
