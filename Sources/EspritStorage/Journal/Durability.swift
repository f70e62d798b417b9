/// When a journal record counts as durable, and so when the reply that depends on it may leave
/// (DESIGN.md: Tarantool's `wal_mode`).
public enum Durability: String, CaseIterable, Sendable {
    /// After `fdatasync`: survives a power loss. The default.
    case fsync
    /// After `write`: survives a crash of the process, not of the machine.
    case write
    /// At once, before any write: for benchmarks only.
    case none
}
