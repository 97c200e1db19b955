#!/usr/bin/env bash
# Starts the server on a fresh SQLite database, records two upcoming events
# (one in Pingyao, one elsewhere) and a cancelled one, and parses Pingyao's
# iCalendar feed with the icalendar Python package (installed into a venv
# when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/ics-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import icalendar" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet icalendar==6.3.1
fi
cargo build -q --bin ipr-service
WORK=$(mktemp -d)
PORT=18672
export IPR_DATABASE_URL="sqlite://$WORK/i.db"
KEY=$(target/debug/ipr-service keys --create-database create --role operator --label "ics check" 2>/dev/null | tail -n 1)
IPR_BIND="127.0.0.1:$PORT" RUST_LOG=warn target/debug/ipr-service serve >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do curl -sf "127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
"$VENV/bin/python" tests/ics/check.py "http://127.0.0.1:$PORT" "$KEY"
