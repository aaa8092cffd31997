//! A webhook receiver on a loopback port that records every delivery it gets.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};

/// (delivery id, event type, hazard id) of each POST received.
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

/// The receiver and what it saw.
pub struct Receiver {
    /// Where to send deliveries.
    pub url: String,
    seen: Seen,
}

async fn receive(req: HttpRequest, body: web::Bytes, seen: web::Data<Seen>) -> HttpResponse {
    let header = |n: &str| req.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let hazard = json["hazard"]["id"].as_str().unwrap_or("").to_owned();
    if let Ok(mut s) = seen.lock() {
        s.push((header("x-hazard-delivery"), header("x-hazard-event"), hazard));
    }
    HttpResponse::Ok().finish()
}

impl Receiver {
    /// Listens on a free loopback port.
    pub async fn start() -> Receiver {
        let seen: Seen = Arc::default();
        let data = web::Data::new(seen.clone());
        let server = HttpServer::new(move || App::new().app_data(data.clone()).route("/hook", web::post().to(receive)))
            .workers(1)
            .bind("127.0.0.1:0")
            .expect("bind");
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Receiver { url: format!("http://127.0.0.1:{port}/hook"), seen }
    }

    /// `hazard.created` deliveries per hazard id so far.
    pub fn per_hazard(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for (_, event, hazard) in self.seen.lock().expect("lock").iter() {
            if event == "hazard.created" {
                *counts.entry(hazard.clone()).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Waits until every hazard in `ids` had its `hazard.created` delivered.
    pub async fn wait_for(&self, ids: &[String], within: Duration) -> HashMap<String, usize> {
        let started = Instant::now();
        loop {
            let counts = self.per_hazard();
            if ids.iter().all(|id| counts.contains_key(id)) {
                return counts;
            }
            assert!(started.elapsed() < within, "deliveries missing after {within:?}: {counts:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// No delivery id arrived twice.
    pub fn deliveries_unique(&self) -> bool {
        let seen = self.seen.lock().expect("lock");
        seen.iter().map(|s| &s.0).collect::<HashSet<_>>().len() == seen.len()
    }
}
