#!/usr/bin/env bash
# How many reference-count operations (swift_retain, swift_release) the server makes per
# request, and which functions make them. A count, not a sample: it comes out the same on a
# quiet and on a noisy machine, as callgrind's instruction count would (callgrind cannot run the
# server here). Reference counting is about a third of the event loops' user time in `perf`,
# and a sampling profile cannot say who calls it (swift_retain keeps no frame of its own).
#
#   bash bench/scripts/refcounts.sh [WORKLOAD] [DEPTH] [SERVER_BINARY]
#
# Puts uprobes on swift_retain and swift_release (recording each call's return address) and on
# ClientFrame.decode (once per request), runs esprit-bench (50 connections, fsync) against the
# server it spawns, records 1 s of the event loops, and prints the operations per request with
# the callers that make most of them (the top 30; TOP=N for more). The probes slow the server
# several times over; the counts per request do not depend on speed. Needs root and perf;
# removes its probes on exit.
set -euo pipefail
workload=${1:-grant}
depth=${2:-1}
cd "$(dirname "$0")/../.."
server_binary=${3:-.build/release/esprit-server}
bench=.build/release/esprit-bench
command -v perf >/dev/null || { echo "refcounts.sh needs perf (apt-get install linux-perf)" >&2; exit 1; }
[ -x "$bench" ] || swift build -c release --product esprit-bench >/dev/null
[ -x "$server_binary" ] || swift build -c release --product esprit-server >/dev/null
server_binary=$(readlink -f "$server_binary")
runtime=$(ldd "$server_binary" | awk '/libswiftCore.so/ {print $3}')
decode=$(nm --defined-only "$server_binary" | awk '/ T .*14EspritProtocol11ClientFrameO6decode4body/ && !found {print $3; found = 1}')
[ -n "$runtime" ] && [ -n "$decode" ] || { echo "refcounts.sh: libswiftCore or ClientFrame.decode not found" >&2; exit 1; }
work=$(mktemp -d)
remove_probes() {
    perf probe -q -d 'probe_libswiftCore:swift_re*' 2>/dev/null || true
    perf probe -q -d 'probe_esprit:request' 2>/dev/null || true
}
trap 'remove_probes; rm -rf "$work"' EXIT
remove_probes
perf probe -q -x "$runtime" --add 'swift_retain ret=+0(%sp):u64'
perf probe -q -x "$runtime" --add 'swift_release ret=+0(%sp):u64'
perf probe -q -x "$server_binary" --add "probe_esprit:request=$decode"
"$bench" --spawn --server-binary "$server_binary" --durability fsync --server-config bench/quest-config.json \
    --workload "$workload" --depth "$depth" --connections 50 --duration 6 --warmup 2 >/dev/null 2>&1 &
generator=$!
sleep 4
server=$(pgrep -P "$generator" | head -1)
[ -n "$server" ] || { echo "refcounts.sh: no server process under the generator" >&2; exit 1; }
cp "/proc/$server/maps" "$work/maps"
perf record -q -e 'probe_libswiftCore:swift_retain,probe_libswiftCore:swift_release,probe_esprit:request' \
    -p "$server" -o "$work/perf.data" -- sleep 1 >/dev/null 2>&1
wait "$generator" || true
perf script -i "$work/perf.data" -F comm,event,trace 2>/dev/null >"$work/calls"
nm --defined-only "$server_binary" >"$work/symbols"
python3 - "$work" "$server_binary" "$workload depth $depth" <<'PY'
import bisect, collections, itertools, os, subprocess, sys
work, binary, label = sys.argv[1:4]
base = min(int(line.split('-')[0], 16) for line in open(f"{work}/maps") if line.rstrip().endswith(binary))
symbols = sorted((int(p[0], 16), p[2]) for p in (l.split() for l in open(f"{work}/symbols")) if len(p) == 3 and p[1] in "tTwW")
starts = [address for address, _ in symbols]
requests, by_caller, by_thread = 0, collections.Counter(), collections.Counter()
for line in open(f"{work}/calls"):
    fields = line.split()
    if "probe_esprit:request" in line:
        requests += 1
        continue
    thread = "journal" if fields[0] == "esprit-journal" else "loops" if fields[0].startswith("NIO-ELT") else "other"
    by_thread[thread] += 1
    if thread != "loops":
        continue
    address = int(fields[-1].split("=")[1]) - base
    index = bisect.bisect_right(starts, address) - 1
    caller = symbols[index][1] if index >= 0 and address - starts[index] < 1 << 16 else "(a library)"
    by_caller[caller] += 1
if requests == 0:
    sys.exit("refcounts.sh: no request reached the server while recording")
top = by_caller.most_common(int(os.environ.get("TOP", "30")))
names = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(n for n, _ in top), capture_output=True, text=True).stdout.splitlines()
print(f"{label}: {requests} requests recorded")
print("retains + releases per request: " + ", ".join(f"{t} {c / requests:.1f}" for t, c in by_thread.most_common()))
def module(caller):
    """The module a mangled Swift name starts with ($s, then the module's length and name)."""
    if not caller.startswith("$s"):
        return "other"
    digits = "".join(itertools.takewhile(str.isdigit, caller[2:]))
    if not digits:
        return "other"
    name = caller[2 + len(digits):2 + len(digits) + int(digits)]
    return "NIO" if name.startswith("NIO") else "Esprit" if name.startswith("Esprit") else "other"
modules = collections.Counter()
for caller, count in by_caller.items():
    modules[module(caller)] += count
print("on the event loops, by the calling function's module: " + ", ".join(f"{m} {c / requests:.1f}" for m, c in modules.most_common()))
print("on the event loops, by calling function:")
for (_, count), name in zip(top, names):
    print(f"{count / requests:7.2f}  {name[:150]}")
PY
