#!/usr/bin/env bash
# Shared helpers of the benchmark scripts (sourced, not run). The caller sets
# BENCH_TAG, BASE_URL, READY_TIMEOUT, PG_HOST, PG_PORT, PG_USER and PG_DB, and the
# state SERVER_PID, WORK_DIR and PG_CREATED that teardown cleans up.

log() { printf '[%s] %s\n' "$BENCH_TAG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}


# ensure_tool NAME: installs the Debian package NAME when the command is missing.
ensure_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  log "$1 not found; installing the Debian package"
  as_root apt-get install -y "$1" >&2 \
    || { as_root apt-get update >&2 && as_root apt-get install -y "$1" >&2; } \
    || die "could not install $1 (apt-get install -y $1)"
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required"
}

psql_admin() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server $SERVER_PID did not stop; killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

teardown() {
  stop_server
  if [[ -n $PG_CREATED ]]; then
    psql_admin -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 \
      || log "warning: could not drop database $PG_DB"
    PG_CREATED=""
  fi
  if [[ -n $WORK_DIR && -d $WORK_DIR ]]; then
    rm -rf -- "$WORK_DIR"
  fi
  WORK_DIR=""
}

on_exit() {
  local rc=$?
  teardown
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT))
  until curl -fsS --max-time 2 -o /dev/null "$BASE_URL/readyz" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -n 40 "$WORK_DIR/server.log" >&2 || true
      die "the server exited before it was ready"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$WORK_DIR/server.log" >&2 || true
      die "the server was not ready after ${READY_TIMEOUT}s"
    fi
    sleep 0.5
  done
}

# login USERNAME PASSWORD -> prints the access token
login() {
  local body
  body=$(python3 -c 'import json, sys; print(json.dumps({"username": sys.argv[1], "password": sys.argv[2]}))' "$1" "$2")
  curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' \
    --data "$body" "$BASE_URL/v1/auth/login" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
