import Foundation

/// How a child process ended, in words: "exit 3", or "killed by signal 9" for one a signal ended
/// (whose status is the signal's number, not an exit code).
public struct ProcessEnding: Sendable, Equatable, CustomStringConvertible {
    /// Whether a signal ended the process.
    public let signalled: Bool
    /// The exit code, or the signal's number when `signalled`.
    public let code: Int32

    /// The ending of `process`, which has terminated.
    public init(_ process: Process) {
        signalled = process.terminationReason == .uncaughtSignal
        code = process.terminationStatus
    }

    /// "exit 3" or "killed by signal 9".
    public var description: String { signalled ? "killed by signal \(code)" : "exit \(code)" }
}
