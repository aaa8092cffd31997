#!/usr/bin/env bash
# Latency of the key-figures endpoints on a large district, on SQLite and/or PostgreSQL.
#
#   bench/kpis.sh [sqlite|postgres|both]        (default: both)
#
# For each backend: a fresh database, the release server started once on
# 127.0.0.1:18090 (migrations and reference data are applied at start), then
# BENCH_HAZARDS (1,000,000) hazards bulk-loaded straight into the database with
# one set-based INSERT ... SELECT per table (hazards, 5,000 inspections,
# supervisions for 1/3 and interviews for 1/4 of the major hazards), then
# `hazard-api rebuild-stats` (the loaded rows bypassed the API, so the monthly
# key-figure sums are recomputed), then ANALYZE (PostgreSQL: VACUUM ANALYZE).
# As the district-wide admin, each query gets one warm-up request and
# BENCH_RUNS (10) timed ones (curl time_total):
#   GET /v1/stats/kpis?from=2025-01-01&to=2025-12-31                  (year)
#   GET /v1/stats/kpis?from=2025-01-01&to=2025-12-31&street=hongqiao  (year, one street)
#   GET /v1/stats/kpis?from=2025-01-01&to=2025-12-31&group_by=street  (year, 10 rows)
#   GET /v1/stats/kpis?from=2025-01-15&to=2025-12-14                  (odd days at both
#       ends: 31 days counted hazard by hazard, the rest from the monthly sums)
#   GET /v1/stats/kpis?from=2025-01-01&to=2025-12-31&sector=fire      (year, one sector)
#   GET /v1/stats/monthly?year=2025                                   (12 rows)
# Progress goes to stderr; stdout gets two markdown tables:
#   | backend | hazards | query | min | median | max |     (milliseconds)
#   | backend | hazards | load (s) | of which rebuild-stats (s) |
#
# Traffic stays on the loopback interface. Needs curl and python3; sqlite3 is
# installed with apt-get when missing; the postgres backend needs psql and a
# PostgreSQL server on 127.0.0.1:5432 where user `postgres` may create databases
# (set PGPASSWORD if it needs a password). The binary is
# $CARGO_TARGET_DIR/release/hazard-api; only when it is missing does the script
# run `cargo build --release -p hazard-api`.
#
# Knobs (environment): CARGO_TARGET_DIR (default ~/.cache/hazard-api/target-release),
# BENCH_HAZARDS (1000000), BENCH_RUNS (10), BENCH_PORT (18090), BENCH_PG_HOST
# (127.0.0.1), BENCH_PG_PORT (5432), BENCH_PG_USER (postgres),
# BENCH_READY_TIMEOUT (120, s), BENCH_REQUEST_TIMEOUT (600, s per request),
# BENCH_JOB_INTERVAL (86400, s: keeps the deadline job out of the measurement).
set -euo pipefail

BENCH_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd -- "$BENCH_DIR/.." && pwd)"
readonly BENCH_DIR REPO_DIR

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hazard-api/target-release}"
readonly BIN="$CARGO_TARGET_DIR/release/hazard-api"

readonly HAZARDS="${BENCH_HAZARDS:-1000000}"
readonly RUNS="${BENCH_RUNS:-10}"
readonly PORT="${BENCH_PORT:-18090}"
readonly BIND="127.0.0.1:$PORT"
readonly BASE_URL="http://$BIND"
readonly PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
readonly PG_PORT="${BENCH_PG_PORT:-5432}"
readonly PG_USER="${BENCH_PG_USER:-postgres}"
readonly PG_DB="hazard_kpi"
readonly READY_TIMEOUT="${BENCH_READY_TIMEOUT:-120}"
readonly REQUEST_TIMEOUT="${BENCH_REQUEST_TIMEOUT:-600}"
readonly JOB_INTERVAL="${BENCH_JOB_INTERVAL:-86400}"

readonly ADMIN_USER="admin"
readonly ADMIN_PASSWORD="bench-admin-pass"
readonly INSPECTIONS=5000
readonly YEAR_SECONDS=31536000

