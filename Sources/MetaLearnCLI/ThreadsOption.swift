import ArgumentParser
import Foundation

/// `--threads`: how many tasks run in parallel, shared by the commands that train or evaluate.
struct ThreadsOption: ParsableArguments {
    /// The most threads a command accepts: far more than any machine's cores.
    static let most = 4096

    @Option(
        help:
            "Tasks run in parallel (default: all cores; under mpirun, the cores divided among this host's ranks). Results do not depend on it."
    )
    var threads = Self.defaultThreads

    /// All cores, shared evenly by the ranks `mpirun` started on this host (it sets OMPI_COMM_WORLD_LOCAL_SIZE).
    static var defaultThreads: Int {
        let ranksHere = ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1
        return max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, ranksHere))
    }

    func validate() throws {
        guard (1...Self.most).contains(threads) else {
            throw ValidationError("--threads must be from 1 to \(Self.most), found \(threads)")
        }
    }
}
