/// Every background service of a server, by id: what the `ServiceGroup` runs, what
/// `esprit admin services` reports, pauses and resumes.
public final class BackgroundServiceRegistry: Sendable {
    public let services: [BackgroundService]

    public init(_ services: [BackgroundService]) {
        self.services = services
    }

    public func service(id: String) -> BackgroundService? {
        services.first { $0.id == id }
    }

    public func health() -> [ServiceHealth] {
        services.map(\.health)
    }

    /// Asks every service to stop after its current run.
    public func stopAll() {
        for service in services { service.stop() }
    }
}
