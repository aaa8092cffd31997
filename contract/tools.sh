#!/usr/bin/env bash
# Installs the pinned contract tools (idempotent, cached under ~/.cache/hazard-api/contract)
# and exports CONTRACT_VENV and CONTRACT_NODE_BIN. Source it: `. contract/tools.sh`.
# A warm run only compares two hashes; a cold one takes about a minute.

CONTRACT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONTRACT_CACHE="${HAZARD_CONTRACT_CACHE:-$HOME/.cache/hazard-api/contract}"
mkdir -p "$CONTRACT_CACHE"

contract_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Python >= 3.12 (schemathesis 4 crashes on 3.11): the newest pyenv 3.12/3.13, else python3.
contract_python() {
    local p
    for p in $(ls -d /root/.pyenv/versions/3.1[2-9]* 2>/dev/null | sort -V -r); do
        [ -x "$p/bin/python3" ] && { echo "$p/bin/python3"; return; }
    done
    p="$(command -v python3 || true)"
    if [ -n "$p" ] && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
        echo "$p"; return
    fi
    echo "contract tools need Python >= 3.12 (pyenv or python3)" >&2
    return 1
}

CONTRACT_VENV="$CONTRACT_CACHE/venv"
py="$(contract_python)"
want="$(contract_hash "$CONTRACT_DIR/requirements.txt")-$("$py" -c 'import sys; print(sys.version.split()[0])')"
if [ "$(cat "$CONTRACT_VENV/.stamp" 2>/dev/null)" != "$want" ]; then
    echo "installing the Python contract tools into $CONTRACT_VENV"
    rm -rf "$CONTRACT_VENV"
    "$py" -m venv "$CONTRACT_VENV"
    "$CONTRACT_VENV/bin/pip" install -q --disable-pip-version-check -r "$CONTRACT_DIR/requirements.txt"
    echo "$want" > "$CONTRACT_VENV/.stamp"
fi

CONTRACT_NODE="$CONTRACT_CACHE/node"
want="$(contract_hash "$CONTRACT_DIR/package.json" "$CONTRACT_DIR/package-lock.json")"
if [ "$(cat "$CONTRACT_NODE/.stamp" 2>/dev/null)" != "$want" ]; then
    command -v npm >/dev/null || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    }
    echo "installing the npm contract tools into $CONTRACT_NODE"
    rm -rf "$CONTRACT_NODE"
    mkdir -p "$CONTRACT_NODE"
    cp "$CONTRACT_DIR/package.json" "$CONTRACT_DIR/package-lock.json" "$CONTRACT_NODE/"
    (cd "$CONTRACT_NODE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$CONTRACT_NODE/.stamp"
fi
CONTRACT_NODE_BIN="$CONTRACT_NODE/node_modules/.bin"
export CONTRACT_VENV CONTRACT_NODE_BIN
# Redocly asks a server for telemetry and update news: neither is reachable here.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
