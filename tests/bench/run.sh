#!/usr/bin/env bash
# Benchmarks: prints every figure of README's Performance section, with ratios.
# Usage: tests/bench/run.sh   (BENCH_SECONDS=10, BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432,
#   HOTLINE_SIZES="10000 1000000", STARTUP_SIZES="10000 100000 1000000";
#   BENCH_ONLY=hotline, locate, startup, ceiling or knowledge runs only that part)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${BENCH_SECONDS:-10}"
PG="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
for tool in wrk sqlite3; do
  if ! command -v "$tool" >/dev/null; then
    echo "installing $tool (Debian package)…"
    (apt-get update -qq && apt-get install -y -qq "$tool") >/dev/null
  fi
done
cargo build --release --bins --features bench -q
BIN=target/release/ipr-service
BENCH=target/release/ipr-bench
WORK=$(mktemp -d)
SERVER=""
# PostgreSQL servers need the key that seals webhook secrets; any key will do here.
export IPR_SECRET_KEY="${IPR_SECRET_KEY:-$(printf '5e%.0s' {1..32})}"
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr), $(date -u +%F)"
echo
# wrk URL [lua] -> "requests/s p50 p99 non2xx"
load() {
  local out
  out=$(wrk -t2 -c32 -d"${SECS}s" --latency ${2:+-s "$2"} "$1")
  echo "$(echo "$out" | awk '/Requests\/sec/{print $2}') \
$(echo "$out" | awk '$1=="50%"{print $2}') $(echo "$out" | awk '$1=="99%"{print $2}') \
$(echo "$out" | awk '/Non-2xx/{print $5}')"
}
serve() { # database-url port
  IPR_DATABASE_URL="$1" IPR_BIND="127.0.0.1:$2" IPR_INTAKE_PER_IP_PER_MINUTE=1000000000 \
    IPR_INTAKE_PER_PHONE_PER_HOUR=1000000000 RUST_LOG=warn "$BIN" serve >/dev/null 2>&1 &
  SERVER=$!
  wait_for "127.0.0.1:$2/ready"
}
wait_for() { # url: until it answers, or fail when the server has exited
  until curl -sf "$1" >/dev/null; do
    kill -0 "$SERVER" 2>/dev/null || { echo "the server at $1 exited" >&2; exit 1; }
    sleep 0.2
  done
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
fresh() { # backend name -> database url
  if [ "$1" = sqlite ]; then echo "sqlite://$WORK/$2.db"; else
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null; echo "$PG/$2"; fi
}
seed() { "$BIN" --database-url "$1" seed --synthetic "$2" --seed 1 2>/dev/null | tail -n 1; }
to_us() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us/,"",v); print v} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else {sub(/s/,"",v); print v*1000000} }'; }

if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY:-}" = knowledge ]; then
echo "== knowledge search: recall@5, MRR and latency over seed/knowledge-eval.json"
"$BENCH" knowledge
echo
fi

if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY:-}" = startup ]; then
echo "== start-up: from launch to /ready, and resident memory then (SQLite)"
for n in ${STARTUP_SIZES:-10000 100000 1000000}; do
  url="sqlite://$WORK/start-$n.db"
  seed "$url" "$n" >/dev/null
  begin=$(date +%s%N)
  IPR_DATABASE_URL="$url" IPR_BIND="127.0.0.1:18186" RUST_LOG=warn "$BIN" serve >/dev/null 2>&1 &
  SERVER=$!
  until curl -sf "127.0.0.1:18186/ready" >/dev/null; do sleep 0.05; done
  ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  rss=$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$SERVER/status")
  stop
  echo "$n outlets: ready in ${ms} ms, ${rss} MiB resident (targets at 1,000,000: <= 3000 ms, <= 400 MB)"
  last="$n"
done
# Where the memory goes, at the largest size: live bytes per outlet by part.
"$BENCH" directory-memory --database-url "sqlite://$WORK/start-$last.db"
rm -f "$WORK"/start-*.db*
echo
fi

