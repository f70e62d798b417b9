#if canImport(Glibc)
import Glibc
#endif

/// The journal's lock and condition, with `NSCondition`'s calls, on a mutex that spins briefly
/// before it sleeps (glibc's adaptive mutex).
///
/// Every shard's loop takes the journal's lock for each record it appends, for a copy and a
/// checksum, and the writer thread takes it to hand batches over. `NSCondition`'s mutex puts a
/// thread that finds it taken to sleep at once: under load the server made 12 000–19 000 futex
/// calls a second, 60 % of them sleeping on this lock or waking a thread from it
/// (bench/RESULTS.md, session 25). Spinning first finds the lock free again within the
/// holder's copy.
final class JournalCondition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        var mutexAttributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&mutexAttributes)
        #if canImport(Glibc)
        pthread_mutexattr_settype(&mutexAttributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        pthread_mutex_init(mutex, &mutexAttributes)
        pthread_mutexattr_destroy(&mutexAttributes)
        // Timed waits count on the monotonic clock: a wall clock set back would stretch them.
        var conditionAttributes = pthread_condattr_t()
        pthread_condattr_init(&conditionAttributes)
        pthread_condattr_setclock(&conditionAttributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &conditionAttributes)
        pthread_condattr_destroy(&conditionAttributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() {
        pthread_mutex_lock(mutex)
    }

    func unlock() {
        pthread_mutex_unlock(mutex)
    }

    /// Wakes one thread waiting on the condition.
    func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every thread waiting on the condition.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }

    /// Waits, with the lock held, until signalled (or woken spuriously); holds it again after.
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// ``wait()`` for at most `duration`.
    func wait(for duration: Duration) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let (seconds, attoseconds) = duration.components
        let nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var deadline = timespec(tv_sec: now.tv_sec + Int(seconds) + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &deadline)
    }
}
