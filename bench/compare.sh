#!/usr/bin/env bash
# Side by side, in one run: the API against PostgreSQL running the same SQL (pgbench),
# and builds against each other.
#
#   bench/compare.sh [postgres|sqlite|both]        (default: both)
#
# PostgreSQL: one fresh database with BENCH_HAZARDS demo hazards (`seed-demo` of the
# first build, then VACUUM ANALYZE), copied for every build (CREATE DATABASE … TEMPLATE);
# each build migrates its copy when it starts. Then BENCH_ROUNDS rounds, interleaved:
# in each, for every build, the server on its copy and wrk on
#   POST /v1/hazards                     (bench/create_hazard.lua, unique bodies)
#   GET  /v1/hazards?open=true&limit=50  (bench/list_open.lua), once the server has
#                                        fanned out the events the filings queued
# and pgbench -M prepared, as many clients as wrk has connections, on the statements the
# current code sends for the same two requests (captured with log_statement=all; the
# scripts are written to the work folder and printed). The list is measured in
# BENCH_PAIRS pairs: wrk on the list, then at once pgbench on the list's SQL on the same
# copy (the server idle), so that each ratio compares two runs seconds apart on the same
# data; a shared machine's load swings too much over the minutes between builds. Filing
# is compared with one pgbench run per round, against the last build's copy.
# Prints every run, then each build's req/s as a share of pgbench's transactions/s on
# the same SQL, and as a multiple of the first build's, then per build and endpoint the
# median, lowest and highest of those shares over all rounds and pairs.
#
# SQLite: the same demo data in one file, copied for every build; in each round, for
# every build and every HAZARD_SQLITE_SYNCHRONOUS of BENCH_SQLITE_SYNCS, wrk on the same
# two requests. Prints req/s, p50, p99 and p99/p50 (the goal: p99 ≤ 5 × p50 for filing).
#
# Progress goes to stderr, the tables to stdout. Traffic stays on loopback. The machine
# is shared: read the ratios of one run, not the absolute numbers.
#
# Knobs (environment):
#   BENCH_BINS       "label=path ..." builds to compare, oldest first (the first one seeds;
#                    an older build refuses a database a newer one migrated)
#                    (default: current=$CARGO_TARGET_DIR/release/hazard-api)
#   BENCH_HAZARDS (100000), BENCH_ROUNDS (2), BENCH_SECONDS (15, per run),
#   BENCH_PAIRS (3: wrk + pgbench pairs on the list per build and round; PostgreSQL),
#   WRK_THREADS (2), WRK_CONNECTIONS (16), BENCH_PORT (18080),
#   BENCH_SQLITE_SYNCS ("full normal"), BENCH_PG_HOST (127.0.0.1), BENCH_PG_PORT (5432),
#   BENCH_PG_USER (postgres), BENCH_READY_TIMEOUT (60, s), BENCH_SEED_TIMEOUT (3600, s),
#   BENCH_DRAIN_TIMEOUT (180, s: the longest wait, between a build's filing run and its
#                    list run, for its webhook worker to fan out the events filed),
#   BENCH_PG_SEED_DB / BENCH_SQLITE_SEED_FILE: a database (file) the first build's
#                    seed-demo already filled, copied instead of seeding again (seeding
#                    100,000 hazards takes minutes; the copy is what every build gets anyway).
# Needs curl, python3, wrk (installed with apt-get when missing), and for PostgreSQL psql
# and pgbench (the postgresql-client / postgresql packages).
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
readonly BENCH_DIR

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hazard-api/target-release}"
readonly BINS_SPEC="${BENCH_BINS:-current=$CARGO_TARGET_DIR/release/hazard-api}"
readonly HAZARDS="${BENCH_HAZARDS:-100000}"
readonly ROUNDS="${BENCH_ROUNDS:-2}"
readonly SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
readonly PAIRS="${BENCH_PAIRS:-3}"
readonly THREADS="${WRK_THREADS:-2}"
readonly CONNECTIONS="${WRK_CONNECTIONS:-16}"
readonly PORT="${BENCH_PORT:-18080}"
readonly BIND="127.0.0.1:$PORT"
readonly BASE_URL="http://$BIND"
readonly SQLITE_SYNCS="${BENCH_SQLITE_SYNCS:-full normal}"
readonly PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
readonly PG_PORT="${BENCH_PG_PORT:-5432}"
readonly PG_USER="${BENCH_PG_USER:-postgres}"
readonly PG_DB="hazard_cmp_seed"
readonly PG_SEED_DB="${BENCH_PG_SEED_DB:-}"
readonly SQLITE_SEED_FILE="${BENCH_SQLITE_SEED_FILE:-}"
readonly READY_TIMEOUT="${BENCH_READY_TIMEOUT:-60}"
readonly SEED_TIMEOUT="${BENCH_SEED_TIMEOUT:-3600}"
readonly DRAIN_TIMEOUT="${BENCH_DRAIN_TIMEOUT:-180}"
readonly ADMIN_PASSWORD="bench-admin-pass"
readonly BENCH_USER="inspector.district"
readonly BENCH_PASSWORD="Demo-2025!"
readonly JWT_SECRET="compare-secret-that-is-long-enough-for-hs256-signing"

