#!/usr/bin/env python3
"""Writes protocol/vectors/*.json: every frame type, every operation's request and response,
and every error code of v1, as frame bytes (hex) plus their decoded meaning; protocol/vectors/v2/,
the frames v2 lays out differently and what only v2 has; and protocol/examples.md, the same
frames as annotated hex dumps, field by field.

    python3 protocol/tools/make_vectors.py          # rewrite the vectors
    python3 protocol/tools/make_vectors.py --check  # fail if a vector is missing or stale

The bytes come from esprit_wire.py, which knows only schema.json; the Swift test suite then
decodes and re-encodes each vector with the server's codec.
"""
import json
import os
import sys

from esprit_wire import Schema

VECTORS_DIR = os.path.join(os.path.dirname(__file__), "..", "vectors")
EXAMPLES_PATH = os.path.join(os.path.dirname(__file__), "..", "examples.md")
TOKEN = "9f" * 32

CASES = [
    ("hello", "client", "HELLO opening a v1 connection",
     {"frame": "HELLO", "magic": 0x45535052, "version": 1, "clientName": "esprit-cli/1"}),
    ("welcome", "server", "WELCOME accepting v1 with the default 1 MiB frame limit",
     {"frame": "WELCOME", "version": 1, "maxFrameBytes": 1048576, "serverTime": 1795219200000}),
    ("request-register", "client", "REGISTER a player named Ayla, correlation id chosen by the client",
     {"frame": "REQUEST", "requestId": 1, "opcode": 1, "correlationId": "onboarding-42", "payload": {"name": "Ayla"}}),
    ("response-register", "server", "REGISTER answered: player 1 and its token",
     {"frame": "RESPONSE", "requestId": 1, "opcode": 1, "payload": {"playerId": 1, "token": TOKEN}}),
    ("request-login", "client", "LOGIN as player 1",
     {"frame": "REQUEST", "requestId": 2, "opcode": 2, "correlationId": "", "payload": {"playerId": 1, "token": TOKEN}}),
    ("response-login", "server", "LOGIN answered",
     {"frame": "RESPONSE", "requestId": 2, "opcode": 2, "payload": {"playerId": 1}}),
    ("request-get-profile", "client", "GET_PROFILE (no fields)",
     {"frame": "REQUEST", "requestId": 3, "opcode": 3, "correlationId": "", "payload": {}}),
    ("response-get-profile", "server", "GET_PROFILE answered for a new player",
     {"frame": "RESPONSE", "requestId": 3, "opcode": 3, "payload": {
         "playerId": 1, "name": "Ayla", "level": 1, "xp": 0, "energy": 50, "maxEnergy": 50,
         "createdAt": 1795219200000,
         "balances": [{"currency": code, "amount": amount} for code, amount in
                      [(0, 1000), (1, 50), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0)]],
         "xpToNext": 100, "nextEnergyAt": 0, "teamPower": 180, "leader": 0, "dailyStreak": 0,
         "dailyClaimed": False, "nextDailyResetAt": 1795305600000,
         "buildings": [], "pity": []}}),
    ("request-quest", "client", "QUEST in zone 1",
     {"frame": "REQUEST", "requestId": 20, "opcode": 4, "correlationId": "", "payload": {"zone": 1}}),
    ("response-quest", "server", "QUEST answered: energy spent, lumees paid, a capture, the quest, a level-up",
     {"frame": "RESPONSE", "requestId": 20, "opcode": 4, "payload": {"events": [
         {"eventType": 13, "value": 44, "asOf": 1795219200000, "reason": "quest"},
         {"eventType": 2, "currency": 0, "delta": 54, "balanceAfter": 1054, "reason": "quest"},
         {"eventType": 3, "baseId": 9, "countAfter": 1, "reason": "quest"},
         {"eventType": 11, "zone": 1, "xpGained": 10, "xpAfter": 104, "lumees": 54, "captured": 9},
         {"eventType": 12, "levelAfter": 2, "xpAfter": 4},
         {"eventType": 13, "value": 52, "asOf": 1795219200000, "reason": "level_up"},
         {"eventType": 2, "currency": 1, "delta": 10, "balanceAfter": 60, "reason": "level_up"}]}}),
    ("request-fuse", "client", "FUSE Emberkit (1) with Emberling (2)",
     {"frame": "REQUEST", "requestId": 21, "opcode": 5, "correlationId": "", "payload": {"first": 1, "second": 2}}),
    ("response-fuse", "server", "FUSE answered: paid, both consumed, a tier-2 fire Esprit gained",
     {"frame": "RESPONSE", "requestId": 21, "opcode": 5, "payload": {"events": [
         {"eventType": 2, "currency": 0, "delta": -100, "balanceAfter": 900, "reason": "fuse"},
         {"eventType": 4, "baseId": 1, "countAfter": 0, "reason": "fuse"},
         {"eventType": 4, "baseId": 2, "countAfter": 0, "reason": "fuse"},
         {"eventType": 3, "baseId": 13, "countAfter": 1, "reason": "fuse"},
         {"eventType": 5, "first": 1, "second": 2, "result": 13}]}}),
    ("response-fuse-failed", "server", "FUSE answered: the fusion failed and paid shards",
     {"frame": "RESPONSE", "requestId": 22, "opcode": 5, "payload": {"events": [
         {"eventType": 2, "currency": 0, "delta": -200, "balanceAfter": 700, "reason": "fuse"},
         {"eventType": 4, "baseId": 13, "countAfter": 0, "reason": "fuse"},
         {"eventType": 4, "baseId": 15, "countAfter": 0, "reason": "fuse"},
         {"eventType": 2, "currency": 2, "delta": 10, "balanceAfter": 10, "reason": "fuse"},
         {"eventType": 2, "currency": 3, "delta": 10, "balanceAfter": 10, "reason": "fuse"},
         {"eventType": 6, "first": 13, "second": 15}]}}),
    ("request-awaken", "client", "AWAKEN base Esprit 40",
     {"frame": "REQUEST", "requestId": 23, "opcode": 6, "correlationId": "", "payload": {"baseId": 40}}),
    ("response-awaken", "server", "AWAKEN answered: paid, one extra copy consumed, one star",
     {"frame": "RESPONSE", "requestId": 23, "opcode": 6, "payload": {"events": [
         {"eventType": 2, "currency": 0, "delta": -500, "balanceAfter": 500, "reason": "awaken"},
         {"eventType": 4, "baseId": 40, "countAfter": 2, "reason": "awaken"},
         {"eventType": 7, "baseId": 40, "starsAfter": 1}]}}),
    ("request-craft", "client", "CRAFT an earth (2) Esprit of tier 1",
     {"frame": "REQUEST", "requestId": 24, "opcode": 7, "correlationId": "", "payload": {"element": 2, "tier": 1}}),
    ("response-craft", "server", "CRAFT answered: shards paid, Pebblekit gained",
     {"frame": "RESPONSE", "requestId": 24, "opcode": 7, "payload": {"events": [
         {"eventType": 2, "currency": 4, "delta": -20, "balanceAfter": 5, "reason": "craft"},
         {"eventType": 3, "baseId": 5, "countAfter": 1, "reason": "craft"},
         {"eventType": 8, "baseId": 5, "element": 2, "tier": 1}]}}),
    ("request-summon", "client", "SUMMON one pull on the standard banner",
     {"frame": "REQUEST", "requestId": 25, "opcode": 8, "correlationId": "", "payload": {"banner": "standard", "pulls": 1}}),
    ("response-summon", "server", "SUMMON answered: revies paid, one result, pity counter after",
     {"frame": "RESPONSE", "requestId": 25, "opcode": 8, "payload": {"events": [
         {"eventType": 2, "currency": 1, "delta": -30, "balanceAfter": 20, "reason": "summon"},
         {"eventType": 3, "baseId": 27, "countAfter": 1, "reason": "summon"},
         {"eventType": 9, "banner": "standard", "results": [27], "pityAfter": 8}]}}),
    ("request-claim-daily", "client", "CLAIM_DAILY (no fields)",
     {"frame": "REQUEST", "requestId": 26, "opcode": 9, "correlationId": "", "payload": {}}),
    ("response-claim-daily", "server", "CLAIM_DAILY answered: shards of a random element",
     {"frame": "RESPONSE", "requestId": 26, "opcode": 9, "payload": {"events": [
         {"eventType": 2, "currency": 6, "delta": 10, "balanceAfter": 10, "reason": "daily"},
         {"eventType": 10, "day": 20778, "streakAfter": 3, "reward": "shards", "amount": 10, "element": 4, "baseId": 0}]}}),
    ("request-set-leader", "client", "SET_LEADER to base Esprit 40",
     {"frame": "REQUEST", "requestId": 27, "opcode": 10, "correlationId": "", "payload": {"baseId": 40}}),
    ("response-set-leader", "server", "SET_LEADER answered",
     {"frame": "RESPONSE", "requestId": 27, "opcode": 10, "payload": {"events": [{"eventType": 17, "baseId": 40}]}}),
    ("request-build", "client", "BUILD a lumee_mine",
     {"frame": "REQUEST", "requestId": 28, "opcode": 11, "correlationId": "", "payload": {"type": "lumee_mine"}}),
    ("response-build", "server", "BUILD answered: paid, built",
     {"frame": "RESPONSE", "requestId": 28, "opcode": 11, "payload": {"events": [
         {"eventType": 2, "currency": 0, "delta": -1000, "balanceAfter": 4000, "reason": "build"},
         {"eventType": 14, "type": "lumee_mine", "asOf": 1795219200000}]}}),
    ("request-upgrade", "client", "UPGRADE the lumee_mine",
     {"frame": "REQUEST", "requestId": 29, "opcode": 12, "correlationId": "", "payload": {"type": "lumee_mine"}}),
    ("response-upgrade", "server", "UPGRADE answered: collected first, paid, upgraded",
     {"frame": "RESPONSE", "requestId": 29, "opcode": 12, "payload": {"events": [
         {"eventType": 2, "currency": 0, "delta": 120, "balanceAfter": 4120, "reason": "collect"},
         {"eventType": 16, "type": "lumee_mine", "amount": 120, "asOfAfter": 1795226400000},
         {"eventType": 2, "currency": 0, "delta": -4000, "balanceAfter": 120, "reason": "upgrade"},
         {"eventType": 15, "type": "lumee_mine", "levelAfter": 2}]}}),
    ("request-collect", "client", "COLLECT from the lumee_mine",
     {"frame": "REQUEST", "requestId": 30, "opcode": 13, "correlationId": "", "payload": {"type": "lumee_mine"}}),
    ("response-collect", "server", "COLLECT answered: 1 lumee paid, the unpaid half kept",
     {"frame": "RESPONSE", "requestId": 30, "opcode": 13, "payload": {"events": [
         {"eventType": 2, "currency": 0, "delta": 1, "balanceAfter": 121, "reason": "collect"},
         {"eventType": 16, "type": "lumee_mine", "amount": 1, "asOfAfter": 1795226430000}]}}),
    ("request-get-collection", "client", "GET_COLLECTION (no fields)",
     {"frame": "REQUEST", "requestId": 31, "opcode": 14, "correlationId": "", "payload": {}}),
    ("response-get-collection", "server", "GET_COLLECTION answered: two stacks, a leader, the team",
     {"frame": "RESPONSE", "requestId": 31, "opcode": 14, "payload": {
         "stacks": [{"baseId": 5, "count": 1, "stars": 0}, {"baseId": 40, "count": 2, "stars": 1}],
         "leader": 40, "team": [40, 40, 5], "teamPower": 380}}),
    ("request-get-catalog", "client", "GET_CATALOG (no fields, no session needed)",
     {"frame": "REQUEST", "requestId": 32, "opcode": 32, "correlationId": "", "payload": {}}),
    ("response-get-catalog", "server", "GET_CATALOG answered (two entries shown; the default catalog has 216)",
     {"frame": "RESPONSE", "requestId": 32, "opcode": 32, "payload": {"esprits": [
         {"id": 1, "name": "Emberkit", "element": 0, "tier": 1, "atk": 30, "def": 12, "hp": 18},
         {"id": 2, "name": "Emberling", "element": 0, "tier": 1, "atk": 30, "def": 13, "hp": 17}]}}),
    ("request-get-tables", "client", "GET_TABLES (no fields, no session needed)",
     {"frame": "REQUEST", "requestId": 33, "opcode": 33, "correlationId": "", "payload": {}}),
    ("response-get-tables", "server", "GET_TABLES answered (each list cut to its first rows; the default has 20 zones, 17 fusion tiers, 100 levels)",
     {"frame": "RESPONSE", "requestId": 33, "opcode": 33, "payload": {
         "zones": [{"zone": 1, "requiredLevel": 1, "energy": 6, "xp": 10, "lumeesMin": 40, "lumeesMax": 60, "captureChancePpm": 100000, "captureTier": 1}],
         "fusion": [{"tier": 1, "cost": 100, "successPpm": 900000, "failureShards": 5}],
         "awakening": [{"fromStars": 0, "copies": 1, "cost": 500}, {"fromStars": 1, "copies": 2, "cost": 2000}],
         "crafting": [{"tier": 1, "shards": 20}],
         "levels": [{"level": 1, "xpToNext": 100, "maxEnergy": 50}],
         "banners": [{"id": "standard", "currency": 1, "singleCost": 30, "tenCost": 270, "pityPulls": 50, "pityTier": 5, "tenPullMinTier": 3,
                      "odds": [{"tier": 1, "weight": 55}, {"tier": 2, "weight": 28}, {"tier": 3, "weight": 12}, {"tier": 4, "weight": 4}, {"tier": 5, "weight": 1}]}],
         "buildings": [{"type": "revie_shrine", "produces": 1, "maxLevel": 5, "ratePerLevel": 1, "capacityHours": 24, "buildCost": 5000,
                        "upgradeCosts": [20000, 45000, 80000, 125000]}],
         "echo": [{"weight": 60, "reward": "lumees", "min": 500, "max": 1500, "tier": 0}, {"weight": 5, "reward": "esprit", "min": 0, "max": 0, "tier": 2}],
         "limits": {"maxBalance": 1000000000000, "energyRegenSeconds": 300, "energyCap": 999, "levelUpRevies": 10, "maxStacks": 500,
                    "maxCount": 9999, "maxStars": 5, "starBonusPpm": 100000, "teamSize": 6, "leaderBonusPpm": 100000,
                    "streakBonusPerDayPpm": 100000, "streakBonusMaxPpm": 700000}}}),
    ("event-registered", "server", "EVENT push of a PlayerRegistered event (reserved in v1)",
     {"frame": "EVENT", "lsn": 1, "eventType": 1, "data": "000441796c61000100000000000000000000000000000032"}),
    ("request-admin-login", "client", "ADMIN_LOGIN with the operator's key",
     {"frame": "REQUEST", "requestId": 4, "opcode": 256, "correlationId": "", "payload": {"key": "s3cret"}}),
    ("response-admin-login", "server", "ADMIN_LOGIN answered (no fields)",
     {"frame": "RESPONSE", "requestId": 4, "opcode": 256, "payload": {}}),
    ("request-admin-grant", "client", "ADMIN_GRANT of 250 lumees to player 1",
     {"frame": "REQUEST", "requestId": 5, "opcode": 257, "correlationId": "", "payload": {"playerId": 1, "currency": 0, "amount": 250}}),
    ("response-admin-grant", "server", "ADMIN_GRANT answered with the balance after",
     {"frame": "RESPONSE", "requestId": 5, "opcode": 257, "payload": {"playerId": 1, "currency": 0, "balance": 1250}}),
    ("request-admin-ledger", "client", "ADMIN_LEDGER of player 1, at most 2 entries",
     {"frame": "REQUEST", "requestId": 34, "opcode": 258, "correlationId": "", "payload": {"playerId": 1, "limit": 2}}),
    ("response-admin-ledger", "server", "ADMIN_LEDGER answered, newest first",
     {"frame": "RESPONSE", "requestId": 34, "opcode": 258, "payload": {"entries": [
         {"lsn": 5, "at": 1795219260000, "currency": 0, "delta": 250, "balanceAfter": 1250, "reason": "admin_grant", "correlationId": "support-ticket-88"},
         {"lsn": 1, "at": 1795219200000, "currency": 1, "delta": 50, "balanceAfter": 50, "reason": "register", "correlationId": "onboarding-42"}]}}),
    ("request-admin-services", "client", "ADMIN_SERVICES pausing the snapshot-exporter",
     {"frame": "REQUEST", "requestId": 35, "opcode": 259, "correlationId": "", "payload": {"action": 1, "service": "snapshot-exporter"}}),
    ("response-admin-services", "server", "ADMIN_SERVICES answered: the checkpointer running, the snapshot-exporter paused after a failure",
     {"frame": "RESPONSE", "requestId": 35, "opcode": 259, "payload": {"services": [
         {"id": "checkpointer", "status": 0, "consecutiveFailures": 0, "runs": 42, "lastRunAt": 1795219440000,
          "lastDurationMicros": 1830, "lastError": "", "itemsProcessed": 317},
         {"id": "snapshot-exporter", "status": 1, "consecutiveFailures": 1, "runs": 3, "lastRunAt": 1795219380000,
          "lastDurationMicros": 254000, "lastError": "write failed: No space left on device", "itemsProcessed": 2}]}}),
    ("request-admin-export", "client", "ADMIN_EXPORT of every player to a file on the server's host",
     {"frame": "REQUEST", "requestId": 36, "opcode": 260, "correlationId": "", "payload": {"path": "/var/backups/esprit/players.ndjson.zst"}}),
    ("response-admin-export", "server", "ADMIN_EXPORT answered with what the manifest says",
     {"frame": "RESPONSE", "requestId": 36, "opcode": 260, "payload": {
         "path": "/var/backups/esprit/players.ndjson.zst", "lsn": 48210, "players": 317, "compressedBytes": 41873,
         "uncompressedBytes": 268419, "sha256": "a4c832990d0fe92c791222b494e9a59d68c8b9382603bfa69c1d278c81941aaf"}}),
    ("request-admin-backup", "client", "ADMIN_BACKUP into a new directory on the server's host",
     {"frame": "REQUEST", "requestId": 37, "opcode": 261, "correlationId": "", "payload": {"directory": "/var/backups/esprit/backup-1"}}),
    ("response-admin-backup", "server", "ADMIN_BACKUP answered: the checkpoint copied and the two segments after it",
     {"frame": "RESPONSE", "requestId": 37, "opcode": 261, "payload": {
         "directory": "/var/backups/esprit/backup-1", "checkpointLsn": 48000, "segments": 2, "bytes": 12718080}}),
    ("error-validation", "server", "REGISTER refused: name taken",
     {"frame": "ERROR", "requestId": 6, "opcode": 1, "code": 1, "message": "invalid name: Ayla is already taken",
      "details": {"field": "name", "reason": "Ayla is already taken"}}),
    ("error-not-found", "server", "ADMIN_GRANT to a player that does not exist",
     {"frame": "ERROR", "requestId": 7, "opcode": 257, "code": 2, "message": "player 99 not found",
      "details": {"entity": "player", "id": "99"}}),
    ("error-insufficient", "server", "FUSE of two tier-5 Esprits with 1 250 lumees (it costs 1 600)",
     {"frame": "ERROR", "requestId": 8, "opcode": 5, "code": 3, "message": "not enough lumees: need 1600, have 1250",
      "details": {"resource": "lumees", "required": 1600, "current": 1250}}),
    ("error-invalid-operation", "server", "FUSE of two Esprits of the top tier",
     {"frame": "ERROR", "requestId": 9, "opcode": 5, "code": 4, "message": "fuse not possible: tier 18 is the highest; it cannot be fused",
      "details": {"operation": "fuse", "reason": "tier 18 is the highest; it cannot be fused"}}),
    ("error-already-claimed", "server", "CLAIM_DAILY a second time in one UTC day; next reset at 00:00 UTC",
     {"frame": "ERROR", "requestId": 10, "opcode": 9, "code": 5, "message": "already claimed today",
      "details": {"nextResetAt": 1795305600000}}),
    ("error-limit-reached", "server", "ADMIN_GRANT past the balance cap",
     {"frame": "ERROR", "requestId": 11, "opcode": 257, "code": 6, "message": "limit of 1000000000000 reached (would be 1000000001250)",
      "details": {"limit": 1000000000000, "value": 1000000001250}}),
    ("error-unauthorized", "server", "GET_PROFILE before LOGIN",
     {"frame": "ERROR", "requestId": 12, "opcode": 3, "code": 7, "message": "log in first", "details": {}}),
    ("error-rate-limited", "server", "too many requests",
     {"frame": "ERROR", "requestId": 13, "opcode": 3, "code": 8, "message": "too many requests, retry in 250 ms",
      "details": {"retryAfterMs": 250}}),
    ("error-unavailable", "server", "ADMIN_GRANT while the journal's disk is full",
     {"frame": "ERROR", "requestId": 14, "opcode": 257, "code": 9,
      "message": "service unavailable: the journal's disk is full; changes resume once space is freed",
      "details": {"reason": "the journal's disk is full; changes resume once space is freed"}}),
    ("error-internal", "server", "ADMIN_LEDGER whose read failed on the server; its log names the same correlation id",
     {"frame": "ERROR", "requestId": 15, "opcode": 258, "code": 10, "message": "internal error (correlation id k3v9q2xa-1f4)",
      "details": {"correlationId": "k3v9q2xa-1f4"}}),
    ("error-unknown-opcode", "server", "a request with an opcode the server does not know (0x7777)",
     {"frame": "ERROR", "requestId": 16, "opcode": 30583, "code": 1, "message": "malformed request: opcode: unknown opcode 30583",
      "details": {"field": "opcode", "reason": "unknown opcode 30583"}}),
    ("event", "server", "EVENT push of a CurrencyChanged event: 54 lumees from a quest (reserved in v1)",
     {"frame": "EVENT", "lsn": 42, "eventType": 2, "data": "00" "0000000000000036" "000000000000041e" "00057175657374"}),
    ("close-version", "server", "CLOSE answering a HELLO for protocol version 3",
     {"frame": "CLOSE", "code": 1, "message": "protocol version 3 is not supported",
      "details": {"field": "version", "reason": "this server speaks versions 1–2"}}),
    ("close-frame-too-large", "server", "CLOSE answering a frame that declared 2 MiB",
     {"frame": "CLOSE", "code": 6, "message": "frame of 2097152 bytes exceeds the 1048576-byte limit",
      "details": {"limit": 1048576, "value": 2097152}}),
]


