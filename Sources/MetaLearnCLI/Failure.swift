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

    /// `wrapping(_:)` for rank `rank` of an MPI job: the messages of ranks other than 0 name their
    /// rank. (The failing rank's exit makes `mpirun` end the others.)
    static func wrapping<Result>(onRank rank: Int, _ body: () throws -> Result) throws -> Result {
        do {
            return try wrapping(body)
        } catch let failure as Failure where rank != 0 {
            throw Failure(description: "rank \(rank): \(failure.description)")
        }
    }
}
