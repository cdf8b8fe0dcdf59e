import Experiments

/// Checks a JSON value against the subset of JSON Schema that `SpecSchema` generates (types, ranges,
/// enums, object and array rules, `oneOf`, `allOf`, `if`/`then`), so that tests can show what an
/// editor using the schema accepts and rejects. Returns the paths of the violations.
enum SchemaValidator {
    static func violations(of value: JSONValue, against schema: JSONValue, at path: String = "") -> [String] {
        guard case .object = schema else { return [] }
        var found: [String] = []
        func fail(_ why: String) { found.append("\(path.isEmpty ? "(top)" : path): \(why)") }
        if case .string(let type)? = schema["type"], !has(value, type: type) { fail("not \(type)") }
        if case .array(let choices)? = schema["enum"], !choices.contains(where: { same($0, value) }) { fail("not in enum") }
        if let constant = schema["const"], !same(constant, value) { fail("not const") }
        if let number = numeric(value) {
            if let bound = schema["minimum"].flatMap(numeric), number < bound { fail("below minimum") }
            if let bound = schema["maximum"].flatMap(numeric), number > bound { fail("above maximum") }
            if let bound = schema["exclusiveMinimum"].flatMap(numeric), number <= bound { fail("not above exclusiveMinimum") }
            if let bound = schema["exclusiveMaximum"].flatMap(numeric), number >= bound { fail("not below exclusiveMaximum") }
        }
        if case .string(let text) = value, case .integer(let least)? = schema["minLength"], text.count < least { fail("too short") }
        if case .object(let members) = value {
            let properties = schema["properties"]
            for member in members {
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                if let declared = properties?[member.key] {
                    found += violations(of: member.value, against: declared, at: memberPath)
                } else if schema["additionalProperties"] == .bool(false) {
                    found.append("\(memberPath): not allowed")
                }
            }
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where value[key] == nil { fail("missing \(key)") }
            }
        }
        if case .array(let elements) = value {
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() { found += violations(of: element, against: items, at: "\(path)[\(index)]") }
            }
            if case .integer(let least)? = schema["minItems"], elements.count < least { fail("too few items") }
            if case .integer(let most)? = schema["maxItems"], elements.count > most { fail("too many items") }
            if schema["uniqueItems"] == .bool(true),
               elements.indices.contains(where: { i in elements[..<i].contains { same($0, elements[i]) } }) { fail("repeated items") }
        }
        if case .array(let branches)? = schema["oneOf"],
           branches.filter({ violations(of: value, against: $0, at: path).isEmpty }).count != 1 { fail("not exactly one of oneOf") }
        if case .array(let branches)? = schema["allOf"] {
            for branch in branches { found += violations(of: value, against: branch, at: path) }
        }
        if let condition = schema["if"], let then = schema["then"], violations(of: value, against: condition, at: path).isEmpty {
            found += violations(of: value, against: then, at: path)
        }
        return found
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .integer),
             ("number", .integer), ("number", .real): return true
        case ("integer", .real(let number)): return number.rounded() == number
        default: return false
        }
    }

    private static func numeric(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let number): return Double(number)
        case .real(let number): return number
        default: return nil
        }
    }

    private static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = numeric(a), let y = numeric(b) { return x == y }
        return a == b
    }
}
