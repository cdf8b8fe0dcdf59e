import ArgumentParser
import Foundation

/// A user-facing failure: its message goes to stderr as one line prefixed `error:` and the
/// process exits with status 1, whatever error type the library threw.
struct Failure: Error, CustomStringConvertible {
    let description: String

    /// Runs `body`, turning any thrown error into a `Failure` carrying its description.
    static func wrapping<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: String(describing: error))
        }
    }
}
