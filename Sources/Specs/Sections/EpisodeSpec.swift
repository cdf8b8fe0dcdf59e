import FewShotData
import MetaLearning

/// The `episodes` section: how many classes an episode has, how many support images of each and how
/// many queries; numbers, `[min, max]` ranges drawn per episode, or Meta-Dataset's rule. Its keys,
/// defaults and bounds are declared in `fields`.
public struct EpisodeSpec: Sendable, Equatable {
    /// `episodes.sampling`: the numbers below as given, or Meta-Dataset's rule.
    public var sampling: EpisodeSampling
    /// `episodes.ways`: classes per test and validation episode (N), one number or a range; with
    /// Meta-Dataset sampling, the bounds its ways are drawn in.
    public var ways: ClosedRange<Int>
    /// `episodes.shots`: labelled support images per class (K), one number or a range; with
    /// Meta-Dataset sampling, the bounds of a class's support images ([1, 100]).
    public var shots: ClosedRange<Int>
    /// `episodes.queries`: query images per class; with Meta-Dataset sampling, the most per class.
    public var queries: Int
    /// `episodes.trainWays`: classes per training episode (the largest `ways` when ways vary).
    public var trainWays: Int
    /// `episodes.withinAlphabet`: every class of an episode comes from one alphabet.
    public var withinAlphabet: Bool

    /// An episode section from its keys; no validation happens here.
    public init(
        ways: ClosedRange<Int>, shots: ClosedRange<Int>, queries: Int, trainWays: Int, withinAlphabet: Bool = false,
        sampling: EpisodeSampling = .fixed
    ) {
        self.sampling = sampling
        self.ways = ways
        self.shots = shots
        self.queries = queries
        self.trainWays = trainWays
        self.withinAlphabet = withinAlphabet
    }

    /// How test and validation episodes are drawn.
    public var rule: EpisodeRule {
        switch sampling {
        case .fixed: .uniform(ways: ways, shots: shots, queries: queries)
        case .metaDataset: .metaDataset(MetaDatasetSampling(ways: ways, maxQueries: queries))
        }
    }

    /// How training episodes are drawn: as test episodes, with `trainWays` classes when ways are fixed.
    public var trainRule: EpisodeRule {
        guard case .uniform(let ways, let shots, let queries) = rule, ways.count == 1 else { return rule }
        return .uniform(ways: trainWays...trainWays, shots: shots, queries: queries)
    }

    /// Whether episodes are fixed N-way K-shot ones (the rule draws no shape).
    public var isFixed: Bool { rule.isFixed }
}

extension EpisodeSpec: SpecSection {
    init() { self.init(ways: 0...0, shots: 0...0, queries: 0, trainWays: 0) }

    /// The most classes or images per class an episode may have: far beyond any published protocol,
    /// and small enough that an episode's tensors are always allocatable.
    static let largest = 10_000

    static var fields: [SpecField<Self>] {
        let metaDataset = MetaDatasetSampling.standard
        return [
            .value(
                "sampling", \.sampling, EpisodeSampling.domain, default: .value(.fixed), writtenAtDefault: false,
                "how episodes are shaped: `fixed` takes ways and shots as given (numbers, or `[min, max]` ranges drawn "
                    + "uniformly per episode, shots per class); `meta-dataset` draws ways, unbalanced support sets and "
                    + "queries by Triantafillou et al. 2020's rule (docs/meta-dataset-sampling.md)"),
            .count(
                "ways", \.ways, 2...largest,
                default: (
                    "`5`; `[\(metaDataset.ways.lowerBound), \(metaDataset.ways.upperBound)]` with meta-dataset sampling",
                    { $0.sampling == .metaDataset ? metaDataset.ways : 5...5 }
                ),
                "classes per test and validation episode (N), or `[min, max]` drawn uniformly per episode; with "
                    + "meta-dataset sampling, the bounds its ways are drawn in (the upper one lowered to the classes available)"
            ),
            .count(
                "shots", \.shots, 1...largest,
                default: (
                    "`1`; `[1, \(MetaDatasetSampling.maxSupportPerClass)]` with meta-dataset sampling",
                    { $0.sampling == .metaDataset ? 1...MetaDatasetSampling.maxSupportPerClass : 1...1 }
                ),
                "labelled support images per class (K), or `[min, max]` drawn uniformly for each class of each "
                    + "episode; meta-dataset sampling draws them itself and takes no other value"),
            .value(
                "queries", \.queries, .integer(1...largest),
                default: .derived("`15`; `\(metaDataset.maxQueries)` with meta-dataset sampling") {
                    $0.sampling == .metaDataset ? metaDataset.maxQueries : 15
                },
                "query images per class, on which accuracy is measured; with meta-dataset sampling, the most per class"),
            .value(
                "trainWays", \.trainWays, .integer(2...largest),
                default: .derived("`ways` (its upper end when ways vary)") { $0.ways.upperBound },
                "classes per training episode, at least `ways`; above it only for learners without a fixed-size head (ProtoNet trains with more); "
                    + "when ways vary, training episodes draw theirs by the same rule and this key stays at its default"
            ),
            .value(
                "withinAlphabet", \.withinAlphabet, .boolean, default: .value(false), writtenAtDefault: false,
                "draw every class of an episode (training and evaluation) from one alphabet, the harder protocol of Lake et al.'s one-shot runs; "
                    + "every alphabet of a split needs `ways` (`trainWays`) classes, rotations counted"),
        ]
    }

