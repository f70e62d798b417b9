#!/usr/bin/env python3
"""Writes the seed inputs of the request-path fuzzer into fuzz/corpus.

Each input is a mode byte (even: anonymous connection, odd: logged-in player; with bit 2 set,
protocol v2), a split byte (where the stream is cut into two socket reads), then client bytes:
HELLO and every client frame of protocol/vectors (v2: protocol/vectors/v2), alone and
pipelined, plus a few hostile shapes. libFuzzer grows the
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


def request_v2(request_id: int, opcode: int, payload: bytes, key: bytes) -> bytes:
    return frame(b"\x03" + struct.pack(">IHH", request_id, opcode, 0) + struct.pack(">H", len(key)) + key + payload)


def client_vectors(folder: str) -> list:
    vectors = [json.load(open(path)) for path in sorted(glob.glob(os.path.join(folder, "*.json")))]
    return [bytes.fromhex(vector["hex"]) for vector in vectors if vector["direction"] == "client"]


def string(text: bytes) -> bytes:
    return struct.pack(">H", len(text)) + text


def main() -> None:
    client = client_vectors(VECTORS)
    hello = next(v for v in client if v[4] == 0x01)
    client_v2 = client_vectors(os.path.join(VECTORS, "v2"))
    hello_v2 = next(v for v in client_v2 if v[4] == 0x01)
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
    hostile_v2 = [
        request_v2(8, 0x0004, b"\x00\x01", key=b"k" * 65),
        request_v2(9, 0x0003, b"", key=b"x"),
        request_v2(10, 0x0010, struct.pack(">Q", 2 ** 63), key=b""),
        request_v2(11, 0x0101, struct.pack(">QBq", 1, 0, 5), key=b"grant-1") * 2,
    ]
    for mode in (2, 3):
        for vector in client_v2:
            inputs.append(bytes([mode, 3]) + hello_v2 + vector)
        inputs.append(bytes([mode, 40]) + hello_v2 + b"".join(client_v2))
        for shape in hostile_v2:
            inputs.append(bytes([mode, 7]) + hello_v2 + shape)
    os.makedirs(CORPUS, exist_ok=True)
    for data in inputs:
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(CORPUS, name), "wb") as out:
            out.write(data)
    print(f"{len(inputs)} seed inputs in {CORPUS}")


if __name__ == "__main__":
    main()
