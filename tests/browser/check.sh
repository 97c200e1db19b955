#!/usr/bin/env bash
# The web pages in a real browser: installs Debian's Chromium (and its
# driver) and a CJK font when missing, the pinned npm packages (playwright-core,
# which drives the system Chromium and downloads no browser, and axe-core),
# starts the server on a fresh SQLite database with no tile source and no
# network beyond loopback for the browser, and runs scenario.mjs. Screenshots
# go to target/browser/.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; }
fi
(cd tests/browser && { [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ]; } || npm ci --no-audit --no-fund --silent)
cargo build -q --bin ipr-service
WORK=$(mktemp -d)
PORT=18673
export IPR_DATABASE_URL="sqlite://$WORK/b.db"
BIN=target/debug/ipr-service
OP=$($BIN keys --create-database create --role operator --label "browser check" 2>/dev/null | tail -n 1)
IPR_BIND="127.0.0.1:$PORT" RUST_LOG=warn $BIN serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do curl -sf "127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
PINGYAO=$(curl -sfG "127.0.0.1:$PORT/api/v1/outlets" --data-urlencode "q=平遥县知识产权服务工作站" | jq -r '.items[0].id')
STAFF=$($BIN keys create --role outlet_staff --outlet "$PINGYAO" --label "browser check" 2>/dev/null | tail -n 1)
mkdir -p target/browser
timeout 300 node tests/browser/scenario.mjs "http://127.0.0.1:$PORT" "$OP" "$STAFF" target/browser
