import Foundation
import TestSupport
import Testing

/// `metalearn bench` measures each group in a process of its own, at tiny iteration counts.
@Suite struct BenchCommandTests {
    /// The heads group runs after the engine group; in one process its peak resident size would
    /// include the Conv-4 pass's (85 MB against the head's 48 MB on the 2-core machine). Both
    /// groups' figures come in order, after one `sgemmGFLOPS`, and the children's progress lines
    /// reach stderr.
    @Test func eachGroupsPeakIsItsOwnProcesss() throws {
        let result = try MetaLearnExecutable.run(
            ["bench", "--group", "heads", "--group", "engine", "--conv4-iterations", "2", "--json"])
        try #require(result.status == 0, "\(result.errors)")
        let figures = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Double], "\(result.output)")
        let order = [
            "sgemmGFLOPS", "conv4GFLOPS", "conv4PeakFraction", "conv4RSSGrowthBytes", "conv4PeakRSSBytes",
            "logisticHeadEpisodesPerSecond", "logisticHeadPeakRSSBytes",
        ]
        #expect(result.output.split(separator: "\n").dropFirst().dropLast().map { $0.split(separator: "\"")[1] }
            == order.map { Substring($0) })
        let engine = try #require(figures["conv4PeakRSSBytes"]), heads = try #require(figures["logisticHeadPeakRSSBytes"])
        #expect(heads > 0 && heads < engine, "heads \(heads) B, engine \(engine) B")
        #expect(result.errors.contains("bench: conv4GFLOPS: ") && result.errors.contains("bench: logisticHeadEpisodesPerSecond: "))
    }

    /// A child that dies (as one killed for memory does) fails the run with one line naming its group.
    @Test func aChildThatDiesFailsTheRunNamingItsGroup() throws {
        let executable = try #require(MetaLearnExecutable.url)
        let bench = try CapturedProcess(executable, ["bench", "--group", "engine", "--conv4-iterations", "100000000"])
        let parent = bench.process.processIdentifier
        var child: Int32?
        for _ in 0..<400 where child == nil {
            let children = try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)
            child = children?.split(separator: " ").first.flatMap { Int32($0) }
            if child == nil { usleep(25_000) }
        }
        guard let child else {
            bench.process.terminate()
            _ = bench.wait()
            Issue.record("bench started no child process in 10 seconds")
            return
        }
        kill(child, SIGKILL)
        let result = bench.wait()
        #expect(result.status != 0)
        #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        #expect(
            result.errors.contains("the engine group failed: its process was killed by signal 9 before printing its figures"),
            "\(result.errors)")
    }
}
