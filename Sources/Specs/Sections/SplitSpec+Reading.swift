import MetaLearning

/// `dataset.split` in its two forms, declared here once for the reader, the writer and the schema.
extension SplitSpec {
    static let summary = "`{\"train\": [...], \"validation\": [...], \"test\": [...]}` alphabet names, or "
        + "`{\"fractions\": {\"train\", \"validation\", \"test\"}, \"of\": \"alphabets\"|\"characters\", \"seed\"}`"
    static let phases = ["train", "validation", "test"]
    static let alphabetList = ValueDomain.list(.text, count: 0...Int.max, unique: false)
    static let fraction = ValueDomain.real(.unitInterval)
    static let unit = SplitUnit.domain
    static let seedDomain = ValueDomain.integer(0...Int.max)

    /// Reads `dataset.split`: alphabet lists, or `fractions` with `of` and `seed`.
    init(reading reader: ObjectReader) {
        self = reader.contains("fractions") ? Self.readFractions(reader) : Self.readAlphabets(reader)
    }

    private static func readAlphabets(_ reader: ObjectReader) -> SplitSpec {
        var lists: [String: [String]] = [:]
        for phase in phases {
            let names = reader.read(phase, as: alphabetList).flatMap([String].init(specValue:)) ?? []
            lists[phase] = names
            if phase != "validation", names.isEmpty, reader.diagnostics.isClean(reader.path(of: phase)) {
                let reason = reader.contains(phase) ? "must name at least one alphabet" : "missing required key '\(phase)' in \(reader.path)"
                reader.diagnostics.report(reader.path(of: phase), reason + "; list alphabets, or give \"fractions\" instead")
            }
        }
        // An alphabet in two phases leaks test classes into training; report each repeat where it recurs.
        var seen: [String: String] = [:]
        for phase in phases {
            for (position, alphabet) in lists[phase]!.enumerated() {
                if let earlier = seen[alphabet] {
                    let location = earlier == phase ? "earlier in this list" : "in \(reader.path(of: earlier))"
                    reader.diagnostics.report("\(reader.path(of: phase))[\(position)]",
                                              "'\(alphabet)' is already \(location); each alphabet belongs to one split")
                } else {
                    seen[alphabet] = phase
                }
            }
        }
        reader.reportUnknownKeys(misplaced: Dictionary(uniqueKeysWithValues: ["of", "seed"].map {
            ($0, "'\($0)' belongs to a split by fractions; add \"fractions\" or remove '\($0)'")
        }))
        return .alphabets(train: lists["train"]!, validation: lists["validation"]!, test: lists["test"]!)
    }

    private static func readFractions(_ reader: ObjectReader) -> SplitSpec {
        let of = reader.read("of", as: unit).flatMap(SplitUnit.init(specValue:)) ?? .characters
        let seed = reader.read("seed", as: seedDomain).flatMap(Int.init(specValue:)) ?? 0
        var fractions = [String: Double]()
        if let inner = reader.object("fractions") {
            for phase in ["train", "test"] where !inner.contains(phase) {
                inner.reportMissing(phase, example: phase == "train" ? "0.6" : "0.2")
            }
            for phase in phases {
                fractions[phase] = inner.read(phase, as: fraction).flatMap(Double.init(specValue:)) ?? 0
            }
            if inner.diagnostics.isClean(inner.path) {
                for phase in ["train", "test"] where fractions[phase] == 0 {
                    inner.diagnostics.report(inner.path(of: phase), "must be greater than 0; the \(phase) split needs classes")
                }
                let sum = fractions["train"]! + fractions["validation"]! + fractions["test"]!
                if abs(sum - 1) > 1e-9 {
                    inner.diagnostics.report(inner.path, "the fractions sum to \(sum), not 1; adjust "
                                             + phases.map(inner.path(of:)).joined(separator: ", "))
                }
            }
            inner.reportUnknownKeys()
        }
        reader.reportUnknownKeys(misplaced: Dictionary(uniqueKeysWithValues: phases.map {
            ($0, "give either alphabet lists or \"fractions\", not both; move '\($0)' into \(reader.path(of: "fractions")) or remove \"fractions\"")
        }))
        return .fractions(of: of, train: fractions["train"] ?? 0, validation: fractions["validation"] ?? 0,
                          test: fractions["test"] ?? 0, seed: seed)
    }

    /// The resolved split.
    var json: JSONValue {
        switch self {
        case .alphabets(let train, let validation, let test):
            return .object(zip(Self.phases, [train, validation, test]).map { .init($0, .array($1.map(JSONValue.string))) })
        case .fractions(let unit, let train, let validation, let test, let seed):
            return .object([
                .init("fractions", .object(zip(Self.phases, [train, validation, test]).map { .init($0, .real($1)) })),
                .init("of", .string(unit.rawValue)),
                .init("seed", .integer(seed)),
            ])
        }
    }

    /// The schema of both forms.
    static func schema() -> JSONValue {
        func object(_ properties: [JSONValue.Member], required: [String]) -> JSONValue {
            .object([.init("type", .string("object")), .init("properties", .object(properties)),
                     .init("required", .array(required.map(JSONValue.string))), .init("additionalProperties", .bool(false))])
        }
        let lists = object(phases.map { .init($0, .object(SchemaWriter.constraints(of: alphabetList))) }, required: ["train", "test"])
        let fractionsObject = object(phases.map { .init($0, .object(SchemaWriter.constraints(of: fraction))) }, required: ["train", "test"])
        let byFractions = object([
            .init("fractions", fractionsObject),
            .init("of", SchemaWriter.schema(of: unit, summary: "what the fractions divide", default: .string("characters"))),
            .init("seed", SchemaWriter.schema(of: seedDomain, summary: "shuffles the units before they are cut; independent of the run's seed",
                                              default: .integer(0))),
        ], required: ["fractions"])
        return .object([.init("description", .string("which classes each phase sees")), .init("oneOf", .array([lists, byFractions]))])
    }
}
