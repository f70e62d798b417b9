#!/usr/bin/env bash
# Fuzzes the request path (EspritFuzzing.RequestPathFuzzer) with libFuzzer.
#
#   bash scripts/fuzz.sh                      60 seconds
#   bash scripts/fuzz.sh -max_total_time=600  ten minutes (any libFuzzer option passes through)
#   bash scripts/fuzz.sh -runs=10000000       ten million executions
#   MERGE=1 bash scripts/fuzz.sh ...          then merge the inputs that found new coverage into fuzz/corpus
#
# Builds fuzz/ (a package of its own) with -sanitize=fuzzer in release mode and starts from a
# copy of the committed corpus. A crash stops the run and leaves its input as fuzz/crash-*;
# the script then exits non-zero. libFuzzer's final stats (executions, exec/s) are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(-max_total_time=60)
bash scripts/setup.sh
(cd fuzz && swift build -c release -Xswiftc -sanitize=fuzzer --product esprit-fuzz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fuzz/corpus/* "$work/"
fuzz/.build/release/esprit-fuzz "$work" -max_len=70000 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=fuzz/crash- \
    "${options[@]}" 2>"$work.log" || true
grep -E "^Done|stat::|ERROR|SUMMARY|Test unit written" "$work.log" || tail -20 "$work.log"
rm -f "$work.log"
if [ "${MERGE:-0}" = "1" ]; then
    fuzz/.build/release/esprit-fuzz -merge=1 fuzz/corpus "$work" 2>&1 | tail -1
fi
if ls fuzz/crash-* >/dev/null 2>&1; then
    echo "fuzz: crash inputs left in fuzz/: $(ls fuzz/crash-*)" >&2
    exit 1
fi
