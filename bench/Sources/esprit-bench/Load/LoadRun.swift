import CThreadName
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// One measured run: opens a socket per traffic, spreads them over the generator's threads
/// (a ``LoadLoop`` each), waits until every connection has done its greeting, starts them all
/// on one schedule, and merges what they recorded.
struct LoadRun {
    var host: String
    var port: Int
    var depth: Int
    /// Open loop: total requests per second over all connections; nil for closed loop.
    var rate: Double?
    var warmup: Double
    var duration: Double
    var seed: UInt64
    /// The generator's threads, each with its own event loop.
    var threads: Int
    /// Answers slower than this are counted in the once-a-second line.
    var slowMilliseconds: Double

    /// Runs `traffics` and returns what they recorded, with the CPU seconds the server
    /// (`serverPID`, when known) and this generator spent during the recorded window.
    func measure<Traffic: LoadTraffic>(_ traffics: [Traffic], serverPID: Int32?) async throws -> (stats: StatsByOperation, serverCPU: Double?, generatorCPU: Double?) {
        let progress = Progress(slowNanoseconds: UInt64(slowMilliseconds * 1e6))
        var sockets: [Int32] = []
        var sessions: [LoadSession<Traffic>] = []
        for (index, traffic) in traffics.enumerated() {
            do {
                sockets.append(try LoadSocket.connect(host: host, port: port))
            } catch {
                for socket in sockets { close(socket) }
                throw error
            }
            let random = BenchRandom(seed: seed &* 0x9E37_79B9 &+ UInt64(index))
            sessions.append(LoadSession(traffic: traffic, depth: depth, random: random, progress: progress))
        }
        // Connection i goes to thread i % threads.
        let shares = (0..<min(threads, traffics.count)).map { thread in stride(from: thread, to: traffics.count, by: threads).map { $0 } }
        let loops = try shares.map { share in try LoadLoop(sockets: share.map { sockets[$0] }, sessions: share.map { sessions[$0] }) }

        let failures = await onThreads(loops) { $0.greet() }
        if let failure = failures.compactMap({ $0 }).first { throw failure }

        let start = DispatchTime.now().uptimeNanoseconds + 10_000_000
        let recordFrom = start + UInt64(warmup * 1e9)
        let stopAt = recordFrom + UInt64(duration * 1e9)
        // Open loop: each connection sends rate/connections per second; their first requests
        // are spread over one interval.
        let interval = rate.map { UInt64(Double(traffics.count) / $0 * 1e9) }
        let description = rate.map { "open loop at \(Int($0)) req/s" } ?? "closed loop"
        FileHandle.standardError.write(Data("esprit-bench: \(traffics.count) connections × depth \(depth), \(description), \(warmup) s warm-up, \(duration) s recorded\n".utf8))
        let schedules = traffics.indices.map { index in
            let offset = interval.map { $0 * UInt64(index) / UInt64(traffics.count) } ?? 0
            return LoadSchedule(start: start + offset, recordFrom: recordFrom, stopAt: stopAt, interval: interval)
        }
        async let reporting: Void = progress.report(until: stopAt)
        async let cpu = ProcessCPU.spent(by: [getpid(), serverPID ?? -1], from: recordFrom, to: stopAt)
        let recorded = await onThreads(Array(zip(loops, shares))) { loop, share in loop.run(share.map { schedules[$0] }) }
        var all = StatsByOperation()
        for stats in recorded { all.merge(stats) }
        await reporting
        let spent = await cpu
        return (all, serverPID == nil ? nil : spent[1], spent[0])
    }

    /// Runs `body` for each element on a thread of its own, all at once, and returns the results
    /// in order.
    private func onThreads<Element, Result: Sendable>(_ elements: [Element], _ body: @escaping @Sendable (Element) -> Result) async -> [Result] {
        let bound = UncheckedSendable(elements)
        return await withTaskGroup(of: (Int, Result).self) { group in
            for index in bound.value.indices {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        // Named from inside, for the kernel: Foundation's `Thread.name` set
                        // before `start()` did not always reach it, and `perf` and `top -H`
                        // read the kernel's name.
                        Thread {
                            esprit_set_thread_name("esprit-load")
                            continuation.resume(returning: (index, body(bound.value[index])))
                        }.start()
                    }
                }
            }
            var results: [(Int, Result)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

/// A value moved to another thread by a caller that guarantees only one thread uses it at a
/// time (each ``LoadLoop`` runs on one thread per phase).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
