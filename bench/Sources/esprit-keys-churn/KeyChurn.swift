import EspritCore
import EspritStorage

/// Keyed changes at random players, each a look-up then a keep, as a shard makes them: what
/// `bench/scripts/keys-cost.sh` runs under callgrind to count the instructions and cache
/// misses of the keys' own structures (``RetainedKeys``) per keyed change. Throughput runs
/// cannot resolve a change of a few hundred nanoseconds there (bench/RESULTS.md, session 24);
/// these counts come out the same on a noisy machine.
///
/// Every player is first filled to its bound, so each measured change replaces the player's
/// oldest key, as a busy player's do all day.
struct KeyChurn {
    var players = 50
    var bound = 1_024
    /// The bytes of each change's events' payloads: a grant's (one `CurrencyChanged`), as the
    /// keys keep them (``EventCodec/encodePayloads(_:)``).
    var payloadBytes = 33
    /// Every this many changes, one sends again the key of the player's previous change (a
    /// retry, which the look-up finds and which keeps nothing); 0 for none.
    var retryEvery = 0

    /// What a run did: look-ups that found their key, and the keys the players hold after it.
    struct Summary: Equatable {
        var found: Int
        var kept: Int
    }

    /// Fills every player to its bound, then makes `changes` keyed changes at random players.
    func run(changes: Int) -> Summary {
        let retention = KeyRetention(milliseconds: 86_400_000, perPlayer: bound)
        let payloads = [UInt8](repeating: 7, count: payloadBytes)
        var keys = [RetainedKeys](repeating: RetainedKeys(), count: players)
        var previous = [CommitKey?](repeating: nil, count: players)
        var found = 0
        for step in 0..<(players * bound + changes) {
            let player = step < players * bound ? step % players : Int(Self.mixed(step) % UInt64(players))
            let isRetry = retryEvery > 0 && step >= players * bound && step % retryEvery == 0 && previous[player] != nil
            let key = isRetry ? previous[player]! : CommitKey(key: newKey(step), request: [0, 4, 1, 2, 3])
            if keys[player].commit(under: key, now: 1_000, retention: retention) != nil {
                found += 1
                continue
            }
            payloads.withUnsafeBytes { keys[player].keep(key, lsn: UInt64(step + 1), at: 1_000, payloads: $0, retention: retention) }
            previous[player] = key
        }
        return Summary(found: found, kept: keys.map(\.count).reduce(0, +))
    }

    /// A 16-byte key no other step makes, as the bench's clients send: the step's number and
    /// its mix.
    private func newKey(_ step: Int) -> IdempotencyKey {
        // Sixteen bytes always fit in a key.
        withUnsafeBytes(of: (UInt64(step), Self.mixed(step))) { IdempotencyKey($0) }!
    }

    /// The step's number mixed (SplitMix64's finalizer): a player picked by it is as good as a
    /// random one, and the same on every run.
    private static func mixed(_ step: Int) -> UInt64 {
        var z = UInt64(step) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
