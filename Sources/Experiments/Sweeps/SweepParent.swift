import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ties a sweep's runs to the sweep: a run started by `metalearn sweep` ends when the sweep process
/// ends, however it ends (`kill -9` included), as a killed run does: its checkpoints stay, and the sweep
/// started again resumes it.
public enum SweepParent {
    /// The environment variable naming the sweep's process id in the runs it starts.
    public static let variable = "METALEARN_SWEEP_PARENT"

    /// When `environment` names a sweep process, watches it once a second from a background thread and
    /// ends this process (exit status 143, as for SIGTERM) as soon as it is no longer this process's parent.
    public static func endWithSweep(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let parent = environment[variable].flatMap(Int32.init) else { return }
        let watcher = Thread {
            while getppid() == parent { sleep(1) }
            _exit(143)
        }
        watcher.start()
    }
}
