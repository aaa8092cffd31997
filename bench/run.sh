#!/usr/bin/env bash
# Load benchmark of hazard-api with wrk, on SQLite and/or PostgreSQL.
#
#   bench/run.sh [sqlite|postgres|both]        (default: both)
#
# For each backend: a fresh database, 100k demo hazards (`hazard-api seed-demo`),
# the server on 127.0.0.1:18080, then two bounded wrk runs (2 threads, 16
# connections, 20 s each) as the demo inspector:
#   POST /v1/hazards                     (bench/create_hazard.lua)
#   GET  /v1/hazards?open=true&limit=50  (bench/list_open.lua)
# Progress goes to stderr; stdout gets one markdown table:
#   | backend | endpoint | req/s | p50 | p99 |
#
# Traffic stays on the loopback interface. Needs cargo, curl, python3 and wrk
# (installed with apt-get when missing); the postgres backend needs psql and a
# PostgreSQL server on 127.0.0.1:5432 where user `postgres` may create databases
# (set PGPASSWORD if it needs a password).
#
# Knobs (environment): CARGO_TARGET_DIR (default ~/.cache/hazard-api/target-release),
# BENCH_HAZARDS (100000), BENCH_PORT (18080), WRK_THREADS (2),
# WRK_CONNECTIONS (16), WRK_DURATION (20s), BENCH_PG_HOST (127.0.0.1),
# BENCH_PG_PORT (5432), BENCH_PG_USER (postgres), BENCH_READY_TIMEOUT (60, s),
# BENCH_SEED_TIMEOUT (1800, s), BENCH_BIN (a hazard-api binary to measure as it
# is, without building: e.g. an older build, for an A/B comparison).
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd -- "$BENCH_DIR/.." && pwd)"
readonly BENCH_DIR REPO_DIR

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hazard-api/target-release}"
readonly BIN="${BENCH_BIN:-$CARGO_TARGET_DIR/release/hazard-api}"

readonly HAZARDS="${BENCH_HAZARDS:-100000}"
readonly PORT="${BENCH_PORT:-18080}"
readonly BIND="127.0.0.1:$PORT"
readonly BASE_URL="http://$BIND"
readonly THREADS="${WRK_THREADS:-2}"
readonly CONNECTIONS="${WRK_CONNECTIONS:-16}"
readonly DURATION="${WRK_DURATION:-20s}"
readonly PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
readonly PG_PORT="${BENCH_PG_PORT:-5432}"
readonly PG_USER="${BENCH_PG_USER:-postgres}"
readonly PG_DB="hazard_bench"
readonly READY_TIMEOUT="${BENCH_READY_TIMEOUT:-60}"
readonly SEED_TIMEOUT="${BENCH_SEED_TIMEOUT:-1800}"

readonly ADMIN_PASSWORD="bench-admin-pass"
# Created by `hazard-api seed-demo`; the admin account may not file hazards.
readonly BENCH_USER="inspector.district"
readonly BENCH_PASSWORD="Demo-2025!"

# State of the backend under test, for cleanup.
SERVER_PID=""
WORK_DIR=""
PG_CREATED=""
ROWS=()

BENCH_TAG=bench
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

# One request of each kind before measuring, so that a broken endpoint fails
# loudly instead of being benchmarked as a stream of errors.
smoke_test() {
  local token=$1 status
  status=$(curl -sS --max-time 10 -o "$WORK_DIR/smoke-create.json" -w '%{http_code}' \
    -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data '{"title":"压力测试隐患 smoke","description":"bench","sector":"fire","street_code":"huayanglu","address":"长宁路1号","latitude":31.22,"longitude":121.42,"grade":"general"}' \
    "$BASE_URL/v1/hazards")
  if [[ $status != 2* ]]; then
    cat "$WORK_DIR/smoke-create.json" >&2 || true
    die "POST /v1/hazards answered $status"
  fi
  status=$(curl -sS --max-time 10 -o "$WORK_DIR/smoke-list.json" -w '%{http_code}' \
    -H "Authorization: Bearer $token" "$BASE_URL/v1/hazards?open=true&limit=50")
  if [[ $status != 2* ]]; then
    cat "$WORK_DIR/smoke-list.json" >&2 || true
    die "GET /v1/hazards?open=true&limit=50 answered $status"
  fi
}