# label|path-and-query|rows expected (0: one object)
readonly QUERIES=(
  "kpis year|/v1/stats/kpis?from=2025-01-01&to=2025-12-31|0"
  "kpis year street=hongqiao|/v1/stats/kpis?from=2025-01-01&to=2025-12-31&street=hongqiao|0"
  "kpis year group_by=street|/v1/stats/kpis?from=2025-01-01&to=2025-12-31&group_by=street|10"
  "kpis odd days 01-15..12-14|/v1/stats/kpis?from=2025-01-15&to=2025-12-14|0"
  "kpis year sector=fire|/v1/stats/kpis?from=2025-01-01&to=2025-12-31&sector=fire|0"
  "monthly 2025|/v1/stats/monthly?year=2025|12"
)

# State of the backend under test, for cleanup.
SERVER_PID=""
WORK_DIR=""
PG_CREATED=""
ROWS=()
LOAD_ROWS=()
LOAD_SECONDS=""
REBUILD_SECONDS=""
DB_URL=""

BENCH_TAG=kpis
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

psql_bench() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"
}

# sqlite_bench: runs the SQL on stdin against the benchmark file, next to the
# running server (which keeps the file in WAL mode).
sqlite_bench() {
  { printf '.timeout 60000\nPRAGMA foreign_keys = ON;\nPRAGMA cache_size = -524288;\n'; cat; } \
    | sqlite3 -batch -bail "$WORK_DIR/kpi.db"
}

now() { date +%s.%N; }

# elapsed START -> seconds since START, two decimals
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# ---------------------------------------------------------------------------
# Bulk load. Every value is a function of g (1..N for hazards, 0..4999 for
# inspections); the expressions below are shared by both engines where the SQL
# is the same.

# case_of EXPR WORD... -> CASE EXPR WHEN 0 THEN 'WORD0' WHEN 1 THEN 'WORD1' ... END
case_of() {
  local expr=$1 i=0 word out
  shift
  out="CASE $expr"
  for word in "$@"; do
    out+=" WHEN $i THEN '$word'"
    i=$((i + 1))
  done
  printf '%s END' "$out"
}

SECTOR_EXPR=$(case_of 'g % 11' ebike ev_charging factory_warehouse gas hazchem fire construction \
  transport special_equipment industry_trade other)
readonly STREETS=(huayanglu jiangsulu xinhualu zhoujiaqiao tianshanlu xianxiaxincun hongqiao
  chengjiaqiao beixinjing xinjingzhen)
# The street of a hazard is (g / 10) % 10, not g % 10, which is also what picks the
# status: with g % 10 every hazard of a street would share one status (hongqiao:
# all rectifying, xinjingzhen: all invalid) and the per-street figures would be
# degenerate. Inspections use g % 10.
STREET_EXPR=$(case_of '(g / 10) % 10' "${STREETS[@]}")
INSPECTION_STREET_EXPR=$(case_of 'g % 10' "${STREETS[@]}")
STATUS_EXPR="CASE WHEN g % 10 < 5 THEN 'closed' WHEN g % 10 < 7 THEN 'rectifying'
  WHEN g % 10 = 7 THEN 'pending_review' WHEN g % 10 = 8 THEN 'reported' ELSE 'invalid' END"
readonly SECTOR_EXPR STREET_EXPR INSPECTION_STREET_EXPR STATUS_EXPR

# Seconds into 2025 of hazard g: evenly spread over the year in the order of g
# (as a register fills up), whatever N is. (`g % 31536000` alone would put a
# million hazards into the first twelve days of January.)
# offset_expr G -> the offset of hazard G, in SQL (G must not overflow: PG casts)
offset_expr() { printf '(%s - 1) * %d / %d' "$1" "$YEAR_SECONDS" "$HAZARDS"; }

