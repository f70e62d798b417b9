#!/usr/bin/env bash
# What one journal sync costs on this machine's disk, with nothing else running: a small
# `pwrite` and `fdatasync` over zeros already written and synced (as the journal's writer does
# over its prepared zeros), timed one by one. Prints the p50, p90 and p99 wall time of a sync and
# the system CPU time each one costs: the figures "A new machine (session 14)" in
# bench/RESULTS.md compares between machines.
#
#   bash bench/scripts/sync-cost.sh [SYNCS] [FOLDER]
#
# FOLDER (default: a new folder under the repository's bench/results) must be on the disk the
# data directory would use.
set -euo pipefail
syncs=${1:-2000}
cd "$(dirname "$0")/../.."
folder=${2:-bench/results/sync-cost}
mkdir -p "$folder"
python3 - "$syncs" "$folder/sync-cost.bin" <<'PY'
import os, sys, time
syncs, path = int(sys.argv[1]), sys.argv[2]
record = b"x" * 300
fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
try:
    os.pwrite(fd, b"\0" * (syncs * len(record) + 4096), 0)
    os.fsync(fd)
    before = os.times()
    times = []
    for index in range(syncs):
        start = time.perf_counter()
        os.pwrite(fd, record, index * len(record))
        os.fdatasync(fd)
        times.append(time.perf_counter() - start)
    after = os.times()
finally:
    os.close(fd)
    os.remove(path)
times.sort()
def at(share):
    return times[min(len(times) - 1, int(share * len(times)))] * 1e3
print(f"{syncs} syncs of {len(record)} bytes over synced zeros: p50 {at(0.5):.3f} ms, p90 {at(0.9):.3f} ms, p99 {at(0.99):.3f} ms")
print(f"CPU per sync: system {(after.system - before.system) / syncs * 1e6:.0f} µs, user {(after.user - before.user) / syncs * 1e6:.0f} µs")
PY
