import EspritProtocol
import EspritStorage
import NIOCore
import NIOPosix

/// `ADMIN_LEDGER`: a player's newest currency movements, read from the checkpoint and the
/// journal files on NIO's thread pool (a scan of files has no place on an event loop), and
/// answered once the newest entry it shows is durable.
enum AdminLedgerOperation: Operation {
    static let access = Access.admin

    static func run(_ message: AdminLedgerRequest, _ call: RequestCall) {
        let server = call.server
        guard (1...10_000).contains(message.limit) else {
            return call.fail(.validation(field: "limit", reason: "must be 1–10000, got \(message.limit)"))
        }
        guard server.directory.exists(message.playerId) else {
            return call.fail(.notFound(entity: "player", id: "\(message.playerId)"))
        }
        guard let loop = call.connection.context?.eventLoop else { return }
        let (store, journalDirectory, forceRecovery) = (server.checkpoints, server.configuration.journalDirectory, server.configuration.forceRecovery)
        let maxFrameBytes = server.configuration.maxFrameBytes
        let version = call.connection.version
        // Every change this admin connection saw answered was written by now.
        let writtenLSN = server.journal.writtenLSN
        let logger = call.connection.logger
        let bound = NIOLoopBound(call, eventLoop: loop)
        NIOThreadPool.singleton.runIfActive(eventLoop: loop) {
            let (entries, lsn) = try LedgerQuery.entries(
                store: store, journalDirectory: journalDirectory, writtenLSN: writtenLSN, forceRecovery: forceRecovery, playerId: message.playerId,
                limit: Int(message.limit),
                logger: logger
            )
            // Measured here too, off the event loop: up to 10 000 entries are encoded once more.
            return (newestFitting(entries, maxFrameBytes: maxFrameBytes, version: version), lsn)
        }.whenComplete { result in
            let call = bound.value
            switch result {
            case let .success((answer, lsn)):
                call.answer(ShardReply(.success(answer), lsn: lsn))
            case let .failure(error) where (error as? JournalError)?.isOutOfDescriptors == true:
                call.connection.logger.warning("ledger read refused: no file descriptor to spare", metadata: ["error": "\(error)"])
                call.fail(.unavailable(reason: "the server is out of file descriptors; retry later"))
            case let .failure(error):
                let correlationId = server.commandIds.next()
                call.connection.logger.error("ledger read failed", metadata: ["error": "\(error)", "correlationId": "\(correlationId)"])
                call.fail(.internal(correlationId: correlationId))
            }
            call.connection.flushIfIdle()
        }
    }

    /// The answer holding the newest of `entries` (they come newest first) that fit in a frame
    /// of `maxFrameBytes` in protocol `version`, the bound WELCOME announces for every frame:
    /// 10 000 entries with long correlation ids would pass it.
    static func newestFitting(_ entries: [LedgerEntry], maxFrameBytes: Int, version: UInt16) -> AdminLedgerResponse {
        var frame = ByteBuffer()
        ServerFrame.response(ResponseFrame(requestId: 0, opcode: AdminLedgerRequest.opcode, response: AdminLedgerResponse(entries: [])))
            .encode(into: &frame, version: version)
        // The body of the frame without entries: everything but the length prefix.
        var bodyBytes = frame.readableBytes - 4
        var entryBytes = ByteBuffer()
        for (index, entry) in entries.enumerated() {
            entryBytes.clear()
            entry.encode(into: &entryBytes)
            bodyBytes += entryBytes.readableBytes
            if bodyBytes > maxFrameBytes { return AdminLedgerResponse(entries: Array(entries.prefix(index)), truncated: true) }
        }
        return AdminLedgerResponse(entries: entries)
    }
}
