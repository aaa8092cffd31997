//! ERROR is for what an operator must act on: a fresh start on SQLite and a client's
//! malformed request header log none (the real binary, its log read back).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn a_fresh_start_and_a_malformed_header_log_no_error() {
    let dir = std::env::temp_dir().join(format!("hazard-logs-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let log = std::fs::File::create(dir.join("log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hazard-api"))
        .env("HAZARD_DATABASE_URL", format!("sqlite://{}", dir.join("h.db").display()))
        .env("HAZARD_DATA_DIR", dir.join("files"))
        .env("HAZARD_BIND", format!("127.0.0.1:{port}"))
        .env("HAZARD_ADMIN_PASSWORD", "Admin-password-1")
        .env("HAZARD_LOG_FORMAT", "json")
        .env_remove("RUST_LOG")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut socket = loop {
        if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
            break s;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    socket.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\x01\r\n\r\n").unwrap();
    let mut answer = [0u8; 12];
    socket.read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"HTTP/1.1 400");
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let text = std::fs::read_to_string(dir.join("log")).unwrap();
    assert!(text.contains("listening"), "{text}");
    let errors: Vec<&str> = text.lines().filter(|l| l.contains("\"level\":\"ERROR\"")).collect();
    assert!(errors.is_empty(), "ERROR lines: {errors:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}
