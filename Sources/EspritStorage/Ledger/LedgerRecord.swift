import EspritGame

/// One ledger entry as storage keeps it: a `CurrencyChanged` event with the LSN and time of its
/// record and the correlation id of the command that caused it (GAME.md, "Currencies").
///
/// The checkpoint moves entries out of the journal into LMDB's `ledger` database (in
/// ``LedgerChunk``s), so the ledger outlives the journal segments that pruning deletes.
public struct LedgerRecord: Equatable, Sendable {
    public var playerId: UInt64
    public var lsn: UInt64
    /// The event's position among the record's ledger entries, so two changes of one command
    /// get two keys.
    public var index: UInt16
    public var at: Int64
    public var currency: Currency
    public var delta: Int64
    public var balanceAfter: Int64
    public var reason: String
    public var correlationId: String

    public init(
        playerId: UInt64, lsn: UInt64, index: UInt16, at: Int64, currency: Currency, delta: Int64, balanceAfter: Int64,
        reason: String, correlationId: String
    ) {
        self.playerId = playerId
        self.lsn = lsn
        self.index = index
        self.at = at
        self.currency = currency
        self.delta = delta
        self.balanceAfter = balanceAfter
        self.reason = reason
        self.correlationId = correlationId
    }

    /// Calls `body` with each ledger entry of one journal record's payload, in the order the
    /// command made them, without collecting them or decoding the record's other events
    /// (``EventCodec/forEachCurrencyChange(in:_:)``): a checkpoint streams millions of them
    /// into LMDB.
    public static func forEach(lsn: UInt64, payload: ArraySlice<UInt8>, _ body: (LedgerRecord) throws -> Void) throws {
        var index: UInt16 = 0
        try EventCodec.forEachCurrencyChange(in: payload) { playerId, at, correlationId, change in
            try body(LedgerRecord(
                playerId: playerId, lsn: lsn, index: index, at: at, currency: change.currency, delta: change.delta,
                balanceAfter: change.balanceAfter, reason: change.reason, correlationId: correlationId
            ))
            index &+= 1
        }
    }

    /// The size of a single entry's LMDB key (``key(playerId:lsn:index:)``).
    static let keySize = 18

    /// The LMDB key a single entry had before chunks (``LedgerChunk``): u64 player id, u64
    /// LSN, u16 index, all big-endian. Data directories written then still hold such keys; a
    /// read also builds one as the upper bound of a player's keys.
    static func key(playerId: UInt64, lsn: UInt64, index: UInt16) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(keySize)
        withUnsafeBytes(of: playerId.bigEndian) { key.append(contentsOf: $0) }
        withUnsafeBytes(of: lsn.bigEndian) { key.append(contentsOf: $0) }
        withUnsafeBytes(of: index.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    /// Decodes a single entry stored before chunks: its key (``key(playerId:lsn:index:)``) and
    /// its value, little-endian: i64 time, u8 currency, i64 delta, i64 balance after, string
    /// reason, string correlation id.
    init(key: [UInt8], value: [UInt8]) throws(BinaryReaderError) {
        guard key.count == Self.keySize else { throw BinaryReaderError(offset: 0, reason: "a ledger key has \(Self.keySize) bytes, not \(key.count)") }
        playerId = key[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        lsn = key[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        index = UInt16(key[16]) << 8 | UInt16(key[17])
        var reader = BinaryReader(value)
        at = try reader.read()
        let currencyCode: UInt8 = try reader.read()
        guard let currency = Currency(rawValue: currencyCode) else {
            throw BinaryReaderError(offset: 8, reason: "unknown currency \(currencyCode)")
        }
        self.currency = currency
        delta = try reader.read()
        balanceAfter = try reader.read()
        reason = try reader.readString()
        correlationId = try reader.readString()
    }
}