if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY:-}" = locate ]; then
echo "== locate: in process, then HTTP (wrk -t2 -c32, ${SECS}s) without and with a boundary for every county"
"$BENCH" locate --geojson "$WORK/cells.geojson"
url="sqlite://$WORK/locate.db"
# Both runs start with 3 s of discarded load: after an import the first
# seconds go to checkpointing its 100 MB of WAL into the database file.
warm() { wrk -t2 -c32 -d3s -s tests/bench/locate.lua "http://127.0.0.1:18185" >/dev/null; }
serve "$url" 18185; warm
read -r a_rps a_p50 a_p99 a_bad < <(load "http://127.0.0.1:18185" tests/bench/locate.lua)
stop
"$BIN" --database-url "$url" import boundaries "$WORK/cells.geojson" 2>&1 | tail -n 1
serve "$url" 18185; warm
read -r b_rps b_p50 b_p99 b_bad < <(load "http://127.0.0.1:18185" tests/bench/locate.lua)
stop
echo "HTTP locate, no boundaries  : ${a_rps} req/s  p50 ${a_p50}  p99 ${a_p99}  non-2xx ${a_bad:-0}"
echo "HTTP locate, all boundaries : ${b_rps} req/s  p50 ${b_p50}  p99 ${b_p99}  non-2xx ${b_bad:-0}"
echo "throughput with / without: $(ratio "$b_rps" "$a_rps") (target >= 0.8)"
echo
fi

if [ -z "${BENCH_ONLY:-}" ]; then
echo "== in-process nearest (k = 10, 20000 random queries), index build and memory"
"$BENCH" index --sizes 10000,100000,1000000 --queries 20000 | tee "$WORK/index.txt"
search_us=$(awk '$1=="100000"{print $8}' "$WORK/index.txt")


for backend in sqlite postgres; do
  echo
  echo "== $backend: HTTP nearest vs health at 100k outlets (wrk -t2 -c32, ${SECS}s each)"
  url=$(fresh $backend ipr_bench_100k); seed "$url" 100000; serve "$url" 18181
  read -r h_rps h_p50 h_p99 h_bad < <(load "http://127.0.0.1:18181/health")
  read -r n_rps n_p50 n_p99 n_bad < <(load "http://127.0.0.1:18181" tests/bench/nearest.lua)
  echo "health : ${h_rps} req/s  p50 ${h_p50}  p99 ${h_p99}  non-2xx ${h_bad:-0}"
  echo "nearest: ${n_rps} req/s  p50 ${n_p50}  p99 ${n_p99}  non-2xx ${n_bad:-0}"
  echo "nearest/health throughput ratio: $(ratio "$n_rps" "$h_rps") (target >= 0.8)"
  # Machine time per request: both cores (server and wrk) divided by throughput.
  h_us=$(awk -v c="$(nproc)" -v r="$h_rps" 'BEGIN{printf "%.1f", c*1e6/r}')
  n_us=$(awk -v c="$(nproc)" -v r="$n_rps" 'BEGIN{printf "%.1f", c*1e6/r}')
  echo "machine time per request: health ${h_us} us, nearest ${n_us} us; the in-process search alone is ${search_us} us,"
  echo "  so even a nearest answer costing nothing but its search would reach $(awk -v h="$h_us" -v s="$search_us" 'BEGIN{printf "%.2f", h/(h+s)}')"
  echo
  echo "== $backend: ticket intake vs raw single-row inserts (same database, synchronous=FULL on SQLite)"
  read -r i_rps i_p50 i_p99 i_bad < <(load "http://127.0.0.1:18181/api/v1/tickets" tests/bench/intake.lua)
  stop
  raw=$("$BENCH" raw-insert --database-url "$url" --seconds "$SECS" | awk '{print $3}')
  echo "intake : ${i_rps} tickets/s  p50 ${i_p50}  p99 ${i_p99}  non-2xx ${i_bad:-0}"
  echo "raw    : ${raw} inserts/s (one connection, one transaction per row)"
  echo "intake/raw ratio: $(ratio "$i_rps" "$raw") (target >= 0.5)"
done

echo
echo "== sqlite: HTTP nearest p99 at 10k vs 1M outlets"
for n in 10000 1000000; do
  url=$(fresh sqlite "ipr_bench_$n"); seed "$url" "$n" >/dev/null; serve "$url" 18182
  read -r rps p50 p99 bad < <(load "http://127.0.0.1:18182" tests/bench/nearest.lua)
  stop
  echo "$n outlets: ${rps} req/s  p50 ${p50}  p99 ${p99}"
  eval "p99_$n=$p99"
done
echo "HTTP p99 ratio 1M/10k: $(ratio "$(to_us "$p99_1000000")" "$(to_us "$p99_10000")") (target <= 1.5)"
fi

if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY:-}" = ceiling ]; then
# shellcheck source=tests/bench/ceiling.sh
. tests/bench/ceiling.sh
fi

if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY:-}" = hotline ]; then
# shellcheck source=tests/bench/hotline.sh
. tests/bench/hotline.sh
fi
for db in ipr_bench_100k; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null; done
