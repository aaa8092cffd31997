//! What every console page shares: the header with the navigation the account may use,
//! the sign-out form, and the response headers (strict CSP, no caching).

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use hazard_domain::access::RowScope;
use hazard_domain::Permission;

use super::labels;
use super::session::Console;

/// The policy of every console page: scripts and styles from the console's own files
/// only (no inline script or style), forms post to the console only, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
                   font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// One entry of the navigation.
#[derive(Debug, Clone)]
pub struct Nav {
    /// Link target.
    pub href: &'static str,
    /// 工作台, 地图, …
    pub label: &'static str,
    /// The page being shown.
    pub current: bool,
}

/// The header of every signed-in page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Who is signed in.
    pub user: String,
    /// Their role, in Chinese.
    pub role: &'static str,
    /// Their street's name, when street-scoped.
    pub street: Option<String>,
    /// The session's CSRF token (every form carries it).
    pub csrf: String,
    /// The pages this account may open.
    pub nav: Vec<Nav>,
    /// The page's heading.
    pub title: String,
}

impl Chrome {
    /// The header for page `current` (one of the navigation's hrefs) titled `title`.
    pub fn new(console: &Console, current: &'static str, title: impl Into<String>) -> Self {
        let a = &console.actor;
        let sees_hazards = !matches!(a.scope(), RowScope::Nothing);
        let items: [(&'static str, &'static str, bool); 6] = [
            ("/console/", "工作台", a.may(Permission::ReadFigures).is_ok()),
            ("/console/map", "地图", sees_hazards),
            ("/console/hazards", "隐患", sees_hazards),
            ("/console/board", "挂牌督办", a.may(Permission::ReadBoard).is_ok()),
            ("/console/tips", "举报", a.may(Permission::HandleTips).is_ok()),
            ("/console/admin", "管理", a.may(Permission::ManageAccounts).is_ok()),
        ];
        Chrome {
            user: console.user.display_name.clone(),
            role: labels::role(a.role.as_str()),
            street: console.street_name.clone().or_else(|| a.street_code.clone()),
            csrf: console.csrf.clone(),
            nav: items
                .into_iter()
                .filter(|(_, _, shown)| *shown)
                .map(|(href, label, _)| Nav { href, label, current: href == current })
                .collect(),
            title: title.into(),
        }
    }
}

/// An HTML answer with the console's headers; a template that fails to render is a 500.
pub fn html(status: StatusCode, rendered: askama::Result<String>) -> HttpResponse {
    with_csp(status, rendered, CSP)
}

/// Like [`html`], with another policy (the map adds its tile server).
pub fn with_csp(status: StatusCode, rendered: askama::Result<String>, csp: &str) -> HttpResponse {
    let (status, body) = match rendered {
        Ok(body) => (status, body),
        Err(e) => {
            tracing::error!(error = %e, "console template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "<!doctype html><title>出错了</title><p>页面渲染失败。</p>".to_owned())
        }
    };
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, csp.to_owned()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// The policy of the map page: [`CSP`] plus the tile server's images.
pub fn map_csp(tile_origin: Option<&str>) -> String {
    match tile_origin {
        Some(origin) => CSP.replace("img-src 'self'", &format!("img-src 'self' {origin}")),
        None => CSP.to_owned(),
    }
}

/// 303 to `location` (after a form was accepted: reloading the page does not resend it).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}
