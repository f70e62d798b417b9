import EspritProtocol

/// `ADMIN_EXPORT`: a snapshot of every player into a new file of the snapshot folder,
/// answered when it is written; other requests go on meanwhile.
enum AdminExportOperation: Operation {
    static let access = Access.admin

    static func run(_ message: AdminExportRequest, _ call: RequestCall) {
        let admin = call.server.admin
        call.answerLater { await admin.export(message) }
    }
}
