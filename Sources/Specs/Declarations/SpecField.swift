import MetaLearning

/// One key of a spec section, declared once: its name, what it means, its valid values and its
/// default, and the property of `Section` it fills. The section's reader, the writer of the
/// resolved `spec.json`, `validate`'s messages, the JSON Schema and the README's spec reference
/// all come from this declaration.
public struct SpecField<Section> {
    /// The key, camelCase (`imageSize`).
    public let key: String
    /// The key's documentation and schema, independent of `Section`.
    let info: FieldInfo
    /// Reads the key from the section's object into the section (the spec's value, or the default).
    let read: (ObjectReader, SpecContext, inout Section) -> Void
    /// The key's resolved value as JSON, or nil to leave it out of `spec.json`.
    let write: (Section) -> JSONValue?
}

/// A spec key's default, as the reader applies it and the reference describes it.
public enum FieldDefault<Section, Value> {
    /// A fixed value.
    case value(Value)
    /// Computed from the keys read before it (`trainWays` defaults to `ways`), described in words.
    case derived(String, (Section) -> Value)
    /// No default: a spec must give the key; `example` is a valid JSON value for the message.
    case required(example: String)
}

/// A type-erased view of a field: what the schema and the spec reference need.
struct FieldInfo {
    let key: String
    let summary: String
    /// The default in words for the reference ("28", "`ways`", "required").
    let defaultText: String
    /// The default as JSON for the schema, when it is a fixed value.
    let defaultJSON: JSONValue?
    let isRequired: Bool
    /// The key's JSON Schema.
    let schema: (SpecContext) -> JSONValue
    /// The reference rows of the key (one, or one per nested key) under the JSON path prefix.
    let rows: (SpecContext, String) -> [ReferenceRow]
}

/// One row of the spec reference: a JSON path, what it means and its valid values, its default.
struct ReferenceRow: Equatable {
    let path: String
    let meaning: String
    let defaultText: String
}

extension SpecField {
    /// A key holding one value of `domain`, stored at `property`. With `writtenAtDefault` false, the
    /// key is left out of `spec.json` while it holds its fixed default: a key added after runs were
    /// made then leaves their resolved spec, its SHA-256 and their checkpoints as they were.
    static func value<Value: HyperparameterType>(
        _ key: String, _ property: WritableKeyPath<Section, Value>, _ domain: ValueDomain,
        default fallback: FieldDefault<Section, Value>, writtenAtDefault: Bool = true,
        _ summary: String
    ) -> SpecField {
        let (defaultText, defaultJSON, isRequired) = describe(fallback)
        let info = FieldInfo(
            key: key, summary: summary, defaultText: defaultText, defaultJSON: defaultJSON, isRequired: isRequired,
            schema: { _ in SchemaWriter.schema(of: domain, summary: summary, default: defaultJSON) },
            rows: { _, prefix in
                [ReferenceRow(path: prefix + key, meaning: "\(summary) (\(domain))", defaultText: defaultText)]
            })
        return SpecField(
            key: key, info: info,
            read: { reader, _, section in
                let found = reader.value(of: key).flatMap { json in
                    ValueCoding.read(json, as: domain, at: reader.path(of: key), reader.diagnostics).flatMap(
                        Value.init(hyperparameterValue:))
                }
                if let found {
                    section[keyPath: property] = found
                } else if !reader.contains(key) {
                    switch fallback {
                    case .value(let value): section[keyPath: property] = value
                    case .derived(_, let compute): section[keyPath: property] = compute(section)
                    case .required(let example): reader.reportMissing(key, example: example)
                    }
                }
            },
            write: { section in
                let json = JSONValue(section[keyPath: property].hyperparameterValue)
                return !writtenAtDefault && json == defaultJSON ? nil : json
            })
    }

    /// A key that may be absent (and is then left out of `spec.json`), stored at `property`.
    static func optional<Value: HyperparameterType>(
        _ key: String, _ property: WritableKeyPath<Section, Value?>, _ domain: ValueDomain,
        absent: String, _ summary: String
    ) -> SpecField {
        let info = FieldInfo(
            key: key, summary: summary, defaultText: absent, defaultJSON: nil, isRequired: false,
            schema: { _ in SchemaWriter.schema(of: domain, summary: summary, default: nil) },
            rows: { _, prefix in
                [ReferenceRow(path: prefix + key, meaning: "\(summary) (\(domain))", defaultText: absent)]
            })
        return SpecField(
            key: key, info: info,
            read: { reader, _, section in
                section[keyPath: property] = reader.value(of: key).flatMap { json in
                    ValueCoding.read(json, as: domain, at: reader.path(of: key), reader.diagnostics).flatMap(
                        Value.init(hyperparameterValue:))
                }
            }, write: { section in section[keyPath: property].map { JSONValue($0.hyperparameterValue) } })
    }

