#!/usr/bin/env bash
# Proves openapi/openapi.json is a contract clients can use: two validators, then a Python
# and a TypeScript client generated from it and compiled/imported. Run by .ci/run; run it
# yourself with `bash contract/check.sh` (it installs the pinned tools on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
. contract/tools.sh
DOC="${1:-openapi/openapi.json}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "-- openapi-spec-validator"
"$CONTRACT_VENV/bin/openapi-spec-validator" "$DOC" 2>&1 | cut -c 1-400  # it prints the whole document on error

echo "-- redocly lint (recommended rules)"
"$CONTRACT_NODE_BIN/redocly" lint --config contract/redocly.yaml --format=summary "$DOC"

echo "-- openapi-python-client: every operation, no warnings, importable"
out="$work/python.log"
PATH="$CONTRACT_VENV/bin:$PATH" "$CONTRACT_VENV/bin/openapi-python-client" generate \
    --path "$DOC" --config contract/python-client.yaml --output-path "$work/hazard_api_client" --meta none >"$out" 2>&1 || { cat "$out"; exit 1; }
if grep -qiE 'warning|unable to|skipping' "$out"; then
    cat "$out"
    echo "openapi-python-client warned about the document" >&2
    exit 1
fi
"$CONTRACT_VENV/bin/python" - "$work/hazard_api_client" "$DOC" <<'PY'
import importlib, json, pathlib, pkgutil, sys
root = pathlib.Path(sys.argv[1])
sys.path.insert(0, str(root.parent))
pkg = importlib.import_module(root.name)
modules = [m.name for m in pkgutil.walk_packages(pkg.__path__, root.name + ".")]
for name in modules:
    importlib.import_module(name)
doc = json.load(open(sys.argv[2]))
ops = {op["operationId"] for item in doc["paths"].values() for op in item.values()
       if isinstance(op, dict) and "operationId" in op}
generated = {m.rsplit(".", 1)[1] for m in modules if ".api." in m and not m.endswith("__init__")}
missing = sorted(ops - generated)
if missing:
    sys.exit(f"the Python client lacks {len(missing)} of {len(ops)} operations: {missing}")
print(f"imported {len(modules)} modules; all {len(ops)} operations generated")
PY

echo "-- openapi-typescript, then tsc --strict"
"$CONTRACT_NODE_BIN/openapi-typescript" "$DOC" -o "$work/ts/schema.d.ts" --silent
cp contract/usage.ts "$work/ts/usage.ts"
"$CONTRACT_NODE_BIN/tsc" --strict --noEmit --skipLibCheck false --target es2020 --module nodenext \
    "$work/ts/schema.d.ts" "$work/ts/usage.ts"
echo "contract checks passed"
