import CThreadName
import Dispatch
import Foundation
import Synchronization
import Testing

/// `esprit_set_thread_name`, which names the journal's writer (and the bench's threads) for
/// the kernel: glibc refuses a name past the kernel's 15 bytes and keeps the old one, so the
/// wrapper cuts it instead.
@Suite struct KernelThreadNameTests {
    @Test func aNameLongerThanTheKernelKeepsIsCutNotRefused() {
        #expect(Self.kernelName(afterNaming: "esprit-a-very-long-thread-name") == "esprit-a-very-l")
        #expect(Self.kernelName(afterNaming: "esprit-journal") == "esprit-journal")
    }

    /// The kernel's name of a new thread that named itself `name`.
    private static func kernelName(afterNaming name: String) -> String {
        let read = Mutex("")
        let done = DispatchSemaphore(value: 0)
        Thread {
            esprit_set_thread_name(name)
            var buffer = [CChar](repeating: 0, count: 16)
            esprit_thread_name(&buffer, buffer.count)
            read.withLock { $0 = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            done.signal()
        }.start()
        done.wait()
        return read.withLock { $0 }
    }
}