# Protocol v2: the frames whose layout differs from v1, and what only v2 has. Every other
# frame of v2 is laid out as its v1 vector shows.
CASES_V2 = [
    ("hello", "client", "HELLO opening a v2 connection",
     {"frame": "HELLO", "magic": 0x45535052, "version": 2, "clientName": "esprit-swift-client"}),
    ("welcome", "server", "WELCOME accepting v2 with the default 1 MiB frame limit",
     {"frame": "WELCOME", "version": 2, "maxFrameBytes": 1048576, "serverTime": 1795219200000}),
    ("request-quest", "client", "QUEST in zone 1 with an idempotency key: sent again with the same key, it takes effect once",
     {"frame": "REQUEST", "requestId": 20, "opcode": 4, "correlationId": "", "idempotencyKey": "71756573742d30303031", "payload": {"zone": 1}}),
    ("request-get-profile", "client", "GET_PROFILE with no idempotency key (an empty one)",
     {"frame": "REQUEST", "requestId": 3, "opcode": 3, "correlationId": "", "idempotencyKey": "", "payload": {}}),
    ("response-quest", "server", "QUEST answered: each event carries its length",
     {"frame": "RESPONSE", "requestId": 20, "opcode": 4, "payload": {"events": [
         {"eventType": 13, "value": 44, "asOf": 1795219200000, "reason": "quest"},
         {"eventType": 2, "currency": 0, "delta": 54, "balanceAfter": 1054, "reason": "quest"},
         {"eventType": 11, "zone": 1, "xpGained": 10, "xpAfter": 10, "lumees": 54, "captured": 0}]}}),
    ("response-summon", "server", "SUMMON answered: revies paid, one result, pity counter after",
     {"frame": "RESPONSE", "requestId": 25, "opcode": 8, "payload": {"events": [
         {"eventType": 2, "currency": 1, "delta": -30, "balanceAfter": 20, "reason": "summon"},
         {"eventType": 3, "baseId": 27, "countAfter": 1, "reason": "summon"},
         {"eventType": 9, "banner": "standard", "results": [27], "pityAfter": 8}]}}),
    ("response-admin-ledger", "server", "ADMIN_LEDGER answered with every entry asked for: truncated false",
     {"frame": "RESPONSE", "requestId": 34, "opcode": 258, "payload": {"entries": [
         {"lsn": 5, "at": 1795219260000, "currency": 0, "delta": 250, "balanceAfter": 1250, "reason": "admin_grant", "correlationId": "support-ticket-88"}],
         "truncated": False}}),
    ("request-subscribe", "client", "SUBSCRIBE resuming after LSN 41, the last the client saw",
     {"frame": "REQUEST", "requestId": 40, "opcode": 16, "correlationId": "", "idempotencyKey": "", "payload": {"fromLsn": 41}}),
    ("response-subscribe", "server", "SUBSCRIBE answered: the commits after LSN 41 were kept and follow",
     {"frame": "RESPONSE", "requestId": 40, "opcode": 16, "payload": {"lsn": 41, "reload": False}}),
    ("response-subscribe-reload", "server", "SUBSCRIBE answered: LSN 41 is older than the server keeps; read the state again, events after 57 follow",
     {"frame": "RESPONSE", "requestId": 41, "opcode": 16, "payload": {"lsn": 57, "reload": True}}),
    ("event", "server", "EVENT push after SUBSCRIBE: 54 lumees from a quest, at LSN 42",
     {"frame": "EVENT", "lsn": 42, "eventType": 2, "data": "00" "0000000000000036" "000000000000041e" "00057175657374"}),
    ("request-unsubscribe", "client", "UNSUBSCRIBE (no fields)",
     {"frame": "REQUEST", "requestId": 42, "opcode": 17, "correlationId": "", "idempotencyKey": "", "payload": {}}),
    ("response-unsubscribe", "server", "UNSUBSCRIBE answered (no fields)",
     {"frame": "RESPONSE", "requestId": 42, "opcode": 17, "payload": {}}),
    ("close-events-unread", "server", "CLOSE of a subscriber that left more than 1 MiB of events unread",
     {"frame": "CLOSE", "code": 6, "message": "events are not being read: 1048530 bytes wait for this connection; reconnect and SUBSCRIBE from the last LSN read",
      "details": {"limit": 1048576, "value": 1048577}}),
    ("error-key-reused", "server", "QUEST refused: its idempotency key was first committed with a FUSE",
     {"frame": "ERROR", "requestId": 21, "opcode": 4, "code": 11, "message": "idempotency key already used for another request (opcode 5)",
      "details": {"firstOpcode": 5}}),
]


