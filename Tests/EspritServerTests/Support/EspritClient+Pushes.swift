import EspritClient
import EspritProtocol

extension EspritClient {
    /// The next `count` pushes, or fewer if the connection ends or they stop coming for 10 s.
    func nextPushes(_ count: Int) async -> [EventPush] {
        await withTaskGroup(of: [EventPush].self) { group in
            group.addTask {
                var pushes: [EventPush] = []
                for await push in self.events {
                    pushes.append(push)
                    if pushes.count == count { break }
                }
                return pushes
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return []
            }
            let first = await group.next() ?? []
            group.cancelAll()
            return first
        }
    }
}

extension EventPush {
    /// The balance a pushed `CurrencyChanged` left; nil for any other event.
    func balanceAfter() throws -> Int64? {
        guard case let .currencyChanged(_, _, balanceAfter, _)? = try WireEvent.decode(type: eventType, data: data) else { return nil }
        return balanceAfter
    }
}