# run_wrk BACKEND LABEL SCRIPT
run_wrk() {
  local backend=$1 label=$2 script=$3 out rps p50 p99 bad
  out="$WORK_DIR/wrk-$(basename "$script" .lua).txt"
  log "$backend: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency  $label"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -s "$script" "$BASE_URL" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed for $label"; }
  cat "$out" >&2

  rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2; exit }' "$out")
  p99=$(awk '$1 == "99%" { print $2; exit }' "$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  [[ -n $rps && -n $p50 && -n $p99 ]] || die "could not read wrk's output for $label"
  if [[ -n $bad && $bad != 0 ]]; then
    log "warning: $backend $label: $bad responses were not 2xx/3xx"
  fi
  if grep -q 'Socket errors:' "$out"; then
    log "warning: $backend $label: $(grep 'Socket errors:' "$out" | sed 's/^ *//')"
  fi

  local row="| $backend | $label | $rps | $p50 | $p99 |"
  ROWS+=("$row")
  log "$row"
}

bench_backend() {
  local backend=$1 db_url
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hazard-bench.XXXXXX")

  case $backend in
    sqlite)
      db_url="sqlite://$WORK_DIR/bench.db"
      ;;
    postgres)
      log "postgres: recreating database $PG_DB on $PG_HOST:$PG_PORT"
      psql_admin -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
      PG_CREATED=1
      db_url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB"
      ;;
    *) die "unknown backend: $backend" ;;
  esac

  local jwt_secret
  jwt_secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
  # Shared by seed-demo and the server.
  local -a env_vars=(
    "HAZARD_DATABASE_URL=$db_url"
    "HAZARD_DATA_DIR=$WORK_DIR"
    "HAZARD_ADMIN_PASSWORD=$ADMIN_PASSWORD"
    "HAZARD_JWT_SECRET=$jwt_secret"
    "HAZARD_BIND=$BIND"
    "RUST_LOG=${RUST_LOG:-warn}"
  )

  log "$backend: loading $HAZARDS demo hazards (seed-demo)"
  local started=$SECONDS
  env "${env_vars[@]}" timeout "$SEED_TIMEOUT" "$BIN" seed-demo --hazards "$HAZARDS" \
    >"$WORK_DIR/seed.log" 2>&1 \
    || { tail -n 40 "$WORK_DIR/seed.log" >&2; die "seed-demo failed on $backend"; }
  log "$backend: seeded in $((SECONDS - started))s"

  log "$backend: starting the server on $BIND"
  env "${env_vars[@]}" "$BIN" >"$WORK_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  wait_ready

  local token
  token=$(login "$BENCH_USER" "$BENCH_PASSWORD") \
    || die "login as $BENCH_USER failed on $backend"
  [[ -n $token ]] || die "empty access token on $backend"
  smoke_test "$token"

  HAZARD_BENCH_TOKEN="$token"
  HAZARD_BENCH_RUN="$backend-$(date +%s)"
  export HAZARD_BENCH_TOKEN HAZARD_BENCH_RUN
  run_wrk "$backend" "POST /v1/hazards" "$BENCH_DIR/create_hazard.lua"
  run_wrk "$backend" "GET /v1/hazards?open=true&limit=50" "$BENCH_DIR/list_open.lua"
  unset HAZARD_BENCH_TOKEN HAZARD_BENCH_RUN

  if grep -qiE 'panicked|error' "$WORK_DIR/server.log"; then
    log "note: the server log of $backend mentions errors; last lines:"
    tail -n 10 "$WORK_DIR/server.log" >&2 || true
  fi
  teardown
}

main() {
  local which=${1:-both}
  local -a backends
  case $which in
    sqlite) backends=(sqlite) ;;
    postgres) backends=(postgres) ;;
    both) backends=(sqlite postgres) ;;
    -h | --help)
      sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "usage: $0 [sqlite|postgres|both]" ;;
  esac

  need cargo
  need curl
  need python3
  need timeout
  if [[ " ${backends[*]} " == *" postgres "* ]]; then
    need psql
  fi
  ensure_tool wrk

  if curl -fsS --max-time 2 -o /dev/null "$BASE_URL/healthz" 2>/dev/null; then
    die "something already answers on $BASE_URL; stop it or set BENCH_PORT"
  fi

  if [[ -z ${BENCH_BIN:-} ]]; then
    log "building hazard-api (release) into $CARGO_TARGET_DIR"
    (cd "$REPO_DIR" && cargo build --release -p hazard-api) >&2
  fi
  [[ -x $BIN ]] || die "no binary at $BIN"

  local backend
  for backend in "${backends[@]}"; do
    bench_backend "$backend"
  done

  printf '| backend | endpoint | req/s | p50 | p99 |\n'
  printf '|---|---|---:|---:|---:|\n'
  printf '%s\n' "${ROWS[@]}"
}

main "$@"
