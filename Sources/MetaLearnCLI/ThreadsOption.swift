import ArgumentParser
import Foundation

/// `--threads`: how many tasks run in parallel, shared by the commands that train or evaluate.
struct ThreadsOption: ParsableArguments {
    /// The most threads a command accepts: far more than any machine's cores.
    static let most = 4096

    @Option(help: "Tasks run in parallel (default: all cores). Results do not depend on it.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard (1...Self.most).contains(threads) else {
            throw ValidationError("--threads must be from 1 to \(Self.most), found \(threads)")
        }
    }
}
