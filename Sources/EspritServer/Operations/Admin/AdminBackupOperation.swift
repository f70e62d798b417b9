import EspritProtocol

/// `ADMIN_BACKUP`: a hot backup into a new folder of the backup folder, answered when it is
/// written; other requests go on meanwhile.
enum AdminBackupOperation: Operation {
    static let access = Access.admin

    static func run(_ message: AdminBackupRequest, _ call: RequestCall) {
        let admin = call.server.admin
        call.answerLater { await admin.backup(message) }
    }
}
