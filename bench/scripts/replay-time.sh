#!/usr/bin/env bash
# How long a restart takes to replay the journal: builds one data directory whose journal holds
# SECONDS of quests at depth 16 and no checkpoint after them (the server is killed with -9),
# then starts each SERVER_BINARY on a fresh copy of it, ROUNDS times in turn, and reports the
# wall time to "listening" and the CPU time the process spent getting there. The checkpoint
# reads the journal back the same way (Journal.scan), so this also prices that part of it.
#
#   bash bench/scripts/replay-time.sh [SECONDS] [ROUNDS] [SERVER_BINARY...]
default_seconds=6
default_rounds=3
source "$(dirname "$0")/quest-journal.sh"
hertz=$(getconf CLK_TCK)
for round in $(seq "$rounds"); do
    for binary in "${binaries[@]}"; do
        rm -rf "$work/copy" && cp -a "$work/source" "$work/copy"
        started=$(date +%s%N)
        serve "$binary" "$work/copy"
        elapsed=$(( $(date +%s%N) - started ))
        ticks=$(awk '{print $14 + $15}' "/proc/$server/stat")
        kill -9 "$server" && wait "$server" 2>/dev/null || true
        server=
        printf 'round %d %s: %d ms to listening, %d ms of CPU\n' "$round" "$binary" $((elapsed / 1000000)) $((ticks * 1000 / hertz))
    done
done
