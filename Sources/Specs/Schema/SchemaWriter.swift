import MetaLearning

/// JSON Schema (draft 2020-12) fragments for declared values.
enum SchemaWriter {
    /// The schema of a value of `domain`, with its description and default.
    static func schema(of domain: ValueDomain, summary: String?, default fallback: JSONValue?) -> JSONValue {
        var members: [JSONValue.Member] = []
        if let summary { members.append(.init("description", .string(summary))) }
        members += constraints(of: domain)
        if let fallback { members.append(.init("default", fallback)) }
        return .object(members)
    }

    /// The type and range keywords of `domain`.
    static func constraints(of domain: ValueDomain) -> [JSONValue.Member] {
        switch domain {
        case .integer(let range):
            var members: [JSONValue.Member] = [
                .init("type", .string("integer")), .init("minimum", .integer(range.lowerBound)),
            ]
            if range.upperBound != .max { members.append(.init("maximum", .integer(range.upperBound))) }
            return members
        case .real(let range):
            var members: [JSONValue.Member] = [.init("type", .string("number"))]
            members.append(.init(range.lowerIsOpen ? "exclusiveMinimum" : "minimum", number(range.lower)))
            if range.upper != .infinity {
                members.append(.init(range.upperIsOpen ? "exclusiveMaximum" : "maximum", number(range.upper)))
            }
            return members
        case .boolean:
            return [.init("type", .string("boolean"))]
        case .text:
            return [.init("type", .string("string")), .init("minLength", .integer(1))]
        case .choice(let words):
            return [.init("enum", .array(words.map(JSONValue.string)))]
        case .integerChoice(let numbers):
            return [.init("enum", .array(numbers.map(JSONValue.integer)))]
        case .list(let element, let count, let unique):
            var members: [JSONValue.Member] = [
                .init("type", .string("array")), .init("items", .object(constraints(of: element))),
                .init("minItems", .integer(count.lowerBound)),
            ]
            if count.upperBound != .max { members.append(.init("maxItems", .integer(count.upperBound))) }
            if unique { members.append(.init("uniqueItems", .bool(true))) }
            return members
        case .interval(let range):
            return constraints(of: .list(.real(range), count: 2...2, unique: false))
        }
    }

    /// A bound as an integer when it is one, so the schema reads `"minimum": 0`.
    private static func number(_ value: Double) -> JSONValue {
        value.rounded() == value && abs(value) < 1e15 ? .integer(Int(value)) : .real(value)
    }
}

/// The schema of a choice object: `name` among the choices, and one `if`/`then` branch per choice
/// that admits exactly its parameters.
enum ChoiceSchema {
    static func schema(summary: String, choices: [any SpecChoice], defaultName: String?) -> JSONValue {
        var name: [JSONValue.Member] = [.init("enum", .array(choices.map { .string($0.name) }))]
        if let defaultName { name.append(.init("default", .string(defaultName))) }
        var members: [JSONValue.Member] = [
            .init("description", .string(summary)),
            .init("type", .string("object")),
            .init("properties", .object([.init("name", .object(name))])),
        ]
        if defaultName == nil { members.append(.init("required", .array([.string("name")]))) }
        members.append(
            .init(
                "allOf",
                .array(
                    choices.map { choice in
                        // The default choice also applies when `name` is absent.
                        var condition: [JSONValue.Member] = [
                            .init(
                                "properties", .object([.init("name", .object([.init("const", .string(choice.name))]))]))
                        ]
                        if choice.name != defaultName { condition.append(.init("required", .array([.string("name")]))) }
                        let properties =
                            [JSONValue.Member("name", .object([.init("description", .string(choice.summary))]))]
                            + choice.parameters.map {
                                .init(
                                    $0.name,
                                    SchemaWriter.schema(
                                        of: $0.domain, summary: $0.summary,
                                        default: JSONValue($0.defaultValue)))
                            }
                        return .object([
                            .init("if", .object(condition)),
                            .init(
                                "then",
                                .object([
                                    .init("properties", .object(properties)),
                                    .init("additionalProperties", .bool(false)),
                                ])),
                        ])
                    })))
        return .object(members)
    }
}
