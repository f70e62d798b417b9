#!/usr/bin/env bash
# Runs the microbenchmarks (bench/Micro) and checks them against the committed p90 thresholds
# (bench/Micro/Thresholds): allocations within 2 of the committed count, wall-clock time at most
# 75 % slower. The benchmark tool fails on improvements too; this script passes them and fails
# only on a regression.
#
#   bash bench/scripts/micro-check.sh            # check
#   bash bench/scripts/micro-check.sh --update   # re-measure and rewrite the thresholds
set -uo pipefail
cd "$(dirname "$0")/../Micro"
if [ "${1:-}" = --update ]; then
    rm -rf Thresholds
    exec swift package --allow-writing-to-package-directory benchmark thresholds update --no-progress
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift package benchmark thresholds check --no-progress 2>&1 | tee "$log" | grep -v '^\[' | grep -v '^Build\|^Compiling\|^Writing'
if grep -q 'benchmarkThresholdRegression\|WORSE than' "$log"; then
    echo "micro-check: a benchmark regressed beyond its threshold" >&2
    exit 1
fi
if ! grep -q 'Running Benchmarks' "$log"; then
    echo "micro-check: the benchmarks did not run" >&2
    exit 1
fi
echo "micro-check: every benchmark within its thresholds"
