import Foundation
import MetaTensor

/// Timing and memory readings for benchmarks.
enum Measurement {
    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// The wall time of one run of `body`, in seconds.
    static func time(_ body: () -> Void) -> Double {
        let start = now()
        body()
        return now() - start
    }

    /// How much the resident floor rose over a run, from the resident sizes read after each of its
    /// iterations: the least reading of the second half minus the least of the first half, or 0.
    /// Transient allocations make single readings wander by a megabyte; a leak raises the floor.
    static func floorGrowth(_ readings: [Int]) -> Int {
        let half = readings.count / 2
        guard half > 0, let early = readings[..<half].min(), let late = readings[half...].min() else { return 0 }
        return max(0, late - early)
    }

    /// The process's resident set size now, in bytes (from /proc/self/statm).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The process's peak resident set size so far, in bytes (VmHWM).
    static func peakResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }

    /// The GEMM FLOPs `body` executes (on all threads).
    static func countedFLOPs(_ body: () -> Void) -> Int {
        let before = BLAS.flopsExecuted
        body()
        return BLAS.flopsExecuted - before
    }

    /// Cores available to this process.
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
