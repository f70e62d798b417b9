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
set -euo pipefail
seconds=${1:-5}
rounds=${2:-2}
shift $(($# < 2 ? $# : 2))
cd "$(dirname "$0")/../.."
bench=.build/release/esprit-bench
[ -x "$bench" ] || swift build -c release --product esprit-bench >/dev/null
[ -x .build/release/esprit-server ] || swift build -c release --product esprit-server >/dev/null
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=(.build/release/esprit-server)
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$work"' EXIT
# No checkpoint while the journal is written or replayed: the one at shutdown covers all of it.
export ESPRIT_CHECKPOINT_JOURNAL_BYTES=$((1 << 40))
serve() {
    "$1" --host 127.0.0.1 --port 0 --data-dir "$2" --durability fsync --admin-key checkpoint --snapshot-interval 0 \
        --config bench/quest-config.json >"$work/server.log" 2>&1 &
    server=$!
    until grep -q listening "$work/server.log"; do
        kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
        sleep 0.02
    done
}
serve "${binaries[0]}" "$work/source"
port=$(grep -o '127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 | cut -d: -f2)
"$bench" --port "$port" --admin-key checkpoint --workload quest --depth 16 --duration "$seconds" --warmup 1 2>/dev/null | grep -E '^quest +[0-9]'
kill -9 "$server" && wait "$server" 2>/dev/null || true
server=
echo "journal: $(du -sh "$work/source/journal" | cut -f1)"
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
