# Sourced by run.sh: nearest at the HTTP ceiling (100,000 synthetic outlets,
# SQLite). wrk -t1 -c32, the runs alternating: nearest, the same nearest
# answer's bytes from a trivial actix-web handler in ipr-bench (the ceiling),
# /health, sparse nearest (fields=id,name,location,distance_m), and nearest
# with gzip and with brotli; bytes per answer for each encoding, and the
# serving process's CPU per request (steadier than throughput). Three rounds
# after a discarded warm-up; the ratios per round and their median.
echo "== nearest at the HTTP ceiling, 100k outlets (wrk -t1 -c32, ${SECS}s each, alternating)"
url=$(fresh sqlite ipr_bench_ceiling); seed "$url" 100000 >/dev/null; serve "$url" 18183
Q="lat=37.19000&lng=112.18000&limit=10"
curl -s "127.0.0.1:18183/api/v1/outlets/nearest?$Q" -o "$WORK/nearest.json"
"$BENCH" ceiling --port 18184 --body "$WORK/nearest.json" --workers "$(nproc)" >/dev/null &
CEILING=$!
# Should anything below fail, the ceiling server must not outlive the run
# (it would hold the output open and a caller reading it would wait forever).
trap 'kill "$CEILING" 2>/dev/null || true; cleanup' EXIT
until curl -sf "127.0.0.1:18184/" >/dev/null; do sleep 0.1; done
bytes() { curl -s -H "Accept-Encoding: $1" "127.0.0.1:18183/api/v1/outlets/nearest?$Q" | wc -c; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
one() { # url [header] -> "requests/s cpu-µs-per-request" (CPU of the process serving it)
  local pid=$SERVER out t0
  [[ "$1" == *:18184/* ]] && pid=$CEILING
  t0=$(ticks "$pid")
  out=$(wrk -t1 -c32 -d"${SECS}s" ${2:+-H "$2"} "$1")
  awk -v rps="$(echo "$out" | awk '/Requests\/sec/{print $2}')" -v a="$t0" -v b="$(ticks "$pid")" \
    -v hz="$(getconf CLK_TCK)" -v n="$(echo "$out" | awk '/requests in/{print $1}')" \
    'BEGIN{printf "%s %.1f\n", rps, (b - a) * 1000000 / hz / n}'
}
# After start a directory of 100,000 outlets is indexed for search in the
# background, which takes a core for some seconds and counts in the serving
# process's CPU: a fixed wait was not always enough (the first round's
# nearest took 28 µs a request, the later ones 19-22). So: until the server
# has used under a tenth of a core for a second, then a discarded warm-up.
idle() { # at most a minute, then the rounds go ahead regardless
  local a
  for _ in $(seq 60); do
    a=$(ticks "$SERVER"); sleep 1
    (( ($(ticks "$SERVER") - a) * 10 < $(getconf CLK_TCK) )) && return
  done
  echo "  (the server was still busy after 60 s; measuring anyway)"
}
idle
wrk -t1 -c32 -d5s "http://127.0.0.1:18183/api/v1/outlets/nearest?$Q" >/dev/null
nc=(); fh=()
for round in 1 2 3; do
  read -r n nu < <(one "http://127.0.0.1:18183/api/v1/outlets/nearest?$Q")
  read -r c cu < <(one "http://127.0.0.1:18184/")
  read -r h hu < <(one "http://127.0.0.1:18183/health")
  read -r f fu < <(one "http://127.0.0.1:18183/api/v1/outlets/nearest?$Q&fields=id,name,location,distance_m")
  read -r g _ < <(one "http://127.0.0.1:18183/api/v1/outlets/nearest?$Q" "Accept-Encoding: gzip")
  read -r b _ < <(one "http://127.0.0.1:18183/api/v1/outlets/nearest?$Q" "Accept-Encoding: br")
  echo "round $round: nearest ${n}  ceiling ${c}  health ${h}  sparse ${f}  gzip ${g}  br ${b} req/s"
  echo "  server CPU per request: nearest ${nu}  ceiling ${cu}  health ${hu}  sparse ${fu} µs"
  nc+=("$(ratio "$n" "$c")"); fh+=("$(ratio "$f" "$h")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
sparse_bytes=$(curl -s "127.0.0.1:18183/api/v1/outlets/nearest?$Q&fields=id,name,location,distance_m" | wc -c)
echo "bytes per nearest answer: identity $(bytes identity), gzip $(bytes gzip), br $(bytes br); sparse ${sparse_bytes}"
kill "$CEILING"; stop
echo "nearest / ceiling by round: ${nc[*]}; median $(median "${nc[@]}") (target >= 0.8)"
echo "sparse nearest / health by round: ${fh[*]}; median $(median "${fh[@]}") (target >= 0.8)"
echo "gzip / identity throughput: $(ratio "$g" "$n"); br / identity: $(ratio "$b" "$n")"
echo
