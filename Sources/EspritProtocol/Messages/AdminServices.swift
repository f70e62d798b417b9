import NIOCore

/// `ADMIN_SERVICES` (0x0103): lists the server's background services with their health, or
/// acts on one first. Needs an admin connection.
public struct AdminServicesRequest: WireRequest {
    public typealias Response = AdminServicesResponse
    public static let opcode = Opcode.adminServices

    /// What to do before answering with every service's health.
    public enum Action: UInt8, Sendable {
        case list = 0
        case pause = 1
        case resume = 2
        case runNow = 3
    }

    /// An ``Action`` code; unknown codes are refused with VALIDATION.
    public var action: UInt8
    /// The service to act on (`checkpointer`, `snapshot-exporter`); empty for `list`.
    public var service: String

    public init(action: Action, service: String = "") {
        self.action = action.rawValue
        self.service = service
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        action = try buffer.readWire(field: "action")
        service = try buffer.readWireString(field: "service")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(action)
        buffer.writeWireString(service)
    }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "service", service.utf8.count)
    }
}

/// One background service's health.
public struct ServiceStatus: WireMessage {
    public var id: String
    /// 0 running (waiting or working), 1 paused, 2 stopped, 3 failed (too many failures in a row).
    public var status: UInt8
    public var consecutiveFailures: UInt32
    public var runs: UInt64
    /// Unix milliseconds when the last run started; 0 before the first.
    public var lastRunAt: Int64
    public var lastDurationMicros: UInt64
    /// The last failure's message; empty after a success.
    public var lastError: String
    public var itemsProcessed: UInt64

    public init(id: String, status: UInt8, consecutiveFailures: UInt32, runs: UInt64, lastRunAt: Int64, lastDurationMicros: UInt64, lastError: String, itemsProcessed: UInt64) {
        self.id = id
        self.status = status
        self.consecutiveFailures = consecutiveFailures
        self.runs = runs
        self.lastRunAt = lastRunAt
        self.lastDurationMicros = lastDurationMicros
        self.lastError = lastError
        self.itemsProcessed = itemsProcessed
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        id = try buffer.readWireString(field: "id")
        status = try buffer.readWire(field: "status")
        consecutiveFailures = try buffer.readWire(field: "consecutiveFailures")
        runs = try buffer.readWire(field: "runs")
        lastRunAt = try buffer.readWire(field: "lastRunAt")
        lastDurationMicros = try buffer.readWire(field: "lastDurationMicros")
        lastError = try buffer.readWireString(field: "lastError")
        itemsProcessed = try buffer.readWire(field: "itemsProcessed")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(id)
        buffer.writeWire(status)
        buffer.writeWire(consecutiveFailures)
        buffer.writeWire(runs)
        buffer.writeWire(lastRunAt)
        buffer.writeWire(lastDurationMicros)
        buffer.writeWireString(lastError)
        buffer.writeWire(itemsProcessed)
    }
}

/// Every background service's health, in the server's order.
public struct AdminServicesResponse: WireMessage {
    public var services: [ServiceStatus]

    public init(services: [ServiceStatus]) { self.services = services }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        services = try buffer.readWireList(field: "services", ServiceStatus.init(from:))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireList(services) { $1.encode(into: &$0) }
    }
}

extension Opcode {
    public static let adminServices = Opcode(0x0103, name: "ADMIN_SERVICES")
}
