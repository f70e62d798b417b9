/// One Int64 per ``Currency``, stored inline (no heap allocation per player).
public struct Balances: Equatable, Sendable {
    private var amounts: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)

    public init() {}

    public subscript(currency: Currency) -> Int64 {
        get {
            withUnsafeBytes(of: amounts) { $0.load(fromByteOffset: Int(currency.rawValue) * 8, as: Int64.self) }
        }
        set {
            withUnsafeMutableBytes(of: &amounts) {
                $0.storeBytes(of: newValue, toByteOffset: Int(currency.rawValue) * 8, as: Int64.self)
            }
        }
    }

    public static func == (lhs: Balances, rhs: Balances) -> Bool {
        Currency.allCases.allSatisfy { lhs[$0] == rhs[$0] }
    }
}