# hazards_sql ENGINE ADMIN_ID: one INSERT ... SELECT over the row source `s(g)`.
# The inner select names the three values the others derive from: st, created.
hazards_select() {
  local engine=$1 admin=$2 id created closed deadline filed_on
  # filed_on is the district date (Asia/Shanghai, UTC+8 all year, the server's default).
  case $engine in
    postgres)
      id="'00000000-0000-4000-8000-' || lpad(g::text, 12, '0')"
      created="timestamp '2025-01-01 00:00:00' + make_interval(secs => $(offset_expr 'g::bigint'))"
      closed="created + make_interval(days => g % 30)"
      deadline="created::date + 20"
      filed_on="(created + interval '8 hours')::date"
      ;;
    sqlite)
      id="printf('00000000-0000-4000-8000-%012d', g)"
      created="datetime('2025-01-01 00:00:00', '+' || ($(offset_expr g)) || ' seconds')"
      closed="datetime(created, '+' || (g % 30) || ' days')"
      deadline="date(created, '+20 days')"
      filed_on="date(created, '+8 hours')"
      ;;
  esac
  cat <<SQL
INSERT INTO hazards (
  id, code, title, description, sector, street_code, address, latitude, longitude,
  grade, criterion_code, source, status, enterprise_id, enterprise_name, inspection_id,
  department_code, responsible_party, deadline, rectification_plan, reported_by,
  observed_at, created_at, updated_at, closed_at, version, last_submitted_by,
  request_hash, overdue_recorded_for, reminded_for, close_days, tip_id, filed_on, listed,
  enforced)
SELECT
  $id,
  'YH-B-' || g,
  '基准隐患 ' || g,
  'bench',
  $SECTOR_EXPR,
  $STREET_EXPR,
  '长宁区基准路' || g || '号',
  31.2, 121.4,
  CASE WHEN g % 8 = 0 THEN 'major' ELSE 'general' END,
  NULL,
  CASE WHEN g % 5 = 0 THEN 'self_check' ELSE 'inspection' END,
  st,
  NULL, NULL,
  CASE WHEN g % 3 = 0 THEN 'bench-ins-' || (g % $INSPECTIONS) END,
  NULL, NULL,
  CASE WHEN st IN ('rectifying', 'pending_review') THEN $deadline END,
  NULL,
  '$admin',
  NULL, created, created,
  CASE WHEN st = 'closed' THEN $closed END,
  1, NULL, 'bench', NULL, NULL,
  CASE WHEN st = 'closed' THEN g % 30 END,
  NULL,
  $filed_on,
  g % 24 = 0,
  g % 32 = 0
FROM (SELECT g, $STATUS_EXPR AS st, $created AS created FROM s) AS t;
SQL
}

inspections_select() {
  local engine=$1 admin=$2 started
  case $engine in
    postgres) started="timestamp '2025-01-01 00:00:00' + make_interval(secs => g * 6307)" ;;
    sqlite) started="datetime('2025-01-01 00:00:00', '+' || (g * 6307) || ' seconds')" ;;
  esac
  cat <<SQL
INSERT INTO inspections (
  id, code, kind, enterprise_id, site_address, street_code, department_code,
  inspector_ids, started_at, finished_at, note, created_by, created_at, updated_at)
SELECT 'bench-ins-' || g, 'JC-B-' || g, 'routine', NULL, NULL, $INSPECTION_STREET_EXPR, NULL,
  '[]', started, NULL, NULL, '$admin', started, started
FROM (SELECT g, $started AS started FROM s) AS t;
SQL
}

# Major hazards are g % 8 = 0; a third of them (g % 24 = 0) were listed for
# supervision, a quarter (g % 32 = 0) drew an interview.
supervisions_select() {
  local engine=$1 admin=$2
  cat <<SQL
INSERT INTO supervisions (
  id, hazard_id, level, department_code, document_number, deadline, reason, status,
  listed_by, listed_at, lifted_by, lifted_at, lift_note, overdue_recorded_for, reminded_for)
SELECT 'bench-sup-' || h.id, h.id, 'district', 'emergency', 'B', '2025-12-31', 'bench',
  'active', '$admin', h.created_at, NULL, NULL, NULL, NULL, NULL
FROM s JOIN hazards h ON h.id = $(hazard_id_of "$engine")
WHERE g % 24 = 0;
SQL
}

