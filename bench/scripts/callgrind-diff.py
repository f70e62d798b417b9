#!/usr/bin/env python3
"""Instructions per grant from callgrind outputs of bench/scripts/callgrind-grant.sh.

    callgrind-diff.py A.out                      the total per grant
    callgrind-diff.py A.out B.out [N]            the N functions whose own instructions per
                                                 grant moved most from A to B
    callgrind-diff.py A.out B.out N --inclusive  the same, counting what each function calls
    callgrind-diff.py A.out B.out N --callees TEXT
                                                 what the functions whose name holds TEXT
                                                 call, per grant, A against B

A grant is a call of AdminGrantOperation.run, so the figures are per grant whatever the run's
length. Names are demangled with `swift demangle`.
"""
import collections
import re
import subprocess
import sys

GRANT = "AdminGrantOperationO3runyy0A8Protocol0cD7RequestV_AA0H4CallVtFZ"


def parse(path):
    """Own instructions per function, and (caller, callee) -> [calls, inclusive instructions]."""
    names, own, calls = {}, collections.Counter(), collections.defaultdict(lambda: [0, 0])
    function = callee = None
    pending = None

    def name(text):
        match = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not match:
            return text
        if match.group(2):
            names[match.group(1)] = match.group(2)
        return names[match.group(1)]

    for line in open(path):
        if line.startswith("fn="):
            function = name(line[3:].rstrip("\n"))
        elif line.startswith("cfn="):
            callee = name(line[4:].rstrip("\n"))
        elif line.startswith("calls="):
            pending = int(line[6:].split()[0])
        elif line[:1].isdigit() or line[:1] in "+-*":
            parts = line.split()
            if len(parts) < 2:
                continue
            if pending is not None:
                calls[(function, callee)][0] += pending
                calls[(function, callee)][1] += int(parts[1])
                pending = None
            else:
                own[function] += int(parts[1])
    return own, calls


def load(path):
    own, calls = parse(path)
    grants = sum(count for (_, callee), (count, _) in calls.items() if callee.endswith(GRANT))
    if grants == 0:
        sys.exit(f"{path}: no grants (the grant workload's AdminGrantOperation.run was never called)")
    inclusive = collections.Counter(own)
    for (caller, _), (_, cost) in calls.items():
        inclusive[caller] += cost
    return own, inclusive, calls, grants


def demangled(symbols):
    symbols = list(symbols)
    result = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(symbols), capture_output=True, text=True)
    return dict(zip(symbols, result.stdout.split("\n")))


def main(argv):
    if len(argv) == 2:
        own, _, _, grants = load(argv[1])
        print(f"{argv[1]}: {grants} grants, {sum(own.values()) / grants:.0f} instructions per grant")
        return
    a, b = load(argv[1]), load(argv[2])
    limit = int(argv[3]) if len(argv) > 3 else 30
    print(f"instructions per grant: {sum(a[0].values()) / a[3]:.0f} -> {sum(b[0].values()) / b[3]:.0f}")
    if "--callees" in argv:
        text = argv[argv.index("--callees") + 1]
        rows = []
        for side in (a, b):
            names = demangled({symbol for pair in side[2] for symbol in pair} | set(side[0]))
            row = collections.Counter()
            for (caller, callee), (_, cost) in side[2].items():
                if text in names[caller]:
                    row[names[callee]] += cost / side[3]
            for function, cost in side[0].items():
                if text in names[function]:
                    row["(own) " + names[function]] += cost / side[3]
            rows.append(row)
    else:
        index = 1 if "--inclusive" in argv else 0
        names = demangled(set(a[index]) | set(b[index]))
        rows = []
        for side in (a, b):
            row = collections.Counter()
            for function, cost in side[index].items():
                row[names[function]] += cost / side[3]
            rows.append(row)
    before, after = rows
    for key in sorted(set(before) | set(after), key=lambda key: -abs(after[key] - before[key]))[:limit]:
        print(f"{before[key]:9.1f} {after[key]:9.1f} {after[key] - before[key]:+8.1f}  {key[:140]}")


if __name__ == "__main__":
    main(sys.argv)
