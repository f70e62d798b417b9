import EspritProtocol

/// `GET_CATALOG`: every base Esprit, built once at start-up (the catalog never changes while
/// the server runs).
enum GetCatalogOperation: Operation {
    static let access = Access.none

    static func run(_ message: GetCatalogRequest, _ call: RequestCall) {
        call.answer(.success(call.server.catalog))
    }
}
