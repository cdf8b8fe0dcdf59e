import Foundation
import MetaLearning
import PosixFiles

/// A sweep file: a base spec and the variations of it to run, each variation one run.
///
/// ```json
/// { "name": "lr-sweep", "base": "quickstart.json",
///   "grid": { "learner.name": ["maml", "fomaml"], "learner.innerLR": [0.1, 0.4] },
///   "variants": [ { "episodes.shots": 1 }, { "episodes.shots": 5, "episodes.queries": 10 } ],
///   "seeds": [1, 2, 3] }
/// ```
/// The combinations are every variant × every point of the grid (the cartesian product of its
/// lists) × every seed, in that order (`combinations`). Every key is declared once in `fields`, from
/// which reading, `SweepSchema` and `experiments/sweep.schema.json` follow.
public struct SweepSpec: Sendable, Equatable {
    /// The spec every combination starts from.
    public enum Base: Sendable, Equatable {
        /// A spec file, as written in the sweep (relative paths start at the sweep file's folder).
        case file(String)
        /// A spec written inside the sweep file.
        case inline(JSONValue)
    }

    /// One swept key and the values it takes, in order.
    public struct Axis: Sendable, Equatable {
        /// The JSON path of object keys: `learner.innerLR`.
        public var path: String
        public var values: [JSONValue]
    }

    /// One key set to one value.
    public struct Setting: Sendable, Equatable {
        public var path: String
        public var value: JSONValue
    }

    /// `name`: the sweep's name; its runs go to `runs/<name>/`.
    public var name: String
    /// `base`: the spec the overrides apply to.
    public var base: Base
    /// `grid`: every combination of these keys' values is run.
    public var grid: [Axis]
    /// `variants`: sets of keys changed together; each is combined with every grid point.
    public var variants: [[Setting]]
    /// `seeds`: the seeds each combination runs with; nil keeps the base spec's seed.
    public var seeds: [Int]?

    /// The most combinations a sweep may have.
    public static let mostCombinations = 10_000
}

extension SweepSpec: SpecSection {
    init() {
        self.init(name: "", base: .inline(.object([])), grid: [], variants: [], seeds: nil)
    }

