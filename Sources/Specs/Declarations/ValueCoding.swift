import MetaLearning

/// Converts between JSON values and setting values, checking them against their declared domain.
/// The one place where a spec value's type and range are checked and the messages are worded.
enum ValueCoding {
    /// The value of `json` if it has `domain`'s type and lies in it (integers widened to reals);
    /// nil after reporting at `path` otherwise.
    static func read(_ json: JSONValue, as domain: ValueDomain, at path: String, _ diagnostics: SpecDiagnostics)
        -> HyperparameterValue?
    {
        if case .interval(let range) = domain {
            guard
                case .list(let ends)? = read(
                    json, as: .list(.real(range), count: 2...2, unique: false), at: path, diagnostics)
            else {
                return nil
            }
            let (low, high) = (Double(hyperparameterValue: ends[0])!, Double(hyperparameterValue: ends[1])!)
            guard low <= high else {
                diagnostics.report(path, "low end \(low) is above high end \(high); give [low, high]")
                return nil
            }
            return .list(ends)
        }
        if case .list(let element, let count, let unique) = domain {
            guard case .array(let elements) = json else {
                diagnostics.report(path, "expected \(domain), found \(json.kindDescription)" + unquoteHint(json))
                return nil
            }
            let values = elements.enumerated().map { read($1, as: element, at: "\(path)[\($0)]", diagnostics) }
            guard !values.contains(where: { $0 == nil }) else { return nil }
            guard count.contains(values.count) else {
                diagnostics.report(
                    path,
                    count.lowerBound == count.upperBound
                        ? "must list exactly \(count.lowerBound) values, found \(values.count)"
                        : values.count < count.lowerBound
                            ? (count.lowerBound == 1
                                ? "must not be empty" : "must list at least \(count.lowerBound) values")
                            : "must list at most \(count.upperBound) values, found \(values.count)")
                return nil
            }
            if unique, let repeated = values.indices.first(where: { values[..<$0].contains(values[$0]) }) {
                diagnostics.report("\(path)[\(repeated)]", "\(values[repeated]!) is listed twice; list each value once")
                return nil
            }
            return .list(values.compactMap { $0 })
        }
        guard let candidate = candidate(json, for: domain) else {
            diagnostics.report(path, "expected \(domain), found \(json.kindDescription)" + unquoteHint(json))
            return nil
        }
        guard domain.contains(candidate) else {
            var message = "must be \(domain), found \(candidate)"
            if case .choice(let words) = domain, case .text(let word) = candidate {
                message =
                    "expected \(domain), found \"\(word)\""
                    + (Suggestion.closest(to: word, among: words).map { "; did you mean '\($0)'?" } ?? "")
            } else if case .text = domain {
                message = "must not be empty"
            }
            diagnostics.report(path, message)
            return nil
        }
        return candidate
    }

    /// `json` as a value of `domain`'s type, before range checks; nil for a type mismatch.
    private static func candidate(_ json: JSONValue, for domain: ValueDomain) -> HyperparameterValue? {
        switch (domain, json) {
        case (.real, .integer(let number)): return .real(Double(number))
        case (.real, .real(let number)): return .real(number)
        case (.integer, .integer(let number)), (.integerChoice, .integer(let number)): return .integer(number)
        case (.integer, .real(let number)), (.integerChoice, .real(let number)):
            // Integral reals such as 2e3 are integers written another way.
            return number.rounded() == number && abs(number) < 0x1p62 ? .integer(Int(number)) : nil
        case (.boolean, .bool(let flag)): return .boolean(flag)
        case (.text, .string(let word)), (.choice, .string(let word)): return .text(word)
        default: return nil
        }
    }

    /// "; write it without quotes: 5" when a string holds what should have been a number or boolean.
    static func unquoteHint(_ value: JSONValue) -> String {
        guard case .string(let text) = value,
            text == "true" || text == "false" || Double(text)?.isFinite == true
        else { return "" }
        return "; write it without quotes: \(text)"
    }
}

extension JSONValue {
    /// A setting value as JSON: reals stay reals, integers integers.
    public init(_ value: HyperparameterValue) {
        switch value {
        case .real(let number): self = .real(number)
        case .integer(let number): self = .integer(number)
        case .boolean(let flag): self = .bool(flag)
        case .text(let word): self = .string(word)
        case .list(let values): self = .array(values.map(JSONValue.init))
        }
    }
}
