import MetaLearning
import Testing

/// The t quantiles against printed tables (two-sided 95%), and the interval across seeds by hand.
@Suite struct StudentTTests {
    @Test(arguments: [(1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764), (9, 2.2622), (29, 2.0452), (1000, 1.9623)])
    func quantilesMatchTheTables(degreesOfFreedom: Int, expected: Double) {
        #expect(abs(StudentT.quantile975(degreesOfFreedom: degreesOfFreedom) - expected) < 1e-4)
    }

    /// Seeds 0.9 and 0.95: mean 0.925, sd 0.0353553, ci95 = 12.7062 · 0.0353553 / √2 = 0.317655.
    @Test func twoSeeds() {
        let summary = SeedSummary([0.9, 0.95])
        #expect(summary.count == 2 && abs(summary.mean - 0.925) < 1e-12)
        #expect(abs(summary.ci95 - 0.317655) < 1e-5)
    }

    /// Seeds 0.5, 0.6, 0.7: mean 0.6, sd 0.1, ci95 = 4.3027 · 0.1 / √3 = 0.248414.
    @Test func threeSeeds() {
        let summary = SeedSummary([0.5, 0.6, 0.7])
        #expect(abs(summary.mean - 0.6) < 1e-12 && abs(summary.ci95 - 0.248414) < 1e-5)
    }
}
