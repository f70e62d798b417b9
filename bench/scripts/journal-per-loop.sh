#!/usr/bin/env bash
# The most a journal per event loop could give, measured before building it: two servers of one
# loop each (each loop writes and syncs its own journal at the end of its turn, and no request
# ever crosses to the other), against one server of two loops sharing one journal (the
# default), and one server of one loop. "One loop commits for itself" in bench/RESULTS.md.
#
#   bash bench/scripts/journal-per-loop.sh WORKLOAD DEPTH [ROUNDS]
#
# Every configuration gets the same load: two esprit-bench processes of 25 connections each,
# run together (2 s warm-up, 6 s recorded), one against each server, or both against the one
# server. The throughput is the sum of the two; p50 and p99 are the worse of the two. Server
# CPU per request is the servers' user + system time (/proc/PID/stat, every thread, ticks of
# 10 ms) over 3 s in the middle of the recorded window, divided by the throughput. Grants go to
# the generator's own 25 players: with two servers none crosses a loop, so the split is the
# upper bound of a journal per loop, where admin grants to the other loop's players would still
# cross. Configurations take turns within a round, so a comparison is seconds apart.
set -euo pipefail
workload=$1
depth=$2
rounds=${3:-3}
cd "$(dirname "$0")/../.."
server=.build/release/esprit-server
bench=.build/release/esprit-bench
[ -x "$server" ] || swift build -c release --product esprit-server >/dev/null
[ -x "$bench" ] || swift build -c release --product esprit-bench >/dev/null
work=$(mktemp -d)
servers=()
cleanup() {
    [ ${#servers[@]} -eq 0 ] || kill "${servers[@]}" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
key=$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')

# Starts a server of LOOPS loops on a port the kernel picks; sets `started` to "PID PORT".
start() {
    local loops=$1 data
    data=$(mktemp -d "$work/data-XXXX")
    "$server" --host 127.0.0.1 --port 0 --data-dir "$data" --durability fsync --admin-key "$key" \
        --snapshot-interval 0 --event-loops "$loops" --config bench/quest-config.json \
        --player-reads-per-second 0 --player-changes-per-second 0 --registration-burst 1000000000 >"$data/log" 2>&1 &
    local pid=$!
    for _ in $(seq 200); do
        local port
        port=$(grep 'listening' "$data/log" | grep -o '127\.0\.0\.1:[0-9]*' | head -1 | grep -o '[0-9]*$' || true)
        if [ -n "$port" ]; then
            started="$pid $port"
            return
        fi
        sleep 0.05
    done
    echo "journal-per-loop.sh: the server did not start:" >&2
    cat "$data/log" >&2
    exit 1
}

ticks() {
    local total=0 pid
    for pid in "$@"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$total"
}

printf '%-5s %-28s %9s %7s %7s %10s\n' round configuration "req/s" "p50 ms" "p99 ms" "server µs"
for round in $(seq "$rounds"); do
    for configuration in "two servers, one loop each" "one server, two loops" "one server, one loop"; do
        servers=()
        ports=()
        case "$configuration" in
        "two servers"*) for _ in 1 2; do start 1; servers+=("${started% *}"); ports+=("${started#* }"); done ;;
        *"two loops") start 2; servers+=("${started% *}"); ports+=("${started#* }" "${started#* }") ;;
        *) start 1; servers+=("${started% *}"); ports+=("${started#* }" "${started#* }") ;;
        esac
        generators=()
        for index in 0 1; do
            ESPRIT_ADMIN_KEY=$key "$bench" --port "${ports[$index]}" --connections 25 --workload "$workload" \
                --depth "$depth" --duration 6 --warmup 2 --json "$work/run-$index.json" >/dev/null 2>&1 &
            generators+=($!)
        done
        sleep 4.5
        before=$(ticks "${servers[@]}")
        from=$(date +%s.%N)
        sleep 3
        after=$(ticks "${servers[@]}")
        to=$(date +%s.%N)
        wait "${generators[@]}"
        python3 - "$work" "$round" "$configuration" "$((after - before))" "$from" "$to" <<'PY'
import json, sys
work, round_, configuration, ticks, start, end = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
runs = [json.load(open(f"{work}/run-{index}.json"))["total"] for index in (0, 1)]
throughput = sum(run["throughput"] for run in runs)
p50 = max(run["p50Micros"] for run in runs) / 1000
p99 = max(run["p99Micros"] for run in runs) / 1000
cpu = ticks * 10_000 / ((end - start) * throughput)
print(f"{round_:<5} {configuration:<28} {throughput:>9.0f} {p50:>7.2f} {p99:>7.2f} {cpu:>10.1f}")
PY
        kill "${servers[@]}"
        wait "${servers[@]}" 2>/dev/null || true
        servers=()
    done
done
