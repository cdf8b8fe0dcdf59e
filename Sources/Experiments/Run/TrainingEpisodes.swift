import Dispatch
import FewShotData
import SeededRandom

/// A run's training episodes over its training sources: episode `i` comes from one source, chosen
/// by a pure function of (seed, i) with probabilities proportional to the sources' weights, and is
/// that source's own episode `i`. With one source every episode is that source's: its sampler's
/// stream, unchanged.
public struct TrainingEpisodes: Sendable {
    /// The training samplers, one per training source, in source order.
    public let samplers: [EpisodeSampler]
    /// Each sampler's weight (positive).
    public let weights: [Double]
    /// The seed of the source choice (the spec's).
    public let seed: UInt64

    /// The stream of the source choice: apart from every sampler's (`EpisodeStream` ids are small).
    static let choiceStream: UInt64 = 0x736F_7572_6365

    /// Training episodes over `samplers` (not empty) drawn with positive `weights`.
    public init(samplers: [EpisodeSampler], weights: [Double], seed: UInt64) {
        precondition(!samplers.isEmpty && samplers.count == weights.count, "one weight per training sampler")
        precondition(weights.allSatisfy { $0 > 0 && $0.isFinite }, "training weights must be positive")
        self.samplers = samplers
        self.weights = weights
        self.seed = seed
    }

    /// The position in `samplers` of the source training episode `index` (>= 0) comes from.
    public func source(of index: Int) -> Int {
        guard samplers.count > 1 else { return 0 }
        var generator = SeededGenerator(seed: seed, stream: [Self.choiceStream, UInt64(index)])
        var point = generator.nextUnitDouble() * weights.reduce(0, +)
        for (position, weight) in weights.enumerated() {
            if point < weight { return position }
            point -= weight
        }
        // Rounding can leave the point at the very end of the last interval.
        return weights.count - 1
    }

    /// Training episode `index` (>= 0).
    public func episode(_ index: Int) -> Episode {
        samplers[source(of: index)].episode(index)
    }

    /// Episodes `start ..< start + count` in order, drawn on all cores (the result is the same either way).
    public func episodes(start: Int, count: Int) -> [Episode] {
        var drawn = [Episode?](repeating: nil, count: count)
        drawn.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: count) { buffer[$0] = episode(start + $0) }
        }
        return drawn.map { $0! }
    }
}
