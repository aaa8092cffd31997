//! Where deliveries may go: internal, special-purpose and rebinding targets are refused,
//! and a dead receiver does not hold up a healthy one.

use super::*;

#[tokio::test]
async fn targets_on_internal_networks_are_refused() {
    let app = spawn_app().await;
    let key = key(&app, &["webhooks:manage"]).await;
    for url in [
        "http://city.example/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.0.0.8/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://user:pass@city.example/hook",
    ] {
        let r = as_client(
            &app,
            &key,
            Method::POST,
            "/v1/webhooks",
            Some(&json!({"url": url, "event_types": ["hazard.created"], "secret": SECRET})),
        )
        .await;
        assert_eq!(r.problem(422, "validation_failed"), ["url"], "{url}: {}", r.text);
    }
    let r = as_client(
        &app,
        &key,
        Method::POST,
        "/v1/webhooks",
        Some(&json!({"url": "https://8.8.8.8/h", "event_types": ["hazard.exploded"], "secret": SECRET})),
    )
    .await;
    assert_eq!(r.problem(422, "validation_failed"), ["event_types"]);
    let list = as_client(&app, &key, Method::GET, "/v1/webhooks", None).await.expect(200);
    assert_eq!(list.body.as_array().unwrap().len(), 0);
    // Only clients with the scope manage webhooks; staff tokens do not.
    let reader = self::key(&app, &["cases:read"]).await;
    as_client(&app, &reader, Method::GET, "/v1/webhooks", None).await.problem(403, "forbidden");
    let admin = app.admin().await;
    app.get("/v1/webhooks", &admin).await.problem(403, "forbidden");
}

/// A receiver that accepts connections and never answers.
async fn start_black_hole() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://127.0.0.1:{port}/hook")
}

