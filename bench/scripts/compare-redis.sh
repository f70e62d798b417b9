#!/usr/bin/env bash
# Esprit against the peer a studio would pick instead: Redis with the game logic in Lua
# (EVALSHA), on the same generator, connection count and depth, one after the other in one run.
#
#   bash bench/scripts/compare-redis.sh [CONNECTIONS] [SECONDS]
#
# For grant (check-and-increment) and quest (check energy, then energy, xp and lumees), at
# depth 1 and 16: esprit-server in fsync mode, Redis with appendfsync always, Redis without AOF.
# Prints each run's table, then the ratios Esprit/Redis. The JSON of every run stays in
# bench/results/ (not committed).
set -euo pipefail
connections=${1:-50}
seconds=${2:-10}
cd "$(dirname "$0")/../.."
bash scripts/setup.sh
command -v redis-server >/dev/null || { apt-get install -y -qq redis-server >/dev/null || sudo apt-get install -y -qq redis-server >/dev/null; }
swift build -c release --product esprit-bench >/dev/null
swift build -c release --product esprit-server >/dev/null
bench=.build/release/esprit-bench
out=bench/results
mkdir -p "$out"
common=(--connections "$connections" --duration "$seconds" --warmup 2)

for workload in grant quest; do
    for depth in 1 16; do
        config=()
        [ "$workload" = quest ] && config=(--server-config bench/quest-config.json)
        "$bench" --spawn --durability fsync "${config[@]}" --workload "$workload" --depth "$depth" "${common[@]}" --json "$out/esprit-$workload-d$depth.json"
        "$bench" --redis always --workload "$workload" --depth "$depth" "${common[@]}" --json "$out/redis-always-$workload-d$depth.json"
        "$bench" --redis none --workload "$workload" --depth "$depth" "${common[@]}" --json "$out/redis-none-$workload-d$depth.json"
    done
done

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def load(name): return json.load(open(f"{out}/{name}.json"))["total"]
print(f"\n{'operation':10} {'depth':>5} {'esprit req/s':>13} {'p99 ms':>7} {'redis always':>13} {'p99 ms':>7} {'ratio':>6} {'redis no AOF':>13} {'p99 ms':>7} {'ratio':>6}")
for workload in ["grant", "quest"]:
    for depth in [1, 16]:
        e, a, n = (load(f"{t}-{workload}-d{depth}") for t in ["esprit", "redis-always", "redis-none"])
        print(f"{workload:10} {depth:>5} {e['throughput']:>13.0f} {e['p99Micros']/1000:>7.2f} {a['throughput']:>13.0f} {a['p99Micros']/1000:>7.2f} "
              f"{e['throughput']/a['throughput']:>6.2f} {n['throughput']:>13.0f} {n['p99Micros']/1000:>7.2f} {e['throughput']/n['throughput']:>6.2f}")
PY
