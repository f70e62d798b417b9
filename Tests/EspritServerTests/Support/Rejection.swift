import EspritClient
import EspritProtocol

/// The server's error for the request `body` sends, or nil when it succeeds (or fails without
/// one: a lost connection, a timeout).
func rejection(_ body: () async throws -> Void) async -> WireError? {
    do {
        try await body()
        return nil
    } catch let error as EspritClientError {
        return error.wireError
    } catch {
        return nil
    }
}