enforcement_select() {
  local engine=$1 admin=$2
  cat <<SQL
INSERT INTO enforcement_actions (
  id, hazard_id, enterprise_id, kind, action_date, department_code, note, created_by, created_at)
SELECT 'bench-enf-' || h.id, h.id, NULL, 'interview', '2025-06-01', 'emergency', NULL,
  '$admin', h.created_at
FROM s JOIN hazards h ON h.id = $(hazard_id_of "$engine")
WHERE g % 32 = 0;
SQL
}

hazard_id_of() {
  case $1 in
    postgres) printf "%s" "'00000000-0000-4000-8000-' || lpad(g::text, 12, '0')" ;;
    sqlite) printf "%s" "printf('00000000-0000-4000-8000-%012d', g)" ;;
  esac
}

# series ENGINE FIRST LAST: the row source s(g) for one statement
series() {
  case $1 in
    postgres) printf 'WITH s(g) AS (SELECT generate_series(%d, %d))\n' "$2" "$3" ;;
    sqlite) printf 'WITH RECURSIVE s(g) AS (SELECT %d UNION ALL SELECT g + 1 FROM s WHERE g < %d)\n' "$2" "$3" ;;
  esac
}

# run_sql ENGINE LABEL: the SQL on stdin, timed
run_sql() {
  local engine=$1 label=$2 t0
  t0=$(now)
  case $engine in
    postgres) psql_bench -f - >/dev/null ;;
    sqlite) sqlite_bench >/dev/null ;;
  esac
  log "$engine:   $label in $(elapsed "$t0")s"
}

# scalar ENGINE SQL -> prints the single value
scalar() {
  case $1 in
    postgres) psql_bench -At -c "$2" ;;
    sqlite) printf '%s\n' "$2" | sqlite_bench ;;
  esac
}

bulk_load() {
  local engine=$1 admin
  admin=$(scalar "$engine" "SELECT id FROM users WHERE username = '$ADMIN_USER';")
  [[ $admin =~ ^[A-Za-z0-9-]+$ ]] || die "$engine: no usable admin id (got '$admin')"
  log "$engine: bulk-loading $HAZARDS hazards (admin id $admin)"
  local t0
  t0=$(now)
  { series "$engine" 0 $((INSPECTIONS - 1)); inspections_select "$engine" "$admin"; } \
    | run_sql "$engine" "$INSPECTIONS inspections"
  { series "$engine" 1 "$HAZARDS"; hazards_select "$engine" "$admin"; } \
    | run_sql "$engine" "$HAZARDS hazards"
  { series "$engine" 1 "$HAZARDS"; supervisions_select "$engine" "$admin"; } \
    | run_sql "$engine" "supervisions"
  { series "$engine" 1 "$HAZARDS"; enforcement_select "$engine" "$admin"; } \
    | run_sql "$engine" "enforcement actions"
  # Rows loaded around the API are not in the key-figure sums yet: the product's own
  # repair command recomputes them (timed on its own).
  local t1
  t1=$(now)
  env "HAZARD_DATABASE_URL=$DB_URL" "HAZARD_DATA_DIR=$WORK_DIR" "RUST_LOG=warn" "$BIN" rebuild-stats >&2 \
    || die "$engine: hazard-api rebuild-stats failed"
  REBUILD_SECONDS=$(elapsed "$t1")
  log "$engine:   rebuild-stats in ${REBUILD_SECONDS}s"
  case $engine in
    # VACUUM too: it sets the visibility map and hint bits that autovacuum would
    # otherwise write in the middle of the measurement.
    postgres) printf 'VACUUM (ANALYZE);\n' | run_sql "$engine" "VACUUM (ANALYZE)" ;;
    sqlite) printf 'ANALYZE;\nPRAGMA wal_checkpoint(TRUNCATE);\n' | run_sql "$engine" "ANALYZE + wal_checkpoint" ;;
  esac
  LOAD_SECONDS=$(elapsed "$t0")
  log "$engine: loaded in ${LOAD_SECONDS}s"
  log "$engine: rows: $(scalar "$engine" "SELECT (SELECT COUNT(*) FROM hazards) || ' hazards, ' ||
    (SELECT COUNT(*) FROM inspections) || ' inspections, ' || (SELECT COUNT(*) FROM supervisions) ||
    ' supervisions, ' || (SELECT COUNT(*) FROM enforcement_actions) || ' enforcement actions';")"
}

