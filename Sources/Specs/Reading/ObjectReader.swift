/// Reads the members of one JSON object of a spec. It remembers every key it was asked about, so
/// that the members nobody asked about can be reported as unknown keys with a suggestion.
final class ObjectReader {
    /// The JSON path of this object (empty for the document).
    let path: String
    let diagnostics: SpecDiagnostics
    private let members: [JSONValue.Member]
    private var knownKeys: [String] = []

    /// A reader of `value`, or nil after reporting an error when `value` is not an object.
    init?(_ value: JSONValue, path: String, diagnostics: SpecDiagnostics) {
        guard case .object(let members) = value else {
            diagnostics.report(path, "expected an object, found \(value.kindDescription)")
            return nil
        }
        self.path = path
        self.members = members
        self.diagnostics = diagnostics
    }

    /// The JSON path of the member `key`.
    func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key`, if present; `key` becomes a known key either way.
    func value(of key: String) -> JSONValue? {
        if !knownKeys.contains(key) { knownKeys.append(key) }
        return members.first { $0.key == key }?.value
    }

    /// Whether the object has a member `key` (without making it known).
    func contains(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// Reports a missing key that has no default, with an example of a valid value.
    func reportMissing(_ key: String, example: String) {
        diagnostics.report(
            path(of: key), "missing required key '\(key)' in \(name); add for example \"\(key)\": \(example)")
    }

    /// Reports every member whose key was never asked about. `misplaced` explains keys that are valid
    /// elsewhere ("'momentum' applies to optimizer 'sgd', not 'adam'"); the others get a suggestion
    /// among the known keys.
    func reportUnknownKeys(misplaced: [String: String] = [:]) {
        for member in members where !knownKeys.contains(member.key) {
            let message =
                misplaced[member.key]
                ?? "unknown key '\(member.key)' in \(name)" + Suggestion.hint(for: member.key, among: knownKeys)
            diagnostics.report(path(of: member.key), message)
        }
    }

    /// How messages name this object: its path, or "the top level".
    private var name: String { path.isEmpty ? "the top level" : path }
}
