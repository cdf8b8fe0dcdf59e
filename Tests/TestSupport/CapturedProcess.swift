import Foundation

/// A child process whose standard output and standard error are captured through pipes.
///
/// `wait()` reads both pipes to their end and closes their read ends itself: left to deallocation,
/// corelibs-foundation's pipe handles can close a descriptor that another test's process already
/// reuses, and a test run that starts many processes at once then dies in `FileHandle` with "Bad
/// file descriptor" (swiftlang/swift#57827).
public struct CapturedProcess {
    /// The running process.
    public let process: Process
    private let output = Pipe(), errors = Pipe()

    /// Starts `executable` with `arguments` (and `environment`, else this process's).
    public init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// Waits for the process to end: its exit status, standard output and standard error.
    public func wait() -> (status: Int32, output: String, errors: String) {
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        try? output.fileHandleForReading.close()
        try? errors.fileHandleForReading.close()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
