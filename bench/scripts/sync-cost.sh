#!/usr/bin/env bash
# What one journal sync costs on this machine's disk, with nothing else running: a small
# `pwrite` and `fdatasync` over zeros already written and synced (as the journal's writer does
# over its prepared zeros), timed one by one. Prints the p50, p90 and p99 wall time of a sync and
# the system CPU time each one costs: the figures "A new machine (session 14)" in
# bench/RESULTS.md compares between machines. With THREADS above 1, as many threads each do
# SYNCS syncs of the same file at once (each its own records, in the order a lock hands out
# their offsets), and the script adds the syncs per second of all of them: whether the disk
# overlaps syncs ("One loop commits for itself"). FILES `own` gives each thread a file of its
# own instead (as a journal per event loop would). WAY `direct` writes each record as the 4 KiB
# block that holds it through a descriptor opened `O_DIRECT|O_DSYNC`, with no `fdatasync` (as a
# journal that rewrites its last partial block would), instead of `pwrite` and `fdatasync`.
#
#   bash bench/scripts/sync-cost.sh [SYNCS] [FOLDER] [THREADS] [one|own] [fdatasync|direct]
#
# FOLDER (default: a new folder under the repository's bench/results) must be on the disk the
# data directory would use.
set -euo pipefail
syncs=${1:-2000}
threads=${3:-1}
files=${4:-one}
way=${5:-fdatasync}
cd "$(dirname "$0")/../.."
folder=${2:-bench/results/sync-cost}
mkdir -p "$folder"
python3 - "$syncs" "$folder/sync-cost" "$threads" "$files" "$way" <<'PY'
import mmap, os, sys, threading, time
syncs, path, threads, own_files, direct = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4] == "own", sys.argv[5] == "direct"
record = b"x" * 300
paths = [f"{path}-{index}.bin" for index in range(threads if own_files else 1)]
fds = [os.open(each, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644) for each in paths]
# O_DIRECT needs an aligned buffer: an anonymous mapping is page-aligned.
block = mmap.mmap(-1, 4096)
block.write(record)
times = []
next_offset = [0]
lock = threading.Lock()
def sync_records(fd):
    own = []
    for _ in range(syncs):
        with lock:
            offset = next_offset[0]
            next_offset[0] += len(record)
        start = time.perf_counter()
        if direct:
            os.pwritev(fd, [block], offset - offset % 4096)
        else:
            os.pwrite(fd, record, offset)
            os.fdatasync(fd)
        own.append(time.perf_counter() - start)
    with lock:
        times.extend(own)
try:
    for fd in fds:
        os.pwrite(fd, b"\0" * (threads * syncs * len(record) + 8192), 0)
        os.fsync(fd)
    if direct:
        for index, each in enumerate(paths):
            os.close(fds[index])
            fds[index] = os.open(each, os.O_RDWR | os.O_DIRECT | os.O_DSYNC)
    before = os.times()
    started = time.perf_counter()
    workers = [threading.Thread(target=sync_records, args=(fds[index % len(fds)],)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    after = os.times()
finally:
    for fd, each in zip(fds, paths):
        os.close(fd)
        os.remove(each)
times.sort()
def at(share):
    return times[min(len(times) - 1, int(share * len(times)))] * 1e3
total = len(times)
print(f"{total} syncs of {len(record)} bytes over synced zeros ({'O_DIRECT|O_DSYNC blocks' if direct else 'pwrite and fdatasync'}), {threads} thread(s), {len(fds)} file(s): p50 {at(0.5):.3f} ms, p90 {at(0.9):.3f} ms, p99 {at(0.99):.3f} ms, {total / elapsed:.0f} syncs per second")
print(f"CPU per sync: system {(after.system - before.system) / total * 1e6:.0f} µs, user {(after.user - before.user) / total * 1e6:.0f} µs")
PY
