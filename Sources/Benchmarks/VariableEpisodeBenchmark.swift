import Experiments
import FewShotData
import MetaLearning

/// Meta-Dataset episodes (Triantafillou et al. 2020's rule) over two sources of 84×84 RGB images, as
/// a run with `dataset.sources` draws its training episodes, against the learner that trains
/// fastest on them (ProtoNet, Conv-4 with 64 channels, tasks on all cores). The sources hold random
/// pixels in memory: drawing does not depend on the values, and the sizes are those of the
/// cross-domain suite's sources (a colour set of 48 training classes of about 50 images, and a
/// second one of 30 classes of 20).
enum VariableEpisodeBenchmark {
    static let size = 84

    /// The training episodes of two in-memory sources of equal weight.
    static func trainingEpisodes() -> TrainingEpisodes {
        var generator = SeededGenerator(seed: 11)
        func source(classes: Int, images: ClosedRange<Int>) -> EpisodeSampler {
            let imageClasses = (0..<classes).map { index in
                let count = images.lowerBound + generator.nextInt(below: images.count)
                return ImageClass(
                    name: "class\(index)",
                    images: (0..<(count * 3 * size * size)).map { _ in generator.nextUnitFloat() }, channels: 3,
                    size: size)
            }
            return try! EpisodeSampler(classes: imageClasses, rule: .metaDataset(.standard), seed: 1)
        }
        return TrainingEpisodes(
            samplers: [source(classes: 48, images: 40...60), source(classes: 30, images: 20...20)], weights: [1, 1],
            seed: 1)
    }

    /// Episodes per second: drawing `count` episodes on the calling thread (the best of `repeats`
    /// runs), and ProtoNet meta-training on the first `learnerEpisodes` of them (the best of
    /// `repeats` passes over them after a warm-up episode).
    static func measure(count: Int = 64, learnerEpisodes: Int = 8, repeats: Int = 3, registry: LearnerRegistry)
        -> (drawn: Double, protonet: Double)
    {
        let episodes = trainingEpisodes()
        var bestDraw = Double.infinity
        var checksum: Float = 0
        for _ in 0..<max(1, repeats) {
            bestDraw = min(
                bestDraw,
                Measurement.time { for index in 0..<count { checksum += episodes.episode(index).queryImages[0] } })
        }
        let descriptor = registry.descriptor(named: "protonet")!
        let learner = descriptor.make(
            LearnerContext(
                hyperparameters: descriptor.resolve(), ways: 50, shots: 1, queries: 10,
                makeModel: { Conv4(inputChannels: 3, imageSize: size, outputs: $0) }, metaOptimizer: Adam(),
                iterations: 1000, seed: 1, threads: Measurement.cores))
        var state = learner.initialState()
        let tasks = (0..<learnerEpisodes).map { FewShotTask(episodes.episode($0)) }
        _ = learner.metaTrain(&state, on: [tasks[0]], iteration: 0)
        var bestTrain = Double.infinity
        for pass in 0..<max(1, repeats) {
            bestTrain = min(
                bestTrain,
                Measurement.time {
                    for (index, task) in tasks.enumerated() {
                        _ = learner.metaTrain(&state, on: [task], iteration: 1 + pass * tasks.count + index)
                    }
                })
        }
        return (checksum.isNaN ? 0 : Double(count) / bestDraw, Double(tasks.count) / bestTrain)
    }
}
