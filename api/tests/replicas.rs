//! Three `hazard-api` processes (the real binary) on one fresh PostgreSQL database and
//! one S3 bucket, clients spread over them, as behind a load balancer. Run by `.ci/run`:
//!
//! ```sh
//! HAZARD_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//! HAZARD_TEST_S3_ENDPOINT=http://127.0.0.1:9400 \
//!   cargo test -p hazard-api --test replicas -- --ignored --nocapture
//! ```

mod cluster;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cluster::{Cluster, Node};
use serde_json::{json, Value};

fn hazard_body(id: Option<String>) -> Value {
    json!({"id": id, "title": "疏散通道堆放杂物", "description": "二楼疏散通道堆放纸箱", "sector": "fire",
        "street_code": "huayanglu", "address": "长宁区长宁路1号", "latitude": 31.22, "longitude": 121.42,
        "grade": "general"})
}

fn png(seed: u8) -> Vec<u8> {
    let mut bytes = cluster::PNG_1X1.to_vec();
    bytes.extend_from_slice(&[seed; 4096]);
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_share_one_database_and_one_bucket() {
    let started = Instant::now();
    let mut cluster = Cluster::start(3).await;
    println!("three replicas ready in {:.1} s (migrations raced and ran once)", started.elapsed().as_secs_f64());
    let admin = cluster.nodes[0].login("admin", cluster::ADMIN_PASSWORD).await;
    let inspector_name = cluster.nodes[0].user(&admin, "inspector").await.0;
    let inspector = cluster.nodes[1].login(&inspector_name, cluster::PASSWORD).await;

    // A photo uploaded through replica 1 is served by replicas 2 and 3.
    let hazard = cluster.nodes[0].post("/v1/hazards", Some(&inspector), &hazard_body(None)).await;
    assert_eq!(hazard.0, 201, "{}", hazard.1);
    let hid = hazard.1["id"].as_str().unwrap().to_owned();
    let bytes = png(7);
    let photo = cluster.nodes[0].upload(&inspector, &hid, bytes.clone()).await;
    for node in &cluster.nodes[1..] {
        assert_eq!(node.bytes(&inspector, photo["url"].as_str().unwrap()).await, bytes, "replica {}", node.n);
    }

    // An API client's bucket of 6 a minute holds across the three.
    let limited = cluster.nodes[2].client_key(&admin, &["cases:read"], 6).await;
    let mut answers = vec![];
    for i in 0..9 {
        answers.push(cluster.nodes[i % 3].get_with_key(&limited, "/v1/hazards?limit=1").await);
    }
    let ok: Vec<_> = answers.iter().filter(|a| a.0 == 200).map(|a| a.1.clone()).collect();
    assert_eq!(ok, ["5", "4", "3", "2", "1", "0"].map(|s| Some(s.to_owned())), "{answers:?}");
    assert!(answers[6..].iter().all(|a| a.0 == 429), "{answers:?}");

    // A tipster's hourly limit (5 here) holds across the three.
    let mut tips = vec![];
    for i in 0..8 {
        let body = json!({"description": format!("地下车库电动车充电 {i}"), "address": "长宁区天山路100弄",
            "sector": "ebike", "street_code": "tianshanlu"});
        tips.push(cluster.nodes[i % 3].post("/v1/public/tips", None, &body).await.0);
    }
    assert_eq!(tips, [201, 201, 201, 201, 201, 429, 429, 429]);

    // Each webhook delivery happens once while all three run the worker.
    let receiver = cluster::Receiver::start().await;
    let hooks = cluster.nodes[0].client_key(&admin, &["webhooks:manage", "cases:read"], 10_000).await;
    let hook = json!({"url": receiver.url, "event_types": ["hazard.created"], "secret": "a-long-shared-secret"});
    let r = cluster.nodes[1].post_with_key(&hooks, "/v1/webhooks", &hook).await;
    assert_eq!(r.0, 201, "{}", r.1);
    let mut watched = vec![];
    for i in 0..6 {
        let h = cluster.nodes[i % 3].post("/v1/hazards", Some(&inspector), &hazard_body(None)).await;
        watched.push(h.1["id"].as_str().unwrap().to_owned());
    }
    let per_hazard = receiver.wait_for(&watched, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_secs(3)).await; // several more worker rounds on each replica
    let per_hazard_later = receiver.per_hazard();
    for id in &watched {
        assert_eq!(per_hazard.get(id), Some(&1), "hazard.created of {id} delivered once");
        assert_eq!(per_hazard_later.get(id), Some(&1), "and not again");
    }
    assert!(receiver.deliveries_unique(), "no delivery id twice");

    // A hazard's overdue event is recorded once while all three run the jobs.
    let assign = json!({"action": "assign", "department_code": "fire_rescue", "responsible_party": "某公司",
        "deadline": "2099-12-31"});
    let r = cluster.nodes[2].post(&format!("/v1/hazards/{hid}/transitions"), Some(&inspector), &assign).await;
    assert_eq!(r.0, 200, "{}", r.1);
    cluster.sql(&format!("UPDATE hazards SET deadline = '2020-01-01' WHERE id = '{hid}'"));
    let overdue = cluster.nodes[0].wait_for_events(&inspector, &hid, "overdue", Duration::from_secs(15)).await;
    assert_eq!(overdue, 1);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(cluster.nodes[1].count_events(&inspector, &hid, "overdue").await, 1, "still once");

    // A deactivated account is refused by all three within seconds.
    let (victim_name, victim_id) = cluster.nodes[0].user(&admin, "inspector").await;
    let victim = cluster.nodes[2].login(&victim_name, cluster::PASSWORD).await;
    for node in &cluster.nodes {
        assert_eq!(node.status(&victim, "/v1/hazards?limit=1").await, 200);
    }
    let patched = cluster.nodes[0].patch(&admin, &format!("/v1/users/{victim_id}"), &json!({"active": false})).await;
    assert_eq!(patched, 200);
    let deactivated = Instant::now();
    for node in &cluster.nodes {
        while node.status(&victim, "/v1/hazards?limit=1").await != 401 {
            assert!(deactivated.elapsed() < Duration::from_secs(5), "replica {} still accepts", node.n);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    println!("deactivation refused by all three after {} ms", deactivated.elapsed().as_millis());

    // kill -9 of one replica mid-load: no acknowledged write lost, the others keep serving.
    let acknowledged = Arc::new(Mutex::new(Vec::<(usize, String, bool)>::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let addresses: Vec<String> = cluster.nodes.iter().map(|n| n.address.clone()).collect();
    let mut writers = vec![];
    let client = reqwest::Client::new();
    for w in 0..6 {
        let (acked, killed, addresses, token, http) =
            (acknowledged.clone(), killed.clone(), addresses.clone(), inspector.clone(), client.clone());
        writers.push(tokio::spawn(async move {
            let until = Instant::now() + Duration::from_secs(4);
            let mut i = w;
            while Instant::now() < until {
                let node = i % 3;
                i += 1;
                let id = uuid::Uuid::new_v4().to_string();
                let res = http
                    .post(format!("{}/v1/hazards", addresses[node]))
                    .bearer_auth(&token)
                    .json(&hazard_body(Some(id.clone())))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                if res.is_ok_and(|r| r.status() == 201) {
                    acked.lock().unwrap().push((node, id, killed.load(Ordering::SeqCst)));
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    cluster.nodes[1].kill();
    killed.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    let through_killed = acked.iter().filter(|a| a.0 == 1).count();
    let after_kill = acked.iter().filter(|a| a.2).count();
    println!(
        "{} writes acknowledged ({through_killed} by the killed replica, {after_kill} after the kill)",
        acked.len()
    );
    assert!(through_killed > 0 && after_kill > 0, "load reached the killed replica and went on after it");
    let mut lost = vec![];
    for (k, (_, id, _)) in acked.iter().enumerate() {
        let node = if k % 2 == 0 { &cluster.nodes[0] } else { &cluster.nodes[2] };
        if node.status(&inspector, &format!("/v1/hazards/{id}")).await != 200 {
            lost.push(id.clone());
        }
    }
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    for n in [0, 2] {
        assert_eq!(cluster.nodes[n].status(&inspector, "/readyz").await, 200);
    }

    // Metrics of a surviving replica count the writes by route template.
    let metrics = cluster.nodes[0].metrics().await;
    assert!(metrics.contains(r#"hazard_http_requests_total{method="POST",route="/v1/hazards",status="2xx"}"#));

    // Backup and restore: pg_dump, pg_restore into a fresh database, a server on it.
    let restored_url = cluster.dump_and_restore();
    let restored = Node::spawn(9, &cluster.env_for(&restored_url)).await;
    let admin_again = restored.login("admin", cluster::ADMIN_PASSWORD).await;
    let (_, last, _) = acked.last().unwrap();
    assert_eq!(restored.status(&admin_again, &format!("/v1/hazards/{last}")).await, 200);
    assert_eq!(restored.bytes(&inspector, photo["url"].as_str().unwrap()).await, bytes, "photo from the bucket");
    println!("multi-replica run took {:.1} s", started.elapsed().as_secs_f64());
}
