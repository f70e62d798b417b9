import CPrefetch
import EspritGame
import NIOCore

/// The players of one shard that someone subscribed to (`SUBSCRIBE`), with each one's recent
/// commits kept for resuming and its subscribers to tell. Lives in its shard and is touched on
/// the shard's loop only; in the game's terms: events and LSNs, delivered through closures the
/// connection layer supplies.
///
/// A player no one ever subscribed to costs nothing here. A followed player keeps its last
/// ``historyCommits`` commits, and keeps them for ``resumeWindow`` after its last subscriber
/// left, so that a client that reconnects resumes where it stopped; after that the player is
/// forgotten, and a resume is told to reload.
///
/// A commit is encoded into its player's history and waits there: the loop's ``PushFlusher``
/// has the shard hand every waiting commit to its subscribers just before it sends
/// (``handOver()``), so that each subscriber gets a player's commits of one flush delay in one
/// call. A player whose history fills first hands its commits over then.
struct PlayerFollowers {
    /// Where a subscription starts: pushes follow for every commit above `lsn`; `reload` when
    /// commits between the client's LSN and `lsn` are not kept; `backlog`, the kept commits the
    /// client missed, oldest first, if any.
    struct Start {
        var lsn: UInt64
        var reload: Bool
        var backlog: PushBatch?
    }

    /// Hands a subscriber commits' `EVENT` frames, encoded once for all its subscribers.
    typealias Delivery = @Sendable (_ batch: PushBatch) -> Void

    /// A followed player's entry: a class, so that a commit changes it in place after one
    /// lookup. As a struct in the table, each commit looked the player up twice and copied the
    /// entry out (its history and its subscribers, a reference count each) to reach the
    /// subscribers (bench/RESULTS.md).
    fileprivate final class Followed {
        /// The last commits, for resuming.
        var history: PushHistory
        var subscribers: [(id: ObjectIdentifier, deliver: Delivery)] = []
        /// When the last subscriber left; nil while one is subscribed.
        var idleSince: NIODeadline?
        /// Whether anyone subscribes: read from ``idleSince``, which lies on the entry's own
        /// lines, rather than from ``subscribers``, whose storage a commit would read only for
        /// this.
        var isSubscribed: Bool { idleSince == nil }
        /// Whether ``PlayerFollowers/idle`` holds the player: at most once, however often its
        /// subscriptions come and go.
        var queued = false
        /// Whether ``PlayerFollowers/waiting`` holds the player: once per hand-over.
        var awaitsHandOver = false

        init(history: consuming PushHistory) {
            self.history = history
        }
    }

    /// A followed player's entry, looked up before the shard runs the player's rule and
    /// handed to ``committed(_:events:lsn:)`` after it: one look-up per commit, and time for
    /// the entry's lines to arrive (``target(_:)``, ``Target/prepareToAppend()``).
    struct Target {
        /// Unmanaged: the table holds the entry for the whole turn in which the shard uses its
        /// target (a commit's rule, journal and keep call nothing that ends a subscription).
        /// A strong or `unowned` reference cost a reference count at each copy and use, on the
        /// entry's own line, about 200 instructions per commit (callgrind, bench/RESULTS.md,
        /// session 33).
        fileprivate let entry: Unmanaged<Followed>

        /// Asks for the lines the commit's append writes (``PushHistory/prepareToAppend()``):
        /// the shard's call once the rule has run, while the journal encodes the commit. The
        /// entry's own lines were asked for by ``PlayerFollowers/target(_:)`` and have arrived
        /// by then, so reading where the history's lines are does not wait.
        func prepareToAppend() {
            entry._withUnsafeGuaranteedRef { $0.history.prepareToAppend() }
        }
    }

    let historyCommits: Int
    let resumeWindow: TimeAmount
    private var followed: [FollowedPlayerId: Followed] = [:]
    /// Players whose last subscriber left, each once, roughly in the order they left: looked at
    /// once their entry is older than the window, and forgotten if still idle by then.
    private(set) var idle: [(playerId: UInt64, since: NIODeadline)] = []
    /// Entries of ``idle`` already looked at (removed in bulk, so each costs O(1)).
    private var idleLookedAt = 0
    /// Entries of subscribed players with commits not yet handed to their subscribers, each
    /// once, for ``handOver()``: the entries themselves, so that the hand-over looks none up.
    private var waiting: [Followed] = []

    init(historyCommits: Int, resumeWindow: TimeAmount) {
        self.historyCommits = historyCommits
        self.resumeWindow = resumeWindow
    }

    /// Whether anyone follows `playerId`, or did within the resume window.
    func follows(_ playerId: UInt64) -> Bool {
        followed[FollowedPlayerId(playerId)] != nil
    }

