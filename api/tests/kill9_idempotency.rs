//! kill -9 in the middle of keyed writes: the real binary as a child process, killed
//! while requests are in flight (at random, and at the exact points the debug-build
//! crash hooks name), then restarted on the same database. For every key exactly one
//! effect is committed, and every retry gets the committed result: the stored answer,
//! or the request run again (once the lease of the dead request is over) when nothing of
//! it had committed; none stays `idempotency_in_progress`. Runs on SQLite, or on
//! PostgreSQL when `HAZARD_TEST_DATABASE_URL` names a server.

mod kill9;

use std::time::Duration;

use kill9::*;
use serde_json::{json, Value};

const KEYS: usize = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_in_flight_at_a_kill_are_answered_after_restart() {
    let Setup { db, port, base, client, mut child, token, .. } = with_inspector("kill9", "inspector.k9").await;

    // A burst of keyed filings; the server is killed once a third of them are answered,
    // so some are answered, some committed but unanswered, and some still running.
    let url = format!("{base}/v1/hazards");
    let answered = std::sync::Arc::new((std::sync::atomic::AtomicUsize::new(0), tokio::sync::Notify::new()));
    let mut flights = Vec::new();
    for i in 0..KEYS {
        let (c, u, t, a) = (client.clone(), url.clone(), token.clone(), answered.clone());
        flights.push(tokio::spawn(async move {
            let answer = post(&c, &u, Some(&t), &hazard(i), Some(&format!("k9-{i}"))).await;
            if answer.0 == 201 && a.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == KEYS / 3 {
                a.1.notify_one();
            }
            answer
        }));
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), answered.1.notified()).await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let mut acknowledged = std::collections::BTreeMap::new();
    for (i, f) in flights.into_iter().enumerate() {
        let (status, body) = f.await.unwrap();
        if status == 201 {
            acknowledged.insert(i, body["id"].as_str().unwrap().to_owned());
        }
    }

    let mut child = start(&db.url, &db.dir, port);
    wait_ready(&client, &base).await;
    let mut replayed = 0;
    for i in 0..KEYS {
        let r = retry(&client, &url, &token, &hazard(i), &format!("k9-{i}"), 201).await;
        let id = r.body["id"].as_str().unwrap().to_owned();
        if let Some(first) = acknowledged.get(&i) {
            assert_eq!(&id, first, "key {i}: the retry answers with the hazard acknowledged before the kill");
        }
        replayed += usize::from(r.replayed);
        // Exactly one committed effect per key: the one the retry answers with.
        let filed = titled(&client, &base, &token, hazard(i)["title"].as_str().unwrap()).await;
        assert_eq!(filed, vec![id], "key {i}: one hazard, the one answered");
    }
    eprintln!(
        "kill -9: {} of {KEYS} acknowledged before the kill; {replayed} retries replayed a stored answer, \
         the rest ran again",
        acknowledged.len()
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The narrow windows, hit on purpose: the process dies right after the use case's write
/// (before the response is stored), or right after the write and the response committed
/// (before the answer is sent), for a filing and for an account. Either way the retry
/// gets the committed result, and each key has exactly one effect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_commit_and_answer_never_runs_a_request_twice() {
    let Setup { db, port, base, client, mut child, admin, token } = with_inspector("crashhook", "inspector.hook").await;
    child.kill().unwrap();
    child.wait().unwrap();

    let account =
        |name: &str| json!({"username": name, "password": PASSWORD, "display_name": "值班员", "role": "inspector"});
    let hazards = format!("{base}/v1/hazards");
    let users = format!("{base}/v1/users");
    let cases: [(&str, &str, &str, &str, Value); 4] = [
        ("HAZARD_TEST_CRASH_AFTER_COMMIT", "hook-hazard-commit", &hazards, &token, hazard(101)),
        ("HAZARD_TEST_CRASH_AFTER_STORE", "hook-hazard-store", &hazards, &token, hazard(102)),
        ("HAZARD_TEST_CRASH_AFTER_COMMIT", "hook-user-commit", &users, &admin, account("duty.commit")),
        ("HAZARD_TEST_CRASH_AFTER_STORE", "hook-user-store", &users, &admin, account("duty.store")),
    ];
    for (hook, key, url, bearer, body) in &cases {
        let mut child = start_with(&db.url, &db.dir, port, &[(hook, key)]);
        wait_ready(&client, &base).await;
        let r = send(&client, url, Some(bearer), body, Some(key)).await;
        assert_eq!(r.status, 0, "{hook} {key}: the process dies before it answers ({})", r.body);
        assert!(!child.wait().unwrap().success(), "{hook} {key}: the process aborted");
    }

    let mut child = start(&db.url, &db.dir, port);
    wait_ready(&client, &base).await;
    for (hook, key, url, bearer, body) in &cases {
        let r = retry(&client, url, bearer, body, key, 201).await;
        let stored = *hook == "HAZARD_TEST_CRASH_AFTER_STORE";
        assert_eq!(r.replayed, stored, "{hook} {key}: replayed only when the answer had been stored");
        let again = send(&client, url, Some(bearer), body, Some(key)).await;
        assert_eq!((again.status, again.replayed, &again.body), (201, true, &r.body), "{key}: later retries replay");
        if *url == hazards.as_str() {
            let filed = titled(&client, &base, &token, body["title"].as_str().unwrap()).await;
            assert_eq!(filed, vec![r.body["id"].as_str().unwrap().to_owned()], "{hook} {key}: one hazard");
        } else {
            assert_eq!(
                named(&client, &base, &admin, body["username"].as_str().unwrap()).await,
                1,
                "{key}: one account"
            );
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
