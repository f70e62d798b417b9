"""Schema-driven codec for the Esprit wire protocol, written from protocol/ alone.

It reads schema.json and encodes or decodes any frame as a "meaning": a dict with the frame's
name under "frame" and its fields by name (bytes as lowercase hex strings, lists as lists,
structs as dicts), in one protocol version: Schema(version=2) lays frames out as v2 does
(fields marked "since" a later version are left out of earlier ones, and from v2 on every
event carries its length; an event type the schema does not know decodes as its type and
its raw "data", which is how a v2 client skips it). make_vectors.py uses it to produce the golden vectors; because it shares no
code with the Swift codec, the Swift tests that check those vectors check the codec against
the schema.
"""
import json
import os
import struct

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "..", "schema.json")

INTEGER_FORMATS = {"u8": ">B", "u16": ">H", "u32": ">I", "u64": ">Q", "i64": ">q"}


class WireError(Exception):
    """The bytes are not a valid frame of this schema."""


class Schema:
    def __init__(self, path=SCHEMA_PATH, version=1):
        with open(path) as handle:
            self.raw = json.load(handle)
        if version not in self.raw["versions"]:
            raise ValueError("the schema has no version %d" % version)
        self.version = version
        present = lambda item: item.get("since", 1) <= version
        fields = lambda listed: [field for field in listed if present(field)]
        self.frames_by_name = {frame["name"]: dict(frame, fields=fields(frame["fields"])) for frame in self.raw["frames"]}
        self.frames_by_type = {frame["type"]: frame for frame in self.frames_by_name.values()}
        self.operations = {operation["opcode"]: dict(operation, request=fields(operation["request"]), response=fields(operation["response"]))
                           for operation in self.raw["operations"] if present(operation)}
        self.errors = {error["code"]: error for error in self.raw["errors"] if present(error)}
        self.structs = {name: fields(listed) for name, listed in self.raw["structs"].items()}
        self.events = {event["type"]: event for event in self.raw["events"] if present(event)}
        self.sized_events = version >= 2

    # Encoding -----------------------------------------------------------------------------

    def encode(self, meaning):
        """The frame's bytes, including the 4-byte length prefix."""
        frame = self.frames_by_name[meaning["frame"]]
        body = bytearray(struct.pack(">B", frame["type"]))
        for field in frame["fields"]:
            self._encode_value(body, field["type"], meaning[field["name"]], meaning)
        return struct.pack(">I", len(body)) + bytes(body)

    def _encode_fields(self, out, fields, values):
        for field in fields:
            self._encode_value(out, field["type"], values[field["name"]], values)

    def _encode_value(self, out, type_name, value, frame_meaning):
        if type_name in INTEGER_FORMATS:
            out += struct.pack(INTEGER_FORMATS[type_name], value)
        elif type_name == "bool":
            out += struct.pack(">B", 1 if value else 0)
        elif type_name == "event":
            out += struct.pack(">H", value["eventType"])
            if self.sized_events:
                data = bytearray()
                if value["eventType"] in self.events:
                    self._encode_fields(data, self.events[value["eventType"]]["fields"], value)
                else:
                    data += bytes.fromhex(value["data"])
                out += struct.pack(">H", len(data)) + bytes(data)
            else:
                self._encode_fields(out, self.events[value["eventType"]]["fields"], value)
        elif type_name == "string":
            data = value.encode("utf-8")
            out += struct.pack(">H", len(data)) + data
        elif type_name == "bytes":
            data = bytes.fromhex(value)
            out += struct.pack(">H", len(data)) + data
        elif type_name.startswith("list<"):
            item_type = type_name[5:-1]
            out += struct.pack(">H", len(value))
            for item in value:
                self._encode_value(out, item_type, item, frame_meaning)
        elif type_name in self.structs:
            self._encode_fields(out, self.structs[type_name], value)
        elif type_name == "request":
            self._encode_fields(out, self.operations[frame_meaning["opcode"]]["request"], value)
        elif type_name == "response":
            self._encode_fields(out, self.operations[frame_meaning["opcode"]]["response"], value)
        elif type_name == "errorDetails":
            self._encode_fields(out, self.errors[frame_meaning["code"]]["details"], value)
        else:
            raise ValueError("unknown type " + type_name)

    # Decoding -----------------------------------------------------------------------------

    def decode_event(self, event_type, data):
        """The fields of an EVENT frame's data, by the event table; None for a type the schema
        does not know (a client skips it)."""
        event = self.events.get(event_type)
        if event is None:
            return None
        reader = _Reader(data, 0)
        fields = self._decode_fields(reader, event["fields"])
        if reader.offset != len(data):
            raise WireError("%d bytes after the last field of event %s" % (len(data) - reader.offset, event["name"]))
        return fields

    def decode(self, data):
        """The meaning of one whole frame (length prefix included)."""
        if len(data) < 4:
            raise WireError("shorter than the length prefix")
        (length,) = struct.unpack_from(">I", data, 0)
        if length != len(data) - 4:
            raise WireError("length prefix says %d, body has %d bytes" % (length, len(data) - 4))
        reader = _Reader(data, 4)
        frame_type = reader.integer("u8")
        frame = self.frames_by_type.get(frame_type)
        if frame is None:
            raise WireError("unknown frame type %d" % frame_type)
        meaning = {"frame": frame["name"]}
        for field in frame["fields"]:
            meaning[field["name"]] = self._decode_value(reader, field["type"], meaning)
        if reader.offset != len(data):
            raise WireError("%d bytes after the last field" % (len(data) - reader.offset))
        return meaning

    def annotate(self, data):
        """The frame as (hex, label) rows, one per field: the annotated dumps of examples.md."""
        rows = [(data[:4].hex(), "length %d" % (len(data) - 4))]
        reader = _Reader(data, 4)
        frame = self.frames_by_type[reader.integer("u8")]
        rows.append(("%02x" % frame["type"], frame["name"]))
        meaning = {}
        for field in frame["fields"]:
            self._annotate_value(reader, field["name"], field["type"], meaning, rows)
        return rows

    def _annotate_value(self, reader, name, type_name, meaning, rows):
        start = reader.offset
        if type_name in ("request", "response", "errorDetails"):
            if type_name == "errorDetails":
                fields = self.errors[meaning["code"]]["details"]
            else:
                fields = self._operation(meaning)[type_name]
            for field in fields:
                self._annotate_value(reader, field["name"], field["type"], {}, rows)
            return
        if type_name.startswith("list<"):
            count = reader.integer("u16")
            rows.append((reader.data[start:reader.offset].hex(), "%s: %d items" % (name, count)))
            item_type = type_name[5:-1]
            for index in range(count):
                if item_type in self.structs:
                    for field in self.structs[item_type]:
                        self._annotate_value(reader, "%s[%d].%s" % (name, index, field["name"]), field["type"], {}, rows)
                else:
                    self._annotate_value(reader, "%s[%d]" % (name, index), item_type, {}, rows)
            return
        if type_name == "event":
            event = self.events[reader.integer("u16")]
            if self.sized_events:
                length = reader.integer("u16")
                rows.append((reader.data[start:reader.offset].hex(), "%s: event %s, %d bytes" % (name, event["name"], length)))
            else:
                rows.append((reader.data[start:reader.offset].hex(), "%s: event %s" % (name, event["name"])))
            for field in event["fields"]:
                self._annotate_value(reader, "  " + field["name"], field["type"], {}, rows)
            return
        value = self._decode_value(reader, type_name, meaning)
        meaning[name] = value
        raw = reader.data[start:reader.offset]
        if type_name in ("string", "bytes"):
            shown = ('"%s"' % value) if type_name == "string" else (value or "(empty)")
            rows.append((raw[:2].hex() + " " + raw[2:].hex(), "%s %s = %s" % (name, type_name, shown)))
        else:
            rows.append((raw.hex(), "%s %s = %s" % (name, type_name, value)))

    def _decode_fields(self, reader, fields):
        return {field["name"]: self._decode_value(reader, field["type"], None) for field in fields}

    def _decode_value(self, reader, type_name, frame_meaning):
        if type_name in INTEGER_FORMATS:
            return reader.integer(type_name)
        if type_name == "bool":
            value = reader.integer("u8")
            if value > 1:
                raise WireError("bool must be 0 or 1, got %d" % value)
            return value == 1
        if type_name == "event":
            event_type = reader.integer("u16")
            event = self.events.get(event_type)
            if self.sized_events:
                data = reader.sized()
                if event is None:
                    return {"eventType": event_type, "data": data.hex()}
                inner = _Reader(data, 0)
                fields = self._decode_fields(inner, event["fields"])
                if inner.offset != len(data):
                    raise WireError("%d bytes after the last field of event %s" % (len(data) - inner.offset, event["name"]))
                return dict({"eventType": event_type}, **fields)
            if event is None:
                raise WireError("unknown event type %d" % event_type)
            return dict({"eventType": event_type}, **self._decode_fields(reader, event["fields"]))
        if type_name == "string":
            return reader.sized().decode("utf-8")
        if type_name == "bytes":
            return reader.sized().hex()
        if type_name.startswith("list<"):
            count = reader.integer("u16")
            return [self._decode_value(reader, type_name[5:-1], frame_meaning) for _ in range(count)]
        if type_name in self.structs:
            return self._decode_fields(reader, self.structs[type_name])
        if type_name == "request":
            return self._decode_fields(reader, self._operation(frame_meaning)["request"])
        if type_name == "response":
            return self._decode_fields(reader, self._operation(frame_meaning)["response"])
        if type_name == "errorDetails":
            error = self.errors.get(frame_meaning["code"])
            if error is None:
                raise WireError("unknown error code %d" % frame_meaning["code"])
            return self._decode_fields(reader, error["details"])
        raise ValueError("unknown type " + type_name)

    def _operation(self, frame_meaning):
        operation = self.operations.get(frame_meaning["opcode"])
        if operation is None:
            raise WireError("unknown opcode %d" % frame_meaning["opcode"])
        return operation


class _Reader:
    def __init__(self, data, offset):
        self.data = data
        self.offset = offset

    def integer(self, type_name):
        fmt = INTEGER_FORMATS[type_name]
        size = struct.calcsize(fmt)
        if self.offset + size > len(self.data):
            raise WireError("frame ends inside a %s" % type_name)
        (value,) = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += size
        return value

    def sized(self):
        count = self.integer("u16")
        if self.offset + count > len(self.data):
            raise WireError("length %d runs past the end of the frame" % count)
        value = self.data[self.offset:self.offset + count]
        self.offset += count
        return bytes(value)
