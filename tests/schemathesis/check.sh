#!/usr/bin/env bash
# Fuzzes the served OpenAPI document with schemathesis and all its default
# checks (status codes, content types, response schemas, schema-valid requests
# accepted, stateful links) against a live server on a fresh SQLite database
# (or, with ST_POSTGRES_URL, a fresh database on that PostgreSQL server),
# with an admin key. The two operations that would rotate or revoke the run's
# own key are left out; schemathesis.toml says which refusals of schema-valid
# requests are expected, and why. Bounded by ST_MAX_TIME seconds (default 120);
# ST_SEED picks another seed (default 1).
#
# One worker: schemathesis' workers are threads, and on CPython 3.11 before
# 3.11.8 (this machine has 3.11.7) two threads building Python ASTs at once can
# fail with "AST constructor recursion depth mismatch" (CPython gh-106905), which
# hypothesis does when it describes a strategy; a CI run failed on it. One
# worker also ran more cases in the 120 s here (13,506) than two did (9,596),
# the server sharing the machine's two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/st-venv
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet schemathesis==4.32.5
fi
cargo build -q --bin ipr-service
WORK=$(mktemp -d)
PORT=18675
if [ -n "${ST_POSTGRES_URL:-}" ]; then
  # A fresh database on that server (its URL names any database there).
  DB="ipr_schemathesis_$$"
  psql "$ST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
  export IPR_DATABASE_URL="${ST_POSTGRES_URL%/*}/$DB"
  IPR_SECRET_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  export IPR_SECRET_KEY
else
  export IPR_DATABASE_URL="sqlite://$WORK/s.db"
fi
BIN=target/debug/ipr-service
ADMIN=$($BIN keys --create-database create --role admin --label "schemathesis" 2>/dev/null | tail -n 1)
IPR_BIND="127.0.0.1:$PORT" RUST_LOG=warn IPR_INTAKE_PER_IP_PER_MINUTE=1000000000 \
  IPR_INTAKE_PER_PHONE_PER_HOUR=1000000000 $BIN serve >"$WORK/server.log" 2>&1 &
SERVER=$!
# On a failure, the server's own account of its errors (a 500 logs its cause).
trap 'status=$?; kill $SERVER 2>/dev/null
  [ $status -ne 0 ] && grep -E "ERROR|panicked" "$WORK/server.log" | tail -n 20
  rm -rf "$WORK"
  [ -n "${DB:-}" ] && psql "$ST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null' EXIT
for _ in $(seq 1 300); do curl -sf "127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
"$VENV/bin/schemathesis" --config-file tests/schemathesis/schemathesis.toml run "http://127.0.0.1:$PORT/openapi.json" \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $ADMIN" \
  --exclude-operation-id revoke_key --exclude-operation-id rotate_key \
  --max-time "${ST_MAX_TIME:-120}" --workers 1 \
  --seed "${ST_SEED:-1}" ${ST_ARGS:-}
