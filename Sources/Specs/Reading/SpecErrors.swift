/// Every problem found in a spec, in document order (then the checks across sections), so that
/// `metalearn validate` reports them all at once. Never empty when thrown.
public struct SpecErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, at least one.
    public let errors: [SpecError]

    /// Wraps the problems found; `errors` must not be empty.
    public init(_ errors: [SpecError]) {
        precondition(!errors.isEmpty, "SpecErrors needs at least one error")
        self.errors = errors
    }

    /// One line per error.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
