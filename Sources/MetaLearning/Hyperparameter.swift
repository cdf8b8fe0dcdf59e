/// A typed hyperparameter key, declared once and read as `context[MAML.innerLR]`: its name in the
/// spec, what it means, its valid values and its default. A misspelt key does not compile, and
/// the value comes back as `Value`, never as a loosely typed setting.
///
/// ```swift
/// static let temperature = Hyperparameter<Double>("temperature", "divides the logits", .real(.positive), default: 1)
/// let t = context[Self.temperature]
/// ```
public struct Hyperparameter<Value: HyperparameterType>: Sendable {
    /// The type-erased declaration the spec reader, the schema and `metalearn learners` use.
    public let declaration: HyperparameterDeclaration

    /// Declares a key; the default must lie inside the domain.
    public init(
        _ name: String, _ summary: String, _ domain: ValueDomain, default defaultValue: Value,
        writtenAtDefault: Bool = true
    ) {
        declaration = HyperparameterDeclaration(
            name, summary, domain, default: defaultValue.hyperparameterValue,
            writtenAtDefault: writtenAtDefault)
    }

    /// The spec key (`innerLR`).
    public var name: String { declaration.name }

    /// The default.
    public var defaultValue: Value { Value(hyperparameterValue: declaration.defaultValue)! }

    /// The same key (name, type and domain) with the default and summary of another paper: the
    /// MAML family shares its inner-loop keys, each learner with its paper's default.
    public func withDefault(_ value: Value, _ summary: String) -> Hyperparameter {
        Hyperparameter(
            name, summary, declaration.domain, default: value, writtenAtDefault: declaration.writtenAtDefault)
    }
}

extension Hyperparameter where Value: HyperparameterWord {
    /// Declares a key whose values are the words of `Value`.
    public init(_ name: String, _ summary: String, default defaultValue: Value, writtenAtDefault: Bool = true) {
        self.init(name, summary, Value.domain, default: defaultValue, writtenAtDefault: writtenAtDefault)
    }
}

/// A key of any value type, as a learner or model lists the keys it accepts.
public protocol HyperparameterKey: Sendable {
    /// The type-erased declaration.
    var declaration: HyperparameterDeclaration { get }
}

extension Hyperparameter: HyperparameterKey {}

/// The declaration of one hyperparameter, whatever its type: its name in the spec's object, what it
/// means (and where its default comes from), its valid values and its default.
public struct HyperparameterDeclaration: Sendable {
    /// The key in the spec's object, camelCase (`innerLR`).
    public let name: String
    /// What it controls, and the source of its default (paper, table, section).
    public let summary: String
    /// Its type and valid values.
    public let domain: ValueDomain
    /// The value used when the spec omits it; always inside `domain`.
    public let defaultValue: HyperparameterValue
    /// Whether a resolved spec writes it when it has its default. False for a setting added after
    /// specs were written, so their resolved form (and `specSHA256`) stays what it was.
    public let writtenAtDefault: Bool

    /// Declares a hyperparameter; the default must lie inside the domain.
    public init(
        _ name: String, _ summary: String, _ domain: ValueDomain, default defaultValue: HyperparameterValue,
        writtenAtDefault: Bool = true
    ) {
        precondition(domain.contains(defaultValue), "default of hyperparameter '\(name)' lies outside its domain")
        self.name = name
        self.summary = summary
        self.domain = domain
        self.defaultValue = defaultValue
        self.writtenAtDefault = writtenAtDefault
    }
}

/// A hyperparameter's value as it appears in a spec.
public enum HyperparameterValue: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case real(Double)
    case integer(Int)
    case boolean(Bool)
    case text(String)
    case list([HyperparameterValue])

    /// The value as JSON would print it.
    public var description: String {
        switch self {
        case .real(let value): return "\(value)"
        case .integer(let value): return "\(value)"
        case .boolean(let value): return "\(value)"
        case .text(let value): return "\"\(value)\""
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

/// The resolved hyperparameters of one learner, model or optimizer: every declared name with the
/// spec's value or its default.
public struct Hyperparameters: Sendable, Equatable {
    /// The values by name.
    public let values: [String: HyperparameterValue]

    /// Wraps already validated values.
    public init(_ values: [String: HyperparameterValue]) {
        self.values = values
    }

    /// Every key of `keys` at its default, overridden by `values` (which must be valid).
    public init(resolving keys: [HyperparameterDeclaration], _ values: [String: HyperparameterValue] = [:]) {
        self.init(Dictionary(uniqueKeysWithValues: keys.map { ($0.name, values[$0.name] ?? $0.defaultValue) }))
    }

    /// The value of `key`. Traps when the key was not declared where these values were resolved:
    /// that is a programming error in the learner or model, never a user error.
    public subscript<Value>(_ key: Hyperparameter<Value>) -> Value {
        guard let stored = values[key.name], let value = Value(hyperparameterValue: stored) else {
            preconditionFailure("hyperparameter '\(key.name)' is not declared as \(Value.self) here")
        }
        return value
    }
}

extension HyperparameterDeclaration: HyperparameterKey {
    /// The declaration itself.
    public var declaration: HyperparameterDeclaration { self }
}
