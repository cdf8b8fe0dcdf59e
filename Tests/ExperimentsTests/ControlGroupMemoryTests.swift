import Experiments
import Testing

/// The memory limit a run is held against is its control group's, v2 or v1, on its own group or
/// one above it, not only the host's.
@Suite struct ControlGroupMemoryTests {
    func limit(_ selfCgroup: String, _ files: [String: String]) -> Double? {
        ControlGroupMemory.limit(selfCgroup: selfCgroup) { files[$0] }
    }

    @Test func version2LimitsOnTheGroupOrAnAncestor() {
        let nested = "0::/user.slice/run-1.scope\n"
        #expect(limit(nested, ["/sys/fs/cgroup/user.slice/run-1.scope/memory.max": "3221225472\n",
                               "/sys/fs/cgroup/user.slice/memory.max": "max\n"]) == 3_221_225_472)
        #expect(limit(nested, ["/sys/fs/cgroup/user.slice/run-1.scope/memory.max": "max\n",
                               "/sys/fs/cgroup/user.slice/memory.max": "2147483648\n"]) == 2_147_483_648)
        #expect(limit("0::/\n", ["/sys/fs/cgroup/memory.max": "1073741824\n"]) == 1_073_741_824)
        #expect(limit(nested, ["/sys/fs/cgroup/memory.max": "max\n"]) == nil)
    }

    @Test func version1MemoryControllerAndTheContainersOwnView() {
        let hybrid = "12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/docker/abc\n"
        #expect(limit(hybrid, ["/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "3221225472\n",
                               "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"]) == 3_221_225_472)
        // Inside the container the mount shows its own group at the top: the host path is absent.
        #expect(limit(hybrid, ["/sys/fs/cgroup/memory/memory.limit_in_bytes": "3221225472\n"]) == 3_221_225_472)
        #expect(limit("", [:]) == nil)
    }
}
