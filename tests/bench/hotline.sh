#!/usr/bin/env bash
# Hotline at scale: queue, overdue filter, statistics and single-ticket views
# at 10,000 and 1,000,000 synthetic tickets (30 % open), a text search that
# matches no ticket (one client, no target), the overdue sweep's
# longest hold of the writer, and intake while the sweep runs, on SQLite and
# PostgreSQL. Sourced by run.sh (uses its helpers); HOTLINE_SIZES overrides
# the sizes, e.g. HOTLINE_SIZES="10000 100000", and HOTLINE_BACKENDS="sqlite" the backends.
SIZES="${HOTLINE_SIZES:-10000 1000000}"
SWEEP_LOG="$WORK/sweep.log"
serve_with() { # database-url port sweep-ms
  IPR_DATABASE_URL="$1" IPR_BIND="127.0.0.1:$2" IPR_SWEEP_EVERY_MS="$3" \
    IPR_INTAKE_PER_IP_PER_MINUTE=1000000000 IPR_INTAKE_PER_PHONE_PER_HOUR=1000000000 \
    RUST_LOG="warn,ipr_service::jobs::escalation=debug" "$BIN" serve >"$SWEEP_LOG" 2>&1 &
  SERVER=$!
  wait_for "127.0.0.1:$2/health"
}
authed() { # url -> "requests/s p50 p99"
  local out
  out=$(wrk -t2 -c8 -d"${SECS}s" --latency -H "Authorization: Bearer $KEY" ${2:+-s "$2"} "$1")
  echo "$(echo "$out" | awk '/Requests\/sec/{print $2}') $(echo "$out" | awk '$1=="50%"{print $2}') $(echo "$out" | awk '$1=="99%"{print $2}')"
}
BACKENDS="${HOTLINE_BACKENDS:-sqlite postgres}"
for backend in $BACKENDS; do
  for n in $SIZES; do
    echo
    echo "== $backend: hotline at $n tickets"
    url=$(fresh $backend "ipr_bench_tickets_$n")
    "$BIN" --database-url "$url" seed --tickets "$n" --seed 1 2>/dev/null | tail -n 1
    KEY=$("$BIN" --database-url "$url" keys create --role operator 2>/dev/null | tail -n 1)
    export KEY IDS="$WORK/ids.txt"
    if [ "$backend" = sqlite ]; then
      sqlite3 "${url#sqlite://}" "SELECT id FROM tickets WHERE state <> 'closed' ORDER BY id LIMIT 200" >"$IDS"
    else
      psql "$url" -Atc "SELECT id FROM tickets WHERE state <> 'closed' ORDER BY id LIMIT 200" >"$IDS"
    fi
    serve_with "$url" 18183 3600000
    for what in "queue:/api/v1/tickets?limit=50" "overdue:/api/v1/tickets?limit=50&overdue=true" "stats:/api/v1/stats/tickets"; do
      read -r rps p50 p99 < <(authed "http://127.0.0.1:18183${what#*:}")
      echo "${what%%:*}: p50 ${p50}  p99 ${p99}  (${rps} req/s)"
      eval "${backend}_${what%%:*}_${n}=$p99"
    done
    read -r rps p50 p99 < <(authed "http://127.0.0.1:18183" tests/bench/ticket.lua)
    echo "ticket view with duplicates: p50 ${p50}  p99 ${p99}  (${rps} req/s)"
    eval "${backend}_ticket_${n}=$p99"
    # A caller's phone that no ticket holds: the search walks 20,000 ids, then scans the table.
    out=$(wrk -t1 -c1 -d"${SECS}s" --latency -H "Authorization: Bearer $KEY" \
      "http://127.0.0.1:18183/api/v1/tickets?limit=50&q=13999999999")
    echo "queue search matching no ticket, one client: p50 $(echo "$out" | awk '$1=="50%"{print $2}')  p99 $(echo "$out" | awk '$1=="99%"{print $2}') (no target: it scans the table)"
    stop
    count_sql="SELECT COUNT(*) FROM ticket_deadlines WHERE sweep_at IS NOT NULL"
    if [ "$backend" = sqlite ]; then
      open_overdue=$(sqlite3 -cmd ".timeout 10000" "${url#sqlite://}" "$count_sql")
    else
      open_overdue=$(psql "$url" -Atc "$count_sql")
    fi
    serve_with "$url" 18183 100
    read -r i_rps i_p50 i_p99 i_bad < <(load "http://127.0.0.1:18183/api/v1/tickets" tests/bench/intake.lua)
    stop
    held=$( (grep -o 'held_us=[0-9]*' "$SWEEP_LOG" || true) | cut -d= -f2 | sort -n | tail -n 1)
    # Each batch's hold less its writes: its commit (with any checkpoint SQLite ran in it).
    committed=$( (grep 'sweep batch' "$SWEEP_LOG" || true) | sed -n 's/.*held_us=\([0-9]*\) wrote_us=\([0-9]*\).*/\1 \2/p' \
      | awk '{d=$1-$2; if (d>m) m=d} END {printf "%.1f", m/1000}')
    batches=$(grep -c 'sweep batch' "$SWEEP_LOG" || true)
    raw=$("$BENCH" raw-insert --database-url "$url" --seconds "$SECS" | awk '{print $3}')
    echo "intake while the sweep runs: ${i_rps} tickets/s  p99 ${i_p99} (raw ${raw}/s, ratio $(ratio "$i_rps" "$raw"), target >= 1.0 on PostgreSQL)"
    echo "sweep: ${batches} batches over ${open_overdue} escalatable tickets with a deadline; longest hold of the writer $(awk -v u="${held:-0}" 'BEGIN{printf "%.1f", u/1000}') ms (target <= 50 ms); longest commit of a batch ${committed:-0} ms"
    eval "${backend}_held_${n}=${held:-0}"
    [ "$backend" = postgres ] && psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS ipr_bench_tickets_$n" >/dev/null
  done
done
echo
echo "== hotline targets (p99): queue and ticket view <= 20 ms, stats <= 250 ms; 1M within 2x of 10k"
big=$(echo $SIZES | awk '{print $NF}'); small=$(echo $SIZES | awk '{print $1}')
for backend in $BACKENDS; do
  for what in queue overdue stats ticket; do
    b=$(eval echo "\$${backend}_${what}_${big}"); s=$(eval echo "\$${backend}_${what}_${small}")
    echo "$backend $what: p99 $s at $small, $b at $big, ratio $(ratio "$(to_us "$b")" "$(to_us "$s")") (target <= 2)"
  done
done