# ---------------------------------------------------------------------------
# Measurement.

# fetch TOKEN PATH OUT -> prints "HTTP_CODE TIME_TOTAL"
fetch() {
  curl -sS --max-time "$REQUEST_TIMEOUT" -o "$3" -w '%{http_code} %{time_total}' \
    -H "Authorization: Bearer $1" "$BASE_URL$2"
}

# check_body FILE ROWS: 0 -> one object with found.total; n -> {rows: [n]}
check_body() {
  python3 - "$1" "$2" "$HAZARDS" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))
rows, n = int(sys.argv[2]), int(sys.argv[3])
if rows == 0:
    print(f"found.total={body['found']['total']} (0.9*N={0.9 * n:.0f}) closed={body['closed']} "
          f"open={body['open']} inspections={body['inspections']} median_days={body['median_days_to_close']}")
else:
    got = len(body["rows"])
    total = sum(r["found"]["total"] for r in body["rows"])
    print(f"{got} rows, sum of found.total={total}")
    if got != rows:
        sys.exit(f"expected {rows} rows, got {got}")
PY
}

sanity_check() {
  local backend=$1 token=$2 out="$WORK_DIR/sanity.json" res total
  res=$(fetch "$token" "/v1/stats/kpis?from=2025-01-01&to=2025-12-31" "$out") \
    || die "$backend: the sanity request failed"
  if [[ ${res%% *} != 200 ]]; then
    cat "$out" >&2 || true
    die "$backend: GET /v1/stats/kpis answered ${res%% *}"
  fi
  total=$(python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); print(b["found"]["total"], b["found"]["major"], b["closed"])' "$out")
  log "$backend: sanity: found.total, major, closed = $total for $HAZARDS hazards in ${res#* }s"
  # The API reads the monthly sums; count the same straight from the hazards.
  local direct
  direct=$(scalar "$backend" "SELECT COUNT(*) || ' ' || SUM(CASE WHEN grade = 'major' THEN 1 ELSE 0 END) || ' ' ||
    SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) FROM hazards
    WHERE status <> 'invalid' AND filed_on >= '2025-01-01' AND filed_on <= '2025-12-31';")
  [[ $total == "$direct" ]] || die "$backend: the API says '$total', the hazards table says '$direct'"
  log "$backend: sanity: the hazards table agrees ($direct)"
}

