#!/usr/bin/env bash
# The server's own CPU time per request on the open list, which the machine's noise
# hardly moves (req/s on two shared cores swings by a third between runs; CPU per request
# by a tenth), with PostgreSQL's backends' CPU per request beside it.
#
#   bench/cpu_per_request.sh BIN DATABASE_URL [SECONDS]
#
# BIN: a release build of hazard-api; DATABASE_URL: a database `seed-demo` filled (the
# list runs as its `inspector.district`), with the outbox already fanned out so the server
# has nothing else to do. Warms up 3 s, then wrk -t2 -c16 for SECONDS (10) on
# GET /v1/hazards?open=true&limit=50 and prints one line:
#   <bin> rps=… p99=… api_us_per_req=… pg_us_per_req=… hwm=…kB
# (utime+stime of the server, and of every `postgres: … postgres` backend, from /proc,
# divided by the requests wrk completed; hwm: the server's peak RSS). Extra server
# environment: EXTRA_ENV="HAZARD_DB_POOL_SIZE=16 …". BENCH_SCRIPT=create_hazard.lua measures
# filing instead (it adds hazards: run it on a copy). Needs wrk, curl, python3.
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
BIN=$1
URL=$2
SECS=${3:-10}
PORT=${BENCH_PORT:-18555}
SCRIPT="$BENCH_DIR/${BENCH_SCRIPT:-list_open.lua}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hazard-cpu.XXXXXX")
# shellcheck disable=SC2086 # EXTRA_ENV is a list of NAME=value words
env HAZARD_DATABASE_URL="$URL" HAZARD_DATA_DIR="$WORK" HAZARD_ADMIN_PASSWORD=bench-admin-pass \
  HAZARD_JWT_SECRET=cpu-per-request-secret-long-enough-for-hs256 HAZARD_BIND="127.0.0.1:$PORT" RUST_LOG=warn \
  ${EXTRA_ENV:-} "$BIN" >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.3; done
HAZARD_BENCH_TOKEN=$(curl -sf -H 'Content-Type: application/json' \
  -d '{"username":"inspector.district","password":"Demo-2025!"}' "http://127.0.0.1:$PORT/v1/auth/login" \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
export HAZARD_BENCH_TOKEN
wrk -t2 -c16 -d3s -s "$SCRIPT" "http://127.0.0.1:$PORT" >/dev/null
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
pg_ticks() {
  local sum=0 p t
  for p in $(pgrep -f 'postgres: .*postgres ' || true); do
    t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    sum=$((sum + t))
  done
  echo "$sum"
}
api0=$(ticks "$PID"); pg0=$(pg_ticks)
out=$(wrk -t2 -c16 -d"${SECS}s" --latency -s "$SCRIPT" "http://127.0.0.1:$PORT")
api1=$(ticks "$PID"); pg1=$(pg_ticks)
reqs=$(awk '/requests in/ { print $1 }' <<<"$out")
rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
hz=$(getconf CLK_TCK)
echo "$(basename "$BIN") rps=$rps p99=$p99 api_us_per_req=$(((api1 - api0) * 1000000 / hz / reqs))" \
  "pg_us_per_req=$(((pg1 - pg0) * 1000000 / hz / reqs)) hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$PID/status")kB"
