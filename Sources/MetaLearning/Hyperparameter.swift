/// The declaration of one learner hyperparameter: its name in the spec's `learner` object,
/// what it means (and where its default comes from), its type and valid range, and its default.
public struct Hyperparameter: Sendable {
    /// The key in the spec's `learner` object, camelCase (`innerLR`).
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
    public init(_ name: String, _ summary: String, _ domain: ValueDomain, default defaultValue: HyperparameterValue,
                writtenAtDefault: Bool = true) {
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

/// The resolved hyperparameters of one learner: every declared name with the spec's value or its default.
public struct Hyperparameters: Sendable, Equatable {
    /// The values by name.
    public let values: [String: HyperparameterValue]

    /// Wraps already validated values.
    public init(_ values: [String: HyperparameterValue]) {
        self.values = values
    }

    /// A real-valued hyperparameter (an integer value is widened). Traps on an undeclared name:
    /// that is a programming error in the learner, never a user error.
    public func real(_ name: String) -> Double {
        switch values[name] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: preconditionFailure("hyperparameter '\(name)' is not a declared real")
        }
    }

    /// An integer hyperparameter.
    public func integer(_ name: String) -> Int {
        guard case .integer(let value) = values[name] else {
            preconditionFailure("hyperparameter '\(name)' is not a declared integer")
        }
        return value
    }

    /// A boolean hyperparameter.
    public func boolean(_ name: String) -> Bool {
        guard case .boolean(let value) = values[name] else {
            preconditionFailure("hyperparameter '\(name)' is not a declared boolean")
        }
        return value
    }

    /// A list of integers (a model's layer widths).
    public func integers(_ name: String) -> [Int] {
        guard case .list(let elements) = values[name] else {
            preconditionFailure("hyperparameter '\(name)' is not a declared list")
        }
        return elements.map { element in
            guard case .integer(let value) = element else { preconditionFailure("hyperparameter '\(name)' holds a non-integer") }
            return value
        }
    }

    /// A choice hyperparameter.
    public func text(_ name: String) -> String {
        guard case .text(let value) = values[name] else {
            preconditionFailure("hyperparameter '\(name)' is not a declared choice")
        }
        return value
    }
}
