import EspritProtocol

/// `GET_CATALOG`: every base Esprit, built once at start-up (the catalog never changes while
/// the server runs).
enum GetCatalogOperation: Operation {
    static let opcode = Opcode.getCatalog
    static let access = Access.none

    static func message(in request: Request) -> EmptyRequest? {
        if case let .getCatalog(message) = request { message } else { nil }
    }

    static func run(_ message: EmptyRequest, _ call: RequestCall) {
        call.answer(.success(.getCatalog(call.server.catalog)))
    }
}
