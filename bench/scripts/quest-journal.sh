# Sourced, not run, by replay-time.sh and checkpoint-cost.sh: their common set-up. Reads
# [SECONDS] [ROUNDS] [SERVER_BINARY...] from the caller's arguments (defaults: the caller's
# default_seconds and default_rounds, and .build/release/esprit-server), builds what is
# missing, and leaves in "$work/source" a data directory whose journal holds SECONDS of quests
# at depth 16 and no checkpoint after them (the first binary wrote it and was killed with -9).
# Defines serve BINARY DATA_DIR, which starts a server on DATA_DIR and waits until it listens
# (its pid in $server, its log in $work/server.log); the temporary folder and any server
# left running are cleaned up on exit.
set -euo pipefail
seconds=${1:-$default_seconds}
rounds=${2:-$default_rounds}
shift $(($# < 2 ? $# : 2))
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bench=.build/release/esprit-bench
[ -x "$bench" ] || swift build -c release --product esprit-bench >/dev/null
[ -x .build/release/esprit-server ] || swift build -c release --product esprit-server >/dev/null
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=(.build/release/esprit-server)
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$work"' EXIT
serve() {
    # Variables, not flags, so that binaries from before the limits still start.
    ESPRIT_PLAYER_READS_PER_SECOND=0 ESPRIT_PLAYER_CHANGES_PER_SECOND=0 ESPRIT_REGISTRATION_BURST=1000000000 \
    "$1" --host 127.0.0.1 --port 0 --data-dir "$2" --durability fsync --admin-key quest-journal --snapshot-interval 0 \
        --config bench/quest-config.json >"$work/server.log" 2>&1 &
    server=$!
    until grep -q listening "$work/server.log"; do
        kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
        sleep 0.02
    done
}
ESPRIT_CHECKPOINT_JOURNAL_BYTES=$((1 << 40)) serve "${binaries[0]}" "$work/source"
port=$(grep -o '127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 | cut -d: -f2)
"$bench" --port "$port" --admin-key quest-journal --workload quest --depth 16 --duration "$seconds" --warmup 1 2>/dev/null | grep -E '^quest +[0-9]'
kill -9 "$server" && wait "$server" 2>/dev/null || true
server=
echo "journal: $(du -sh "$work/source/journal" | cut -f1)"
