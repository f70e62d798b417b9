import EspritProtocol

/// `ADMIN_SERVICES`: lists the background services, or pauses, resumes or runs one now.
enum AdminServicesOperation: Operation {
    static let opcode = Opcode.adminServices
    static let access = Access.admin

    static func message(in request: Request) -> AdminServicesRequest? {
        if case let .adminServices(message) = request { message } else { nil }
    }

    static func run(_ message: AdminServicesRequest, _ call: RequestCall) {
        call.answer(call.server.admin.services(message))
    }
}
