#!/usr/bin/env python3
"""A client in another language, written from protocol/ alone, played against a live server.

    python3 protocol/tools/example_client.py --port 7777 --admin-key KEY

It handshakes, registers, logs in with the token, pipelines a GET_PROFILE behind the LOGIN,
runs a quest, reads the catalog and the collection, grants currency as an operator, sends a
request with an unknown opcode and a malformed field (both answered by ERROR on a connection
that goes on), all in protocol v1; then logs in again over v2, plays there and retries a quest
under its idempotency key on a new connection, then subscribes and receives a grant as EVENT. It checks every
answer against the numbers protocol/README.md promises and exits non-zero on the first mismatch.
"""
import argparse
import random
import socket
import struct
import sys

from esprit_wire import Schema

SCHEMAS = {1: Schema(version=1), 2: Schema(version=2)}


class Connection:
    """One TCP connection speaking one protocol version (HELLO must name the same one)."""

    def __init__(self, port, version=1):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""
        self.next_id = 1
        self.version = version
        self.schema = SCHEMAS[version]

    def send(self, meaning):
        self.sock.sendall(self.schema.encode(meaning))

    def request(self, opcode, payload, correlation_id="", idempotency_key=b""):
        request_id = self.next_id
        self.next_id += 1
        frame = {"frame": "REQUEST", "requestId": request_id, "opcode": opcode,
                 "correlationId": correlation_id, "payload": payload}
        if self.version >= 2:
            frame["idempotencyKey"] = idempotency_key.hex()
        self.send(frame)
        return request_id

    def read(self):
        while True:
            if len(self.buffer) >= 4:
                (length,) = struct.unpack_from(">I", self.buffer, 0)
                if len(self.buffer) >= 4 + length:
                    frame, self.buffer = self.buffer[:4 + length], self.buffer[4 + length:]
                    return self.schema.decode(frame)
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk

    def answers(self, count):
        """The next `count` answers, by request id (they may arrive in any order)."""
        return {answer["requestId"]: answer for answer in (self.read() for _ in range(count))}


def expect(condition, what):
    if not condition:
        sys.exit("example client: " + what)


def hello(connection):
    connection.send({"frame": "HELLO", "magic": 0x45535052, "version": connection.version, "clientName": "example-client.py"})
    welcome = connection.read()
    expect(welcome["frame"] == "WELCOME" and welcome["version"] == connection.version, "no WELCOME: %r" % welcome)
    return welcome


