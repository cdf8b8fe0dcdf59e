import FewShotData
import MetaLearning

/// `dataset.split` in its forms, declared here once for the reader, the writer and the schema.
extension SplitSpec {
    static let summary =
        "`{\"train\": [...], \"validation\": [...], \"test\": [...]}` names (alphabets, alphabet/character paths "
        + "or classes), the same keys naming list files (`.txt`, `.json`), `{\"file\": \"split.json\"}`, or "
        + "`{\"fractions\": {\"train\", \"validation\", \"test\"}, \"of\": \"alphabets\"|\"characters\"|\"classes\", \"seed\"}`; "
        + "files are read from the data root; absent for the csv layout"
    static let phases = ["train", "validation", "test"]
    static let nameList = ValueDomain.list(.text, count: 0...Int.max, unique: false)
    static let path = ValueDomain.text
    static let fraction = ValueDomain.real(.unitInterval)
    static let unit = SplitUnit.domain
    static let seedDomain = ValueDomain.integer(0...Int.max)
    static let formsHint = "list names, name list files, give \"file\", or give \"fractions\" instead"

    /// Reads `dataset.split`: names, list files, one file, or `fractions` with `of` and `seed`.
    init(reading reader: ObjectReader) {
        if reader.contains("fractions") {
            self = Self.readFractions(reader)
        } else if reader.contains("file") {
            self = Self.readFile(reader)
        } else if Self.phases.contains(where: { if case .string = reader.value(of: $0) { true } else { false } }) {
            self = Self.readListFiles(reader)
        } else {
            self = Self.readNames(reader)
        }
    }

    /// The `split` key of `reader`'s object for a data set of `layout`: the csv layout's files (a
    /// `split` key is then an error), the key's split, or the standard split when it is absent.
    static func read(_ reader: ObjectReader, layout: DatasetLayout) -> SplitSpec {
        guard layout != .csv else {
            if reader.value(of: "split") != nil {
                reader.diagnostics.report(
                    reader.path(of: "split"),
                    "the csv layout takes its split from the roots' train.csv, val.csv "
                        + "and test.csv; remove \(reader.path(of: "split")), or choose another \(reader.path(of: "layout"))"
                )
            }
            return .csvFiles
        }
        return reader.object("split").map(SplitSpec.init(reading:)) ?? .standard
    }

    private static func readNames(_ reader: ObjectReader) -> SplitSpec {
        var lists: [String: [String]] = [:]
        for phase in phases {
            let names = reader.read(phase, as: nameList).flatMap([String].init(hyperparameterValue:)) ?? []
            lists[phase] = names
            if phase != "validation", names.isEmpty, reader.diagnostics.isClean(reader.path(of: phase)) {
                let reason =
                    reader.contains(phase)
                    ? "must name at least one class or alphabet" : "missing required key '\(phase)' in \(reader.path)"
                reader.diagnostics.report(reader.path(of: phase), reason + "; " + formsHint)
            }
        }
        // A name in two phases leaks test classes into training; report each repeat where it recurs.
        var seen: [String: String] = [:]
        for phase in phases {
            for (position, name) in lists[phase]!.enumerated() {
                if let earlier = seen[name] {
                    let location = earlier == phase ? "earlier in this list" : "in \(reader.path(of: earlier))"
                    reader.diagnostics.report(
                        "\(reader.path(of: phase))[\(position)]",
                        "'\(name)' is already \(location); each class or alphabet belongs to one split")
                } else {
                    seen[name] = phase
                }
            }
        }
        reportMisplacedFractionKeys(reader)
        return .names(train: lists["train"]!, validation: lists["validation"]!, test: lists["test"]!)
    }

    private static func readListFiles(_ reader: ObjectReader) -> SplitSpec {
        var files: [String: String] = [:]
        for phase in phases {
            guard let value = reader.value(of: phase) else {
                if phase != "validation" { reader.reportMissing(phase, example: "\"splits/\(phase).txt\"") }
                continue
            }
            guard case .string = value else {
                reader.diagnostics.report(
                    reader.path(of: phase),
                    "expected a file name like the other phases, found \(value.kindDescription); "
                        + "give every phase as a list of names or every one as a file")
                continue
            }
            files[phase] = reader.read(phase, as: path).flatMap(String.init(hyperparameterValue:))
        }
        reportMisplacedFractionKeys(reader)
        return .listFiles(train: files["train"] ?? "", validation: files["validation"], test: files["test"] ?? "")
    }

    private static func readFile(_ reader: ObjectReader) -> SplitSpec {
        let file = reader.read("file", as: path).flatMap(String.init(hyperparameterValue:)) ?? ""
        reader.reportUnknownKeys(
            misplaced: Dictionary(
                uniqueKeysWithValues: (phases + ["of", "seed"]).map {
                    ($0, "\"file\" holds the whole split; remove '\($0)' or remove \"file\"")
                }))
        return .file(file)
    }

