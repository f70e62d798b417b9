#!/usr/bin/env bash
# Instructions per grant, counted by callgrind: the same figure on a noisy machine, where
# throughput moves by several percent from one run to the next (bench/RESULTS.md, session 33).
# The grant workload at 10 connections and depth 16, against a server under callgrind whose
# counters are zeroed once the run is warm, so that start-up and the players' first keys are
# left out; the server's final checkpoint, on stopping, is counted.
#
#   VALGRIND=/path/to/valgrind bash bench/scripts/callgrind-grant.sh NAME [esprit-bench flags]
#   python3 bench/scripts/callgrind-diff.py bench/results/callgrind/A.out bench/results/callgrind/B.out
#
# e.g. NAME off, then keys with --idempotency-keys, then on with --idempotency-keys --subscribe.
# valgrind must read DWARF 5 (3.20 or later; Debian 12's 3.19 does not; one unpacked from a
# newer Debian's package runs with VALGRIND_LIB set to its libexec/valgrind). CALLGRIND_CONTROL
# is the callgrind_control that zeroes the counters (its vgdb must run here: Debian 12's does). Pushes are flushed
# every ESPRIT_PUSH_FLUSH_DELAY_MS (150 unless set), so that under callgrind, some 60 times
# slower, a subscriber is handed batches about as large as at full speed.
set -euo pipefail
name=$1
shift
valgrind=${VALGRIND:-valgrind}
control=${CALLGRIND_CONTROL:-callgrind_control}
cd "$(dirname "$0")/../.."
swift build -c release --product esprit-bench >/dev/null
swift build -c release --product esprit-server >/dev/null
out=bench/results/callgrind
mkdir -p "$out"
cc -shared -fPIC -O2 -o "$out/sigsuspend-copy.so" bench/callgrind/sigsuspend-copy.c
rm -f "$out/$name".out*
wrapper="$out/server-under-callgrind.sh"
cat > "$wrapper" <<WRAP
#!/usr/bin/env bash
( sleep 8; "$control" -z \$\$ >/dev/null ) &
LD_PRELOAD="$PWD/$out/sigsuspend-copy.so" exec "$valgrind" --tool=callgrind --log-file="$PWD/$out/$name.valgrind.log" \\
    --callgrind-out-file="$PWD/$out/$name.out" "$PWD/.build/release/esprit-server" "\$@"
WRAP
chmod +x "$wrapper"
ESPRIT_PUSH_FLUSH_DELAY_MS=${ESPRIT_PUSH_FLUSH_DELAY_MS:-150} .build/release/esprit-bench --spawn --durability fsync \
    --server-config bench/quest-config.json --workload grant --connections 10 --depth 16 --duration 12 --warmup 7 \
    --server-binary "$wrapper" "$@" | grep "^grant "
python3 bench/scripts/callgrind-diff.py "$out/$name.out"
