/// Typed reads. Each returns the value found, or the default when the key is absent. When the value is
/// invalid it reports an error and returns the default: a spec with errors is never returned, so the
/// default only lets the walk go on and find the remaining errors.
extension ObjectReader {
    /// An integer in `lower...upper`. Integral reals such as `2e3` are accepted.
    func integer(_ key: String, default fallback: Int, atLeast lower: Int, atMost upper: Int = .max) -> Int {
        guard let value = value(of: key) else { return fallback }
        return Self.integer(value, at: path(of: key), atLeast: lower, atMost: upper, diagnostics) ?? fallback
    }

    /// A finite real number meeting `requirement`; integers are accepted.
    func real(_ key: String, default fallback: Double, _ requirement: RealRequirement) -> Double {
        guard let value = value(of: key) else { return fallback }
        let keyPath = path(of: key)
        guard let number = Self.number(value) else {
            diagnostics.report(keyPath, "expected a number, found \(value.kindDescription)" + Self.unquoteHint(value))
            return fallback
        }
        guard requirement.contains(number) else {
            diagnostics.report(keyPath, "must be \(requirement.description), found \(number)")
            return fallback
        }
        return number
    }

    /// `true` or `false`.
    func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = value(of: key) else { return fallback }
        guard case .bool(let flag) = value else {
            diagnostics.report(path(of: key), "expected true or false, found \(value.kindDescription)" + Self.unquoteHint(value))
            return fallback
        }
        return flag
    }

    /// A non-empty string, or nil when absent.
    func string(_ key: String) -> String? {
        guard let value = value(of: key) else { return nil }
        return Self.string(value, at: path(of: key), diagnostics)
    }

    /// One of `choices`; a near miss gets "did you mean". Returns `fallback` when absent or invalid.
    func word(_ key: String, default fallback: String, among choices: [String]) -> String {
        guard let value = value(of: key) else { return fallback }
        return Self.word(value, at: path(of: key), among: choices, diagnostics) ?? fallback
    }

    /// A list of non-empty strings; errors name the element (`dataset.split.train[2]`).
    func strings(_ key: String, default fallback: [String]) -> [String] {
        guard let value = value(of: key) else { return fallback }
        return Self.array(value, at: path(of: key), diagnostics) { element, elementPath in
            Self.string(element, at: elementPath, diagnostics)
        } ?? fallback
    }

    /// A list of integers in `lower...upper`.
    func integers(_ key: String, default fallback: [Int], atLeast lower: Int, atMost upper: Int = .max) -> [Int] {
        guard let value = value(of: key) else { return fallback }
        return Self.array(value, at: path(of: key), diagnostics) { element, elementPath in
            Self.integer(element, at: elementPath, atLeast: lower, atMost: upper, diagnostics)
        } ?? fallback
    }

    /// A reader of the object at `key`, or nil when absent or not an object (reported).
    func object(_ key: String) -> ObjectReader? {
        guard let value = value(of: key) else { return nil }
        return ObjectReader(value, path: path(of: key), diagnostics: diagnostics)
    }

    /// A reader of the object at `key`; when it is absent or not an object (reported), a reader of an
    /// empty object, so that every key takes its default.
    func section(_ key: String) -> ObjectReader {
        object(key) ?? ObjectReader(.object([]), path: path(of: key), diagnostics: diagnostics)!
    }

    // MARK: conversions of one value

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let integer): return Double(integer)
        case .real(let real): return real
        default: return nil
        }
    }

    static func integer(_ value: JSONValue, at path: String, atLeast lower: Int, atMost upper: Int,
                        _ diagnostics: SpecDiagnostics) -> Int? {
        let integer: Int
        switch value {
        case .integer(let exact): integer = exact
        case .real(let real) where real.rounded() == real && abs(real) < 0x1p62: integer = Int(real)
        default:
            diagnostics.report(path, "expected an integer, found \(value.kindDescription)" + unquoteHint(value))
            return nil
        }
        guard integer >= lower, integer <= upper else {
            let range = upper == .max ? "at least \(lower)" : "between \(lower) and \(upper)"
            diagnostics.report(path, "must be \(range), found \(integer)")
            return nil
        }
        return integer
    }

    static func string(_ value: JSONValue, at path: String, _ diagnostics: SpecDiagnostics) -> String? {
        guard case .string(let text) = value else {
            diagnostics.report(path, "expected a string, found \(value.kindDescription)")
            return nil
        }
        guard !text.isEmpty else {
            diagnostics.report(path, "must not be empty")
            return nil
        }
        return text
    }

    static func word(_ value: JSONValue, at path: String, among choices: [String], _ diagnostics: SpecDiagnostics) -> String? {
        let options = choices.map { "\"\($0)\"" }.joined(separator: ", ")
        guard case .string(let text) = value else {
            diagnostics.report(path, "expected one of \(options), found \(value.kindDescription)")
            return nil
        }
        guard choices.contains(text) else {
            let guess = Suggestion.closest(to: text, among: choices).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.report(path, "expected one of \(options), found \"\(text)\"" + guess)
            return nil
        }
        return text
    }

    /// Converts every element of an array, reporting each bad one; nil if any was bad.
    static func array<Element>(_ value: JSONValue, at path: String, _ diagnostics: SpecDiagnostics,
                               _ convert: (JSONValue, String) -> Element?) -> [Element]? {
        guard case .array(let elements) = value else {
            diagnostics.report(path, "expected an array, found \(value.kindDescription)")
            return nil
        }
        let converted = elements.enumerated().map { convert($1, "\(path)[\($0)]") }
        return converted.contains { $0 == nil } ? nil : converted.compactMap { $0 }
    }

    /// "; write it without quotes: 5" when a string holds what should have been a number or boolean.
    static func unquoteHint(_ value: JSONValue) -> String {
        guard case .string(let text) = value,
              text == "true" || text == "false" || Double(text)?.isFinite == true else { return "" }
        return "; write it without quotes: \(text)"
    }
}
