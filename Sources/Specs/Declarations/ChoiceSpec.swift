import MetaLearning

/// A spec object that names one of several choices and sets that choice's parameters:
/// `{"name": "maml", "innerLR": 0.4}`. The learner, the model, the optimizer and the learning-rate
/// schedule are such objects; every parameter the spec omits takes its declared default.
public struct ChoiceSpec: Sendable, Equatable {
    /// The chosen name.
    public var name: String
    /// Every parameter of the choice, with the spec's value or its default. Values of real
    /// parameters are always `.real`, even when written as integers.
    public var parameters: Hyperparameters
    /// The parameter names in declaration order, the order they are written back in.
    public var parameterOrder: [String]
    /// The defaults of the parameters not written when they have them (`Hyperparameter.writtenAtDefault`).
    var unwrittenDefaults: [String: HyperparameterValue]

    /// A choice with every parameter at its default, overridden by `values` (which must be valid).
    public init(_ declaration: any SpecChoice, _ values: [String: HyperparameterValue] = [:]) {
        name = declaration.name
        parameterOrder = declaration.parameters.map(\.name)
        parameters = Hyperparameters(resolving: declaration.parameters, values)
        unwrittenDefaults = Dictionary(
            uniqueKeysWithValues: declaration.parameters.filter { !$0.writtenAtDefault }.map {
                ($0.name, $0.defaultValue)
            })
    }

    /// An empty placeholder, replaced when the spec is read.
    init() {
        name = ""
        parameters = Hyperparameters([:])
        parameterOrder = []
        unwrittenDefaults = [:]
    }

    /// The object as `spec.json` holds it: the name, then every parameter in declaration order
    /// (but those at a default that is not written).
    var json: JSONValue {
        .object(
            [.init("name", .string(name))]
                + parameterOrder.compactMap { key in
                    let value = parameters.values[key]!
                    return unwrittenDefaults[key] == value ? nil : .init(key, JSONValue(value))
                })
    }
}

extension SpecField {
    /// A key holding a choice object (`learner`, `model`, ...), stored at `property`.
    ///
    /// - Parameters:
    ///   - kind: how messages name a choice ("learner", "model").
    ///   - choices: the choices, given the context (the learners come from its registry).
    ///   - defaultName: the choice taken when the object or its `name` is absent; nil makes both required.
    ///   - listsParameters: whether the reference lists each choice's parameters (learners are listed by `metalearn learners`).
    static func choice(
        _ key: String, _ property: WritableKeyPath<Section, ChoiceSpec>, kind: String,
        among choices: @escaping (SpecContext) -> [any SpecChoice], defaultName: String?,
        listsParameters: Bool = true, _ summary: String
    ) -> SpecField {
        let info = FieldInfo(
            key: key, summary: summary, defaultText: defaultName.map { "`\($0)`" } ?? "required", defaultJSON: nil,
            isRequired: defaultName == nil,
            schema: { context in
                ChoiceSchema.schema(summary: summary, choices: choices(context), defaultName: defaultName)
            },
            rows: { context, prefix in
                let all = choices(context)
                var rows = [
                    ReferenceRow(
                        path: prefix + key + ".name",
                        meaning: summary + " (" + all.map { "`\($0.name)`" }.joined(separator: ", ") + ")",
                        defaultText: defaultName.map { "`\($0)`" } ?? "required")
                ]
                guard listsParameters else { return rows }
                for choice in all {
                    rows += choice.parameters.map { parameter in
                        ReferenceRow(
                            path: prefix + key + "." + parameter.name,
                            meaning: "\(choice.name): \(parameter.summary) (\(parameter.domain))",
                            defaultText: "`\(JSONValue(parameter.defaultValue).formatted())`")
                    }
                }
                return rows
            })
        return SpecField(
            key: key, info: info,
            read: { reader, context, section in
                let all = choices(context)
                if defaultName == nil, !reader.contains(key) {
                    reader.reportMissing(key, example: "{\"name\": \"\(all.first?.name ?? "name")\"}")
                }
                let object = reader.section(key)
                let names = all.map(\.name)
                var chosen: (any SpecChoice)?
                if let value = object.value(of: "name") {
                    if case .text(let name)? = ValueCoding.read(
                        value, as: .choice(names), at: object.path(of: "name"), object.diagnostics)
                    {
                        chosen = all.first { $0.name == name }
                    }
                } else if let defaultName {
                    chosen = all.first { $0.name == defaultName }
                } else if reader.contains(key) {
                    object.reportMissing("name", example: names.first.map { "\"\($0)\"" } ?? "\"name\"")
                }
                guard let chosen else { return }
                var values: [String: HyperparameterValue] = [:]
                for parameter in chosen.parameters {
                    if let json = object.value(of: parameter.name),
                        let value = ValueCoding.read(
                            json, as: parameter.domain, at: object.path(of: parameter.name), object.diagnostics)
                    {
                        values[parameter.name] = value
                    }
                }
                var misplaced: [String: String] = [:]
                for other in all where other.name != chosen.name {
                    for parameter in other.parameters
                    where misplaced[parameter.name] == nil
                        && !chosen.parameters.contains(where: { $0.name == parameter.name })
                    {
                        let owners = all.filter { $0.parameters.contains { $0.name == parameter.name } }.map {
                            "'\($0.name)'"
                        }
                        misplaced[parameter.name] =
                            "'\(parameter.name)' applies to \(kind) \(owners.joined(separator: ", ")), not '\(chosen.name)'"
                    }
                }
                object.reportUnknownKeys(misplaced: misplaced)
                section[keyPath: property] = ChoiceSpec(chosen, values)
            }, write: { section in section[keyPath: property].json })
    }
}
