/// One change to a spec document before it is read: the value at a JSON path of object keys
/// (`learner.innerLR`, `seed`), replaced or added. `metalearn run --set` and sweeps make them; the
/// changed document is then validated exactly like a file, and errors at or below `path` name `origin`.
public struct SpecOverride: Sendable, Equatable {
    /// The object keys from the top level down, at least one: `["learner", "innerLR"]`.
    public let keys: [String]
    /// The new value.
    public let value: JSONValue
    /// Where the override came from, for messages: `--set learner.innerLR=0.1`.
    public let origin: String

    /// The dotted JSON path: `learner.innerLR`.
    public var path: String { keys.joined(separator: ".") }

    /// An override of the value at the dotted `path`.
    /// - Throws: `SpecError` when `path` is empty or has an empty key (`learner..innerLR`).
    public init(path: String, value: JSONValue, origin: String) throws(SpecError) {
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keys.contains(where: \.isEmpty) else {
            throw SpecError(
                path: path, message: "\(origin): '\(path)' is not a JSON path of object keys such as learner.innerLR")
        }
        self.keys = keys
        self.value = value
        self.origin = origin
    }

    /// An override written `PATH=VALUE` on the command line: VALUE is JSON (`0.1`, `true`, `[0, 90]`,
    /// `"maml"`), and a bare word that is not JSON is taken as a string (`learner.name=maml`).
    /// - Throws: `SpecError` naming the assignment when it has no `=` or an unusable path.
    public init(assignment: String) throws(SpecError) {
        let origin = "--set \(assignment)"
        guard let equals = assignment.firstIndex(of: "=") else {
            throw SpecError(path: "", message: "\(origin): expected PATH=VALUE, such as learner.innerLR=0.1")
        }
        let text = String(assignment[assignment.index(after: equals)...])
        let value = (try? JSONValue(parsing: text)) ?? .string(text)
        try self.init(path: String(assignment[..<equals]), value: value, origin: origin)
    }
}

extension JSONValue {
    /// The document with `overrides` applied in order; objects missing on a path are created.
    /// - Throws: `SpecErrors` naming each override whose path runs through something that is not an object.
    public func applying(_ overrides: [SpecOverride]) throws(SpecErrors) -> JSONValue {
        let (document, errors) = applyingWhatApplies(overrides)
        guard errors.isEmpty else { throw SpecErrors(errors) }
        return document
    }

    /// The document with every override applied that can be, and an error for each that cannot.
    func applyingWhatApplies(_ overrides: [SpecOverride]) -> (JSONValue, [SpecError]) {
        var document = self
        var errors: [SpecError] = []
        for override in overrides {
            if let problem = document.replace(override.keys[...], with: override.value, traversed: []) {
                errors.append(SpecError(path: override.path, message: "\(problem) (from \(override.origin))"))
            }
        }
        return (document, errors)
    }

    /// Sets the value at `keys` below this value; returns why it cannot, or nil.
    private mutating func replace(_ keys: ArraySlice<String>, with value: JSONValue, traversed: [String]) -> String? {
        guard let key = keys.first else {
            self = value
            return nil
        }
        guard case .object(var members) = self else {
            let path = traversed.isEmpty ? "the top level" : traversed.joined(separator: ".")
            return "cannot set a key inside \(path): it holds \(kindDescription), not an object"
        }
        let index =
            members.firstIndex { $0.key == key }
            ?? {
                members.append(Member(key, .object([])))
                return members.count - 1
            }()
        if keys.count == 1 {
            members[index].value = value
        } else if let problem = members[index].value.replace(
            keys.dropFirst(), with: value, traversed: traversed + [key])
        {
            return problem
        }
        self = .object(members)
        return nil
    }
}

extension SpecErrors {
    /// The errors with " (from --set ...)" added to each one at or below an override's path, so that a
    /// message caused by an override names it.
    public func attributed(to overrides: [SpecOverride]) -> SpecErrors {
        SpecErrors(
            errors.map { error in
                guard
                    let override = overrides.last(where: {
                        error.path == $0.path || error.path.hasPrefix($0.path + ".")
                            || error.path.hasPrefix($0.path + "[")
                    }),
                    !error.message.contains("(from \(override.origin))")
                else { return error }
                return SpecError(path: error.path, message: "\(error.message) (from \(override.origin))")
            })
    }
}
