import MetaLearning

/// The `episodes` section: N-way K-shot episodes with Q queries per class. Its keys, defaults and
/// bounds are declared in `fields`.
public struct EpisodeSpec: Sendable, Equatable {
    /// `episodes.ways`: classes per test and validation episode (N).
    public var ways: Int
    /// `episodes.shots`: labelled support images per class (K).
    public var shots: Int
    /// `episodes.queries`: query images per class.
    public var queries: Int
    /// `episodes.trainWays`: classes per training episode.
    public var trainWays: Int
    /// `episodes.withinAlphabet`: every class of an episode comes from one alphabet.
    public var withinAlphabet: Bool

    /// An episode section from its keys; no validation happens here.
    public init(ways: Int, shots: Int, queries: Int, trainWays: Int, withinAlphabet: Bool = false) {
        self.ways = ways
        self.shots = shots
        self.queries = queries
        self.trainWays = trainWays
        self.withinAlphabet = withinAlphabet
    }
}

extension EpisodeSpec: SpecSection {
    init() { self.init(ways: 0, shots: 0, queries: 0, trainWays: 0) }

    /// The most classes or images per class an episode may have: far beyond any published protocol,
    /// and small enough that an episode's tensors are always allocatable.
    static let largest = 10_000

    static var fields: [SpecField<Self>] {
        [
            .value(
                "ways", \.ways, .integer(2...largest), default: .value(5), "classes per test and validation episode (N)"
            ),
            .value(
                "shots", \.shots, .integer(1...largest), default: .value(1), "labelled support images per class (K)"),
            .value(
                "queries", \.queries, .integer(1...largest), default: .value(15),
                "query images per class, on which accuracy is measured"),
            .value(
                "trainWays", \.trainWays, .integer(2...largest), default: .derived("`ways`") { $0.ways },
                "classes per training episode, at least `ways`; above it only for learners without a fixed-size head (ProtoNet trains with more)"
            ),
            .value(
                "withinAlphabet", \.withinAlphabet, .boolean, default: .value(false), writtenAtDefault: false,
                "draw every class of an episode (training and evaluation) from one alphabet, the harder protocol of Lake et al.'s one-shot runs; "
                    + "every alphabet of a split needs `ways` (`trainWays`) classes, rotations counted"),
        ]
    }
}
