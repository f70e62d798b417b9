#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Keeps connections from taking the file descriptors the server itself needs.
///
/// Every connection is a descriptor, and so are the journal's next segment, a ledger read, an
/// export or a backup. Were clients allowed to take them all, the journal could not rotate and
/// the server would stop. So at start the soft `nofile` limit is raised to the hard one, and the
/// connection cap is kept ``reservedDescriptors`` below it.
enum DescriptorBudget {
    /// Descriptors kept for everything but connections: stdio, the event loops' epoll, eventfd
    /// and timerfd, the listening socket, LMDB, the journal's segment and folder and the one it
    /// opens to rotate, ledger reads, an export and a backup at once — with room to spare.
    static let reservedDescriptors = 256

    /// Raises the soft descriptor limit to the hard one, logs both, and returns the soft limit
    /// now in force (nil if it cannot be read).
    static func raiseSoftLimit(logger: Logger) -> Int? {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return nil }
        let before = limits.rlim_cur
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 {
                limits = raised
            }
        }
        logger.info("file descriptor limit", metadata: [
            "softBefore": "\(before)", "soft": "\(limits.rlim_cur)", "hard": "\(limits.rlim_max)",
        ])
        return Int(clamping: limits.rlim_cur)
    }

    /// The connection cap in force: the configured one, lowered (with a warning) to leave
    /// ``reservedDescriptors`` free under `softLimit`.
    static func connectionCap(configured: Int, softLimit: Int?, logger: Logger) -> Int {
        guard let softLimit else { return configured }
        let available = max(1, softLimit - reservedDescriptors)
        guard configured > available else { return configured }
        logger.warning("--max-connections lowered to keep descriptors for the journal and LMDB", metadata: [
            "configured": "\(configured)", "inForce": "\(available)", "softLimit": "\(softLimit)",
            "reserved": "\(reservedDescriptors)",
        ])
        return available
    }
}
