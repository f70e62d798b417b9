#!/usr/bin/env bash
# How long a restart takes to replay the journal: builds one data directory whose journal holds
# SECONDS of quests at depth 16 and no checkpoint after them (the server is killed with -9),
# then starts each SERVER_BINARY on a fresh copy of it, ROUNDS times in turn, and reports the
# wall time to "listening" and the CPU time the process spent getting there. The checkpoint
# reads the journal back the same way (Journal.scan), so this also prices that part of it.
#
#   bash bench/scripts/replay-time.sh [SECONDS] [ROUNDS] [SERVER_BINARY...]
set -euo pipefail
seconds=${1:-6}
rounds=${2:-3}
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
serve() {
    "$1" --host 127.0.0.1 --port 0 --data-dir "$2" --durability fsync --admin-key replay --snapshot-interval 0 \
        --config bench/quest-config.json >"$work/server.log" 2>&1 &
    server=$!
    until grep -q listening "$work/server.log"; do
        kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
        sleep 0.02
    done
}
ESPRIT_CHECKPOINT_JOURNAL_BYTES=$((1 << 40)) serve "${binaries[0]}" "$work/source"
port=$(grep -o '127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 | cut -d: -f2)
"$bench" --port "$port" --admin-key replay --workload quest --depth 16 --duration "$seconds" --warmup 1 2>/dev/null | grep -E '^quest +[0-9]'
kill -9 "$server" && wait "$server" 2>/dev/null || true
server=
hertz=$(getconf CLK_TCK)
echo "journal to replay: $(du -sh "$work/source/journal" | cut -f1)"
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