    private static func reportMisplacedFractionKeys(_ reader: ObjectReader) {
        reader.reportUnknownKeys(
            misplaced: Dictionary(
                uniqueKeysWithValues: ["of", "seed"].map {
                    ($0, "'\($0)' belongs to a split by fractions; add \"fractions\" or remove '\($0)'")
                }))
    }

    private static func readFractions(_ reader: ObjectReader) -> SplitSpec {
        let of = reader.read("of", as: unit).flatMap(SplitUnit.init(hyperparameterValue:)) ?? .characters
        let seed = reader.read("seed", as: seedDomain).flatMap(Int.init(hyperparameterValue:)) ?? 0
        var fractions = [String: Double]()
        if let inner = reader.object("fractions") {
            for phase in ["train", "test"] where !inner.contains(phase) {
                inner.reportMissing(phase, example: phase == "train" ? "0.6" : "0.2")
            }
            for phase in phases {
                fractions[phase] = inner.read(phase, as: fraction).flatMap(Double.init(hyperparameterValue:)) ?? 0
            }
            if inner.diagnostics.isClean(inner.path) {
                for phase in ["train", "test"] where fractions[phase] == 0 {
                    inner.diagnostics.report(
                        inner.path(of: phase), "must be greater than 0; the \(phase) split needs classes")
                }
                let sum = fractions["train"]! + fractions["validation"]! + fractions["test"]!
                if abs(sum - 1) > 1e-9 {
                    inner.diagnostics.report(
                        inner.path,
                        "the fractions sum to \(sum), not 1; adjust "
                            + phases.map(inner.path(of:)).joined(separator: ", "))
                }
            }
            inner.reportUnknownKeys()
        }
        reader.reportUnknownKeys(
            misplaced: Dictionary(
                uniqueKeysWithValues: (phases + ["file"]).map {
                    (
                        $0,
                        "give either names, files or \"fractions\", not both; move '\($0)' into \(reader.path(of: "fractions")) or remove \"fractions\""
                    )
                }))
        return .fractions(
            of: of, train: fractions["train"] ?? 0, validation: fractions["validation"] ?? 0,
            test: fractions["test"] ?? 0, seed: seed)
    }

    /// The resolved split; nil for the csv layout's files, which no key names.
    var json: JSONValue? {
        switch self {
        case .names(let train, let validation, let test):
            return .object(
                zip(Self.phases, [train, validation, test]).map { .init($0, .array($1.map(JSONValue.string))) })
        case .listFiles(let train, let validation, let test):
            return .object(
                zip(Self.phases, [train, validation, test]).compactMap { phase, file in
                    file.map { .init(phase, .string($0)) }
                })
        case .file(let file):
            return .object([.init("file", .string(file))])
        case .fractions(let unit, let train, let validation, let test, let seed):
            return .object([
                .init("fractions", .object(zip(Self.phases, [train, validation, test]).map { .init($0, .real($1)) })),
                .init("of", .string(unit.rawValue)),
                .init("seed", .integer(seed)),
            ])
        case .csvFiles:
            return nil
        }
    }

    /// The schema of every form.
    static func schema() -> JSONValue {
        func object(_ properties: [JSONValue.Member], required: [String]) -> JSONValue {
            .object([
                .init("type", .string("object")), .init("properties", .object(properties)),
                .init("required", .array(required.map(JSONValue.string))), .init("additionalProperties", .bool(false)),
            ])
        }
        let lists = object(
            phases.map { .init($0, .object(SchemaWriter.constraints(of: nameList))) }, required: ["train", "test"])
        let listFiles = object(
            phases.map { .init($0, .object(SchemaWriter.constraints(of: path))) }, required: ["train", "test"])
        let file = object([.init("file", .object(SchemaWriter.constraints(of: path)))], required: ["file"])
        let fractionsObject = object(
            phases.map { .init($0, .object(SchemaWriter.constraints(of: fraction))) }, required: ["train", "test"])
        let byFractions = object(
            [
                .init("fractions", fractionsObject),
                .init(
                    "of",
                    SchemaWriter.schema(of: unit, summary: "what the fractions divide", default: .string("characters"))),
                .init(
                    "seed",
                    SchemaWriter.schema(
                        of: seedDomain,
                        summary: "shuffles the units before they are cut; independent of the run's seed",
                        default: .integer(0))),
            ], required: ["fractions"])
        return .object([
            .init("description", .string("which classes each phase sees")),
            .init("oneOf", .array([lists, listFiles, file, byFractions])),
        ])
    }
}
