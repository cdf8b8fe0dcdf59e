import Foundation

/// The figures `metalearn bench` prints: named numbers in a fixed order.
public struct BenchmarkReport: Sendable {
    /// (key, value) pairs in the order they were measured.
    public private(set) var figures: [(key: String, value: Double)] = []

    /// An empty report.
    public init() {}

    /// Adds a figure.
    public mutating func record(_ key: String, _ value: Double) {
        figures.append((key, value))
    }

    /// One JSON object, keys in measurement order.
    public var json: String {
        let body = figures.map { "  \"\($0.key)\": \(Self.format($0.value))" }.joined(separator: ",\n")
        return "{\n\(body)\n}"
    }

    /// Aligned "key  value" lines for a terminal.
    public var text: String {
        let width = figures.map(\.key.count).max() ?? 0
        return figures.map { $0.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Self.format($0.value) }
            .joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}

/// Runs the benchmark groups and collects their figures.
public enum Benchmarks {
    /// The groups a user can ask for.
    public enum Group: String, CaseIterable, Sendable {
        case engine, data, learners
    }

    /// Measures the chosen groups; `progress` receives one line per figure as it is measured.
    public static func run(groups: [Group] = Group.allCases, conv4Iterations: Int = 1000,
                           omniglotRoot: URL? = nil, progress: (String) -> Void = { _ in }) throws -> BenchmarkReport {
        var report = BenchmarkReport()
        func record(_ key: String, _ value: Double) {
            report.record(key, value)
            progress("\(key): \(value)")
        }
        let sgemm = EngineBenchmark.sgemmGFLOPS()
        record("sgemmGFLOPS", sgemm)
        if groups.contains(.engine) {
            let conv4 = EngineBenchmark.conv4(iterations: conv4Iterations)
            record("conv4GFLOPS", conv4.gflops)
            record("conv4PeakFraction", conv4.gflops / sgemm)
            record("conv4RSSGrowthBytes", Double(conv4.rssGrowthBytes))
        }
        return report
    }
}
