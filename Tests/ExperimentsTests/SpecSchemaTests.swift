import Experiments
import Foundation
import Testing

/// `experiments/spec.schema.json` must know every key the decoder writes, at the same place.
@Suite struct SpecSchemaTests {
    /// The schema, found by walking up from this file to the package root.
    static func schema() throws -> JSONValue {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            let parent = directory.deletingLastPathComponent()
            try #require(parent.path != directory.path, "no Package.swift above \(#filePath)")
            directory = parent
        }
        let text = try String(contentsOf: directory.appendingPathComponent("experiments/spec.schema.json"), encoding: .utf8)
        return try JSONValue(parsing: text)
    }

    /// `node` and the schemas it combines (`$ref` within the document, `oneOf`, `anyOf`, `allOf`).
    static func alternatives(_ node: JSONValue, in root: JSONValue) -> [JSONValue] {
        var result = [node]
        if case .string(let reference)? = node["$ref"], reference.hasPrefix("#/") {
            let target = reference.dropFirst(2).split(separator: "/").reduce(root as JSONValue?) { $0?[String($1)] }
            result += target.map { alternatives($0, in: root) } ?? []
        }
        for combinator in ["oneOf", "anyOf", "allOf"] {
            if case .array(let branches)? = node[combinator] {
                result += branches.flatMap { alternatives($0, in: root) }
            }
        }
        return result
    }

    /// The JSON paths in `value` whose key the schema `node` does not declare.
    static func undeclaredKeys(of value: JSONValue, schema node: JSONValue, root: JSONValue, path: String) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { member -> [String] in
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                let declared = alternatives(node, in: root).compactMap { $0["properties"]?[member.key] }
                guard !declared.isEmpty else { return [memberPath] }
                return declared.count == 1 ? undeclaredKeys(of: member.value, schema: declared[0], root: root, path: memberPath) : []
            }
        case .array(let elements):
            let items = alternatives(node, in: root).compactMap { $0["items"] }
            return items.first.map { items in elements.flatMap { undeclaredKeys(of: $0, schema: items, root: root, path: path + "[]") } } ?? []
        default:
            return []
        }
    }

    @Test(arguments: [
        designSpec,
        minimalSpec(#""dataset": {"root": ["a", "b"], "cacheDirectory": "c", "split": {"fractions": {"train": 0.5, "test": 0.5}}}"#),
        minimalSpec(#""model": {"name": "mlp"}, "training": {"optimizer": {"name": "sgd"}}"#),
        minimalSpec(#""learner": {"name": "maml", "firstOrder": true}"#),
    ])
    func declaresEveryKeyOfResolvedSpecs(text: String) throws {
        let schema = try Self.schema()
        let spec = try ExperimentSpec(json: text, learners: TestLearners.all)
        #expect(Self.undeclaredKeys(of: spec.json, schema: schema, root: schema, path: "") == [])
    }

    @Test func schemaIsClosedExceptForTheLearner() throws {
        let schema = try Self.schema()
        func openObjects(_ node: JSONValue, path: String) -> [String] {
            guard case .object(let members) = node else {
                if case .array(let elements) = node {
                    return elements.enumerated().flatMap { openObjects($1, path: "\(path)[\($0)]") }
                }
                return []
            }
            let isObjectSchema = node["properties"] != nil
            let own = isObjectSchema && node["additionalProperties"] != .bool(false) ? [path] : []
            // An `if` holds a condition on the object, not a schema of one.
            return own + members.filter { $0.key != "if" }.flatMap { openObjects($0.value, path: path + "/" + $0.key) }
        }
        #expect(openObjects(schema, path: "#") == ["#/$defs/learner"])
    }
}
