import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// One measured run: opens a ``LoadConnection`` per traffic, waits until every one has done its
/// greeting, starts them all on one schedule, and merges what they recorded.
struct LoadRun {
    var host: String
    var port: Int
    var depth: Int
    /// Open loop: total requests per second over all connections; nil for closed loop.
    var rate: Double?
    var warmup: Double
    var duration: Double
    var seed: UInt64
    /// The generator's own event loops, apart from the set-up clients'.
    var group: any EventLoopGroup

    /// Runs `traffics` and returns what they recorded, with the CPU seconds the server
    /// (`serverPID`, when known) and this generator spent during the recorded window.
    func measure<Traffic: LoadTraffic>(_ traffics: [Traffic], serverPID: Int32?) async throws -> (stats: StatsByOperation, serverCPU: Double?, generatorCPU: Double?) {
        let progress = Progress()
        var connections: [(channel: any Channel, handler: NIOLoopBound<LoadConnection<Traffic>>, finished: EventLoopFuture<StatsByOperation>)] = []
        defer { for connection in connections { connection.channel.close(promise: nil) } }
        for (index, traffic) in traffics.enumerated() {
            let loop = group.next()
            let ready = loop.makePromise(of: Void.self)
            let finished = loop.makePromise(of: StatsByOperation.self)
            let random = BenchRandom(seed: seed &* 0x9E37_79B9 &+ UInt64(index))
            let channel = try await ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = LoadConnection(traffic: traffic, depth: depth, random: random, progress: progress, ready: ready, finished: finished)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: host, port: port)
                .get()
            let handler = try await loop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: LoadConnection<Traffic>.self), eventLoop: loop)
            }.get()
            connections.append((channel, handler, finished.futureResult))
            try await ready.futureResult.get()
        }

        let start = DispatchTime.now().uptimeNanoseconds + 10_000_000
        let recordFrom = start + UInt64(warmup * 1e9)
        let stopAt = recordFrom + UInt64(duration * 1e9)
        // Open loop: each connection sends rate/connections per second; their first requests
        // are spread over one interval.
        let interval = rate.map { UInt64(Double(traffics.count) / $0 * 1e9) }
        let description = rate.map { "open loop at \(Int($0)) req/s" } ?? "closed loop"
        FileHandle.standardError.write(Data("esprit-bench: \(traffics.count) connections × depth \(depth), \(description), \(warmup) s warm-up, \(duration) s recorded\n".utf8))
        for (index, connection) in connections.enumerated() {
            let offset = interval.map { $0 * UInt64(index) / UInt64(connections.count) } ?? 0
            let schedule = LoadSchedule(start: start + offset, recordFrom: recordFrom, stopAt: stopAt, interval: interval)
            let handler = connection.handler
            connection.channel.eventLoop.execute { handler.value.begin(schedule) }
        }
        async let reporting: Void = progress.report(until: stopAt)
        async let cpu = ProcessCPU.spent(by: [getpid(), serverPID ?? -1], from: recordFrom, to: stopAt)
        var all = StatsByOperation()
        for connection in connections {
            all.merge(try await connection.finished.get())
        }
        await reporting
        let spent = await cpu
        return (all, serverPID == nil ? nil : spent[1], spent[0])
    }
}
