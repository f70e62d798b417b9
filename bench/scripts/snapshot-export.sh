#!/usr/bin/env bash
# Issue 4's snapshot figures: registers N players (default 1 000 000) on a release server with
# fsync durability, exports them while a read load runs, restores the snapshot into a new data
# directory, exports again from a server started on it, and compares every player's digest.
#
#   bash bench/scripts/snapshot-export.sh [N]
#
# Prints the export time, MB/s, file size, the read load's latency without and with the export,
# and the digest comparison. Uses ports 7811 and 7812 on 127.0.0.1 and a temporary folder.
set -euo pipefail
players=${1:-1000000}
cd "$(dirname "$0")/../.."
bash scripts/setup.sh
swift build -c release >/dev/null
bin=.build/release
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

start_server() { # data-dir port log
    "$bin/esprit-server" --port "$2" --data-dir "$1" --admin-key bench --snapshot-interval 0 --snapshot-dir "$work" \
        --player-reads-per-second 0 --player-changes-per-second 0 --registration-burst 1000000000 >"$3" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do grep -q listening "$3" && return 0; sleep 0.1; done
    echo "server did not start: $(cat "$3")" >&2; exit 1
}
seconds() { python3 -c "import time; print(time.monotonic())"; }

start_server "$work/data" 7811 "$work/server.log"
"$bin/esprit-bench" --port 7811 --populate "$players" --connections 50 --depth 16
echo "--- read load, no export"
"$bin/esprit-bench" --port 7811 --workload read --connections 50 --warmup 1 --duration 10 | grep -E "throughput|p99 |max"

echo "--- read load, with an export starting 2 s in"
"$bin/esprit-bench" --port 7811 --workload read --connections 50 --warmup 1 --duration 20 >"$work/during.txt" &
load=$!
sleep 3
before=$(seconds)
"$bin/esprit" admin export snapshot.ndjson.zst --port 7811 --admin-key bench
after=$(seconds)
wait $load
grep -E "throughput|p99 |max" "$work/during.txt"
python3 - "$work/snapshot.ndjson.zst" "$before" "$after" <<'PY'
import json, os, sys
path, before, after = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
manifest = json.load(open(path + ".manifest.json"))
elapsed = after - before
print(f"export: {manifest['players']} players in {elapsed:.2f} s; file {manifest['compressedBytes'] / 1e6:.1f} MB "
      f"({manifest['uncompressedBytes'] / 1e6:.1f} MB of NDJSON); {manifest['uncompressedBytes'] / 1e6 / elapsed:.1f} MB/s of NDJSON, "
      f"{manifest['compressedBytes'] / 1e6 / elapsed:.1f} MB/s written")
PY
grep "snapshot exported" "$work/server.log" | tail -1

echo "--- a checkpoint run now while the read load runs; then every checkpoint of this run"
"$bin/esprit-bench" --port 7811 --workload read --connections 50 --warmup 1 --duration 10 >"$work/during.txt" &
load=$!
sleep 2
"$bin/esprit" admin services --run checkpointer --port 7811 --admin-key bench >/dev/null
wait $load
grep -E "throughput|p99 |max" "$work/during.txt"
grep "checkpoint written" "$work/server.log" | sed 's/.*esprit-server: //'
kill -TERM "$server_pid"
wait "$server_pid" || true

echo "--- restore and compare"
before=$(seconds)
"$bin/esprit-server" restore --from "$work/snapshot.ndjson.zst" --data-dir "$work/restored"
after=$(seconds)
python3 -c "print(f'restore: {float(\"$after\") - float(\"$before\"):.2f} s')"
start_server "$work/restored" 7812 "$work/restored.log"
"$bin/esprit" admin export again.ndjson.zst --port 7812 --admin-key bench
python3 - "$work/snapshot.ndjson.zst" "$work/again.ndjson.zst" <<'PY'
import hashlib, json, subprocess, sys
def digests(path):
    out = subprocess.run(["zstd", "-dcq", path], check=True, capture_output=True).stdout
    return {json.loads(line)["id"]: hashlib.sha256(line).hexdigest() for line in out.splitlines()}
first, second = digests(sys.argv[1]), digests(sys.argv[2])
same = sum(1 for id, digest in first.items() if second.get(id) == digest)
print(f"digests: {same} of {len(first)} players identical after restore ({len(second)} restored)")
sys.exit(0 if same == len(first) == len(second) else 1)
PY
