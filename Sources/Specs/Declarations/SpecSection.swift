import MetaLearning

/// A spec object whose keys are declared as `SpecField`s: reading, writing, the schema and the
/// reference of every section come from its `fields`.
protocol SpecSection {
    /// A section whose every property is then read or defaulted by `fields`; its values are placeholders.
    init()
    /// The section's keys, in the order they are read and written.
    static var fields: [SpecField<Self>] { get }
    /// A minimal valid object, for the message when a required section is missing.
    static var example: String { get }
    /// Reports problems that involve several of the section's keys (checked only on clean keys).
    func checkAcrossKeys(_ reader: ObjectReader)
    /// Keys that belong elsewhere, each with the message that says where (instead of an unknown-key suggestion).
    static var misplacedKeys: [String: String] { get }
}

extension SpecSection {
    static var example: String { "{}" }
    func checkAcrossKeys(_ reader: ObjectReader) {}
    static var misplacedKeys: [String: String] { [:] }

    /// Reads the section from its object: every declared key (or its default), then the checks across
    /// keys; unknown keys are reported with a suggestion.
    static func read(_ reader: ObjectReader, _ context: SpecContext) -> Self {
        var section = Self()
        for field in fields {
            field.read(reader, context, &section)
        }
        reader.reportUnknownKeys(misplaced: misplacedKeys)
        section.checkAcrossKeys(reader)
        return section
    }

    /// The resolved section as JSON, keys in declaration order.
    var json: JSONValue {
        .object(Self.fields.compactMap { field in field.write(self).map { JSONValue.Member(field.key, $0) } })
    }

    /// The section's JSON Schema: a closed object of its declared keys.
    static func schema(_ context: SpecContext, summary: String) -> JSONValue {
        let required = fields.filter(\.info.isRequired).map { JSONValue.string($0.key) }
        var members: [JSONValue.Member] = [
            .init("description", .string(summary)),
            .init("type", .string("object")),
            .init("properties", .object(fields.map { .init($0.key, $0.info.schema(context)) })),
        ]
        if !required.isEmpty { members.append(.init("required", .array(required))) }
        members.append(.init("additionalProperties", .bool(false)))
        return .object(members)
    }

    /// The reference rows of every key, under `prefix` (`dataset.`).
    static func referenceRows(_ context: SpecContext, prefix: String) -> [ReferenceRow] {
        fields.flatMap { $0.info.rows(context, prefix) }
    }
}