def render(schema, name, direction, description, meaning):
    data = schema.encode(meaning)
    if schema.decode(data) != meaning:
        raise SystemExit("vector %s does not survive a decode: check its field names" % name)
    document = {"name": name, "direction": direction, "description": description, "hex": data.hex(), "frame": meaning}
    if schema.version > 1:
        document = dict({"version": schema.version}, **document)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def example_section(schema, title, intro, cases):
    lines = ["# " + title, "", intro, ""]
    for name, direction, description, meaning in cases:
        lines += ["## %s" % name, "", "%s (%s to %s)." % (description, direction,
                  "server" if direction == "client" else "client"), "", "```"]
        rows = schema.annotate(schema.encode(meaning))
        width = max(len(hex_text) for hex_text, _ in rows)
        lines += ["%s  %s" % (hex_text.ljust(width), label) for hex_text, label in rows]
        lines += ["```", ""]
    return lines


def examples(v1, v2):
    lines = example_section(v1, "Protocol v1 examples",
                            "Every golden vector of `vectors/` as an annotated dump: the frame's bytes, one field a row.\n"
                            "Generated by `tools/make_vectors.py`; do not edit by hand.", CASES)
    lines += example_section(v2, "Protocol v2 examples",
                             "Every golden vector of `vectors/v2/`: the frames whose layout v2 changes, and what only v2 has.\n"
                             "Every other v2 frame is laid out as its v1 example above.", CASES_V2)
    return "\n".join(lines)