#[tokio::test]
async fn dead_receivers_do_not_delay_a_healthy_one() {
    let app = spawn_app_with(|s| {
        s.webhook_allow_http = true;
        s.webhook_allow_private = true;
        s.limits.webhook_timeout_secs = 3;
    })
    .await;
    let key = key(&app, &["webhooks:manage", "cases:read"]).await;
    let hook = |url: String| json!({"url": url, "event_types": ["hazard.created"], "secret": SECRET});
    for _ in 0..3 {
        let dead = start_black_hole().await;
        as_client(&app, &key, Method::POST, "/v1/webhooks", Some(&hook(dead))).await.expect(201);
    }
    let (url, rx) = start_receiver().await;
    as_client(&app, &key, Method::POST, "/v1/webhooks", Some(&hook(url))).await.expect(201);
    let (inspector, _) = app.account("inspector", None).await;
    for _ in 0..2 {
        app.hazard(&inspector, "huayanglu").await;
    }
    let started = std::time::Instant::now();
    let pass = tokio::spawn({
        let state = app.state.clone();
        async move { hazard_api::webhooks::worker::run_once(&state).await.unwrap() }
    });
    while rx.seen.lock().unwrap().len() < 2 {
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "the healthy receiver waited for the dead ones");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let report = pass.await.unwrap();
    assert_eq!(report.delivered, 2, "{report:?}");
    // Each dead target cost one timeout, not one per delivery: its second delivery waits
    // for the first one's backoff.
    assert_eq!(report.retried, 3, "{report:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(6), "{:?}", started.elapsed());
}

#[tokio::test]
async fn special_purpose_addresses_are_refused() {
    let app = spawn_app().await;
    let key = key(&app, &["webhooks:manage"]).await;
    for url in [
        "https://0.1.2.3/hook",
        "https://100.64.0.1/hook",
        "https://192.0.0.8/hook",
        "https://198.18.0.1/hook",
        "https://240.0.0.1/hook",
        "https://[64:ff9b::a00:1]/hook",
        "https://[2002:a00:1::]/hook",
        "https://[fec0::1]/hook",
    ] {
        let body = json!({"url": url, "event_types": ["hazard.created"], "secret": SECRET});
        let r = as_client(&app, &key, Method::POST, "/v1/webhooks", Some(&body)).await;
        assert_eq!(r.problem(422, "validation_failed"), ["url"], "{url}: {}", r.text);
    }
}

/// A DNS server that rebinds: it gives the answers queued with `answer`, one lookup each,
/// then 127.0.0.1 (where the test's receiver listens) to every later lookup.
#[derive(Clone, Default)]
struct Rebinding {
    queued: Arc<Mutex<std::collections::VecDeque<std::net::IpAddr>>>,
    asked: Arc<std::sync::atomic::AtomicUsize>,
}

impl Rebinding {
    fn answer(&self, ips: &[&str]) {
        *self.queued.lock().unwrap() = ips.iter().map(|ip| ip.parse().unwrap()).collect();
    }

    fn asked(&self) -> usize {
        self.asked.load(Ordering::SeqCst)
    }
}

impl hazard_api::webhooks::resolve::Resolve for Rebinding {
    fn lookup(&self, _host: &str, port: u16) -> hazard_api::webhooks::resolve::Lookup {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let ip = self.queued.lock().unwrap().pop_front().unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
        Box::pin(async move { Ok(vec![std::net::SocketAddr::new(ip, port)]) })
    }
}

/// A public address no test receiver listens on (a delivery there fails, or goes to the
/// Internet, never to 127.0.0.1).
const PUBLIC: &str = "2606:4700:4700::1111";

#[tokio::test]
async fn a_rebinding_name_cannot_redirect_a_delivery_to_an_internal_address() {
    let dns = Rebinding::default();
    let resolver = hazard_api::webhooks::resolve::Resolver::custom(dns.clone());
    let app = spawn_app_with(move |s| {
        s.webhook_allow_http = true;
        s.limits.webhook_timeout_secs = 1;
        s.webhook_resolver = resolver;
    })
    .await;
    let (receiver, rx) = start_receiver().await;
    let named = receiver.replace("127.0.0.1", "hooks.rebinding.example");
    let key = key(&app, &["webhooks:manage", "cases:read"]).await;
    let register = json!({"url": named, "event_types": ["hazard.created"], "secret": SECRET});
    // While the name answers 127.0.0.1 it is refused.
    dns.answer(&[]);
    let r = as_client(&app, &key, Method::POST, "/v1/webhooks", Some(&register)).await;
    assert_eq!(r.problem(422, "validation_failed"), ["url"], "{}", r.text);
    // It answers a public address when registered...
    dns.answer(&[PUBLIC]);
    let hook = as_client(&app, &key, Method::POST, "/v1/webhooks", Some(&register)).await.expect(201);
    let hook_id = hook.body["id"].as_str().unwrap().to_owned();
    let (inspector, _) = app.account("inspector", None).await;
    app.hazard(&inspector, "huayanglu").await;

    // ... and when the delivery checks it, then 127.0.0.1 to any later lookup: the
    // delivery goes to the checked address or nowhere, never to the internal one.
    dns.answer(&[PUBLIC]);
    let before = dns.asked();
    let report = work(&app).await;
    assert_eq!(dns.asked() - before, 1, "one lookup per attempt, none between check and connect: {report:?}");
    assert!(rx.seen.lock().unwrap().is_empty(), "a second lookup redirected the delivery to 127.0.0.1");
    let deliveries =
        as_client(&app, &key, Method::GET, &format!("/v1/webhooks/{hook_id}/deliveries"), None).await.expect(200);
    let delivery = &deliveries.body.as_array().unwrap()[0];
    assert_eq!((delivery["status"].as_str(), delivery["attempts"].as_i64()), (Some("pending"), Some(1)), "{delivery}");

    // The next attempt finds the name rebound at the check: refused, never sent.
    app.clock.advance(chrono::Duration::hours(2));
    dns.answer(&[]);
    work(&app).await;
    assert!(rx.seen.lock().unwrap().is_empty(), "the rebound name reached 127.0.0.1");
    let deliveries =
        as_client(&app, &key, Method::GET, &format!("/v1/webhooks/{hook_id}/deliveries"), None).await.expect(200);
    let delivery = &deliveries.body.as_array().unwrap()[0];
    assert_eq!(delivery["attempts"], 2, "{delivery}");
    let error = delivery["last_error"].as_str().unwrap_or_default();
    assert!(error.contains("internal address"), "{delivery}");
}
