/// The valid values of one setting (a spec key or a learner's hyperparameter): its JSON type and
/// range. Spec reading checks values against it, `validate` words its messages from it, and the
/// JSON Schema and the spec reference are generated from it.
public indirect enum ValueDomain: Sendable, Equatable {
    /// An integer in the range (`Int.max` as the upper end: no upper limit).
    case integer(ClosedRange<Int>)
    /// A finite real number in the range; JSON integers are accepted.
    case real(RealRange)
    /// `true` or `false`.
    case boolean
    /// A non-empty string.
    case text
    /// One of the listed words.
    case choice([String])
    /// One of the listed integers (rotation angles).
    case integerChoice([Int])
    /// A JSON array of values of the element domain, with a length in `count`; `unique` forbids repeats.
    case list(ValueDomain, count: ClosedRange<Int>, unique: Bool)
    /// Two numbers `[low, high]` in the range, low not above high (a `ClosedRange<Double>`).
    case interval(RealRange)

    /// A real number in a closed range: `.real(0...10)`.
    public static func real(_ range: ClosedRange<Double>) -> ValueDomain {
        .real(RealRange(range.lowerBound, range.upperBound))
    }

    /// A non-empty array of values of `element`, repeats allowed.
    public static func list(of element: ValueDomain) -> ValueDomain {
        .list(element, count: 1...Int.max, unique: false)
    }

    /// Whether `value` has this domain's type and lies in its range. An integer is accepted
    /// where a real is expected (JSON does not tell `1` from `1.0`).
    public func contains(_ value: HyperparameterValue) -> Bool {
        switch (self, value) {
        case (.real(let range), .real(let number)): return range.contains(number)
        case (.real(let range), .integer(let number)): return range.contains(Double(number))
        case (.integer(let range), .integer(let number)): return range.contains(number)
        case (.boolean, .boolean): return true
        case (.text, .text(let word)): return !word.isEmpty
        case (.choice(let words), .text(let word)): return words.contains(word)
        case (.integerChoice(let numbers), .integer(let number)): return numbers.contains(number)
        case (.interval(let range), .list(let values)):
            guard values.count == 2, let low = Double(hyperparameterValue: values[0]),
                let high = Double(hyperparameterValue: values[1])
            else { return false }
            return range.contains(low) && range.contains(high) && low <= high
        case (.list(let element, let count, let unique), .list(let values)):
            return count.contains(values.count) && values.allSatisfy(element.contains)
                && (!unique || Set(values).count == values.count)
        default: return false
        }
    }
}

extension ValueDomain: CustomStringConvertible {
    /// The valid values in words, as error messages and `metalearn learners` show them:
    /// "an integer from 1 to 100", "a number greater than 0", "one of \"adam\", \"sgd\"".
    public var description: String {
        switch self {
        case .integer(let range):
            if range.upperBound == .max { return "an integer of at least \(range.lowerBound)" }
            return "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .real(let range): return "a number \(range)"
        case .boolean: return "true or false"
        case .text: return "a non-empty string"
        case .choice(let words): return "one of " + words.map { "\"\($0)\"" }.joined(separator: ", ")
        case .integerChoice(let numbers): return "one of " + numbers.map(String.init).joined(separator: ", ")
        case .list(let element, let count, let unique):
            let size =
                count.upperBound == .max
                ? (count.lowerBound > 0 ? "a non-empty list" : "a list")
                : count.lowerBound == count.upperBound
                    ? "a list of \(count.lowerBound)" : "a list of \(count.lowerBound) to \(count.upperBound)"
            return "\(size) of \(element.pluralDescription)" + (unique ? ", without repeats" : "")
        case .interval(let range): return "two numbers, low ≤ high, both \(range)"
        }
    }

    /// "integers from 1 to 65536", for the elements of a list.
    var pluralDescription: String {
        switch self {
        case .integer(let range):
            if range.upperBound == .max { return "integers of at least \(range.lowerBound)" }
            return "integers from \(range.lowerBound) to \(range.upperBound)"
        case .real(let range): return "numbers \(range)"
        case .text: return "non-empty strings"
        case .choice(let words): return "values from " + words.map { "\"\($0)\"" }.joined(separator: ", ")
        case .integerChoice(let numbers): return "values from " + numbers.map(String.init).joined(separator: ", ")
        default: return "values that are \(self)"
        }
    }
}

/// An interval of real numbers whose ends may each be open or closed.
public struct RealRange: Sendable, Equatable, CustomStringConvertible {
    /// The lower end.
    public let lower: Double
    /// The upper end (`.infinity`: no upper limit).
    public let upper: Double
    /// Whether `lower` itself is excluded.
    public let lowerIsOpen: Bool
    /// Whether `upper` itself is excluded.
    public let upperIsOpen: Bool

    /// The interval from `lower` to `upper`, closed unless told otherwise.
    public init(_ lower: Double, _ upper: Double, lowerIsOpen: Bool = false, upperIsOpen: Bool = false) {
        precondition(lower <= upper, "RealRange: \(lower) above \(upper)")
        self.lower = lower
        self.upper = upper
        self.lowerIsOpen = lowerIsOpen
        self.upperIsOpen = upperIsOpen
    }

    /// Numbers greater than 0 (learning rates, epsilon).
    public static let positive = RealRange(0, .infinity, lowerIsOpen: true, upperIsOpen: true)
    /// [0, 1) (momentum, Adam's betas).
    public static let fraction = RealRange(0, 1, upperIsOpen: true)
    /// [0, 1] (split fractions).
    public static let unitInterval = RealRange(0, 1)

    /// Whether `value` is finite and inside the interval.
    public func contains(_ value: Double) -> Bool {
        value.isFinite && (lowerIsOpen ? value > lower : value >= lower)
            && (upperIsOpen ? value < upper : value <= upper)
    }

    /// "greater than 0", "in [0, 1)", "in [0, 10]".
    public var description: String {
        if upper == .infinity {
            return lowerIsOpen ? "greater than \(Self.format(lower))" : "of at least \(Self.format(lower))"
        }
        return "in \(lowerIsOpen ? "(" : "[")\(Self.format(lower)), \(Self.format(upper))\(upperIsOpen ? ")" : "]")"
    }

    /// 0 rather than 0.0; other numbers as Swift prints them.
    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
