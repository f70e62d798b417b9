import EspritProtocol

/// `GET_TABLES`: the tables the rules play by, built once at start-up (the config never changes
/// while the server runs).
enum GetTablesOperation: Operation {
    static let access = Access.none

    static func run(_ message: GetTablesRequest, _ call: RequestCall) {
        call.answer(.success(call.server.tables))
    }
}
