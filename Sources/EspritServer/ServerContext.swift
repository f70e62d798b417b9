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
    /// Each event loop's durability gate and courier, keyed by the loop's identity.
    var loopResources: [ObjectIdentifier: NIOLoopBound<LoopResources>]
    /// Open connections, against ``ConnectionLimits/maxConnections`` and the per-address cap.
    var admission: ConnectionAdmission
    /// Failed logins per remote address.
    var loginThrottle: AddressThrottle
    /// Registrations per remote address.
    var registrationThrottle: AddressThrottle
    var statistics: ServerStatistics
    /// The checks every request passes before its operation runs.
    var middleware = RequestMiddleware.standard

    func shard(for playerId: UInt64) -> Shard {
        shards[Int(playerId % UInt64(shards.count))]
    }

    /// The resources of `loop`; call on that loop.
    func resources(for loop: any EventLoop) -> LoopResources {
        guard let resources = loopResources[ObjectIdentifier(loop)] else {
            preconditionFailure("no resources for event loop \(loop)")
        }
        return resources.value
    }
}
