/// SplitMix64: the mock's only source of randomness (never the system RNG), so output is reproducible.
public struct SplitMix64: Sendable, Hashable {
    /// Current state.
    public var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for one item of a stream: independent of the order in which items are generated.
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        state = SplitMix64.mix(SplitMix64.mix(seed ^ 0x5851_F42D_4C95_7F2D) ^ stream &* 0x2545_F491_4F6C_DD1D ^ index)
    }

    /// Next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// Next number in [0, 1) (same as `unit()`).
    public mutating func nextUnit() -> Double { unit() }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in 0..<n (n > 0).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// The SplitMix64 finaliser: a strong 64-bit mixing function.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