    /// A key holding a nested section (an object of its own keys, each with its default), stored at `property`.
    static func section<Nested: SpecSection>(
        _ key: String, _ property: WritableKeyPath<Section, Nested>, required: Bool = false,
        _ summary: String
    ) -> SpecField {
        let info = FieldInfo(
            key: key, summary: summary, defaultText: required ? "required" : "", defaultJSON: nil, isRequired: required,
            schema: { context in Nested.schema(context, summary: summary) },
            rows: { context, prefix in Nested.referenceRows(context, prefix: prefix + key + ".") })
        return SpecField(
            key: key, info: info,
            read: { reader, context, section in
                if required, !reader.contains(key) {
                    reader.reportMissing(key, example: Nested.example)
                }
                section[keyPath: property] = Nested.read(reader.section(key), context)
            }, write: { section in section[keyPath: property].json })
    }

    /// A key holding a nested section that may be absent (and then is nil), stored at `property`.
    static func optionalSection<Nested: SpecSection>(
        _ key: String, _ property: WritableKeyPath<Section, Nested?>,
        absent: String, _ summary: String
    ) -> SpecField {
        let info = FieldInfo(
            key: key, summary: summary, defaultText: absent, defaultJSON: nil, isRequired: false,
            schema: { context in Nested.schema(context, summary: summary) },
            rows: { context, prefix in
                [ReferenceRow(path: prefix + key, meaning: summary, defaultText: absent)]
                    + Nested.referenceRows(context, prefix: prefix + key + ".")
            })
        return SpecField(
            key: key, info: info,
            read: { reader, context, section in
                section[keyPath: property] = reader.object(key).map { Nested.read($0, context) }
            }, write: { section in section[keyPath: property]?.json })
    }

    /// A key holding a non-empty array of nested sections (each an object of its own keys), stored at
    /// `property`; absent, and left out of `spec.json`, when the array is empty.
    static func sectionList<Nested: SpecSection>(
        _ key: String, _ property: WritableKeyPath<Section, [Nested]>, _ summary: String
    ) -> SpecField {
        let info = FieldInfo(
            key: key, summary: summary, defaultText: "absent", defaultJSON: nil, isRequired: false,
            schema: { context in
                .object([
                    .init("description", .string(summary)), .init("type", .string("array")),
                    .init("items", Nested.schema(context, summary: summary)), .init("minItems", .integer(1)),
                ])
            },
            rows: { context, prefix in
                [ReferenceRow(path: prefix + key, meaning: summary, defaultText: "absent")]
                    + Nested.referenceRows(context, prefix: prefix + key + "[].")
            })
        return SpecField(
            key: key, info: info,
            read: { reader, context, section in
                guard let value = reader.value(of: key) else { return }
                guard case .array(let items) = value, !items.isEmpty else {
                    reader.diagnostics.report(
                        reader.path(of: key),
                        "expected a non-empty array of objects, found \(value.kindDescription); add an object or remove the key"
                    )
                    return
                }
                section[keyPath: property] = items.enumerated().compactMap { position, item in
                    ObjectReader(item, path: "\(reader.path(of: key))[\(position)]", diagnostics: reader.diagnostics)
                        .map { Nested.read($0, context) }
                }
            },
            write: { section in
                let items = section[keyPath: property]
                return items.isEmpty ? nil : .array(items.map(\.json))
            })
    }

    /// The reference text, schema default and requiredness of a default.
    private static func describe<Value: HyperparameterType>(_ fallback: FieldDefault<Section, Value>) -> (
        String, JSONValue?, Bool
    ) {
        switch fallback {
        case .value(let value):
            let json = JSONValue(value.hyperparameterValue)
            return ("`\(json.formatted())`", json, false)
        case .derived(let words, _): return (words, nil, false)
        case .required: return ("required", nil, true)
        }
    }
}

extension SpecField {
    /// A key whose reading needs more than one domain (a string or a list; a split given in one of two
    /// forms): its own reader, writer and schema, documented by one reference row.
    static func custom(
        _ key: String, default defaultText: String, required: Bool = false, _ summary: String,
        schema: @escaping () -> JSONValue,
        read: @escaping (ObjectReader, SpecContext, inout Section) -> Void,
        write: @escaping (Section) -> JSONValue?
    ) -> SpecField {
        let info = FieldInfo(
            key: key, summary: summary, defaultText: defaultText, defaultJSON: nil, isRequired: required,
            schema: { _ in schema() },
            rows: { _, prefix in [ReferenceRow(path: prefix + key, meaning: summary, defaultText: defaultText)] })
        return SpecField(key: key, info: info, read: read, write: write)
    }
}
