import Logging
import ServiceLifecycle
import Synchronization

/// A periodic job with the seed's contract (seeds/001, "AbstractService"): an id, an interval, a
/// failure limit, a retry delay with capped exponential backoff, pause/resume/stop, cleanup and
/// a health status. It is a swift-service-lifecycle `Service`: the server's `ServiceGroup` runs
/// it and stops it on graceful shutdown.
public final class BackgroundService: Service, Sendable, CustomStringConvertible {
    public let id: String
    public let settings: BackgroundServiceSettings
    private let work: any BackgroundWork
    private let clock: any ServiceClock
    private let wallClock: WallClock
    private let logger: Logger

    private struct State {
        var health: ServiceHealth
        var stopRequested = false
        var paused = false
        /// ``runNow()`` was called: the next decision runs, unless paused or stopping.
        var runRequested = false
        /// A wake-up that arrived while no wait was in progress: the next wait returns at once.
        var wakePending = false
        var sleeper: Task<Bool, Never>?
    }

    private let state: Mutex<State>

    public init(id: String, settings: BackgroundServiceSettings, work: any BackgroundWork, clock: any ServiceClock = SystemServiceClock(), wallClock: WallClock = .system, logger: Logger) {
        self.id = id
        self.settings = settings
        self.work = work
        self.clock = clock
        self.wallClock = wallClock
        var logger = logger
        logger[metadataKey: "service"] = "\(id)"
        self.logger = logger
        state = Mutex(State(health: ServiceHealth(
            id: id, status: .running, consecutiveFailures: 0, runs: 0, lastRunAt: nil, lastDuration: nil, lastError: nil, itemsProcessed: 0
        )))
    }

    public var description: String { "BackgroundService(\(id))" }

    public var health: ServiceHealth { state.withLock { $0.health } }

    /// Skips runs until ``resume()``; a run in progress finishes.
    public func pause() {
        state.withLock { state in
            guard state.health.status == .running else { return }
            state.paused = true
            state.health.status = .paused
        }
        wake()
    }

    /// Runs again, the next run a full interval from now.
    public func resume() {
        state.withLock { state in
            guard state.health.status == .paused else { return }
            state.paused = false
            state.health.status = .running
        }
        wake()
    }

    /// Runs now instead of at the end of the current wait (unless paused or stopped).
    public func runNow() {
        state.withLock { $0.runRequested = true }
        wake()
    }

    /// Stops after the run in progress, if any; ``run()`` then cleans up and returns.
    public func stop() {
        state.withLock { $0.stopRequested = true }
        wake()
    }

    /// The service loop: wait, run, record, back off after failures, until stopped (by
    /// ``stop()``, graceful shutdown or cancellation) or failed too often. Cleanup runs last.
    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await runLoop()
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
        await work.cleanup()
        state.withLock { state in
            if state.health.status != .failed { state.health.status = .stopped }
        }
        logger.info("background service stopped")
    }

    private func runLoop() async {
        var delay: Duration? = settings.interval
        while true {
            let elapsed = await wait(delay)
            let (stopping, paused, runRequested) = state.withLock { state in
                defer { state.runRequested = false }
                return (state.stopRequested, state.paused, state.runRequested)
            }
            if stopping { return }
            if paused {
                delay = nil
                continue
            }
            guard elapsed || runRequested else {
                // Woken by a pause or resume, not due: back to the schedule.
                delay = settings.interval
                continue
            }
            guard let next = await runOnce() else { return }
            delay = next
        }
    }

    /// One run and its bookkeeping. Returns the wait before the next run, or nil when the
    /// failure limit was reached.
    private func runOnce() async -> Duration? {
        let startedAt = wallClock.now()
        let started = clock.now
        do {
            let items = try await work.run()
            state.withLock { state in
                state.health.runs += 1
                state.health.lastRunAt = startedAt
                state.health.lastDuration = clock.now - started
                state.health.consecutiveFailures = 0
                state.health.lastError = nil
                state.health.itemsProcessed += items
            }
            return settings.interval
        } catch {
            let failures = state.withLock { state in
                state.health.runs += 1
                state.health.lastRunAt = startedAt
                state.health.lastDuration = clock.now - started
                state.health.consecutiveFailures += 1
                state.health.lastError = "\(error)"
                if state.health.consecutiveFailures >= settings.maxConsecutiveFailures {
                    state.health.status = .failed
                }
                return state.health.consecutiveFailures
            }
            guard failures < settings.maxConsecutiveFailures else {
                logger.critical("background service failed too often and stopped", metadata: ["failures": "\(failures)", "error": "\(error)"])
                return nil
            }
            let delay = settings.retryDelay(afterFailures: failures)
            logger.error("background service run failed; retrying", metadata: ["failures": "\(failures)", "retryIn": "\(delay)", "error": "\(error)"])
            return delay
        }
    }

    /// Waits `delay` (nil: until woken), returning early when woken.
    ///
    /// - Returns: whether the whole delay elapsed.
    private func wait(_ delay: Duration?) async -> Bool {
        if consumeWakeUp() { return false }
        let clock = self.clock
        let sleeper = Task<Bool, Never> {
            guard let delay else {
                _ = try? await Task.sleep(for: .seconds(365 * 86_400))
                return false
            }
            do {
                try await clock.sleep(for: delay)
                return true
            } catch {
                return false
            }
        }
        let alreadyWoken = state.withLock { state in
            if state.wakePending || state.stopRequested || state.runRequested {
                state.wakePending = false
                return true
            }
            state.sleeper = sleeper
            return false
        }
        // A wake-up between the check above and this one: the sleeper must not start sleeping.
        if alreadyWoken { sleeper.cancel() }
        let elapsed = await sleeper.value
        state.withLock { state in
            state.sleeper = nil
            state.wakePending = false
        }
        return elapsed
    }

    /// Whether a wake-up is waiting to be served; serves it.
    private func consumeWakeUp() -> Bool {
        state.withLock { state in
            defer { state.wakePending = false }
            return state.wakePending || state.stopRequested || state.runRequested
        }
    }

    /// Ends the current wait, or the next one if none is in progress. What to do next is
    /// decided from the state (stop, pause, run request), so a wake-up that lands between two
    /// waits loses nothing.
    private func wake() {
        state.withLock { state in
            state.wakePending = true
            state.sleeper?.cancel()
        }
    }
}
