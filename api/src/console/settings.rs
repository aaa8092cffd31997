//! The console's settings.

use clap::Args;

/// How the console signs people in and draws its map.
#[derive(Debug, Clone, Args)]
pub struct ConsoleSettings {
    /// Map tile URL template (Leaflet `{s}`, `{z}`, `{x}`, `{y}`); empty: no tiles, the
    /// markers are drawn on a blank map (networks without internet).
    #[arg(
        long = "console-tile-url",
        env = "HAZARD_CONSOLE_TILE_URL",
        default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )]
    pub tile_url: String,

    /// Minutes without a request after which a console session ends.
    #[arg(long = "console-idle-minutes", env = "HAZARD_CONSOLE_IDLE_MINUTES", default_value_t = 30)]
    pub idle_minutes: i64,

    /// Hours after sign-in after which a console session ends however active it is.
    #[arg(long = "console-session-hours", env = "HAZARD_CONSOLE_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
}

impl Default for ConsoleSettings {
    fn default() -> Self {
        Self { tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(), idle_minutes: 30, session_hours: 12 }
    }
}

impl ConsoleSettings {
    /// The origin the tiles come from, for the Content-Security-Policy (`{s}.` becomes
    /// a wildcard); `None` when there are no tiles or the URL is not http(s).
    pub fn tile_origin(&self) -> Option<String> {
        let url = self.tile_url.trim();
        let (scheme, rest) = url.split_once("://")?;
        if scheme != "https" && scheme != "http" {
            return None;
        }
        let host = rest.split('/').next().filter(|h| !h.is_empty())?;
        let host = host.replace("{s}.", "*.");
        if host.contains(['{', '}', '\'', ';', ' ', '"']) {
            return None;
        }
        Some(format!("{scheme}://{host}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_origin_allows_subdomains_and_refuses_odd_urls() {
        let mut s = ConsoleSettings::default();
        assert_eq!(s.tile_origin().as_deref(), Some("https://tile.openstreetmap.org"));
        s.tile_url = "https://{s}.tile.example.cn/{z}/{x}/{y}.png".into();
        assert_eq!(s.tile_origin().as_deref(), Some("https://*.tile.example.cn"));
        s.tile_url = String::new();
        assert_eq!(s.tile_origin(), None);
        s.tile_url = "javascript:alert(1)".into();
        assert_eq!(s.tile_origin(), None);
        s.tile_url = "https://a.example;script-src *".into();
        assert_eq!(s.tile_origin(), None);
    }
}
