import Foundation

/// The one source of randomness in swift-metalearn: a small, fast, seedable generator
/// (xoshiro256**, seeded through SplitMix64) whose streams are pure functions of their seed.
///
/// Everything random in the project (initialisation, splits, episodes, synthetic glyphs) draws
/// from a `SeededGenerator` derived from the experiment's seed, never from system randomness,
/// so a run is reproducible to the last digit on any machine and any core count.
/// The algorithms here are fixed: the same seed gives the same numbers in every release.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// An independent stream derived from `seed` and a path of stream identifiers,
    /// for example `(seed, [purpose, episodeIndex])`. Different paths give unrelated streams,
    /// so episode `i` can be drawn without drawing episodes `0..<i` first.
    public init(seed: UInt64, stream: [UInt64]) {
        var key = seed
        for component in stream {
            var mixer = SplitMix64(state: key ^ 0x6A09_E667_F3BC_C909)
            key = mixer.next() &+ component
            key = SplitMix64.mix(key)
        }
        self.init(seed: key)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method). `bound` must be positive.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "SeededGenerator.nextInt(below:) needs a positive bound, got \(bound)")
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold {
                product = next().multipliedFullWidth(by: limit)
            }
        }
        return Int(product.high)
    }

    /// A uniform `Float` in `[0, 1)` with 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Double` in `[lower, upper)`.
    public mutating func nextDouble(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnitDouble()
    }

    /// A standard normal sample (Box–Muller on two uniforms; one sample per call, so the stream
    /// position never depends on a cached second value).
    public mutating func nextNormal() -> Double {
        let u1 = 1.0 - nextUnitDouble()  // in (0, 1], so the log is finite
        let u2 = nextUnitDouble()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// A Fisher–Yates shuffle of `elements` in place, reproducible from the generator state.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, nextInt(below: i + 1))
        }
    }

    /// `count` distinct indices drawn uniformly from `0..<population`, in draw order.
    public mutating func sample(_ count: Int, from population: Int) -> [Int] {
        precondition(count <= population, "cannot draw \(count) distinct items from \(population)")
        var pool = Array(0..<population)
        for i in 0..<count {
            pool.swapAt(i, i + nextInt(below: population - i))
        }
        return Array(pool[0..<count])
    }
}

private func rotateLeft(_ value: UInt64, _ amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
}

/// SplitMix64 (Steele, Lea and Flood 2014): expands a 64-bit seed into well-mixed state words.
private struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
