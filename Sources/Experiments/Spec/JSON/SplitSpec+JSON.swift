extension SplitSpec {
    /// Reads `dataset.split`: alphabet lists, or `fractions` with `of` and `seed`.
    init(reading reader: ObjectReader) {
        if reader.contains("fractions") {
            self = Self.readFractions(reader)
        } else {
            self = Self.readAlphabets(reader)
        }
    }

    private static func readAlphabets(_ reader: ObjectReader) -> SplitSpec {
        var lists: [String: [String]] = [:]
        for phase in ["train", "validation", "test"] {
            let names = reader.strings(phase, default: [])
            lists[phase] = names
            if phase != "validation", names.isEmpty, reader.diagnostics.isClean(reader.path(of: phase)) {
                let reason = reader.contains(phase) ? "must name at least one alphabet" : "missing required key '\(phase)' in \(reader.path)"
                reader.diagnostics.report(reader.path(of: phase), reason + "; list alphabets, or give \"fractions\" instead")
            }
        }
        // An alphabet in two phases leaks test classes into training; report each repeat where it recurs.
        var seen: [String: String] = [:]
        for phase in ["train", "validation", "test"] {
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
        let fractionKeys = ["of", "seed"]
        reader.reportUnknownKeys(misplaced: Dictionary(uniqueKeysWithValues: fractionKeys.map {
            ($0, "'\($0)' belongs to a split by fractions; add \"fractions\" or remove '\($0)'")
        }))
        return .alphabets(train: lists["train"]!, validation: lists["validation"]!, test: lists["test"]!)
    }

    private static func readFractions(_ reader: ObjectReader) -> SplitSpec {
        let unit = SplitUnit(rawValue: reader.word("of", default: SplitUnit.characters.rawValue,
                                                   among: SplitUnit.allCases.map(\.rawValue)))!
        let seed = reader.integer("seed", default: 0, atLeast: 0)
        var fractions = (train: 0.0, validation: 0.0, test: 0.0)
        if let inner = reader.object("fractions") {
            for phase in ["train", "test"] where !inner.contains(phase) {
                inner.reportMissing(phase, example: phase == "train" ? "0.6" : "0.2")
            }
            fractions = (inner.real("train", default: 0, .unitInterval),
                         inner.real("validation", default: 0, .unitInterval),
                         inner.real("test", default: 0, .unitInterval))
            let phases = ["train", "validation", "test"].map(inner.path(of:))
            if inner.diagnostics.isClean(inner.path) {
                for (phase, value) in [("train", fractions.train), ("test", fractions.test)] where value == 0 {
                    inner.diagnostics.report(inner.path(of: phase), "must be greater than 0; the \(phase) split needs classes")
                }
                let sum = fractions.train + fractions.validation + fractions.test
                if abs(sum - 1) > 1e-9 {
                    inner.diagnostics.report(inner.path, "the fractions sum to \(sum), not 1; adjust \(phases.joined(separator: ", "))")
                }
            }
            inner.reportUnknownKeys()
        }
        let listKeys = ["train", "validation", "test"]
        reader.reportUnknownKeys(misplaced: Dictionary(uniqueKeysWithValues: listKeys.map {
            ($0, "give either alphabet lists or \"fractions\", not both; move '\($0)' into \(reader.path(of: "fractions")) or remove \"fractions\"")
        }))
        return .fractions(of: unit, train: fractions.train, validation: fractions.validation, test: fractions.test, seed: seed)
    }

    /// The resolved split.
    var json: JSONValue {
        switch self {
        case .alphabets(let train, let validation, let test):
            return .object([
                .init("train", .array(train.map(JSONValue.string))),
                .init("validation", .array(validation.map(JSONValue.string))),
                .init("test", .array(test.map(JSONValue.string))),
            ])
        case .fractions(let unit, let train, let validation, let test, let seed):
            return .object([
                .init("fractions", .object([.init("train", .real(train)), .init("validation", .real(validation)),
                                            .init("test", .real(test))])),
                .init("of", .string(unit.rawValue)),
                .init("seed", .integer(seed)),
            ])
        }
    }
}
