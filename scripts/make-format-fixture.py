#!/usr/bin/env python3
"""Writes a data directory with a given esprit-server binary, for the format fixture test.

    python3 scripts/make-format-fixture.py SERVER_BINARY OUTPUT_FOLDER

Phase one plays registrations, grants, quests, summons, a building, a leader and a daily claim,
then stops the server with SIGTERM, which checkpoints into LMDB. Phase two restarts it, plays
more, reads every player back, and kills it with SIGKILL, so that the journal holds records
after the checkpoint. OUTPUT_FOLDER/data is the data directory; OUTPUT_FOLDER/expected.json
holds each player's token and what the server answered for them after the last change, their
ledger included (answers leave only once durable, so the kill loses none of it).
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "protocol", "tools"))
from example_client import Connection, expect, hello  # noqa: E402

ADMIN_KEY = "fixture-admin-key"


def start(binary, data):
    log = open(os.path.join(data, "..", "server.log"), "a")
    process = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", "0", "--data-dir", data, "--admin-key", ADMIN_KEY,
                                "--snapshot-interval", "0", "--shards", "2"], stdout=log, stderr=log)
    for _ in range(200):
        time.sleep(0.05)
        text = open(os.path.join(data, "..", "server.log")).read()
        lines = [line for line in text.splitlines() if "listening" in line]
        if lines:
            return process, int(lines[-1].split("127.0.0.1:")[1].split()[0].strip('",'))
    sys.exit("the server did not start")


def call(connection, opcode, payload):
    connection.request(opcode, payload)
    answer = connection.read()
    expect(answer["frame"] == "RESPONSE", "opcode %d: %r" % (opcode, answer))
    return answer["payload"]


def play(port, players, first):
    admin = Connection(port)
    hello(admin)
    call(admin, 256, {"key": ADMIN_KEY})
    client = Connection(port)
    hello(client)
    if first:
        for name in ["Ayla", "Brann", "Cyra"]:
            registered = call(client, 1, {"name": name})
            players.append({"playerId": registered["playerId"], "token": registered["token"], "name": name})
    for player in players:
        call(admin, 257, {"playerId": player["playerId"], "currency": 1, "amount": 2000})
        call(admin, 257, {"playerId": player["playerId"], "currency": 0, "amount": 50000})
        call(client, 2, {"playerId": player["playerId"], "token": player["token"]})
        for _ in range(3):
            call(client, 4, {"zone": 1})
        call(client, 8, {"banner": "standard", "pulls": 10})
        if first:
            call(client, 11, {"type": "lumee_mine"})
            call(client, 9, {})
            stacks = call(client, 14, {})["stacks"]
            call(client, 10, {"baseId": stacks[-1]["baseId"]})
        else:
            call(client, 12, {"type": "lumee_mine"})


def read_back(port, players):
    client = Connection(port)
    hello(client)
    admin = Connection(port)
    hello(admin)
    call(admin, 256, {"key": ADMIN_KEY})
    for player in players:
        player["ledger"] = call(admin, 258, {"playerId": player["playerId"], "limit": 1000})["entries"]
        call(client, 2, {"playerId": player["playerId"], "token": player["token"]})
        profile = call(client, 3, {})
        collection = call(client, 14, {})
        player["profile"] = {key: profile[key] for key in ["name", "level", "xp", "balances", "leader", "dailyStreak", "buildings", "pity", "teamPower", "createdAt"]}
        player["collection"] = collection


def main():
    binary, output = sys.argv[1], sys.argv[2]
    data = os.path.join(output, "data")
    os.makedirs(data)
    players = []
    process, port = start(binary, data)
    play(port, players, first=True)
    process.send_signal(signal.SIGTERM)
    expect(process.wait(timeout=30) == 0, "the server did not stop cleanly")
    process, port = start(binary, data)
    play(port, players, first=False)
    read_back(port, players)
    process.kill()
    process.wait()
    os.remove(os.path.join(output, "server.log"))
    with open(os.path.join(output, "expected.json"), "w") as out:
        json.dump({"adminKey": ADMIN_KEY, "players": players}, out, indent=1, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
