#!/usr/bin/env bash
# What one keyed change costs the keys' own structures (RetainedKeys), counted rather than
# timed: instructions, L1 misses and last-level misses (and how many of those are reads) per
# change, from callgrind's cache simulation, so the figures come out the same on a noisy
# machine (bench/RESULTS.md, session 24). Throughput runs cannot resolve a change to these
# structures: a round moves by ±0.4 µs.
#
#   bash bench/scripts/keys-cost.sh [CHANGES] [PLAYERS] [BOUND] [BINARY...]
#
# Runs esprit-keys-churn (every player filled to its bound, then CHANGES keyed changes at random
# players, each a look-up then a keep) twice under callgrind, with no changes and with CHANGES,
# and divides the difference by CHANGES: what the fills cost drops out. Each change also makes
# its key and the key's hash, the same in every build. Extra arguments are other builds of
# esprit-keys-churn to count the same way, for an A/B. LL=BYTES sets the simulated last
# level (default 1 MiB, one core's L2 here, as /sys/devices/system/cpu/cpu0/cache/index2 says:
# the L3 is shared with the rest of the machine).
# Needs valgrind. Valgrind 3.19 reads this toolchain's release binaries only without their
# DWARF, so each is counted from a copy with `strip --strip-debug`.
set -euo pipefail
changes=${1:-200000}
players=${2:-50}
bound=${3:-1024}
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "keys-cost.sh needs valgrind (apt-get install valgrind)" >&2; exit 1; }
swift build -c release --product esprit-keys-churn >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
binaries=(.build/release/esprit-keys-churn "${@:4}")
ll=${LL:-1048576}

# The summary line of a callgrind run: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw.
count() {
    valgrind --tool=callgrind --cache-sim=yes --LL="$ll,16,64" --callgrind-out-file="$work/out" "$1" "$2" "$players" "$bound" >/dev/null 2>&1
    grep '^summary:' "$work/out" | cut -d' ' -f2-
}

# Last-level read misses stall the core; write misses mostly wait in its store buffer.
printf '%-40s %14s %12s %12s %12s\n' "per keyed change ($players players, $bound keys)" instructions "L1 misses" "LL misses" "LL reads"
for binary in "${binaries[@]}"; do
    strip --strip-debug -o "$work/churn" "$binary"
    base=$(count "$work/churn" 0)
    measured=$(count "$work/churn" "$changes")
    python3 - "$binary" "$changes" "$base" "$measured" <<'PY'
import sys
name, changes = sys.argv[1], int(sys.argv[2])
base, measured = ([int(x) for x in s.split()] for s in sys.argv[3:5])
d = [(m - b) / changes for b, m in zip(base, measured)]
# Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
print(f"{name[-40:]:<40} {d[0]:>14.0f} {d[4] + d[5]:>12.2f} {d[7] + d[8]:>12.2f} {d[7]:>12.2f}")
PY
done
