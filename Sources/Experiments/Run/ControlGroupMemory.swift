import Foundation

/// The memory limit the kernel holds this process to through its control group, cgroup v2 or v1:
/// the run is killed (rc 137, no message) past it, however much memory the machine has.
public enum ControlGroupMemory {
    /// The lowest limit on this process's control group and its ancestors, in bytes, or nil when none
    /// is set (or the system has no control groups).
    public static var limit: Double? {
        limit(selfCgroup: (try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) ?? "") {
            try? String(contentsOfFile: $0, encoding: .utf8)
        }
    }

    /// The lowest limit found from `selfCgroup` (the text of /proc/self/cgroup), reading files with
    /// `read`: for cgroup v2 (`0::/path`) `memory.max` under /sys/fs/cgroup, for v1's memory
    /// controller (`N:memory:/path`) `memory.limit_in_bytes` under /sys/fs/cgroup/memory, each in the
    /// group's folder and every folder above it up to the mount (where a container sees its own
    /// group). "max" and missing files set no limit.
    public static func limit(selfCgroup: String, read: (String) -> String?) -> Double? {
        var files: [String] = []
        for line in selfCgroup.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let (mount, file): (String, String)
            if fields[0] == "0" && fields[1].isEmpty {
                (mount, file) = ("/sys/fs/cgroup", "memory.max")
            } else if fields[1].split(separator: ",").contains("memory") {
                (mount, file) = ("/sys/fs/cgroup/memory", "memory.limit_in_bytes")
            } else {
                continue
            }
            var components = fields[2].split(separator: "/").map(String.init)
            while true {
                files.append(([mount] + components + [file]).joined(separator: "/"))
                if components.isEmpty { break }
                components.removeLast()
            }
        }
        return files.compactMap { read($0).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) } }
            .min()
    }
}
