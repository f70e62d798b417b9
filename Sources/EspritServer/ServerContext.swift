import EspritGame
import EspritProtocol
import EspritStorage
import Logging
import NIOCore

/// What every connection of a running server shares. Immutable after start-up.
struct ServerContext: Sendable {
    var configuration: ServerConfiguration
    var rules: Ruleset
    /// `GET_CATALOG`'s answer, built once: the catalog does not change while the server runs.
    var catalog: CatalogResponse
    /// `GET_TABLES`'s answer, built once for the same reason.
    var tables: TablesResponse
    var journal: Journal
    var checkpoints: CheckpointStore
    var admin: AdminOperations
    var directory: PlayerDirectory
    var shards: [Shard]
    var commandIds: CommandIds
    var clock: WallClock
    var logger: Logger
    /// One gate per event loop, keyed by the loop's identity.
    var gates: [ObjectIdentifier: NIOLoopBound<DurabilityGate>]
    /// Open connections, against ``ConnectionLimits/maxConnections`` and the per-address cap.
    var admission: ConnectionAdmission
    /// Failed logins per remote address.
    var loginThrottle: LoginThrottle
    var statistics: ServerStatistics

    func shard(for playerId: UInt64) -> Shard {
        shards[Int(playerId % UInt64(shards.count))]
    }

    func gate(for loop: any EventLoop) -> DurabilityGate {
        guard let gate = gates[ObjectIdentifier(loop)] else {
            preconditionFailure("no durability gate for event loop \(loop)")
        }
        return gate.value
    }
}