# measure BACKEND LABEL PATH ROWS
measure() {
  local backend=$1 label=$2 path=$3 rows=$4 token out res i
  local -a times=()
  out="$WORK_DIR/response.json"
  # A fresh token per query: the access token lives 15 minutes.
  token=$(login "$ADMIN_USER" "$ADMIN_PASSWORD") || die "login as $ADMIN_USER failed on $backend"
  res=$(fetch "$token" "$path" "$out") || die "$backend: $label: request failed"
  if [[ ${res%% *} != 200 ]]; then
    cat "$out" >&2 || true
    die "$backend: GET $path answered ${res%% *}"
  fi
  log "$backend: $label: warm-up ${res#* }s, $(check_body "$out" "$rows")"
  for ((i = 0; i < RUNS; i++)); do
    res=$(fetch "$token" "$path" "$out") || die "$backend: $label: request failed"
    [[ ${res%% *} == 200 ]] || { cat "$out" >&2 || true; die "$backend: GET $path answered ${res%% *}"; }
    times+=("${res#* }")
  done
  log "$backend: $label: ${times[*]} s"
  local row
  row=$(printf '%s\n' "${times[@]}" | sort -g | awk -v b="$backend" -v n="$HAZARDS" -v q="$label" '
    { t[NR] = $1 * 1000 }
    END {
      med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      printf "| %s | %d | %s | %.1f | %.1f | %.1f |", b, n, q, t[1], med, t[NR]
    }')
  ROWS+=("$row")
  log "$row"
}

bench_backend() {
  local backend=$1
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hazard-kpis.XXXXXX")
  local started=$SECONDS

  case $backend in
    sqlite)
      DB_URL="sqlite://$WORK_DIR/kpi.db"
      ;;
    postgres)
      log "postgres: recreating database $PG_DB on $PG_HOST:$PG_PORT"
      psql_admin -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
      PG_CREATED=1
      DB_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB"
      ;;
    *) die "unknown backend: $backend" ;;
  esac

  local jwt_secret
  jwt_secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
  log "$backend: starting the server on $BIND"
  env "HAZARD_DATABASE_URL=$DB_URL" \
    "HAZARD_DATA_DIR=$WORK_DIR" \
    "HAZARD_ADMIN_PASSWORD=$ADMIN_PASSWORD" \
    "HAZARD_JWT_SECRET=$jwt_secret" \
    "HAZARD_BIND=$BIND" \
    "HAZARD_JOB_INTERVAL_SECS=$JOB_INTERVAL" \
    "RUST_LOG=${RUST_LOG:-warn}" \
    "$BIN" >"$WORK_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  wait_ready

  LOAD_SECONDS=""
  bulk_load "$backend"
  LOAD_ROWS+=("| $backend | $HAZARDS | $LOAD_SECONDS | $REBUILD_SECONDS |")

  local token
  token=$(login "$ADMIN_USER" "$ADMIN_PASSWORD") || die "login as $ADMIN_USER failed on $backend"
  [[ -n $token ]] || die "empty access token on $backend"
  sanity_check "$backend" "$token"

  local q label path rows
  for q in "${QUERIES[@]}"; do
    IFS='|' read -r label path rows <<<"$q"
    measure "$backend" "$label" "$path" "$rows"
  done

  if grep -qiE 'panicked|error' "$WORK_DIR/server.log"; then
    log "note: the server log of $backend mentions errors; last lines:"
    tail -n 10 "$WORK_DIR/server.log" >&2 || true
  fi
  teardown
  log "$backend: done in $((SECONDS - started))s"
}

main() {
  local which=${1:-both}
  local -a backends
  case $which in
    sqlite) backends=(sqlite) ;;
    postgres) backends=(postgres) ;;
    both) backends=(sqlite postgres) ;;
    -h | --help)
      sed -n '2,37p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "usage: $0 [sqlite|postgres|both]" ;;
  esac
  [[ $HAZARDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_HAZARDS must be a positive integer"
  [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"

  need curl
  need python3
  need awk
  if [[ " ${backends[*]} " == *" postgres "* ]]; then
    need psql
  fi
  if [[ " ${backends[*]} " == *" sqlite "* ]]; then
    ensure_tool sqlite3
  fi

  if curl -fsS --max-time 2 -o /dev/null "$BASE_URL/healthz" 2>/dev/null; then
    die "something already answers on $BASE_URL; stop it or set BENCH_PORT"
  fi

  if [[ ! -x $BIN ]]; then
    need cargo
    log "no binary at $BIN; building hazard-api (release) into $CARGO_TARGET_DIR"
    (cd "$REPO_DIR" && cargo build --release -p hazard-api) >&2
    [[ -x $BIN ]] || die "no binary at $BIN"
  fi
  log "binary: $BIN ($(date -u -r "$BIN" '+%F %T UTC'))"

  local backend
  for backend in "${backends[@]}"; do
    bench_backend "$backend"
  done

  printf '| backend | hazards | query | min (ms) | median (ms) | max (ms) |\n'
  printf '|---|---:|---|---:|---:|---:|\n'
  printf '%s\n' "${ROWS[@]}"
  printf '\n| backend | hazards | load (s) | of which rebuild-stats (s) |\n'
  printf '|---|---:|---:|---:|\n'
  printf '%s\n' "${LOAD_ROWS[@]}"
}

main "$@"
