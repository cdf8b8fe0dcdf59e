import MetaLearning
import Testing

@Suite struct OptimizerSettingsTests {
    @Test func theOptimizerTakesTheSettingsSchedule() {
        for kind in OptimizerSettings.Kind.allCases {
            let schedule = LearningRateSchedule.step(every: 2000, factor: 0.5)
            let optimizer = OptimizerSettings(kind: kind, learningRate: 1e-3, schedule: schedule).makeOptimizer()
            #expect(optimizer.learningRate == 1e-3)
            #expect(optimizer.schedule == schedule)
        }
    }

    @Test func theScheduleIsConstantUnlessSet() {
        let optimizer = OptimizerSettings(learningRate: 0.3).makeOptimizer()
        #expect(optimizer.schedule == .constant)
        #expect(optimizer.currentLearningRate == Float(0.3 as Double))
    }
}
