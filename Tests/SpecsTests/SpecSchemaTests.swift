import SpecTestSupport
import Specs
import Testing

/// The generated schema knows every key the decoder writes, at the same place.
@Suite struct SpecSchemaTests {
    static func schema() -> JSONValue { SpecSchema.document(learners: TestLearners.all) }

    /// `node` and the schemas it combines (`$ref` within the document, `oneOf`, `anyOf`, `allOf`).
    static func alternatives(_ node: JSONValue, in root: JSONValue) -> [JSONValue] {
        var result = [node]
        if case .string(let reference)? = node["$ref"], reference.hasPrefix("#/") {
            let target = reference.dropFirst(2).split(separator: "/").reduce(root as JSONValue?) { $0?[String($1)] }
            result += target.map { alternatives($0, in: root) } ?? []
        }
        if let then = node["then"] { result += alternatives(then, in: root) }
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
        minimalSpec(#""dataset": {"root": "d", "layout": "flat", "split": {"train": "a.txt", "validation": "b.txt", "test": "c.json"}}"#),
        minimalSpec(#""dataset": {"root": "d", "split": {"file": "vinyals.json"}}"#),
        minimalSpec(#""dataset": {"root": "d", "layout": "csv"}"#),
        minimalSpec(#""learner": {"name": "maml", "firstOrder": true}"#),
    ])
    func declaresEveryKeyOfResolvedSpecs(text: String) throws {
        let schema = Self.schema()
        let spec = try ExperimentSpec(json: text, learners: TestLearners.all)
        #expect(Self.undeclaredKeys(of: spec.resolvedJSON, schema: schema, root: schema, path: "") == [])
    }
}
