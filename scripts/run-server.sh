#!/usr/bin/env bash
# Sets up, builds in release mode and starts esprit-server on its embedded defaults
# (127.0.0.1:7777, data in ./data, fsync durability). Extra arguments go to the server,
# for example: bash scripts/run-server.sh --port 9000 --admin-key secret
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product esprit-server
swift build -c release --product esprit
exec .build/release/esprit-server "$@"
