import EspritProtocol

/// `ADMIN_SERVICES`: lists the background services, or pauses, resumes or runs one now.
enum AdminServicesOperation: Operation {
    static let access = Access.admin

    static func run(_ message: AdminServicesRequest, _ call: RequestCall) {
        call.answer(call.server.admin.services(message))
    }
}