    func checkAcrossKeys(_ reader: ObjectReader) {
        let diagnostics = reader.diagnostics
        if sampling == .metaDataset, diagnostics.isClean(reader.path(of: "shots")),
            shots != 1...MetaDatasetSampling.maxSupportPerClass
        {
            diagnostics.report(
                reader.path(of: "shots"),
                "meta-dataset sampling draws each class's support images itself (1 to "
                    + "\(MetaDatasetSampling.maxSupportPerClass)); remove episodes.shots or use \"sampling\": \"fixed\""
            )
        }
        if rule.hasVariableWays, trainWays != ways.upperBound,
            diagnostics.isClean(reader.path(of: "ways"), reader.path(of: "trainWays"))
        {
            diagnostics.report(
                reader.path(of: "trainWays"),
                "training episodes draw their ways by the same rule as test episodes when ways vary; "
                    + "remove trainWays or give episodes.ways as one number")
        }
    }
}

extension SpecField where Section == EpisodeSpec {
    /// A key holding a count of `bounds` or a `[min, max]` range of them, stored at `property`: written
    /// back as a number when both ends agree, so a fixed spec's resolved JSON keeps its numbers.
    static func count(
        _ key: String, _ property: WritableKeyPath<EpisodeSpec, ClosedRange<Int>>, _ bounds: ClosedRange<Int>,
        default fallback: (text: String, value: (EpisodeSpec) -> ClosedRange<Int>), _ summary: String
    ) -> SpecField {
        let number = ValueDomain.integer(bounds)
        let range = ValueDomain.list(number, count: 2...2, unique: false)
        return .custom(
            key, default: fallback.text, "\(summary) (\(number), or a list of two, low ≤ high)",
            schema: {
                .object([
                    .init("description", .string(summary)),
                    .init(
                        "oneOf",
                        .array([
                            .object(SchemaWriter.constraints(of: number)), .object(SchemaWriter.constraints(of: range)),
                        ])),
                ])
            },
            read: { reader, _, section in
                guard let json = reader.value(of: key) else {
                    if !reader.contains(key) { section[keyPath: property] = fallback.value(section) }
                    return
                }
                let path = reader.path(of: key)
                if case .array = json {
                    let read = ValueCoding.read(json, as: range, at: path, reader.diagnostics)
                    guard let ends = read.flatMap({ [Int](hyperparameterValue: $0) }) else { return }
                    guard ends[0] <= ends[1] else {
                        reader.diagnostics.report(
                            path, "low end \(ends[0]) is above high end \(ends[1]); give [low, high]")
                        return
                    }
                    section[keyPath: property] = ends[0]...ends[1]
                } else if let count = ValueCoding.read(json, as: number, at: path, reader.diagnostics)
                    .flatMap({ Int(hyperparameterValue: $0) })
                {
                    section[keyPath: property] = count...count
                }
            },
            write: { section in
                let value = section[keyPath: property]
                return value.count == 1
                    ? .integer(value.lowerBound) : .array([.integer(value.lowerBound), .integer(value.upperBound)])
            })
    }
}
