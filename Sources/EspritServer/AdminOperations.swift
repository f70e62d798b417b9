import EspritGame
import EspritProtocol
import EspritStorage
import Foundation
import Logging

/// The operator's storage operations: background services, snapshot export, hot backup. The
/// connection handler checks the admin session and hands the request here.
struct AdminOperations: Sendable {
    let services: BackgroundServiceRegistry
    let exporter: SnapshotExporter
    let backupWriter: BackupWriter
    let targets: AdminFileTargets
    let logger: Logger

    /// `ADMIN_SERVICES`: acts on one service if asked, then reports them all.
    func services(_ request: AdminServicesRequest) -> Result<AdminServicesResponse, GameError> {
        guard let action = AdminServicesRequest.Action(rawValue: request.action) else {
            return .failure(.validation(field: "action", reason: "unknown action \(request.action); 0 list, 1 pause, 2 resume, 3 run now"))
        }
        if action != .list {
            guard let service = services.service(id: request.service) else {
                return .failure(.notFound(entity: "service", id: request.service))
            }
            switch action {
            case .list: break
            case .pause: service.pause()
            case .resume: service.resume()
            case .runNow: service.runNow()
            }
            logger.notice("background service action", metadata: ["service": "\(request.service)", "action": "\(action)"])
        }
        return .success(AdminServicesResponse(services: services.health().map(Self.status)))
    }

    /// `ADMIN_EXPORT`: a snapshot of every player as of one LSN, into a new file of the
    /// snapshot folder named by `path`.
    func export(_ request: AdminExportRequest) async -> Result<AdminExportResponse, GameError> {
        let path: String
        do throws(GameError) {
            path = try targets.reserveExport(named: request.path)
        } catch {
            return .failure(error)
        }
        do {
            let manifest = try await exporter.export(to: path).manifest
            return .success(AdminExportResponse(
                path: path, lsn: manifest.lsn, players: UInt64(manifest.players), compressedBytes: UInt64(manifest.compressedBytes),
                uncompressedBytes: UInt64(manifest.uncompressedBytes), sha256: manifest.sha256
            ))
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            logger.error("export failed", metadata: ["path": "\(path)", "error": "\(error)"])
            return .failure(.unavailable(reason: "export to \(request.path) failed: \(error)"))
        }
    }

    /// `ADMIN_BACKUP`: a hot copy of LMDB and the journal tail, into a new folder of the backup
    /// folder named by `directory`.
    func backup(_ request: AdminBackupRequest) async -> Result<AdminBackupResponse, GameError> {
        do throws(GameError) {
            let directory = try targets.createBackup(named: request.directory)
            do throws(GameError) {
                let report = try await backupWriter.backup(to: directory)
                return .success(AdminBackupResponse(
                    directory: directory, checkpointLsn: report.checkpointLSN, segments: UInt32(report.segments), bytes: UInt64(report.bytes)
                ))
            } catch {
                try? FileManager.default.removeItem(atPath: directory)
                throw error
            }
        } catch {
            return .failure(error)
        }
    }

    private static func status(_ health: ServiceHealth) -> ServiceStatus {
        let code: UInt8 = switch health.status {
        case .running: 0
        case .paused: 1
        case .stopped: 2
        case .failed: 3
        }
        let micros = health.lastDuration.map { UInt64($0.components.seconds) * 1_000_000 + UInt64($0.components.attoseconds / 1_000_000_000_000) } ?? 0
        return ServiceStatus(
            id: health.id, status: code, consecutiveFailures: UInt32(clamping: health.consecutiveFailures), runs: UInt64(health.runs),
            lastRunAt: health.lastRunAt ?? 0, lastDurationMicros: micros, lastError: health.lastError ?? "", itemsProcessed: UInt64(health.itemsProcessed)
        )
    }
}
