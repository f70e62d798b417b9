/// `EspritAdded` / `EspritRemoved`: a stack's count moved; `countAfter` 0 means the stack (and
/// its stars) is gone. `reason` names the operation.
public struct EspritCountChanged: Equatable, Sendable {
    public var baseId: UInt32
    public var countAfter: Int64
    public var reason: String

    public init(baseId: UInt32, countAfter: Int64, reason: String) {
        self.baseId = baseId
        self.countAfter = countAfter
        self.reason = reason
    }
}

/// `EspritFused`: `first` and `second` became one copy of `result` (the copies moved in the
/// `EspritRemoved`/`EspritAdded` events beside it).
public struct EspritFused: Equatable, Sendable {
    public var first: UInt32
    public var second: UInt32
    public var result: UInt32

    public init(first: UInt32, second: UInt32, result: UInt32) {
        self.first = first
        self.second = second
        self.result = result
    }
}

/// `FusionFailed`: `first` and `second` were consumed for shards.
public struct FusionFailed: Equatable, Sendable {
    public var first: UInt32
    public var second: UInt32

    public init(first: UInt32, second: UInt32) {
        self.first = first
        self.second = second
    }
}

/// `EspritAwakened`: the stack now has `starsAfter` stars.
public struct EspritAwakened: Equatable, Sendable {
    public var baseId: UInt32
    public var starsAfter: Int

    public init(baseId: UInt32, starsAfter: Int) {
        self.baseId = baseId
        self.starsAfter = starsAfter
    }
}

/// `EspritCrafted`: shards became one copy of `baseId`.
public struct EspritCrafted: Equatable, Sendable {
    public var baseId: UInt32
    public var element: Element
    public var tier: Int

    public init(baseId: UInt32, element: Element, tier: Int) {
        self.baseId = baseId
        self.element = element
        self.tier = tier
    }
}

/// `LeaderChanged`: the leader is now `baseId`, or nobody.
public struct LeaderChanged: Equatable, Sendable {
    public var baseId: UInt32?

    public init(baseId: UInt32?) {
        self.baseId = baseId
    }
}
