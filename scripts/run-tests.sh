#!/usr/bin/env bash
# Sets up, checks that the protocol's golden vectors match its schema and the generated catalog
# matches its generator, builds with no warning
# in the project's own code, plays the Python example client against the server, and runs the
# test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 protocol/tools/make_vectors.py --check
python3 scripts/generate-catalog.py --check

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build --build-tests 2>&1 | tee "$log"
root=$(pwd)
if grep -E "^$root/(Sources|Tests)/.*: warning:" "$log"; then
    echo "run-tests: the project's own code has compiler warnings (above)" >&2
    exit 1
fi
bash scripts/interop-check.sh
swift test --skip-build
