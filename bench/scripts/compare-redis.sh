#!/usr/bin/env bash
# Esprit's load table and the comparison with the peer a studio would pick instead: Redis with
# the game logic in Lua (EVALSHA), on the same generator, connection count and depth.
#
#   bash bench/scripts/compare-redis.sh [CONNECTIONS] [SECONDS] [ROUNDS]
#
# Each round runs, at depth 1 and 16: Esprit (fsync) read, grant, quest and game; Redis with
# appendfsync always and Redis without AOF, grant and quest. The runs of a round follow one
# another, so a ratio compares runs minutes apart at most; the summary gives per configuration
# the median throughput over the rounds (latencies of the median run) and the median of the
# per-round ratios. Every run's JSON stays in bench/results/ (not committed).
set -euo pipefail
connections=${1:-50}
seconds=${2:-10}
rounds=${3:-3}
cd "$(dirname "$0")/../.."
bash scripts/setup.sh >/dev/null
command -v redis-server >/dev/null || { apt-get install -y -qq redis-server >/dev/null || sudo apt-get install -y -qq redis-server >/dev/null; }
swift build -c release --product esprit-bench >/dev/null
swift build -c release --product esprit-server >/dev/null
bench=.build/release/esprit-bench
out=bench/results/compare
rm -rf "$out" && mkdir -p "$out"
common=(--connections "$connections" --duration "$seconds" --warmup 2)

for round in $(seq "$rounds"); do
    for depth in 1 16; do
        for workload in read grant quest game; do
            config=()
            # Free quests, so both sides do the same check and update (see RESULTS.md).
            [ "$workload" != read ] && config=(--server-config bench/quest-config.json)
            "$bench" --spawn --durability fsync "${config[@]}" --workload "$workload" --depth "$depth" "${common[@]}" \
                --json "$out/esprit-$workload-d$depth-r$round.json" 2>/dev/null | tail -n +3
        done
        for workload in grant quest; do
            for persistence in always none; do
                "$bench" --redis "$persistence" --workload "$workload" --depth "$depth" "${common[@]}" \
                    --json "$out/redis-$persistence-$workload-d$depth-r$round.json" 2>/dev/null | tail -n +3 | sed "s/^$workload /$workload redis-$persistence /"
            done
        done
    done
done

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def run(name, r): return json.load(open(f"{out}/{name}-r{r}.json"))
def median_run(name):
    runs = sorted((run(name, r) for r in range(1, rounds + 1)), key=lambda j: j["total"]["throughput"])
    return runs[len(runs) // 2]["total"]
def ratio(a, b):
    return statistics.median(run(a, r)["total"]["throughput"] / run(b, r)["total"]["throughput"] for r in range(1, rounds + 1))
print(f"\nmedian of {rounds} rounds")
print(f"{'target':22} {'workload':8} {'depth':>5} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'p99.9 ms':>8} {'refused':>8} {'errors':>6}")
for depth in [1, 16]:
    for target, workloads in [("esprit", ["read", "grant", "quest", "game"]), ("redis-always", ["grant", "quest"]), ("redis-none", ["grant", "quest"])]:
        for workload in workloads:
            t = median_run(f"{target}-{workload}-d{depth}")
            print(f"{target:22} {workload:8} {depth:>5} {t['throughput']:>9.0f} {t['p50Micros']/1000:>7.2f} {t['p99Micros']/1000:>7.2f} {t['p999Micros']/1000:>8.2f} {t['refused']:>8} {t['errors']:>6}")
print(f"\n{'workload':8} {'depth':>5} {'Esprit/Redis always':>20} {'Esprit/Redis no AOF':>20}")
for workload in ["grant", "quest"]:
    for depth in [1, 16]:
        e = f"esprit-{workload}-d{depth}"
        print(f"{workload:8} {depth:>5} {ratio(e, f'redis-always-{workload}-d{depth}'):>20.2f} {ratio(e, f'redis-none-{workload}-d{depth}'):>20.2f}")
PY
