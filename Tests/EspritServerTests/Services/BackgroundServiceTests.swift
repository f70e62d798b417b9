import EspritServer
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The seeds/001 contract: interval, failure limit, capped exponential backoff, pause, resume,
/// stop, cleanup, health; and stopping inside a `ServiceGroup`.
@Suite struct BackgroundServiceTests {
    /// Work that plays a script of outcomes, one per run; `pause` and `stop` act on the service.
    final class ScriptedWork: BackgroundWork {
        enum Outcome {
            case succeed(items: Int)
            case fail
            case pause
            case stop
        }

        private let state: Mutex<(script: [Outcome], cleanups: Int)>
        let service = Mutex<BackgroundService?>(nil)

        init(_ script: [Outcome]) {
            state = Mutex((script, 0))
        }

        var cleanups: Int { state.withLock { $0.cleanups } }

        func run() async throws -> Int {
            let outcome = state.withLock { $0.script.isEmpty ? Outcome.fail : $0.script.removeFirst() }
            switch outcome {
            case let .succeed(items): return items
            case .fail: throw WorkFailure()
            case .pause:
                service.withLock { $0 }?.pause()
                return 1
            case .stop:
                service.withLock { $0 }?.stop()
                return 0
            }
        }

        func cleanup() async {
            state.withLock { $0.cleanups += 1 }
        }
    }

    struct WorkFailure: Error, CustomStringConvertible {
        var description: String { "the disk said no" }
    }

    private let logger = Logger(label: "background-service-tests") { _ in SwiftLogNoOpLogHandler() }

    private func makeService(_ work: ScriptedWork, clock: any ServiceClock, settings: BackgroundServiceSettings) -> BackgroundService {
        let service = BackgroundService(id: "scripted", settings: settings, work: work, clock: clock, wallClock: WallClock { 1_000 }, logger: logger)
        work.service.withLock { $0 = service }
        return service
    }

    @Test func failuresBackOffExponentiallyUpToTheCapAndStopAtTheLimit() async throws {
        let clock = RecordingServiceClock()
        let work = ScriptedWork([])
        let settings = BackgroundServiceSettings(interval: .seconds(60), maxConsecutiveFailures: 5, retryDelay: .seconds(5), maxRetryDelay: .seconds(12))
        let service = makeService(work, clock: clock, settings: settings)
        try await service.run()
        #expect(clock.sleeps == [.seconds(60), .seconds(5), .seconds(10), .seconds(12), .seconds(12)])
        let health = service.health
        #expect(health.status == .failed)
        #expect(health.consecutiveFailures == 5)
        #expect(health.runs == 5)
        #expect(health.lastError == "the disk said no")
        #expect(health.lastRunAt == 1_000)
        #expect(work.cleanups == 1)
    }

    @Test func aSuccessResetsTheFailureCountAndTheDelay() async throws {
        let clock = RecordingServiceClock()
        let work = ScriptedWork([.fail, .fail, .succeed(items: 7), .fail, .stop])
        let settings = BackgroundServiceSettings(interval: .seconds(30), maxConsecutiveFailures: 3, retryDelay: .seconds(2))
        let service = makeService(work, clock: clock, settings: settings)
        try await service.run()
        #expect(clock.sleeps == [.seconds(30), .seconds(2), .seconds(4), .seconds(30), .seconds(2)])
        let health = service.health
        #expect(health.status == .stopped)
        #expect(health.runs == 5)
        #expect(health.itemsProcessed == 7)
        #expect(health.consecutiveFailures == 0)
        #expect(health.lastError == nil)
        #expect(work.cleanups == 1)
    }

    @Test func aPausedServiceDoesNotRunUntilResumed() async throws {
        let clock = RecordingServiceClock()
        let work = ScriptedWork([.pause, .stop])
        let service = makeService(work, clock: clock, settings: BackgroundServiceSettings(interval: .seconds(1)))
        let running = Task { try await service.run() }
        try await eventually { service.health.status == .paused }
        // The recording clock returns at once: a paused service that still ran would run again
        // within these 50 ms.
        try await Task.sleep(for: .milliseconds(50))
        #expect(service.health.runs == 1)
        #expect(service.health.status == .paused)
        service.resume()
        try await running.value
        #expect(service.health.runs == 2)
        #expect(service.health.status == .stopped)
        #expect(work.cleanups == 1)
    }

    @Test func runNowEndsALongWait() async throws {
        let work = ScriptedWork([.succeed(items: 3), .succeed(items: 4)])
        let service = makeService(work, clock: SystemServiceClock(), settings: BackgroundServiceSettings(interval: .seconds(3_600)))
        let running = Task { try await service.run() }
        service.runNow()
        try await eventually { service.health.runs == 1 }
        service.stop()
        try await running.value
        #expect(service.health.itemsProcessed == 3)
        #expect(service.health.status == .stopped)
    }

    @Test func aServiceGroupsGracefulShutdownStopsAndCleansUp() async throws {
        let work = ScriptedWork([])
        let service = makeService(work, clock: SystemServiceClock(), settings: BackgroundServiceSettings(interval: .seconds(3_600)))
        let registry = BackgroundServiceRegistry([service])
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: registry.services, logger: logger))
        let running = Task { try await group.run() }
        try await eventually { registry.health().first?.status == .running }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(registry.health() == [service.health])
        #expect(registry.service(id: "scripted")?.health.status == .stopped)
        #expect(registry.service(id: "none") == nil)
        #expect(work.cleanups == 1)
    }

    @Test func theRetryDelayDoublesAndIsCapped() {
        let settings = BackgroundServiceSettings(interval: .seconds(1), retryDelay: .milliseconds(100), maxRetryDelay: .seconds(1))
        #expect((1...6).map(settings.retryDelay(afterFailures:)) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }

    private func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(condition())
    }
}
