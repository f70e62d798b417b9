#!/usr/bin/env bash
# System calls and context switches per request of a server under load: the figures behind
# "Where the time goes now" in bench/RESULTS.md. Counts do not swing with the machine's noise
# the way throughput does, so an A/B of two builds reads better here than in req/s.
#
#   bash bench/scripts/syscalls.sh esprit|redis WORKLOAD DEPTH [SERVER_BINARY [BENCH FLAGS...]]
#
# Runs esprit-bench (50 connections, 2 s warm-up, 8 s recorded) against a server it starts
# (Esprit with fsync and bench/quest-config.json, or Redis with appendfsync always), counts the
# server process's system calls and context switches with `perf stat` over 4 s in the middle of
# the run, and prints each per request along with the server's CPU per request over the same
# 4 s. Needs perf and, for redis, redis-server. Extra environment (ESPRIT_*) reaches the server;
# flags after the server binary reach esprit-bench (`--idempotency-keys`, `--subscribe`).
set -euo pipefail
target=$1
workload=$2
depth=$3
cd "$(dirname "$0")/../.."
bench=.build/release/esprit-bench
server=${4:-.build/release/esprit-server}
[ -x "$bench" ] || swift build -c release --product esprit-bench >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load=(--workload "$workload" --depth "$depth" --connections 50 --duration 8 --warmup 2 "${@:5}")

case "$target" in
esprit)
    [ -x "$server" ] || swift build -c release --product esprit-server >/dev/null
    "$server" --host 127.0.0.1 --port 0 --data-dir "$work/data" --durability fsync --admin-key syscalls \
        --snapshot-interval 0 --config bench/quest-config.json --player-reads-per-second 0 --player-changes-per-second 0 --registration-burst 1000000000 \
        >"$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q "listening" "$work/server.log" && break; sleep 0.1; done
    port=$(grep -a -o "127.0.0.1:[0-9]*" "$work/server.log" | head -1 | cut -d: -f2)
    "$bench" --port "$port" --admin-key syscalls "${load[@]}" >"$work/bench.txt" 2>&1 &
    ;;
redis)
    "$bench" --redis always "${load[@]}" >"$work/bench.txt" 2>&1 &
    sleep 1
    pid=$(pgrep -n redis-server)
    ;;
*)
    echo "usage: syscalls.sh esprit|redis WORKLOAD DEPTH [SERVER_BINARY [BENCH FLAGS...]]" >&2
    exit 2
    ;;
esac
generator=$!
sleep 5
events=syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_epoll_wait
events+=,syscalls:sys_enter_futex,syscalls:sys_enter_fdatasync,context-switches
cpu_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
perf stat -x, -e "$events" -p "$pid" -- sleep 4 2>"$work/perf.csv"
cpu_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
wait "$generator"
[ "$target" = esprit ] && kill "$pid" && wait "$pid" 2>/dev/null || true
throughput=$(grep -a -E "^$workload " "$work/bench.txt" | tail -1 | awk '{print $2}')
python3 - "$work/perf.csv" "$throughput" "$cpu_before" "$cpu_after" "$target $workload depth $depth" <<'PY'
import sys
path, throughput, before, after, label = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
requests = throughput * 4
print(f"{label}: {throughput:.0f} req/s, server CPU {(after - before) / 100 / requests * 1e6:.1f} µs per request")
for line in open(path):
    fields = line.strip().split(",")
    if len(fields) < 3 or not fields[0].replace(".", "").isdigit():
        continue
    name = fields[2].replace("syscalls:sys_enter_", "")
    print(f"  {name:18} {float(fields[0]) / requests:7.3f} per request")
PY
