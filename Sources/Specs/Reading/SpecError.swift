/// One problem in a spec: where it is (a JSON path such as `learner.innerLR` or
/// `dataset.split.train[2]`; empty for the document as a whole) and what is wrong, with the fix.
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the offending value, or of the key that is missing or unknown.
    public let path: String
    /// What is wrong and how to fix it: "unknown key 'inner_lr' in learner; did you mean 'innerLR'?".
    public let message: String

    /// An error at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or just the message for the document as a whole.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
