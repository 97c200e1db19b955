#!/usr/bin/env bash
# Starts the server on a fresh SQLite database and checks /metrics with the
# Prometheus Python client's parser (installed into a venv when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/metrics-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import prometheus_client" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet prometheus_client==0.26.0
fi
cargo build -q --bin ipr-service
WORK=$(mktemp -d)
PORT=18671
IPR_DATABASE_URL="sqlite://$WORK/m.db" IPR_BIND="127.0.0.1:$PORT" RUST_LOG=warn target/debug/ipr-service serve >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do curl -sf "127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
"$VENV/bin/python" tests/metrics/check.py "http://127.0.0.1:$PORT"
