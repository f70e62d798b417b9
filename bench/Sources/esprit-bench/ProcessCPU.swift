#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// CPU time (user plus system, every thread) of a process, from `/proc/PID/stat`: what the
/// server and the generator each spend per request, measured over the recorded window.
enum ProcessCPU {
    /// Seconds of CPU `pid` has used so far, or nil when it cannot be read (not Linux, gone).
    static func seconds(pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm)": state is field 3, utime field 14 and stime field 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The CPU seconds each of `pids` spends between the uptime instants `from` and `to`
    /// (nanoseconds, `DispatchTime`), sampled when each is reached.
    static func spent(by pids: [Int32], from: UInt64, to: UInt64) async -> [Double?] {
        await sleep(until: from)
        let before = pids.map(seconds(pid:))
        await sleep(until: to)
        return zip(pids, before).map { pid, before in
            guard let before, let after = seconds(pid: pid) else { return nil }
            return after - before
        }
    }

    private static func sleep(until instant: UInt64) async {
        let now = DispatchTime.now().uptimeNanoseconds
        if instant > now { try? await Task.sleep(nanoseconds: instant - now) }
    }
}
