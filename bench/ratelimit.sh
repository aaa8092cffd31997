#!/usr/bin/env bash
# The cost of a shared rate-limit bucket: the exact UPSERT SharedLimiter runs per request
# (infra/src/repo/rate_buckets.rs), with and without waiting for the WAL flush, under
# pgbench (4 connections, 100 clients' buckets, then one hot bucket), 10 s each.
#
#   bench/ratelimit.sh            # PostgreSQL at 127.0.0.1:5432, user postgres
set -euo pipefail
PG="-h ${PG_HOST:-127.0.0.1} -p ${PG_PORT:-5432} -U ${PG_USER:-postgres}"
DB="hazard_bench_ratelimit_$$"
WORK="$(mktemp -d)"
trap 'dropdb $PG --if-exists "$DB"; rm -rf "$WORK"' EXIT
createdb $PG "$DB"
psql $PG -d "$DB" -qc "CREATE TABLE rate_buckets (bucket TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL,
  granted BOOLEAN NOT NULL, at TIMESTAMP NOT NULL)"
refilled="LEAST(120, b.tokens + GREATEST(0.0, EXTRACT(EPOCH FROM (now()::timestamp - b.at))::float8) * 2.0)"
take() { # take <bucket expression>
  echo "INSERT INTO rate_buckets AS b (bucket, tokens, granted, at) VALUES ($1, 119.0, TRUE, now()::timestamp)
  ON CONFLICT (bucket) DO UPDATE SET tokens = CASE WHEN $refilled >= 1.0 THEN $refilled - 1.0 ELSE $refilled END,
  granted = $refilled >= 1.0, at = GREATEST(b.at, now()::timestamp) RETURNING tokens, granted;" | tr '\n' ' '
  echo
}
many="'client:' || (random() * 100)::int"
take "$many" >"$WORK/sync.sql"
{ echo 'BEGIN;'; echo 'SET LOCAL synchronous_commit TO OFF;'; take "$many"; echo 'COMMIT;'; } >"$WORK/async.sql"
{ echo 'BEGIN;'; echo 'SET LOCAL synchronous_commit TO OFF;'; take "'client:hot'"; echo 'COMMIT;'; } >"$WORK/hot.sql"
for run in sync async hot; do
  printf '%-6s ' "$run"
  pgbench $PG -n -f "$WORK/$run.sql" -c 4 -j 2 -T 10 "$DB" 2>/dev/null | grep -E '^(tps|latency average)' | tr '\n' ' '
  echo
done
