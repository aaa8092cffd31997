//! The console's static files (its CSS and script, the vendored Chart.js and Leaflet
//! with their licences), compiled into the binary: the console needs no internet and no
//! files beside the binary.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

/// `api/assets/console/`, embedded.
#[derive(RustEmbed)]
#[folder = "assets/console/"]
struct Assets;

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "md" | "txt" | "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /console/assets/{path}`: one file, revalidated by its hash.
pub async fn serve(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let path = path.into_inner();
    let Some(file) = Assets::get(&path) else {
        return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("没有这个文件");
    };
    let etag = format!("\"{}\"", hex::encode(file.metadata.sha256_hash()));
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut res = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    res.insert_header((header::ETAG, etag)).insert_header((header::CACHE_CONTROL, "public, max-age=3600"));
    if fresh {
        return res.finish();
    }
    res.content_type(content_type(&path)).body(file.data.into_owned())
}
