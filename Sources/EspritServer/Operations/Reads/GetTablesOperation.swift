import EspritProtocol

/// `GET_TABLES`: the tables the rules play by, built once at start-up (the config never changes
/// while the server runs).
enum GetTablesOperation: Operation {
    static let opcode = Opcode.getTables
    static let access = Access.none

    static func message(in request: Request) -> EmptyRequest? {
        if case let .getTables(message) = request { message } else { nil }
    }

    static func run(_ message: EmptyRequest, _ call: RequestCall) {
        call.answer(.success(.getTables(call.server.tables)))
    }
}
