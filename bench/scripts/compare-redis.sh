#!/usr/bin/env bash
# Esprit's load table and the comparison with the peer a studio would pick instead: Redis with
# the game logic in Lua (EVALSHA), on the same generator, connection count and depth.
#
#   bash bench/scripts/compare-redis.sh [CONNECTIONS] [SECONDS] [ROUNDS]
#
# Each round runs, at depth 1 and 16: Esprit (fsync) read, grant, quest and game; Esprit without
# durability, grant (with Redis without AOF, it shows whether the generator is the ceiling);
# Redis with appendfsync always and Redis without AOF, grant and quest. Every run also reports
# the CPU per request of the server and of the generator. The runs of a round follow one
# another, so a ratio compares runs minutes apart at most. The summary gives per configuration
# the median throughput over the rounds (latencies and CPU of the median run), then every
# per-round ratio with their median. Every run's JSON stays in bench/results/ (not committed).
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
        "$bench" --spawn --durability none --server-config bench/quest-config.json --workload grant --depth "$depth" "${common[@]}" \
            --json "$out/esprit-none-grant-d$depth-r$round.json" 2>/dev/null | tail -n +3 | sed "s/^grant /grant esprit-none /"
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
    return runs[len(runs) // 2]
def ratios(a, b):
    return [run(a, r)["total"]["throughput"] / run(b, r)["total"]["throughput"] for r in range(1, rounds + 1)]
def micros(value): return f"{value:.1f}" if value is not None else "-"
print(f"\nmedian of {rounds} rounds (CPU per request: µs of user + system time over the recorded window, every thread)")
print(f"{'target':22} {'workload':8} {'depth':>5} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'p99.9 ms':>8} {'refused':>8} {'errors':>6} {'server µs':>9} {'gen µs':>7}")
for depth in [1, 16]:
    for target, workloads in [("esprit", ["read", "grant", "quest", "game"]), ("esprit-none", ["grant"]), ("redis-always", ["grant", "quest"]), ("redis-none", ["grant", "quest"])]:
        for workload in workloads:
            j = median_run(f"{target}-{workload}-d{depth}")
            t = j["total"]
            print(f"{target:22} {workload:8} {depth:>5} {t['throughput']:>9.0f} {t['p50Micros']/1000:>7.2f} {t['p99Micros']/1000:>7.2f} {t['p999Micros']/1000:>8.2f} {t['refused']:>8} {t['errors']:>6} {micros(j.get('serverCPUMicrosPerRequest')):>9} {micros(j.get('generatorCPUMicrosPerRequest')):>7}")
print(f"\nper-round ratios of throughput (the median is the figure)")
print(f"{'workload':8} {'depth':>5} {'Esprit/Redis always':>28} {'median':>7} {'Esprit/Redis no AOF':>28} {'median':>7}")
for workload in ["grant", "quest"]:
    for depth in [1, 16]:
        e = f"esprit-{workload}-d{depth}"
        always, none = ratios(e, f"redis-always-{workload}-d{depth}"), ratios(e, f"redis-none-{workload}-d{depth}")
        print(f"{workload:8} {depth:>5} {' '.join(f'{x:.2f}' for x in always):>28} {statistics.median(always):>7.2f} {' '.join(f'{x:.2f}' for x in none):>28} {statistics.median(none):>7.2f}")
print(f"\nper-round p99 (ms) at depth 1, Esprit against Redis always")
for workload in ["grant", "quest"]:
    pairs = [(run(f"esprit-{workload}-d1", r)["total"]["p99Micros"] / 1000, run(f"redis-always-{workload}-d1", r)["total"]["p99Micros"] / 1000) for r in range(1, rounds + 1)]
    print(f"{workload:8} " + "  ".join(f"{e:.2f} / {r:.2f}" for e, r in pairs))
print(f"\nthe generator's ceiling: Esprit without durability against Redis without AOF, grant")
for depth in [1, 16]:
    pairs = [(run(f"esprit-none-grant-d{depth}", r)["total"]["throughput"], run(f"redis-none-grant-d{depth}", r)["total"]["throughput"]) for r in range(1, rounds + 1)]
    print(f"depth {depth:>2} " + "  ".join(f"{e:.0f} / {r:.0f}" for e, r in pairs))
PY
