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

    @Test func schedulesRoundTripThroughJSON() throws {
        let schedules: [LearningRateSchedule] = [.constant, .step(every: 2000, factor: 0.5), .cosine(iterations: 60_000, minimum: 1e-5)]
        for schedule in schedules {
            let decoded = try JSONDecoder().decode(LearningRateSchedule.self, from: JSONEncoder().encode(schedule))
            #expect(decoded == schedule)
        }
        #expect(LearningRateSchedule.step(every: 2, factor: 0.5) != .step(every: 2, factor: 0.25))
    }
}