def play_v2(port, player_id, token, admin):
    """Protocol v2: the same player on a v2 connection, whose events carry their lengths; a
    quest under an idempotency key sent twice; a subscription that receives an operator's grant."""
    player = Connection(port, version=2)
    hello(player)
    player.request(2, {"playerId": player_id, "token": token})
    expect(player.read()["frame"] == "RESPONSE", "v2 LOGIN failed")
    player.request(4, {"zone": 1})
    quest = player.read()
    expect(quest["frame"] == "RESPONSE", "v2 QUEST: %r" % quest)
    kinds = [event["eventType"] for event in quest["payload"]["events"]]
    expect(kinds[0] == 13 and 11 in kinds, "v2 QUEST events: %r" % kinds)
    energy = quest["payload"]["events"][0]
    expect(energy["value"] == 38 and energy["reason"] == "quest", "v2 quest energy: %r" % energy)

    # An idempotency key: the quest runs once; sent again on a new connection (as after a
    # lost answer) it is answered the same; the key with another request is KEY_REUSED.
    key = random.randbytes(16)
    player.request(4, {"zone": 1}, idempotency_key=key)
    keyed = player.read()
    expect(keyed["frame"] == "RESPONSE", "keyed QUEST: %r" % keyed)
    player.sock.close()
    retry = Connection(port, version=2)
    hello(retry)
    retry.request(2, {"playerId": player_id, "token": token})
    expect(retry.read()["frame"] == "RESPONSE", "v2 LOGIN again failed")
    retry.request(4, {"zone": 1}, idempotency_key=key)
    again = retry.read()
    expect(again["frame"] == "RESPONSE" and again["payload"] == keyed["payload"], "retried key: %r" % again)
    retry.request(4, {"zone": 2}, idempotency_key=key)
    reused = retry.read()
    expect(reused["frame"] == "ERROR" and reused["code"] == 11 and reused["details"] == {"firstOpcode": 4},
           "key with another request: %r" % reused)
    retry.request(3, {})
    profile = retry.read()["payload"]
    expect(profile["xp"] == 30 and profile["energy"] == 32, "three quests' worth (v1, v2, keyed), not four: %r" % profile)

    # Push: after SUBSCRIBE, an operator's grant arrives as an EVENT, once durable.
    retry.request(16, {"fromLsn": 0})
    subscribed = retry.read()
    expect(subscribed["frame"] == "RESPONSE" and subscribed["payload"]["reload"] is True, "SUBSCRIBE: %r" % subscribed)
    admin.request(257, {"playerId": player_id, "currency": 1, "amount": 7})
    expect(admin.read()["frame"] == "RESPONSE", "grant for the subscriber failed")
    pushed = retry.read()
    expect(pushed["frame"] == "EVENT" and pushed["eventType"] == 2 and pushed["lsn"] > subscribed["payload"]["lsn"],
           "pushed grant: %r" % pushed)
    change = retry.schema.decode_event(pushed["eventType"], bytes.fromhex(pushed["data"]))
    expect(change["currency"] == 1 and change["delta"] == 7 and change["balanceAfter"] == 57, "pushed change: %r" % change)
    retry.sock.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--admin-key", required=True)
    args = parser.parse_args()

    player = Connection(args.port)
    hello(player)
    name = "py_%06d" % random.randrange(10 ** 6)
    player.request(1, {"name": name})
    registered = player.read()
    expect(registered["frame"] == "RESPONSE", "REGISTER failed: %r" % registered)
    player_id, token = registered["payload"]["playerId"], registered["payload"]["token"]
    expect(len(bytes.fromhex(token)) == 32, "token is not 32 bytes")

    login_id = player.request(2, {"playerId": player_id, "token": token})
    profile_id = player.request(3, {}, correlation_id="py-profile")
    answers = player.answers(2)
    expect(answers[login_id]["frame"] == "RESPONSE", "LOGIN failed: %r" % answers[login_id])
    profile = answers[profile_id]["payload"]
    expect(profile["name"] == name and profile["level"] == 1 and profile["energy"] == 50, "profile: %r" % profile)
    balances = {entry["currency"]: entry["amount"] for entry in profile["balances"]}
    expect(balances == {0: 1000, 1: 50, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0}, "starting balances: %r" % balances)

    expect(profile["xpToNext"] == 100 and profile["dailyClaimed"] is False, "profile progress: %r" % profile)
    player.request(4, {"zone": 1})
    quest = player.read()
    kinds = [event["eventType"] for event in quest["payload"]["events"]]
    expect(quest["frame"] == "RESPONSE" and 11 in kinds, "QUEST: %r" % quest)
    energy = [event for event in quest["payload"]["events"] if event["eventType"] == 13][0]
    expect(energy["value"] == 44, "quest energy: %r" % energy)
    player.request(32, {})
    catalog = player.read()["payload"]["esprits"]
    expect(len(catalog) == 216 and catalog[0]["id"] == 1, "catalog has %d entries" % len(catalog))
    player.request(14, {})
    collection = player.read()["payload"]
    expect(len(collection["stacks"]) >= 3 and len(collection["team"]) >= 3, "collection: %r" % collection)

    admin = Connection(args.port)
    hello(admin)
    admin.request(256, {"key": args.admin_key})
    expect(admin.read()["frame"] == "RESPONSE", "ADMIN_LOGIN refused")
    admin.request(257, {"playerId": player_id, "currency": 4, "amount": 125})
    granted = admin.read()
    expect(granted["payload"] == {"playerId": player_id, "currency": 4, "balance": 125}, "grant: %r" % granted)

    player.sock.sendall(struct.pack(">IBIHH", 9, 3, 98, 0x7777, 0))
    error = player.read()
    expect(error["frame"] == "ERROR" and error["requestId"] == 98 and error["code"] == 1
           and error["details"]["field"] == "opcode", "unknown opcode: %r" % error)
    player.sock.sendall(struct.pack(">IBIHH", 11, 3, 99, 1, 0) + struct.pack(">H", 40))
    error = player.read()
    expect(error["frame"] == "ERROR" and error["requestId"] == 99 and error["details"]["field"] == "name",
           "bad field length: %r" % error)
    player.request(3, {})
    profile = player.read()["payload"]
    expect({entry["currency"]: entry["amount"] for entry in profile["balances"]}[4] == 125, "grant not visible")

    play_v2(args.port, player_id, token, admin)

    stranger = Connection(args.port)
    stranger.send({"frame": "HELLO", "magic": 0x45535052, "version": 9, "clientName": "future"})
    closing = stranger.read()
    expect(closing["frame"] == "CLOSE" and closing["details"]["field"] == "version", "version: %r" % closing)
    expect(stranger.read() is None, "connection still open after CLOSE")
    print("example client: every answer matched protocol/README.md")


if __name__ == "__main__":
    main()
