#!/usr/bin/env bash
# Plays protocol/tools/example_client.py — a Python client written from protocol/ alone —
# against the freshly built server on a free loopback port, then stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
server=.build/debug/esprit-server
data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$server" --host 127.0.0.1 --port "$port" --data-dir "$data" --admin-key interop-key --log-level warning &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), timeout=1)" 2>/dev/null && break
    sleep 0.1
done
python3 protocol/tools/example_client.py --port "$port" --admin-key interop-key
