#!/usr/bin/env bash
# Where the CPU of one load run goes: per thread of the server and of the generator, user and
# system time per request, and the whole machine's split (user, system, softirq, iowait, idle,
# steal) over the same window. The figures behind "Where the time goes now" in
# bench/RESULTS.md: they tell a run bound by CPU (no idle left) from one bound by waiting, and
# the work the kernel does outside any process (softirq: loopback TCP) from the processes'.
#
#   bash bench/scripts/cpu-split.sh esprit|esprit-none|redis-always|redis-none WORKLOAD DEPTH
#
# Runs esprit-bench (50 connections, 2 s warm-up, 8 s recorded) against the server it spawns
# (Esprit with fsync or without durability and bench/quest-config.json; Redis with appendfsync
# always or without AOF), and samples /proc over 4 s in the middle of the recorded window.
# Threads' times come from /proc/PID/task/*/stat (ticks of 10 ms: at 40 000 requests per
# second a tick is 0.06 µs per request); per request divides by the run's throughput.
set -euo pipefail
target=$1
workload=$2
depth=$3
cd "$(dirname "$0")/../.."
bench=.build/release/esprit-bench
[ -x "$bench" ] || swift build -c release --product esprit-bench >/dev/null
[ -x .build/release/esprit-server ] || swift build -c release --product esprit-server >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load=(--workload "$workload" --depth "$depth" --connections 50 --duration 8 --warmup 2 --json "$work/run.json")
case "$target" in
esprit) "$bench" --spawn --durability fsync --server-config bench/quest-config.json "${load[@]}" >/dev/null 2>&1 & ;;
esprit-none) "$bench" --spawn --durability none --server-config bench/quest-config.json "${load[@]}" >/dev/null 2>&1 & ;;
redis-always) "$bench" --redis always "${load[@]}" >/dev/null 2>&1 & ;;
redis-none) "$bench" --redis none "${load[@]}" >/dev/null 2>&1 & ;;
*)
    echo "usage: cpu-split.sh esprit|esprit-none|redis-always|redis-none WORKLOAD DEPTH" >&2
    exit 2
    ;;
esac
generator=$!
sleep 5
server=$(pgrep -P "$generator" | head -1)
[ -n "$server" ] || { echo "cpu-split.sh: no server process under the generator" >&2; exit 1; }
snapshot() {
    for pid in "$server" "$generator"; do
        for task in /proc/"$pid"/task/*; do
            # A thread may end between the listing and the reads: it is left out.
            name=$(tr ' ' _ <"$task/comm" 2>/dev/null) || continue
            times=$(cut -d' ' -f14,15 "$task/stat" 2>/dev/null) || continue
            [ -n "$name" ] && [ -n "$times" ] && echo "$pid ${task##*/} $name $times"
        done
    done
    head -1 /proc/stat
}
snapshot >"$work/before"
sleep 4
snapshot >"$work/after"
wait "$generator"
python3 - "$work" "$server" "$generator" "$target $workload depth $depth" <<'PY'
import collections, json, sys
work, server, generator, label = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
throughput = json.load(open(f"{work}/run.json"))["total"]["throughput"]
requests = throughput * 4
def load(path):
    threads, machine = {}, None
    for line in open(path):
        fields = line.split()
        if fields[0] == "cpu":
            machine = list(map(int, fields[1:9]))
        else:
            threads[(fields[0], fields[1])] = [fields[2], int(fields[3]), int(fields[4])]
    return threads, machine
(before, machine_before), (after, machine_after) = load(f"{work}/before"), load(f"{work}/after")
print(f"{label}: {throughput:.0f} req/s; µs per request, user + system")
for pid, role in [(server, "server"), (generator, "generator")]:
    # Per thread id, so that a thread started in the window counts from zero; then by name.
    by_name = collections.defaultdict(lambda: [0.0, 0.0])
    for (owner, tid), (name, user, system) in after.items():
        if owner == pid:
            start = before.get((owner, tid), [name, 0, 0])
            by_name[name][0] += (user - start[1]) / 100 / requests * 1e6
            by_name[name][1] += (system - start[2]) / 100 / requests * 1e6
    user_total = system_total = 0.0
    for name, (user, system) in sorted(by_name.items()):
        user_total, system_total = user_total + user, system_total + system
        if user + system >= 0.05:
            print(f"  {role:9} {name:20} {user:5.1f} + {system:5.1f}")
    print(f"  {role:9} {'all threads':20} {user_total:5.1f} + {system_total:5.1f} = {user_total + system_total:.1f}")
names = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]
spent = [b - a for a, b in zip(machine_before, machine_after)]
print("  machine  " + "  ".join(f"{name} {value * 100 / sum(spent):.1f} %" for name, value in zip(names, spent) if name not in ("nice", "irq")))
PY
