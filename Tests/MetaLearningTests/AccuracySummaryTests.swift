import MetaLearning
import Testing

@Suite struct AccuracySummaryTests {
    @Test func matchesHandComputedValues() {
        // mean 0.8; deviations −0.2, 0, 0.2, 0: squares sum to 0.08; sd = √(0.08 / 3) = 0.163299...;
        // ci95 = 1.96 · 0.163299 / 2 = 0.160033...
        let summary = AccuracySummary([0.6, 0.8, 1.0, 0.8])
        #expect(summary.count == 4)
        #expect(abs(summary.mean - 0.8) < 1e-15)
        #expect(abs(summary.standardDeviation - 0.16329931618554522) < 1e-15)
        #expect(abs(summary.ci95 - 0.1600333298618343) < 1e-15)
    }

    @Test func identicalAccuraciesHaveNoSpread() {
        let summary = AccuracySummary(Array(repeating: 0.75, count: 600))
        #expect(summary.mean == 0.75)
        #expect(summary.standardDeviation == 0)
        #expect(summary.ci95 == 0)
    }

    @Test func oneEpisodeHasZeroInterval() {
        let summary = AccuracySummary([0.4])
        #expect(summary.mean == 0.4)
        #expect(summary.standardDeviation == 0)
        #expect(summary.ci95 == 0)
    }

    @Test func twoEpisodes() {
        // mean 0.5, sd = √((0.25 + 0.25) / 1) = 0.7071..., ci95 = 1.96 · 0.7071 / √2 = 0.98.
        let summary = AccuracySummary([0, 1])
        #expect(summary.mean == 0.5)
        #expect(abs(summary.ci95 - 0.98) < 1e-12)
    }
}
