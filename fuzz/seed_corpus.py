#!/usr/bin/env python3
"""Writes the seed inputs of the request-path fuzzer into fuzz/corpus.

Each input is a mode byte (even: anonymous connection, odd: logged-in player), a split byte
(where the stream is cut into two socket reads), then client bytes: HELLO and every client
frame of protocol/vectors, alone and pipelined, plus a few hostile shapes. libFuzzer grows the
corpus from these; `scripts/fuzz.sh` merges what it finds back in.
"""
import glob
import hashlib
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "protocol", "vectors")
CORPUS = os.path.join(HERE, "corpus")


def frame(body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + body


def request(request_id: int, opcode: int, payload: bytes, correlation: bytes = b"") -> bytes:
    return frame(b"\x03" + struct.pack(">IH", request_id, opcode) + struct.pack(">H", len(correlation)) + correlation + payload)


def string(text: bytes) -> bytes:
    return struct.pack(">H", len(text)) + text


def main() -> None:
    client = []
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.json"))):
        vector = json.load(open(path))
        if vector["direction"] == "client":
            client.append(bytes.fromhex(vector["hex"]))
    hello = next(v for v in client if v[4] == 0x01)
    inputs = []
    for mode in (0, 1):
        for vector in client:
            inputs.append(bytes([mode, 3]) + hello + vector)
        inputs.append(bytes([mode, 40]) + hello + b"".join(client))
    hostile = [
        request(1, 0x0008, string(b"A" * 2000) + b"\x01"),
        request(2, 0x000B, string(b"b" * 3000)),
        request(3, 0x0007, b"\x09\x02"),
        request(4, 0x0004, b"\xff\xff"),
        request(5, 0x0005, b"\x00\x00\x00\x01\x00\x00\x00\x01"),
        request(6, 0x0003, b"", correlation=b"evil\nline"),
        request(7, 0x7777, b"\x01\x02\x03"),
        frame(b"\x02\x00"),
        struct.pack(">I", 0x00FFFFFF),
        frame(b"\x03\x00\x00"),
    ]
    for mode in (0, 1):
        for shape in hostile:
            inputs.append(bytes([mode, 7]) + hello + shape)
    os.makedirs(CORPUS, exist_ok=True)
    for data in inputs:
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(CORPUS, name), "wb") as out:
            out.write(data)
    print(f"{len(inputs)} seed inputs in {CORPUS}")


if __name__ == "__main__":
    main()