def expected_files(schema, cases, folder):
    return {os.path.join(folder, name + ".json"): render(schema, name, direction, description, meaning)
            for name, direction, description, meaning in cases}


def main():
    check = "--check" in sys.argv[1:]
    v1, v2 = Schema(version=1), Schema(version=2)
    v2_dir = os.path.join(VECTORS_DIR, "v2")
    expected = expected_files(v1, CASES, VECTORS_DIR)
    expected.update(expected_files(v2, CASES_V2, v2_dir))
    os.makedirs(v2_dir, exist_ok=True)
    present = {os.path.join(folder, name) for folder in (VECTORS_DIR, v2_dir)
               for name in os.listdir(folder) if name.endswith(".json")}
    stale = sorted(os.path.relpath(path, VECTORS_DIR) for path in expected
                   if path not in present or open(path).read() != expected[path])
    extra = sorted(present - set(expected))
    examples_text = examples(v1, v2)
    if not os.path.exists(EXAMPLES_PATH) or open(EXAMPLES_PATH).read() != examples_text:
        stale.append("examples.md")
    if check:
        if stale or extra:
            raise SystemExit("protocol vectors out of date: %s; run python3 protocol/tools/make_vectors.py"
                             % ", ".join(stale + [os.path.relpath(path, VECTORS_DIR) for path in extra]))
        print("%d protocol vectors up to date (%d of v1, %d of v2)" % (len(expected), len(CASES), len(CASES_V2)))
        return
    for path in extra:
        os.remove(path)
    for path, text in expected.items():
        with open(path, "w") as handle:
            handle.write(text)
    with open(EXAMPLES_PATH, "w") as handle:
        handle.write(examples_text)
    print("wrote %d vectors" % len(expected))


if __name__ == "__main__":
    main()
