#!/usr/bin/env bash
# Generated clients, tested: from openapi/openapi.json, a Python client with
# openapi-python-client, a TypeScript client with openapi-typescript +
# openapi-fetch, and a second TypeScript client with swagger-typescript-api.
# The TypeScript is type-checked with `tsc --noEmit`; each runs the same short
# scenario (nearest, locate, file a ticket, read its status) against a live
# server on a fresh SQLite database. Generators come pinned from PyPI and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/clients-venv
if [ ! -x "$VENV/bin/openapi-python-client" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet openapi-python-client==0.29.1
fi
(cd tests/clients/ts && { [ -d node_modules/openapi-fetch ] && [ -d node_modules/swagger-typescript-api ]; } || npm ci --no-audit --no-fund --silent)

echo "-- generating"
mkdir -p target/clients
# It warns about what it leaves out (CSV and zip answers, the agency profile's
# allOf over a tagged union); the log is kept for reading.
"$VENV/bin/openapi-python-client" generate --path openapi/openapi.json \
  --config tests/clients/python/config.yml --output-path target/clients/python --overwrite \
  >target/clients/openapi-python-client.log 2>&1
"$VENV/bin/pip" install --quiet --force-reinstall --no-deps target/clients/python
"$VENV/bin/pip" install --quiet target/clients/python
(
  cd tests/clients/ts
  npx openapi-typescript ../../../openapi/openapi.json -o generated/schema.d.ts >/dev/null
  npx swagger-typescript-api generate --path ../../../openapi/openapi.json --output generated \
    --name IprApi.ts --silent >/dev/null
  echo "-- tsc --noEmit"
  npx tsc --noEmit -p .
  npx tsc -p .
)

cargo build -q --bin ipr-service
WORK=$(mktemp -d)
PORT=18677
IPR_DATABASE_URL="sqlite://$WORK/c.db" IPR_BIND="127.0.0.1:$PORT" RUST_LOG=warn \
  target/debug/ipr-service serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do curl -sf "127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
echo "-- openapi-python-client"
"$VENV/bin/python" tests/clients/python/scenario.py "$BASE"
echo "-- openapi-typescript + openapi-fetch"
node tests/clients/ts/out/scenario.js "$BASE"
echo "-- swagger-typescript-api"
node tests/clients/ts/out/scenario-sta.js "$BASE"
