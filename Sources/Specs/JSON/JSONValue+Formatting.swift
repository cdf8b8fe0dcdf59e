extension JSONValue {
    /// The value as indented JSON text: objects one member per line in their stored order, indented
    /// by two spaces; arrays holding no objects or arrays on one line (`[0, 90, 180, 270]`).
    /// The output is a deterministic function of the value (hashes of it are stable) and parses back
    /// to an equal value. Reals use Swift's shortest round-tripping form (`0.001`, `1e-08`, `1.0`).
    public func formatted() -> String {
        var output = ""
        write(to: &output, indentation: "")
        return output
    }

    private func write(to output: inout String, indentation: String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .real(let value): output += value.description
        case .string(let value): output += Self.quoted(value)
        case .array(let elements):
            let isFlat = elements.allSatisfy { element in
                switch element {
                case .array, .object: return false
                default: return true
                }
            }
            if elements.isEmpty || isFlat {
                output += "["
                for (position, element) in elements.enumerated() {
                    if position > 0 { output += ", " }
                    element.write(to: &output, indentation: indentation)
                }
                output += "]"
            } else {
                let inner = indentation + "  "
                output += "[\n"
                for (position, element) in elements.enumerated() {
                    output += inner
                    element.write(to: &output, indentation: inner)
                    output += position < elements.count - 1 ? ",\n" : "\n"
                }
                output += indentation + "]"
            }
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            let inner = indentation + "  "
            output += "{\n"
            for (position, member) in members.enumerated() {
                output += inner + Self.quoted(member.key) + ": "
                member.value.write(to: &output, indentation: inner)
                output += position < members.count - 1 ? ",\n" : "\n"
            }
            output += indentation + "}"
        }
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped, the rest as is.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension JSONValue {
    /// The value as it reads in a label such as `learner.name=maml`: a string bare, anything else as
    /// JSON on one line (`0.4`, `[0, 90]`).
    public var labelText: String {
        if case .string(let word) = self { return word }
        return formatted().split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined(separator: " ")
    }
}
