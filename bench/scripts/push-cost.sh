#!/usr/bin/env bash
# What idempotency keys and event push cost: the grant workload of compare-redis.sh (fsync,
# the same connections, seconds and depths), off (v1, no key, no subscriber) against on (v2, a
# new idempotency key on every grant, and every player subscribed on a connection of its own
# that reads its pushed events), and keys alone. Rounds interleave the three, so each ratio
# compares runs a minute apart at most. The order rotates from round to round, so that over a
# multiple of three rounds each variant runs first, second and third equally often, and none
# always runs after another (each run deletes its data folder, hundreds of MB, as it ends). A
# second table gives the CPU per grant, server and generator, and what keys and push added to
# off's in each round.
#
#   bash bench/scripts/push-cost.sh [CONNECTIONS] [SECONDS] [ROUNDS]
set -euo pipefail
connections=${1:-50}
seconds=${2:-10}
rounds=${3:-3}
cd "$(dirname "$0")/../.."
bash scripts/setup.sh >/dev/null
swift build -c release --product esprit-bench >/dev/null
swift build -c release --product esprit-server >/dev/null
bench=.build/release/esprit-bench
out=bench/results/push-cost
rm -rf "$out" && mkdir -p "$out"
common=(--spawn --durability fsync --server-config bench/quest-config.json --workload grant --connections "$connections" --duration "$seconds" --warmup 2)

variants=(off keys on)
for round in $(seq "$rounds"); do
    first=$(((round - 1) % 3))
    order=("${variants[@]:first}" "${variants[@]:0:first}")
    for depth in 1 16; do
        for variant in "${order[@]}"; do
            flags=()
            [ "$variant" != off ] && flags+=(--idempotency-keys)
            [ "$variant" = on ] && flags+=(--subscribe)
            name="$variant-d$depth-r$round"
            # A run's log stays beside its JSON: a failed run stops the script and says why.
            "$bench" "${common[@]}" --depth "$depth" "${flags[@]}" --json "$out/$name.json" 2>"$out/$name.log" | tail -n +3 | sed "s/^grant /grant $variant /" \
                || { echo "$name failed:" >&2; tail -5 "$out/$name.log" >&2; exit 1; }
        done
    done
done

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def run(name, r): return json.load(open(f"{out}/{name}-r{r}.json"))
def rate(name, r): return run(name, r)["total"]["throughput"]
print(f"\n{'depth':>5} {'variant':8} " + " ".join(f"{'round ' + str(r):>10}" for r in range(1, rounds + 1)) + f" {'on/off':>24} {'median':>7}")
for depth in [1, 16]:
    for variant in ["off", "keys", "on"]:
        rates = [rate(f"{variant}-d{depth}", r) for r in range(1, rounds + 1)]
        if variant == "off":
            print(f"{depth:>5} {variant:8} " + " ".join(f"{x:>10.0f}" for x in rates))
            continue
        ratios = [rate(f"{variant}-d{depth}", r) / rate(f"off-d{depth}", r) for r in range(1, rounds + 1)]
        print(f"{depth:>5} {variant:8} " + " ".join(f"{x:>10.0f}" for x in rates) + f" {' '.join(f'{x:.2f}' for x in ratios):>24} {statistics.median(ratios):>7.2f}")

# Where the throughput went: the CPU each grant took, server and generator (they share the
# machine's cores), and what keys and push added to off's, per round. At depth 16 both cores
# are busy, so a ratio follows these sums.
def cpu(name, r, side): return run(name, r).get(f"{side}CPUMicrosPerRequest") or 0.0
def total(name, r): return cpu(name, r, "server") + cpu(name, r, "generator")
print(f"\nCPU µs per grant, server + generator, and the added µs against off in the same round")
print(f"{'depth':>5} {'variant':8} " + " ".join(f"{'round ' + str(r):>14}" for r in range(1, rounds + 1)) + f" {'added':>20} {'median':>7}")
for depth in [1, 16]:
    for variant in ["off", "keys", "on"]:
        name = f"{variant}-d{depth}"
        cells = " ".join(f"{cpu(name, r, 'server'):>6.2f} + {cpu(name, r, 'generator'):>5.2f}" for r in range(1, rounds + 1))
        if variant == "off":
            print(f"{depth:>5} {variant:8} {cells}")
            continue
        added = [total(name, r) - total(f"off-d{depth}", r) for r in range(1, rounds + 1)]
        print(f"{depth:>5} {variant:8} {cells} {' '.join(f'{x:+.2f}' for x in added):>20} {statistics.median(added):>+7.2f}")

# The machine falls into a slow mode for seconds to minutes at a time, whatever the variant
# (bench/RESULTS.md, session 32): a run's mean mixes the modes. A run's fast level is the median
# of its five best seconds (warm-up and its first recorded second left out); a variant's is the
# median of its runs' levels.
import re
def fast(name, r):
    rates = [int(x) for x in re.findall(r"(\d+) req/s", open(f"{out}/{name}-r{r}.log").read()) if int(x) > 0][1:]
    return statistics.median(sorted(rates)[-5:]) if len(rates) >= 5 else float("nan")
print(f"\nFast levels: the median of each run's five best seconds, and of the runs' (grants a second)")
print(f"{'depth':>5} {'variant':8} " + " ".join(f"{'round ' + str(r):>10}" for r in range(1, rounds + 1)) + f" {'median':>10} {'/ off':>6}")
for depth in [1, 16]:
    base = statistics.median(fast(f"off-d{depth}", r) for r in range(1, rounds + 1))
    for variant in ["off", "keys", "on"]:
        levels = [fast(f"{variant}-d{depth}", r) for r in range(1, rounds + 1)]
        level = statistics.median(levels)
        print(f"{depth:>5} {variant:8} " + " ".join(f"{x:>10.0f}" for x in levels) + f" {level:>10.0f} {level / base:>6.2f}")
PY
