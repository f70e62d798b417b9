#!/usr/bin/env bash
# Memory per player and restart time with many players holding typical collections.
#
#   bash bench/scripts/million-players.sh [PLAYERS] [GRANT_SECONDS]
#
# 1. Writes a snapshot of PLAYERS players (default 1 000 000), each with 20 Esprit stacks, a
#    building, pity and balances, in the documented format (protocol/SNAPSHOT.md), and builds a
#    data directory from it with `esprit-server restore`.
# 2. Starts a release server on an empty data directory and reads its resident memory, then on
#    the restored one: the difference divided by PLAYERS is the memory per idle player. It is
#    given twice: anonymous memory (RssAnon: the players in the heap) and all resident memory
#    (VmRSS, which also counts the LMDB pages the start-up read through the memory map).
#    The time from launch to the "listening" line is the restart time from LMDB alone.
# 3. Runs a grant load for GRANT_SECONDS (default 20) with checkpoints held off, kills the
#    server with SIGKILL, and times the restart again: LMDB load plus journal replay.
set -euo pipefail
players=${1:-1000000}
grant_seconds=${2:-20}
cd "$(dirname "$0")/../.."
bash scripts/setup.sh >/dev/null
swift build -c release --product esprit-server >/dev/null
swift build -c release --product esprit-bench >/dev/null
server=.build/release/esprit-server
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
export ESPRIT_ADMIN_KEY=million

echo "writing a snapshot of $players players with 20 stacks each"
python3 - "$players" "$work/players.ndjson.zst" <<'PY'
import hashlib, json, os, subprocess, sys
count, path = int(sys.argv[1]), sys.argv[2]
now = 1795219200000
zstd = subprocess.Popen(["zstd", "-q", "--check", "-T2", "-3", "-o", path], stdin=subprocess.PIPE)
uncompressed = 0
chunk = []
for player in range(1, count + 1):
    first = 1 + player % 190
    stacks = ",".join('{"baseId":%d,"count":%d,"stars":%d}' % (first + i, 1 + (player + i) % 40, (player + i) % 6) for i in range(20))
    line = ('{"id":%d,"name":"m%d","tokenHash":"%s","level":%d,"xp":%d,"energy":{"value":60,"asOf":%d},'
            '"createdAt":%d,"balances":{"lumees":%d,"revies":%d,"shards.fire":3,"shards.water":1,"shards.earth":0,'
            '"shards.wind":7,"shards.light":0,"shards.dark":2},"esprits":[%s],"leader":%d,"pity":{"standard":%d},'
            '"daily":{"lastClaimDay":20778,"streak":3},"buildings":[{"type":"lumee_mine","level":2,"asOf":%d}]}\n') % (
        player, player, "%064x" % player, 1 + player % 30, player % 500, now, now - player, 1000 + player % 99999,
        player % 300, stacks, first, player % 90, now)
    chunk.append(line)
    if len(chunk) == 10000:
        data = "".join(chunk).encode()
        uncompressed += len(data)
        zstd.stdin.write(data)
        chunk = []
data = "".join(chunk).encode()
uncompressed += len(data)
zstd.stdin.write(data)
zstd.stdin.close()
assert zstd.wait() == 0
digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
manifest = {"format": "esprit-snapshot", "formatVersion": 1, "file": os.path.basename(path), "lsn": 0, "createdAt": now,
            "players": count, "compressedBytes": os.path.getsize(path), "uncompressedBytes": uncompressed, "sha256": digest}
json.dump(manifest, open(path + ".manifest.json", "w"))
print(f"snapshot: {os.path.getsize(path) / 1e6:.1f} MB compressed, {uncompressed / 1e6:.1f} MB of NDJSON")
PY

start=$(date +%s.%N)
"$server" restore --from "$work/players.ndjson.zst" --data-dir "$work/data" >/dev/null 2>"$work/restore.log"
echo "restore: $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s"

# Starts the server on $1 with the remaining arguments; sets pid, port and seconds (to "listening").
launch() {
    local data=$1 log=$work/server-$RANDOM.log
    shift
    local started
    started=$(date +%s.%N)
    "$server" --host 127.0.0.1 --port 0 --data-dir "$data" --durability fsync --snapshot-interval 0 \
        --player-reads-per-second 0 --player-changes-per-second 0 --registration-burst 1000000000 "$@" >"$log" 2>&1 &
    pid=$!
    port=
    for _ in $(seq 3000); do
        port=$(grep listening "$log" | grep -o '127\.0\.0\.1:[0-9]*' | cut -d: -f2 || true)
        [ -n "$port" ] && break
        kill -0 $pid 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.01
    done
    seconds=$(echo "$(date +%s.%N) - $started" | bc)
    grep recovered "$log" | sed 's/^.*info esprit-server: /    /'
}

# Prints "VmRSS RssAnon" in KiB, once the server has settled.
rss_kib() {
    sleep 2
    awk '/^VmRSS/ {total = $2} /^RssAnon/ {anon = $2} END {print total, anon}' /proc/$pid/status
}

launch "$work/empty"
read -r empty_rss empty_anon < <(rss_kib)
kill $pid; wait $pid 2>/dev/null || true
echo "empty server: $empty_rss KiB resident, $empty_anon KiB anonymous"

no_checkpoints=(--checkpoint-interval 86400 --checkpoint-journal-bytes 1099511627776)
launch "$work/data" "${no_checkpoints[@]}"
echo "restart from LMDB ($players players, no journal): $(printf '%.2f' "$seconds") s"
read -r full_rss full_anon < <(rss_kib)
echo "server with $players players: $full_rss KiB resident, $full_anon KiB anonymous"
echo "per player: $(( (full_anon - empty_anon) * 1024 / players )) bytes anonymous, $(( (full_rss - empty_rss) * 1024 / players )) bytes resident"

.build/release/esprit-bench --port "$port" --workload grant --duration "$grant_seconds" --warmup 0 2>/dev/null | tail -1
kill -9 $pid; wait $pid 2>/dev/null || true
launch "$work/data" "${no_checkpoints[@]}"
echo "restart after SIGKILL (LMDB plus journal replay): $(printf '%.2f' "$seconds") s"
kill $pid; wait $pid 2>/dev/null || true
pid=