SERVER_PID=""
WORK_DIR=""
PG_CREATED=""
COPIES=()
LABELS=()
PATHS=()
RUNS=()

BENCH_TAG=compare
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

# lib.sh's teardown knows one database; this run also made a copy per build.
drop_copies() {
  local db
  for db in "${COPIES[@]}"; do
    psql_admin -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || log "warning: could not drop $db"
  done
  COPIES=()
}
eval "$(declare -f teardown | sed '1s/teardown/lib_teardown/')"
teardown() {
  stop_server
  [[ ${#COPIES[@]} -eq 0 ]] || drop_copies
  lib_teardown
}

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$1" "${@:2}"; }

# to_ms VALUE-WITH-UNIT (wrk prints 850.00us, 7.29ms, 1.02s)
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# start BINARY DB_URL [ENV...]: the server, ready, on BIND
start_server() {
  local bin=$1 url=$2
  shift 2
  env "HAZARD_DATABASE_URL=$url" "HAZARD_DATA_DIR=$WORK_DIR/files" "HAZARD_ADMIN_PASSWORD=$ADMIN_PASSWORD" \
    "HAZARD_JWT_SECRET=$JWT_SECRET" "HAZARD_BIND=$BIND" "RUST_LOG=${RUST_LOG:-warn}" "$@" \
    "$bin" >>"$WORK_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  wait_ready
}

# One request of each kind first, so that a broken endpoint fails loudly.
smoke() {
  local token=$1 status
  status=$(curl -sS --max-time 10 -o "$WORK_DIR/smoke.json" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data '{"title":"压力测试隐患 smoke","description":"bench","sector":"fire","street_code":"huayanglu","address":"长宁路1号","latitude":31.22,"longitude":121.42,"grade":"general"}' \
    "$BASE_URL/v1/hazards")
  [[ $status == 201 ]] || { cat "$WORK_DIR/smoke.json" >&2; die "POST /v1/hazards answered $status"; }
  status=$(curl -sS --max-time 10 -o "$WORK_DIR/smoke.json" -w '%{http_code}' \
    -H "Authorization: Bearer $token" "$BASE_URL/v1/hazards?open=true&limit=50")
  [[ $status == 200 ]] || { cat "$WORK_DIR/smoke.json" >&2; die "GET /v1/hazards answered $status"; }
}

# wrk_run BACKEND ROUND TARGET ENDPOINT SCRIPT [PAIR]
#   -> appends "backend|round|target|endpoint|rps|p50ms|p99ms|pair"
# PAIR names the pgbench run this one is compared with (pgbench_run's PAIR); without it,
# the round's pgbench run of the same endpoint.
wrk_run() {
  local backend=$1 round=$2 target=$3 endpoint=$4 script=$5 pair=${6:-} out rps p50 p99 bad
  out="$WORK_DIR/wrk.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 10s --latency -s "$script" "$BASE_URL" \
    >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed: $target $endpoint"; }
  rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2; exit }' "$out")
  p99=$(awk '$1 == "99%" { print $2; exit }' "$out")
  [[ -n $rps && -n $p50 && -n $p99 ]] || { cat "$out" >&2; die "could not read wrk's output"; }
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  [[ -z $bad || $bad == 0 ]] || log "warning: $target $endpoint: $bad responses were not 2xx"
  RUNS+=("$backend|$round|$target|$endpoint|$rps|$(to_ms "$p50")|$(to_ms "$p99")|$pair")
  log "$backend round $round: $target $endpoint: $rps req/s, p50 $p50, p99 $p99"
}

# pgbench_run ROUND DB ENDPOINT SCRIPT [PAIR]
pgbench_run() {
  local round=$1 db=$2 endpoint=$3 script=$4 pair=${5:-} out tps lat
  out="$WORK_DIR/pgbench.txt"
  pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$SECONDS_PER_RUN" -f "$script" \
    -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" >"$out" 2>&1 || { cat "$out" >&2; die "pgbench failed: $endpoint"; }
  tps=$(awk '$1 == "tps" { print $3; exit }' "$out")
  lat=$(awk '/latency average/ { print $4; exit }' "$out")
  [[ -n $tps ]] || { cat "$out" >&2; die "could not read pgbench's output"; }
  RUNS+=("postgres|$round|pgbench|$endpoint|$tps|$lat||$pair")
  log "postgres round $round: pgbench $endpoint: $tps tps, average latency ${lat:-?} ms"
}

token_for_bench() {
  login "$BENCH_USER" "$BENCH_PASSWORD" || die "login as $BENCH_USER failed"
}

measure_build() {
  local backend=$1 round=$2 target=$3 bin=$4 url=$5
  shift 5
  start_server "$bin" "$url" "$@"
  local token
  token=$(token_for_bench)
  smoke "$token"
  HAZARD_BENCH_TOKEN=$token HAZARD_BENCH_RUN="$target-$round-$(date +%s%N)" \
    wrk_run "$backend" "$round" "$target" POST "$BENCH_DIR/create_hazard.lua"
  drain_outbox "$backend" "$url" "$target"
  if [[ $backend == postgres ]]; then
    local pair
    for ((pair = 1; pair <= PAIRS; pair++)); do
      HAZARD_BENCH_TOKEN=$token wrk_run "$backend" "$round" "$target" GET "$BENCH_DIR/list_open.lua" "$target.$round.$pair"
      pgbench_run "$round" "${url##*/}" GET "$WORK_DIR/list_open.sql" "$target.$round.$pair"
    done
  else
    HAZARD_BENCH_TOKEN=$token wrk_run "$backend" "$round" "$target" GET "$BENCH_DIR/list_open.lua"
  fi
  stop_server
}

# drain_outbox BACKEND URL TARGET: waits until the server's webhook worker has fanned out
# the events the filing run queued (one per hazard), so that the list is measured on its
# own, not against that backlog; logs how long it took (at most BENCH_DRAIN_TIMEOUT s).
drain_outbox() {
  local backend=$1 url=$2 target=$3 started=$SECONDS left sql="SELECT count(*) FROM outbox WHERE NOT fanned_out"
  while :; do
    if [[ $backend == postgres ]]; then
      left=$(psql_db "${url##*/}" -At -c "$sql")
    else
      left=$(sqlite3 -cmd '.timeout 5000' "${url#sqlite://}" "$sql")
    fi
    [[ $left == 0 ]] && break
    if ((SECONDS - started >= DRAIN_TIMEOUT)); then
      log "warning: $backend $target: $left events still to fan out after ${DRAIN_TIMEOUT}s; measuring the list anyway"
      return
    fi
    sleep 0.5
  done
  log "$backend: $target fanned out the filing run's events in $((SECONDS - started))s"
}

# The statements the current code sends for one filing and one page of the open list
# (log_statement=all on a server of this branch; the session check of the bearer token,
# one query per token every HAZARD_SESSION_RECHECK_SECS, is left out).
write_pgbench_scripts() {
  local db=$1 year month listed_cols uid
  year=$(TZ=Asia/Shanghai date +%Y)
  month=$(TZ=Asia/Shanghai date +%Y-%m-01)
  uid=$(psql_db "$db" -At -c "SELECT id FROM users WHERE username = '$BENCH_USER'")
  [[ $uid =~ ^[0-9a-f-]+$ ]] || die "no id for $BENCH_USER (got '$uid')"
  # A list reads only the columns its views send (ListedHazard), as SQL text (repo/hazards/list.rs).
  listed_cols='id, code, title, description, sector, street_code, address, latitude, longitude, grade, criterion_code, source, status, enterprise_id, enterprise_name, inspection_id, department_code, responsible_party, deadline, rectification_plan, reported_by, observed_at, created_at, updated_at, closed_at, version, listed'
  cat >"$WORK_DIR/list_open.sql" <<SQL
\set lim 51
SELECT $listed_cols FROM hazards WHERE status IN ('reported', 'rectifying', 'pending_review') ORDER BY created_at DESC, id DESC LIMIT :lim;
SQL
  cat >"$WORK_DIR/create_hazard.sql" <<SQL
\set r random(1, 281474976710655)
BEGIN;
SELECT CASE WHEN to_regclass('hazard_code_$year') IS NOT NULL THEN nextval('hazard_code_$year'::regclass) END AS seq \gset
INSERT INTO "hazards" ("id", "code", "title", "description", "sector", "street_code", "address", "latitude", "longitude", "grade", "criterion_code", "source", "status", "enterprise_id", "enterprise_name", "inspection_id", "department_code", "responsible_party", "deadline", "rectification_plan", "reported_by", "observed_at", "created_at", "updated_at", "closed_at", "version", "last_submitted_by", "request_hash", "overdue_recorded_for", "reminded_for", "close_days", "tip_id", "filed_on", "listed", "enforced") VALUES (lpad(to_hex(:client_id::bigint), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(:r::bigint), 12, '0'), 'YH-$year-' || lpad(:seq::text, 6, '0'), '压力测试隐患 pgbench', 'bench', 'fire', 'huayanglu', '长宁路1号', 31.22, 121.42, 'general', NULL, 'inspection', 'reported', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '$uid', NULL, localtimestamp, localtimestamp, NULL, 1, NULL, 'pgbench', NULL, NULL, NULL, NULL, '$month'::date, false, false);
INSERT INTO "hazard_events" ("hazard_id", "action", "actor_id", "actor_role", "from_status", "to_status", "note", "data", "created_at") VALUES (lpad(to_hex(:client_id::bigint), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(:r::bigint), 12, '0'), 'report', '$uid', 'inspector', NULL, 'reported', NULL, NULL, localtimestamp);
INSERT INTO hazard_changes (seq, hazard_id, street_code, enterprise_id, prev_street_code, prev_enterprise_id, created_at) SELECT CASE WHEN n.k < 65536 THEN b.base + (pg_current_xact_id()::text::bigint << 16) + n.k END, lpad(to_hex(:client_id::bigint), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(:r::bigint), 12, '0'), 'huayanglu', NULL, NULL, NULL, localtimestamp FROM change_key_base b, (SELECT set_config('hazard.change_k', (COALESCE(NULLIF(current_setting('hazard.change_k', true), ''), '-1')::bigint + 1)::text, true)::bigint AS k) n RETURNING seq;
INSERT INTO "outbox" ("event_id", "event_type", "hazard_id", "street_code", "data", "fanned_out", "created_at", "hazard_snapshot") VALUES (gen_random_uuid()::text, 'hazard.created', lpad(to_hex(:client_id::bigint), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(:r::bigint), 12, '0'), 'huayanglu', NULL, false, localtimestamp, '{"id":"pgbench","title":"压力测试隐患 pgbench","description":"bench","sector":"fire","street_code":"huayanglu","address":"长宁路1号","status":"reported"}');
INSERT INTO hazard_month_stats (month, street_code, sector, close_days, found, found_major, closed, major_closed, open, in_inspections, major_in_inspections, major_listed, major_enforced, self_found, self_closed) VALUES ('$month', 'huayanglu', 'fire', -1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) ON CONFLICT (month, street_code, sector, close_days) DO UPDATE SET found = hazard_month_stats.found + excluded.found, found_major = hazard_month_stats.found_major + excluded.found_major, closed = hazard_month_stats.closed + excluded.closed, major_closed = hazard_month_stats.major_closed + excluded.major_closed, open = hazard_month_stats.open + excluded.open, in_inspections = hazard_month_stats.in_inspections + excluded.in_inspections, major_in_inspections = hazard_month_stats.major_in_inspections + excluded.major_in_inspections, major_listed = hazard_month_stats.major_listed + excluded.major_listed, major_enforced = hazard_month_stats.major_enforced + excluded.major_enforced, self_found = hazard_month_stats.self_found + excluded.self_found, self_closed = hazard_month_stats.self_closed + excluded.self_closed;
COMMIT;
SQL
  log "pgbench scripts (the SQL of this branch), $WORK_DIR/list_open.sql and create_hazard.sql:"
  cat "$WORK_DIR/list_open.sql" "$WORK_DIR/create_hazard.sql" >&2
}

bench_postgres() {
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hazard-compare.XXXXXX")
  mkdir -p "$WORK_DIR/files"
  local base="postgres://$PG_USER@$PG_HOST:$PG_PORT" template=$PG_DB
  if [[ -n $PG_SEED_DB ]]; then
    template=$PG_SEED_DB
    log "postgres: copying the seeded database $PG_SEED_DB (BENCH_PG_SEED_DB)"
  else
    log "postgres: seeding $HAZARDS demo hazards with ${LABELS[0]}"
    psql_admin -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
    PG_CREATED=1
    local started=$SECONDS
    env "HAZARD_DATABASE_URL=$base/$PG_DB" "HAZARD_DATA_DIR=$WORK_DIR/files" "HAZARD_ADMIN_PASSWORD=$ADMIN_PASSWORD" \
      "RUST_LOG=warn" timeout "$SEED_TIMEOUT" "${PATHS[0]}" seed-demo --hazards "$HAZARDS" >"$WORK_DIR/seed.log" 2>&1 \
      || { tail -n 40 "$WORK_DIR/seed.log" >&2; die "seed-demo failed"; }
    # Statistics and visibility map as autovacuum would leave them, for every build alike.
    psql_db "$PG_DB" -c "VACUUM (ANALYZE)"
    log "postgres: seeded in $((SECONDS - started))s"
  fi
  local i
  for i in "${!LABELS[@]}"; do
    psql_admin -c "DROP DATABASE IF EXISTS hazard_cmp_$i" -c "CREATE DATABASE hazard_cmp_$i TEMPLATE $template"
    # The demo's own events, long fanned out on a server that had been running.
    psql_db "hazard_cmp_$i" -c "UPDATE outbox SET fanned_out = true, payload = '' WHERE NOT fanned_out"
    COPIES+=("hazard_cmp_$i")
  done
  local round last=$((${#LABELS[@]} - 1))
  write_pgbench_scripts "hazard_cmp_$last"
  for ((round = 1; round <= ROUNDS; round++)); do
    for i in "${!LABELS[@]}"; do
      measure_build postgres "$round" "${LABELS[$i]}" "${PATHS[$i]}" "$base/hazard_cmp_$i"
    done
    pgbench_run "$round" "hazard_cmp_$last" POST "$WORK_DIR/create_hazard.sql"
  done
  teardown
}

bench_sqlite() {
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hazard-compare.XXXXXX")
  mkdir -p "$WORK_DIR/files"
  if [[ -n $SQLITE_SEED_FILE ]]; then
    log "sqlite: copying the seeded file $SQLITE_SEED_FILE (BENCH_SQLITE_SEED_FILE)"
    cp "$SQLITE_SEED_FILE" "$WORK_DIR/seed.db"
  else
    log "sqlite: seeding $HAZARDS demo hazards with ${LABELS[0]}"
    local started=$SECONDS
    env "HAZARD_DATABASE_URL=sqlite://$WORK_DIR/seed.db" "HAZARD_DATA_DIR=$WORK_DIR/files" \
      "HAZARD_ADMIN_PASSWORD=$ADMIN_PASSWORD" "RUST_LOG=warn" timeout "$SEED_TIMEOUT" "${PATHS[0]}" seed-demo \
      --hazards "$HAZARDS" >"$WORK_DIR/seed.log" 2>&1 || { tail -n 40 "$WORK_DIR/seed.log" >&2; die "seed-demo failed"; }
    sqlite3 "$WORK_DIR/seed.db" 'ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
    log "sqlite: seeded in $((SECONDS - started))s"
  fi
  local i round sync
  for i in "${!LABELS[@]}"; do
    cp "$WORK_DIR/seed.db" "$WORK_DIR/copy-$i.db"
    sqlite3 "$WORK_DIR/copy-$i.db" "UPDATE outbox SET fanned_out = 1, payload = '' WHERE fanned_out = 0"
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    for sync in $SQLITE_SYNCS; do
      for i in "${!LABELS[@]}"; do
        measure_build "sqlite-$sync" "$round" "${LABELS[$i]}" "${PATHS[$i]}" "sqlite://$WORK_DIR/copy-$i.db" \
          "HAZARD_SQLITE_SYNCHRONOUS=$sync"
      done
    done
  done
  teardown
}

report() {
  printf '| backend | round | build | endpoint | req/s (pgbench: tps) | p50 ms (pgbench: avg) | p99 ms | p99/p50 |\n'
  printf '|---|---:|---|---|---:|---:|---:|---:|\n'
  local r
  for r in "${RUNS[@]}"; do
    IFS='|' read -r backend round target endpoint rps p50 p99 pair <<<"$r"
    local tail="-" label=$target
    [[ -n $p99 && -n $p50 ]] && tail=$(awk -v a="$p99" -v b="$p50" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    [[ $target == pgbench && -n $pair ]] && label="pgbench (${pair%.*.*}'s copy)"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$backend" "$round" "$label" "$endpoint" "$rps" "$p50" "${p99:--}" "$tail"
  done
  printf '\nRatios (a paired run against its own pgbench run, otherwise against the round'"'"'s):\n\n'
  printf '| backend | round | endpoint | build | build / pgbench same SQL | build / %s |\n' "${LABELS[0]}"
  printf '|---|---:|---|---|---:|---:|\n'
  printf '%s\n' "${RUNS[@]}" | awk -F'|' -v first="${LABELS[0]}" '
    function median(list,    v, n, i, j, t) {
      n = split(list, v, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      lo = v[1]; hi = v[n]
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    {
      if ($3 == "pgbench") {
        if ($8 != "") paired[$8] = $5; else round_pg[$1 "|" $2 "|" $4] = $5
        next
      }
      n++; backend[n] = $1; round[n] = $2; build[n] = $3; endpoint[n] = $4; rps[n] = $5; pair[n] = $8
      sum[$1 "|" $2 "|" $4 "|" $3] += $5; count[$1 "|" $2 "|" $4 "|" $3]++
    }
    END {
      for (i = 1; i <= n; i++) {
        k = backend[i] "|" round[i] "|" endpoint[i]
        pg = pair[i] != "" ? paired[pair[i]] : round_pg[k]
        share = "-"
        if (pg > 0) {
          share = sprintf("%.0f %%", 100 * rps[i] / pg)
          key = backend[i] "|" endpoint[i] "|" build[i]
          if (!(key in shares)) order[++m] = key
          shares[key] = shares[key] " " 100 * rps[i] / pg
        }
        mean_first = count[k "|" first] ? sum[k "|" first] / count[k "|" first] : 0
        base = mean_first > 0 ? sprintf("%.2f x", rps[i] / mean_first) : "-"
        printf "| %s | %s | %s | %s | %s | %s |\n", backend[i], round[i], endpoint[i], build[i], share, base
      }
      if (m == 0) exit
      printf "\nShares of pgbench over all rounds and pairs:\n\n"
      printf "| backend | endpoint | build | runs | median | lowest | highest |\n|---|---|---|---:|---:|---:|---:|\n"
      for (j = 1; j <= m; j++) {
        split(order[j], g, "|")
        med = median(shares[order[j]])
        printf "| %s | %s | %s | %d | %.0f %% | %.0f %% | %.0f %% |\n", g[1], g[2], g[3], split(shares[order[j]], tmp, " "), med, lo, hi
      }
    }'
}

main() {
  local which=${1:-both}
  local -a backends
  case $which in
    sqlite) backends=(sqlite) ;;
    postgres) backends=(postgres) ;;
    both) backends=(postgres sqlite) ;;
    -h | --help)
      sed -n '2,47p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "usage: $0 [postgres|sqlite|both]" ;;
  esac
  [[ $HAZARDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_HAZARDS must be a positive integer"
  [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer"
  [[ $SECONDS_PER_RUN =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer"
  [[ $PAIRS =~ ^[1-9][0-9]*$ ]] || die "BENCH_PAIRS must be a positive integer"
  local spec
  for spec in $BINS_SPEC; do
    [[ $spec == *=* ]] || die "BENCH_BINS entries are label=path, got '$spec'"
    LABELS+=("${spec%%=*}")
    PATHS+=("${spec#*=}")
    [[ -x ${spec#*=} ]] || die "no binary at ${spec#*=} (build it: cargo build --release -p hazard-api)"
  done
  need curl
  need python3
  need timeout
  ensure_tool wrk
  if [[ " ${backends[*]} " == *" postgres "* ]]; then
    need psql
    need pgbench
  fi
  if [[ " ${backends[*]} " == *" sqlite "* ]]; then
    ensure_tool sqlite3
  fi
  if curl -fsS --max-time 2 -o /dev/null "$BASE_URL/healthz" 2>/dev/null; then
    die "something already answers on $BASE_URL; stop it or set BENCH_PORT"
  fi
  local b
  for b in "${backends[@]}"; do
    "bench_$b"
  done
  report
}

main "$@"
