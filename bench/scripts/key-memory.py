#!/usr/bin/env python3
"""Memory per retained idempotency key, and per player at the default retention.

    python3 bench/scripts/key-memory.py [PLAYERS] [GRANTS_PER_PLAYER]

Starts the release esprit-server twice on fresh data folders. Both register PLAYERS players,
then make GRANTS_PER_PLAYER admin grants to each over protocol v2: the first server under a new
idempotency key each, the second without keys. The server's resident memory (VmRSS) is read
before and after the grants; the keyed run's growth less the unkeyed run's, over the number of
keys retained, is what a retained key costs. Checkpoints are put off for the run, so the figure
is the shard's in-memory table only.

A player retains at most BOUND keys (the server's default `--idempotency-keys-per-player`),
which the default retention of 24 h lets it fill. GRANTS_PER_PLAYER defaults to BOUND: the
players have just filled their keys. Past BOUND each grant replaces the oldest key, as a busy
player's do all day, in rings that then keep their size (bench/RESULTS.md, "Memory per
retained key").
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SERVER = os.path.join(ROOT, ".build", "release", "esprit-server")
ADMIN_KEY = "key-memory"
BOUND = 1024


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def frame(body):
    return struct.pack(">I", len(body)) + body


def hello(version):
    name = b"key-memory"
    return frame(struct.pack(">BIHH", 1, 0x45535052, version, len(name)) + name)


def request(request_id, opcode, fields, key=None):
    """A REQUEST: v1 when key is None, else v2 with that key (empty for none)."""
    body = struct.pack(">BIHH", 3, request_id, opcode, 0)
    if key is not None:
        body += struct.pack(">H", len(key)) + key
    return frame(body + fields)


class Connection:
    def __init__(self, port, version):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buffer = b""
        self.version = version
        self.sock.sendall(hello(version))
        assert self.read_frame()[0] == 2, "no WELCOME"

    def read_frame(self):
        while True:
            if len(self.buffer) >= 4:
                (length,) = struct.unpack_from(">I", self.buffer)
                if len(self.buffer) >= 4 + length:
                    body, self.buffer = self.buffer[4:4 + length], self.buffer[4 + length:]
                    return body
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise SystemExit("the server closed the connection")
            self.buffer += chunk

    def expect_responses(self, count):
        for _ in range(count):
            body = self.read_frame()
            if body[0] != 4:
                raise SystemExit("not a RESPONSE: %r" % body[:80])


def resident_bytes(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise SystemExit("no VmRSS")


def run(players, grants_per_player, keyed):
    port = free_port()
    data = tempfile.mkdtemp(prefix="key-memory-")
    server = subprocess.Popen(
        [SERVER, "--port", str(port), "--data-dir", data, "--admin-key", ADMIN_KEY, "--registration-burst", "1000000",
         "--checkpoint-interval", "3600", "--snapshot-interval", "0", "--log-level", "warning"])
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        setup = Connection(port, 1)
        for index in range(players):
            name = ("km_%d" % index).encode()
            setup.sock.sendall(request(index + 1, 0x0001, struct.pack(">H", len(name)) + name))
        setup.expect_responses(players)
        admin = Connection(port, 2)
        key = ADMIN_KEY.encode()
        admin.sock.sendall(request(1, 0x0100, struct.pack(">H", len(key)) + key, key=b""))
        admin.expect_responses(1)
        time.sleep(0.5)
        before = resident_bytes(server.pid)
        for player in range(1, players + 1):
            batch = b"".join(
                request(n + 1, 0x0101, struct.pack(">QBq", player, 0, 1),
                        key=(struct.pack(">QQ", player, n) if keyed else b""))
                for n in range(grants_per_player))
            admin.sock.sendall(batch)
            admin.expect_responses(grants_per_player)
        time.sleep(0.5)
        after = resident_bytes(server.pid)
        return before, after
    finally:
        server.terminate()
        server.wait()
        subprocess.run(["rm", "-rf", data])


def main():
    players = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    grants_per_player = int(sys.argv[2]) if len(sys.argv) > 2 else BOUND
    keyed = run(players, grants_per_player, keyed=True)
    plain = run(players, grants_per_player, keyed=False)
    retained_per_player = min(grants_per_player, BOUND)
    keys = players * retained_per_player
    growth = (keyed[1] - keyed[0]) - (plain[1] - plain[0])
    print("players %d, grants per player %d, keys retained per player %d" % (players, grants_per_player, retained_per_player))
    print("with keys:    RSS %.1f MiB -> %.1f MiB (+%.1f MiB)" % (keyed[0] / 2**20, keyed[1] / 2**20, (keyed[1] - keyed[0]) / 2**20))
    print("without keys: RSS %.1f MiB -> %.1f MiB (+%.1f MiB)" % (plain[0] / 2**20, plain[1] / 2**20, (plain[1] - plain[0]) / 2**20))
    print("per retained key: %.0f bytes; per player at %d keys: %.0f KiB" % (growth / keys, retained_per_player, growth / players / 1024))


if __name__ == "__main__":
    main()
