#!/usr/bin/env bash
# Where the server's time goes under one workload: starts a release esprit-server (fsync),
# runs esprit-bench against it, and records the server with `perf record -g` for the middle
# of the run. Prints the busiest symbols (self time, then with callees) and leaves perf.data in
# bench/results/profile-WORKLOAD-dDEPTH/ for `perf report -i`.
#
#   bash bench/scripts/profile-server.sh [WORKLOAD] [DEPTH] [SECONDS] [BENCH FLAGS...]
#
# Flags after the third argument go to esprit-bench, such as --idempotency-keys --subscribe.
set -euo pipefail
workload=${1:-grant}
depth=${2:-16}
seconds=${3:-8}
extra=("${@:4}")
cd "$(dirname "$0")/../.."
command -v perf >/dev/null || { echo "profile-server.sh needs perf (apt-get install linux-perf)" >&2; exit 1; }
swift build -c release --product esprit-bench >/dev/null
swift build -c release --product esprit-server >/dev/null
out=bench/results/profile-$workload-d$depth
rm -rf "$out" && mkdir -p "$out"
config=()
[ "$workload" = quest ] && config=(--config bench/quest-config.json)
.build/release/esprit-server --host 127.0.0.1 --port 0 --data-dir "$out/data" --durability fsync \
    --admin-key profile --snapshot-interval 0 --player-reads-per-second 0 --player-changes-per-second 0 --registration-burst 1000000000 "${config[@]}" \
    >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
    port=$(grep listening "$out/server.log" | grep -o '127\.0\.0\.1:[0-9]*' | cut -d: -f2 || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
.build/release/esprit-bench --port "$port" --admin-key profile --workload "$workload" --depth "$depth" \
    --warmup 2 --duration "$seconds" "${extra[@]}" >"$out/bench.txt" 2>/dev/null &
bench=$!
sleep 3
perf record -F 999 -g -p "$server" -o "$out/perf.data" -- sleep $((seconds - 2)) 2>/dev/null
wait $bench
cat "$out/bench.txt"
echo
echo "self time, by thread and binary:"
perf report -i "$out/perf.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
echo
echo "self time, by symbol:"
perf report -i "$out/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30 | cut -c1-160
echo
echo "with callees, Esprit's own code:"
perf report -i "$out/perf.data" --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep Esprit | head -30 | cut -c1-200