    /// Adds a subscriber of `playerId`, whose state is at `playerLSN`, resuming after
    /// `fromLSN` (0: not resuming) when the kept commits reach back that far.
    mutating func subscribe(_ playerId: UInt64, playerLSN: UInt64, fromLSN: UInt64, id: ObjectIdentifier, deliver: @escaping Delivery, now: NIODeadline) -> Start {
        forgetIdle(now: now)
        let entry = followed[FollowedPlayerId(playerId)] ?? Followed(history: PushHistory(horizon: playerLSN, limit: historyCommits))
        // The subscribers before this one have the waiting commits first: this one has them
        // in its backlog, and must not have them again with the next hand-over.
        handOver(entry)
        entry.subscribers.removeAll { $0.id == id }
        entry.subscribers.append((id, deliver))
        entry.idleSince = nil
        followed[FollowedPlayerId(playerId)] = entry
        guard fromLSN > 0, fromLSN >= entry.history.horizon, fromLSN <= playerLSN else {
            return Start(lsn: playerLSN, reload: true, backlog: nil)
        }
        return Start(lsn: fromLSN, reload: false, backlog: entry.history.commits(after: fromLSN))
    }

    /// Removes a subscriber; the player's commits are kept for the resume window.
    mutating func unsubscribe(_ playerId: UInt64, id: ObjectIdentifier, now: NIODeadline) {
        forgetIdle(now: now)
        guard let entry = followed[FollowedPlayerId(playerId)] else { return }
        entry.subscribers.removeAll { $0.id == id }
        if entry.subscribers.isEmpty, entry.idleSince == nil {
            entry.idleSince = now
            if !entry.queued {
                entry.queued = true
                idle.append((playerId, now))
            }
        }
    }

    /// The entry of `playerId` if anyone follows it, its object's lines asked for, in the
    /// state for writing, without waiting for them: the shard asks before it runs the rule.
    ///
    /// A followed player's entry and history were last touched a few dozen commits ago and are
    /// out of the cache by then: reading the entry, then the history's places in it, then
    /// writing there, missed three lines one after the other, and the stores that missed held
    /// up the stores after them (20–40 ns of each pushed commit at 50 players,
    /// bench/RESULTS.md, session 33). Asked for in two steps, each line arrives while the rule
    /// and the journal run.
    ///
    /// Mutating, though it changes nothing, for the reason ``committed(_:events:lsn:)`` is: a
    /// call on a copy of the shard's table cost a reference count for each of its collections.
    mutating func target(_ playerId: UInt64) -> Target? {
        guard let entry = followed[FollowedPlayerId(playerId)] else { return nil }
        let unmanaged = Unmanaged.passUnretained(entry)
        esprit_prefetch_for_write(unmanaged.toOpaque())
        esprit_prefetch_for_write(unmanaged.toOpaque() + 64)
        return Target(entry: unmanaged)
    }

    /// A commit of the player `target` names (``target(_:)``), the shard's one call per commit
    /// of a followed player: encoded and kept, to be handed to its subscribers with the
    /// player's other waiting commits at the next ``handOver()``, or at once when its history
    /// is full. Returns whether the player is the first to wait since the last hand-over: the
    /// shard then asks its loop for one.
    ///
    /// A delivery only queues the frames (on the subscriber's loop, or in a task for it), and
    /// must never end a subscription or close a connection there, which would reach back in
    /// through `unfollow` while the entry is being changed.
    ///
    /// Mutating, so that the shard calls it in place: called on a copy, it cost every commit a
    /// reference count for each of the table's collections.
    mutating func committed(_ target: Target, events: [GameEvent], lsn: UInt64) -> Bool {
        let entry = target.entry.takeUnretainedValue()
        if entry.history.isFull { handOver(entry) }
        entry.history.append(events, lsn: lsn)
        guard entry.isSubscribed else {
            entry.history.handOver { _ in }
            return false
        }
        guard !entry.awaitsHandOver else { return false }
        entry.awaitsHandOver = true
        waiting.append(entry)
        return waiting.count == 1
    }

    /// Hands every waiting commit to its player's subscribers: the loop's call, before it sends
    /// its subscribers' events.
    mutating func handOver() {
        for entry in waiting {
            entry.awaitsHandOver = false
            handOver(entry)
        }
        waiting.removeAll(keepingCapacity: true)
    }

    private func handOver(_ entry: Followed) {
        entry.history.handOver { batch in
            for subscriber in entry.subscribers {
                subscriber.deliver(batch)
            }
        }
    }

    /// Forgets the players idle for longer than the resume window. A player looked at while
    /// subscribed again leaves the queue; one idle again since goes back to its end, with the
    /// time it became idle, to be looked at again then.
    private mutating func forgetIdle(now: NIODeadline) {
        let end = idle.count
        while idleLookedAt < end, now - idle[idleLookedAt].since > resumeWindow {
            let playerId = idle[idleLookedAt].playerId
            idleLookedAt += 1
            guard let entry = followed[FollowedPlayerId(playerId)] else { continue }
            if let idleSince = entry.idleSince {
                if now - idleSince > resumeWindow {
                    followed[FollowedPlayerId(playerId)] = nil
                } else {
                    idle.append((playerId, idleSince))
                }
            } else {
                entry.queued = false
            }
        }
        if idleLookedAt > 0, idleLookedAt * 2 >= idle.count {
            idle.removeFirst(idleLookedAt)
            idleLookedAt = 0
        }
    }
}
