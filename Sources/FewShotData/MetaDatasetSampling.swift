import Foundation
import SeededRandom

/// Meta-Dataset's episode rule (Triantafillou et al. 2020, §3.2; `meta_dataset/data/sampling.py`):
/// ways, support counts and queries drawn per episode from the sizes of the classes it picks.
///
/// An episode draws `ways` uniformly in [`ways.lowerBound`, min(`ways.upperBound`, classes available)],
/// that many distinct classes, then `queries` per class: min(`maxQueries`, ⌊n_min / 2⌋) for the
/// smallest chosen class's n_min images. A support budget S = min(500, Σ_c ⌈β · min(100, n_c − q)⌉),
/// β uniform in (0, 1], is shared out in proportion to n_c · exp(α_c), α_c uniform in
/// [log 0.5, log 2): class c gets min(⌊share_c · (S − ways)⌋ + 1, 100, n_c − q) support images.
/// docs/meta-dataset-sampling.md lists where this follows the paper, where its code, and why.
public struct MetaDatasetSampling: Sendable, Equatable {
    /// The bounds on ways (the reference's `min_ways`, `max_ways_upper_bound`); the upper bound is
    /// lowered to the classes available.
    public var ways: ClosedRange<Int>
    /// The most queries per class (`max_num_query`).
    public var maxQueries: Int

    /// The paper's bounds: 5 to 50 ways, at most 10 queries per class.
    public static let standard = MetaDatasetSampling(ways: 5...50, maxQueries: 10)
    /// The most support images of an episode (`max_support_set_size`).
    public static let maxSupport = 500
    /// The most support images of one class, and the most one class adds to the budget
    /// (`max_support_size_contrib_per_class`).
    public static let maxSupportPerClass = 100
    /// The range of each class's log-weight α_c (`min_log_weight`, `max_log_weight`).
    public static let logWeights = log(0.5)..<log(2.0)
    /// The fewest images a class needs: one query and one support image.
    public static let smallestClass = 2

    /// A rule with these bounds on ways and queries.
    public init(ways: ClosedRange<Int>, maxQueries: Int) {
        self.ways = ways
        self.maxQueries = maxQueries
    }

    /// The ways of an episode drawn from `available` classes (at least `ways.lowerBound`).
    func drawWays(available: Int, using generator: inout SeededGenerator) -> Int {
        let high = min(ways.upperBound, available)
        return ways.lowerBound + generator.nextInt(below: high - ways.lowerBound + 1)
    }

    /// Queries per class for chosen classes of `classSizes` images (each at least `smallestClass`).
    func queries(classSizes: [Int]) -> Int {
        min(maxQueries, classSizes.min()! / 2)
    }

    /// Support images per chosen class of `classSizes` images, `queries` of each held out for queries.
    func supportCounts(classSizes: [Int], queries: Int, using generator: inout SeededGenerator) -> [Int] {
        let remaining = classSizes.map { $0 - queries }
        // β = 1 − u lies in (0, 1]; each class adds at least 1, so the budget covers one image per class.
        let beta = 1 - generator.nextUnitDouble()
        let budget = min(
            Self.maxSupport,
            remaining.reduce(0) { $0 + Int((beta * Double(min(Self.maxSupportPerClass, $1))).rounded(.up)) })
        let weights = classSizes.map { Double($0) * exp(generator.nextDouble(in: Self.logWeights)) }
        let total = weights.reduce(0, +)
        let spare = Double(budget - classSizes.count)
        return zip(weights, remaining).map { weight, left in
            min(Int((weight / total * spare).rounded(.down)) + 1, Self.maxSupportPerClass, left)
        }
    }
}
