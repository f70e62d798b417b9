import EspritClient
import Foundation
import Synchronization

/// Registers many players as fast as the server takes them, for measurements that need a
/// populated server (snapshot export, restart time, memory per player).
enum Populate {
    /// Registers `count` players named `p<run>_<n>`; every connection keeps `depth`
    /// registrations in flight. Progress goes to stderr every 100 000 players.
    static func run(clients: [EspritClient], count: Int, depth: Int) async throws -> Duration {
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let next = NextIndex()
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients {
                for _ in 0..<depth {
                    group.addTask {
                        while true {
                            let index = next.take()
                            guard index < count else { return }
                            _ = try await client.register(name: "p\(run)_\(index)")
                            if (index + 1) % 100_000 == 0 {
                                FileHandle.standardError.write(Data("esprit-bench: \(index + 1) players registered\n".utf8))
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return ContinuousClock.now - started
    }
}

/// Hands out 0, 1, 2, … to any number of tasks.
private final class NextIndex: Sendable {
    private let value = Atomic<Int>(0)

    func take() -> Int {
        value.add(1, ordering: .relaxed).oldValue
    }
}
