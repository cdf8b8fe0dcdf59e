import Testing
import Foundation
import MetaNN

@Suite struct LearningRateScheduleTests {
    @Test func constantIsTheBaseRate() {
        #expect(LearningRateSchedule.constant.rate(base: 0.25, step: 0) == 0.25)
        #expect(LearningRateSchedule.constant.rate(base: 0.25, step: 123_456) == 0.25)
    }

    @Test func stepDecayMultipliesOncePerPeriod() {
        // Halving every 2000 updates (Snell et al. 2017): powers of two are exact.
        let halving = LearningRateSchedule.step(every: 2000, factor: 0.5)
        #expect(halving.rate(base: 1e-3, step: 0) == 1e-3)
        #expect(halving.rate(base: 1e-3, step: 1999) == 1e-3)
        #expect(halving.rate(base: 1e-3, step: 2000) == 5e-4)
        #expect(halving.rate(base: 1e-3, step: 4000) == 2.5e-4)        // 2 periods
        #expect(halving.rate(base: 1e-3, step: 10_999) == 3.125e-5)    // 5 periods
        // A factor of 0.1 every 3 updates: 2 periods at t = 6..8, 5 periods at t = 15..17.
        let tenth = LearningRateSchedule.step(every: 3, factor: 0.1)
        #expect(tenth.rate(base: 2, step: 5) == 2 * 0.1)
        #expect(abs(tenth.rate(base: 2, step: 8) - 0.02) < 1e-16)
        #expect(abs(tenth.rate(base: 2, step: 15) - 2e-5) < 1e-19)
        #expect(abs(tenth.rate(base: 2, step: 17) - 2e-5) < 1e-19)
    }

    @Test func cosineAnnealsFromTheBaseToTheMinimum() {
        let cosine = LearningRateSchedule.cosine(iterations: 100, minimum: 1e-4)
        #expect(cosine.rate(base: 1e-3, step: 0) == 1e-3)
        // t = T/4: 1e-4 + 9e-4 · (1 + √2/2)/2.
        #expect(abs(cosine.rate(base: 1e-3, step: 25) - 8.681980515339464e-4) < 1e-15)
        // t = T/2: halfway, (1e-3 + 1e-4)/2.
        #expect(abs(cosine.rate(base: 1e-3, step: 50) - 5.5e-4) < 1e-15)
        #expect(cosine.rate(base: 1e-3, step: 100) == 1e-4)
        #expect(cosine.rate(base: 1e-3, step: 101) == 1e-4)
        #expect(cosine.rate(base: 1e-3, step: 10_000) == 1e-4)
    }

    @Test func warmupScalesAnyScheduleLinearlyThenLeavesIt() {
        let warm = LearningRateSchedule.warmup(iterations: 4, then: .constant)
        #expect(warm.rate(base: 0.2, step: 0) == 0.2 * 1 / 4)
        #expect(warm.rate(base: 0.2, step: 2) == 0.2 * 3 / 4)
        #expect(warm.rate(base: 0.2, step: 3) == 0.2)
        #expect(warm.rate(base: 0.2, step: 50) == 0.2)
        // Over a cosine of T = 100 to 0: t = 1 is 1e-3 · (1 + cos(π/100))/2 · 2/10; t = 50 is 5e-4, past the warm-up.
        let warmCosine = LearningRateSchedule.warmup(iterations: 10, then: .cosine(iterations: 100, minimum: 0))
        #expect(abs(warmCosine.rate(base: 1e-3, step: 1) - 1e-3 * (1 + cos(Double.pi / 100)) / 2 * 0.2) < 1e-18)
        #expect(abs(warmCosine.rate(base: 1e-3, step: 50) - 5e-4) < 1e-15)
        // Over step decay (halve every 3): t = 4 is 1 · 0.5 · 5/8.
        #expect(LearningRateSchedule.warmup(iterations: 8, then: .step(every: 3, factor: 0.5)).rate(base: 1, step: 4) == 0.3125)
    }

    @Test func schedulesRoundTripThroughJSON() throws {
        let schedules: [LearningRateSchedule] = [.constant, .step(every: 2000, factor: 0.5), .cosine(iterations: 60_000, minimum: 1e-5),
                                                 .warmup(iterations: 500, then: .cosine(iterations: 60_000, minimum: 0))]
        for schedule in schedules {
            let decoded = try JSONDecoder().decode(LearningRateSchedule.self, from: JSONEncoder().encode(schedule))
            #expect(decoded == schedule)
        }
        #expect(LearningRateSchedule.step(every: 2, factor: 0.5) != .step(every: 2, factor: 0.25))
    }
}