    static var example: String { #"{"base": "spec.json", "seeds": [1, 2]}"# }

    static var fields: [SpecField<Self>] {
        [
            .custom(
                "name", default: "the file's name",
                "sweep name: letters, digits, `.`, `_`, `-`; its runs go to `runs/<name>/`",
                schema: {
                    .object([
                        .init("description", .string("sweep name; its runs go to runs/<name>/")),
                        .init("type", .string("string")), .init("pattern", .string("^[A-Za-z0-9_-][A-Za-z0-9._-]*$")),
                    ])
                },
                read: readName, write: { .string($0.name) }),
            .custom(
                "base", default: "required", required: true,
                "the spec every run starts from: a spec file (relative to the sweep file) or a spec object",
                schema: {
                    .object([
                        .init(
                            "description",
                            .string(
                                "the spec every run starts from: a spec file (relative to the sweep file) or a spec object (spec.schema.json)"
                            )),
                        .init(
                            "oneOf",
                            .array([
                                .object([.init("type", .string("string")), .init("minLength", .integer(1))]),
                                .object([.init("type", .string("object"))]),
                            ])),
                    ])
                },
                read: readBase,
                write: { sweep in
                    switch sweep.base {
                    case .file(let path): return .string(path)
                    case .inline(let spec): return spec
                    }
                }),
            .custom(
                "grid", default: "no grid", "JSON path → list of values; every combination of them is run",
                schema: {
                    .object([
                        .init(
                            "description",
                            .string(
                                "JSON path of a spec key (learner.innerLR) → the values it takes; every combination is run"
                            )),
                        .init("type", .string("object")),
                        .init("propertyNames", pathSchema),
                        .init(
                            "additionalProperties",
                            .object([.init("type", .string("array")), .init("minItems", .integer(1))])),
                    ])
                },
                read: readGrid,
                write: { sweep in
                    .object(sweep.grid.map { JSONValue.Member($0.path, .array($0.values)) })
                }),
            .custom(
                "variants", default: "one, changing nothing",
                "list of objects of JSON path → value, each a set of keys changed together",
                schema: {
                    .object([
                        .init(
                            "description",
                            .string(
                                "sets of keys changed together (JSON path → value); each is combined with every grid point"
                            )),
                        .init("type", .string("array")),
                        .init(
                            "items", .object([.init("type", .string("object")), .init("propertyNames", pathSchema)])),
                        .init("minItems", .integer(1)),
                    ])
                },
                read: readVariants,
                write: { sweep in
                    .array(
                        sweep.variants.map { settings in .object(settings.map { JSONValue.Member($0.path, $0.value) }) }
                    )
                }),
            .optional(
                "seeds", \.seeds, .list(.integer(0...Int.max), count: 1...1000, unique: true),
                absent: "the base spec's seed", "the seeds every combination runs with"),
        ]
    }

    /// A JSON path of object keys, as the schema states it.
    private static var pathSchema: JSONValue {
        .object([.init("pattern", .string(#"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$"#))])
    }

    private static func readName(_ reader: ObjectReader, _ context: SpecContext, _ sweep: inout Self) {
        ExperimentSpec.readName(reader, context, into: &sweep.name, example: "\"lr-sweep\"", folderSuffix: "/")
    }

    private static func readBase(_ reader: ObjectReader, _ context: SpecContext, _ sweep: inout Self) {
        switch reader.value(of: "base") {
        case nil: reader.reportMissing("base", example: "\"spec.json\"")
        case .string(let path)? where !path.isEmpty: sweep.base = .file(path)
        case .object(let members)?: sweep.base = .inline(.object(members))
        case let other?:
            reader.diagnostics.report(
                "base", "expected a spec file's path or a spec object, found \(other.kindDescription)")
        }
    }

    private static func readGrid(_ reader: ObjectReader, _ context: SpecContext, _ sweep: inout Self) {
        guard let grid = reader.value(of: "grid") else { return }
        guard case .object(let members) = grid else {
            reader.diagnostics.report(
                "grid", "expected an object (JSON path → list of values), found \(grid.kindDescription)")
            return
        }
        for member in members {
            let at = "grid.\(member.key)"
            guard checkPath(member.key, at: at, reader.diagnostics) else { continue }
            guard case .array(let values) = member.value, !values.isEmpty else {
                reader.diagnostics.report(
                    at,
                    "expected a non-empty list of the values \(member.key) takes, found \(member.value.kindDescription)"
                )
                continue
            }
            if let repeated = values.indices.first(where: { values[..<$0].contains(values[$0]) }) {
                reader.diagnostics.report(
                    "\(at)[\(repeated)]", "\(values[repeated].formatted()) is listed twice; list each value once")
                continue
            }
            sweep.grid.append(Axis(path: member.key, values: values))
        }
    }

    private static func readVariants(_ reader: ObjectReader, _ context: SpecContext, _ sweep: inout Self) {
        guard let value = reader.value(of: "variants") else { return }
        guard case .array(let elements) = value, !elements.isEmpty else {
            reader.diagnostics.report(
                "variants", "expected a non-empty list of objects (JSON path → value), found \(value.kindDescription)")
            return
        }
        for (index, element) in elements.enumerated() {
            guard case .object(let members) = element else {
                reader.diagnostics.report(
                    "variants[\(index)]", "expected an object (JSON path → value), found \(element.kindDescription)")
                continue
            }
            let settings = members.filter { checkPath($0.key, at: "variants[\(index)].\($0.key)", reader.diagnostics) }
            sweep.variants.append(settings.map { Setting(path: $0.key, value: $0.value) })
        }
    }

    /// Whether `path` is a JSON path of object keys (reported at `at` when not).
    private static func checkPath(_ path: String, at: String, _ diagnostics: SpecDiagnostics) -> Bool {
        let keys = path.split(separator: ".", omittingEmptySubsequences: false)
        guard !keys.contains(where: \.isEmpty) else {
            diagnostics.report(at, "'\(path)' is not a JSON path of spec keys such as learner.innerLR")
            return false
        }
        return true
    }

    func checkAcrossKeys(_ reader: ObjectReader) {
        let count = max(1, variants.count) * grid.reduce(1) { $0 * $1.values.count } * (seeds?.count ?? 1)
        if count > Self.mostCombinations {
            reader.diagnostics.report(
                "", "the sweep has \(count) combinations, more than \(Self.mostCombinations); split it")
        }
    }
}

/// The JSON Schema of sweep files, generated from `SweepSpec`'s key declarations: what
/// `metalearn schema --sweep` prints and `experiments/sweep.schema.json` holds.
public enum SweepSchema {
    /// The schema document.
    public static var document: JSONValue {
        let context = SpecContext(learners: LearnerRegistry())
        guard
            case .object(let members) = SweepSpec.schema(
                context, summary: "A swift-metalearn sweep: a base spec and its variations")
        else {
            preconditionFailure("a section's schema is an object")
        }
        return .object(
            [
                .init("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                .init(
                    "$id", .string("https://github.com/swift-metalearn/swift-metalearn/experiments/sweep.schema.json")),
                .init("title", .string("swift-metalearn sweep")),
            ] + members)
    }

    /// The document as written to `experiments/sweep.schema.json`, ending in a newline.
    public static var text: String { document.formatted() + "\n" }
}
