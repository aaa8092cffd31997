#!/usr/bin/env python3
"""Hardening figures for docs/benchmarks.md (standard library only, loopback only).

    bench/hardening.py --bin target/debug/hazard-api --backend sqlite|postgres [--sync full|normal]

1. Memory under 200 anonymous slow or large requests: 100 connections send the head of
   a keyed POST announcing a 10 MiB body, 64 KiB of it, then stall; 100 more send a
   2 MiB body in full. The server's resident memory is sampled throughout; a normal
   signed-in request is timed while they hang.
2. Time to 503 with the database gone (postgres only): the server reaches PostgreSQL
   through a relay in this script; the relay is cut, and the time until
   `GET /v1/me` and `GET /readyz` answer 503 is measured, then the time until they
   answer 200 again after the relay is restored (no restart).
3. Filing rate (`--filings N`): N hazards filed by 4 threads, for SQLite's
   synchronous=FULL vs NORMAL comparison (`--sync`); `--keyed` sends each with its own
   `Idempotency-Key` (the keyed unit of work: claim, then the writes and the stored
   answer in one transaction).
"""
import argparse, http.client, json, os, secrets, socket, subprocess, tempfile, threading, time

ADMIN = "Admin-password-1"


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def request(port, method, path, body=None, token=None, timeout=30, key=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if key:
        headers["Idempotency-Key"] = key
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


class Relay:
    """Forwards 127.0.0.1:<port> to PostgreSQL; `cut()` drops every link and refuses."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target, self.up, self.links = target, True, []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            a, _ = self.sock.accept()
            if not self.up:
                a.close()
                continue
            try:
                b = socket.create_connection(self.target)
            except OSError:
                a.close()
                continue
            self.links += [a, b]
            for x, y in ((a, b), (b, a)):
                threading.Thread(target=self.pipe, args=(x, y), daemon=True).start()

    @staticmethod
    def pipe(x, y):
        try:
            while data := x.recv(65536):
                y.sendall(data)
        except OSError:
            pass
        for s in (x, y):
            try:
                s.close()
            except OSError:
                pass

    def cut(self):
        self.up = False
        for s in self.links:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.links = []

    def restore(self):
        self.up = True


def start(args, work, port, db_url):
    env = dict(os.environ, HAZARD_DATABASE_URL=db_url, HAZARD_DATA_DIR=f"{work}/files",
               HAZARD_BIND=f"127.0.0.1:{port}", HAZARD_ADMIN_PASSWORD=ADMIN,
               HAZARD_JWT_SECRET=secrets.token_urlsafe(48), HAZARD_SQLITE_SYNCHRONOUS=args.sync,
               RUST_LOG="warn")
    proc = subprocess.Popen([args.bin], env=env, stdout=subprocess.DEVNULL, stderr=open(f"{work}/server.log", "w"))
    for _ in range(600):
        try:
            if request(port, "GET", "/healthz", timeout=1)[0] == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def memory(port, pid, token):
    base = rss_mib(pid)
    peak, socks = base, []
    for i in range(100):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall((f"POST /v1/hazards HTTP/1.1\r\nHost: x\r\nIdempotency-Key: slow-{i}\r\n"
                   "Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n").encode() + b" " * 65536)
        socks.append(s)
    def large(i):
        try:
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall((f"POST /v1/hazards HTTP/1.1\r\nHost: x\r\nIdempotency-Key: big-{i}\r\n"
                       "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n").encode() + b" " * 2097152)
            s.recv(100)
            socks.append(s)
        except OSError:
            pass
    threads = [threading.Thread(target=large, args=(i,)) for i in range(100)]
    for t in threads:
        t.start()
    t0 = time.time()
    status, _ = request(port, "GET", "/v1/me", token=token)
    normal_ms = (time.time() - t0) * 1000
    end = time.time() + 5
    while time.time() < end:
        peak = max(peak, rss_mib(pid))
        time.sleep(0.05)
    for t in threads:
        t.join()
    for s in socks:
        s.close()
    print(f"| memory | RSS before {base:.0f} MiB, peak under 200 slow/large anonymous requests {peak:.0f} MiB "
          f"(+{peak - base:.0f} MiB); a signed-in GET /v1/me meanwhile: {status} in {normal_ms:.0f} ms |")


def outage(port, relay, token):
    relay.cut()
    for path in ("/v1/me", "/readyz"):
        t0 = time.time()
        status, _ = request(port, "GET", path, token=token)
        print(f"| outage | GET {path} with PostgreSQL gone: {status} after {(time.time() - t0) * 1000:.0f} ms |")
    relay.restore()
    t0 = time.time()
    while request(port, "GET", "/readyz")[0] != 200:
        time.sleep(0.05)
    status, _ = request(port, "GET", "/v1/me", token=token)
    print(f"| outage | back: /readyz 200 {(time.time() - t0) * 1000:.0f} ms after the relay returned; /v1/me {status} |")


def filings(port, token, n, keyed=False):
    lat, lock = [], threading.Lock()
    body = {"title": "压力测试隐患", "description": "bench", "sector": "fire", "street_code": "huayanglu",
            "address": "长宁路1号", "latitude": 31.22, "longitude": 121.42, "grade": "general"}
    def work(k):
        for i in range(n // 4):
            t0 = time.time()
            key = f"bench-{k}-{i}-{secrets.token_hex(4)}" if keyed else None
            s, _ = request(port, "POST", "/v1/hazards", dict(body, title=f"隐患 {k}-{i}"), token, key=key)
            with lock:
                lat.append(((time.time() - t0) * 1000, s))
    t0 = time.time()
    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    took = time.time() - t0
    ms = sorted(l for l, _ in lat)
    ok = sum(1 for _, s in lat if s == 201)
    print(f"| filing{' (keyed)' if keyed else ''} | {ok}/{len(lat)} created, {len(lat) / took:.0f} req/s, p50 {ms[len(ms) // 2]:.1f} ms, "
          f"p99 {ms[int(len(ms) * 0.99)]:.1f} ms |")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--sync", choices=["full", "normal"], default="full")
    p.add_argument("--filings", type=int, default=0)
    p.add_argument("--keyed", action="store_true")
    p.add_argument("--skip-memory", action="store_true")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="hazard-hardening-")
    port = socket.socket(); port.bind(("127.0.0.1", 0)); port_n = port.getsockname()[1]; port.close()
    relay, db = None, None
    if args.backend == "postgres":
        db = f"hazard_hardening_{secrets.token_hex(4)}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
        relay = Relay()
        url = f"postgres://postgres@127.0.0.1:{relay.port}/{db}"
    else:
        url = f"sqlite://{work}/hazard.db"
    proc = start(args, work, port_n, url)
    try:
        _, data = request(port_n, "POST", "/v1/auth/login", {"username": "admin", "password": ADMIN})
        admin = json.loads(data)["access_token"]
        print(f"| backend | {args.backend} (synchronous={args.sync} on SQLite) |")
        if not args.skip_memory:
            memory(port_n, proc.pid, admin)
        if args.filings:
            user = {"username": "bench.inspector", "password": "Bench-pass-123", "display_name": "压测",
                    "role": "inspector"}
            request(port_n, "POST", "/v1/users", user, admin)
            _, data = request(port_n, "POST", "/v1/auth/login", {"username": user["username"], "password": user["password"]})
            filings(port_n, json.loads(data)["access_token"], args.filings, args.keyed)
        if relay:
            outage(port_n, relay, admin)
    finally:
        proc.kill()
        proc.wait()
        if db:
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])


if __name__ == "__main__":
    main()
