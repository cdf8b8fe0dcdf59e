/// A Swift type a hyperparameter or spec key can hold, converted from and to the checked setting value.
public protocol HyperparameterType: Sendable {
    /// The value, or nil when `hyperparameterValue` has another type (never after a domain check).
    init?(hyperparameterValue: HyperparameterValue)
    /// The value as a setting value.
    var hyperparameterValue: HyperparameterValue { get }
}

extension Int: HyperparameterType {
    public init?(hyperparameterValue: HyperparameterValue) {
        guard case .integer(let value) = hyperparameterValue else { return nil }
        self = value
    }

    public var hyperparameterValue: HyperparameterValue { .integer(self) }
}

extension Double: HyperparameterType {
    /// A real, or an integer widened (JSON does not tell `1` from `1.0`).
    public init?(hyperparameterValue: HyperparameterValue) {
        switch hyperparameterValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }

    public var hyperparameterValue: HyperparameterValue { .real(self) }
}

extension Bool: HyperparameterType {
    public init?(hyperparameterValue: HyperparameterValue) {
        guard case .boolean(let value) = hyperparameterValue else { return nil }
        self = value
    }

    public var hyperparameterValue: HyperparameterValue { .boolean(self) }
}

extension String: HyperparameterType {
    public init?(hyperparameterValue: HyperparameterValue) {
        guard case .text(let value) = hyperparameterValue else { return nil }
        self = value
    }

    public var hyperparameterValue: HyperparameterValue { .text(self) }
}

extension Array: HyperparameterType where Element: HyperparameterType {
    public init?(hyperparameterValue: HyperparameterValue) {
        guard case .list(let values) = hyperparameterValue else { return nil }
        let elements = values.compactMap(Element.init(hyperparameterValue:))
        guard elements.count == values.count else { return nil }
        self = elements
    }

    public var hyperparameterValue: HyperparameterValue { .list(map(\.hyperparameterValue)) }
}

/// A value that is one word of a fixed set (`"gray"`, `"rgb"`): an enum whose raw values are the
/// words. The engine's own enums conform, so a spec key or hyperparameter holds them directly.
public protocol HyperparameterWord: HyperparameterType, RawRepresentable<String>, CaseIterable {}

extension HyperparameterWord {
    public init?(hyperparameterValue: HyperparameterValue) {
        guard case .text(let word) = hyperparameterValue else { return nil }
        self.init(rawValue: word)
    }

    public var hyperparameterValue: HyperparameterValue { .text(rawValue) }

    /// The domain of the words, in declaration order.
    public static var domain: ValueDomain { .choice(allCases.map(\.rawValue)) }
}

extension ClosedRange: HyperparameterType where Bound == Double {
    /// `[low, high]`, low not above high.
    public init?(hyperparameterValue: HyperparameterValue) {
        guard let ends = [Double](hyperparameterValue: hyperparameterValue), ends.count == 2, ends[0] <= ends[1] else {
            return nil
        }
        self = ends[0]...ends[1]
    }

    public var hyperparameterValue: HyperparameterValue { .list([.real(lowerBound), .real(upperBound)]) }
}
