#!/usr/bin/env bash
# What one checkpoint costs on an idle machine: builds one data directory whose journal holds
# SECONDS of quests at depth 16 and no checkpoint after them (the server is killed with -9),
# then, ROUNDS times in turn for each SERVER_BINARY, starts it on a fresh copy (the start-up
# replays the journal), stops it with SIGTERM, and reports the checkpoint its clean shutdown
# takes: every ledger entry of that journal read back and written to LMDB, with the players.
# The figures behind "The checkpoint, streamed" in bench/RESULTS.md.
#
#   bash bench/scripts/checkpoint-cost.sh [SECONDS] [ROUNDS] [SERVER_BINARY...]
#
# Prints, per run, the checkpoint's duration and ledger entries from the server's log, and the
# microseconds per ledger entry. Needs a release esprit-bench (built if missing).
default_seconds=5
default_rounds=2
source "$(dirname "$0")/quest-journal.sh"
# Nor one while a copy is replayed: the one at shutdown covers the whole journal.
export ESPRIT_CHECKPOINT_JOURNAL_BYTES=$((1 << 40))
for round in $(seq "$rounds"); do
    for binary in "${binaries[@]}"; do
        rm -rf "$work/copy" && cp -a "$work/source" "$work/copy"
        serve "$binary" "$work/copy"
        kill -TERM "$server" && wait "$server" 2>/dev/null || true
        server=
        line=$(grep 'checkpoint written' "$work/server.log" | tail -1)
        duration=$(grep -o 'duration=[0-9.]*' <<<"$line" | cut -d= -f2)
        entries=$(grep -o 'ledgerEntries=[0-9]*' <<<"$line" | cut -d= -f2)
        awk -v r="$round" -v b="$binary" -v d="$duration" -v e="$entries" \
            'BEGIN { printf "round %d %s: %.2f s, %d ledger entries, %.2f µs per entry\n", r, b, d, e, (e > 0 ? d * 1e6 / e : 0) }'
    done
done
