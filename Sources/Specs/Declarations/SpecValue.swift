import MetaLearning

/// A Swift type a spec key can hold: converted from and to the checked setting value.
protocol SpecValue {
    /// The value, or nil when `specValue` has another type (never after a domain check).
    init?(specValue: HyperparameterValue)
    /// The value as a setting value.
    var specValue: HyperparameterValue { get }
}

extension Int: SpecValue {
    init?(specValue: HyperparameterValue) {
        guard case .integer(let value) = specValue else { return nil }
        self = value
    }
    var specValue: HyperparameterValue { .integer(self) }
}

extension Double: SpecValue {
    init?(specValue: HyperparameterValue) {
        switch specValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
    var specValue: HyperparameterValue { .real(self) }
}

extension Bool: SpecValue {
    init?(specValue: HyperparameterValue) {
        guard case .boolean(let value) = specValue else { return nil }
        self = value
    }
    var specValue: HyperparameterValue { .boolean(self) }
}

extension String: SpecValue {
    init?(specValue: HyperparameterValue) {
        guard case .text(let value) = specValue else { return nil }
        self = value
    }
    var specValue: HyperparameterValue { .text(self) }
}

extension Array: SpecValue where Element: SpecValue {
    init?(specValue: HyperparameterValue) {
        guard case .list(let values) = specValue else { return nil }
        let elements = values.compactMap(Element.init(specValue:))
        guard elements.count == values.count else { return nil }
        self = elements
    }
    var specValue: HyperparameterValue { .list(map(\.specValue)) }
}

/// A spec value that is one word of a fixed set (`"gray"`, `"rgb"`): an enum whose raw values are the words.
protocol SpecWord: SpecValue, RawRepresentable<String>, CaseIterable {}

extension SpecWord {
    init?(specValue: HyperparameterValue) {
        guard case .text(let word) = specValue else { return nil }
        self.init(rawValue: word)
    }
    var specValue: HyperparameterValue { .text(rawValue) }

    /// The domain of the words, in declaration order.
    static var domain: ValueDomain { .choice(allCases.map(\.rawValue)) }
}
