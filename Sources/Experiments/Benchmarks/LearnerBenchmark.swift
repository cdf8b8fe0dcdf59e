import MetaLearning

/// Meta-training throughput of the built-in learners in the setting of the learner issue:
/// Conv-4 (64 channels) on 28×28 gray images, 5-way 1-shot 15-query tasks, meta-batches of 32,
/// one inner step (second order for maml and metasgd), tasks in parallel on all cores.
/// Tasks hold random images: speed does not depend on the pixels.
enum LearnerBenchmark {
    static let ways = 5, shots = 1, queries = 15, metaBatch = 32

    /// One throughput reading: iterations (or episodes) per second and counted GFLOP/s.
    struct Reading {
        let perSecond: Double
        let gflops: Double
    }

    static func tasks(_ count: Int, seed: UInt64) -> [FewShotTask] {
        var generator = SeededGenerator(seed: seed)
        func images(_ n: Int) -> Tensor {
            Tensor(shape: [n, 1, 28, 28], scalars: (0..<(n * 784)).map { _ in generator.nextUnitFloat() })
        }
        let support = (0..<(ways * shots)).map { $0 / shots }, query = (0..<(ways * queries)).map { $0 / queries }
        return (0..<count).map { _ in
            FewShotTask(support: images(support.count), supportLabels: support, query: images(query.count),
                        queryLabels: query, ways: ways)
        }
    }

    /// Builds `name` with one inner step (where it has inner steps) and the spec defaults otherwise.
    static func learner(_ name: String, registry: LearnerRegistry) -> any Learner {
        let descriptor = registry.descriptor(named: name)!
        var values: [String: HyperparameterValue] = [:]
        if descriptor.hyperparameters.contains(where: { $0.name == "innerSteps" }) { values["innerSteps"] = .integer(1) }
        let context = LearnerContext(hyperparameters: descriptor.resolve(values), ways: ways, shots: shots, queries: queries,
                                     makeModel: { Conv4(outputs: $0) }, metaOptimizer: OptimizerSettings(),
                                     iterations: 1000, seed: 1, threads: Measurement.cores)
        return descriptor.make(context)
    }

    /// Meta-iterations per second over `iterations` timed iterations (after one warm-up), and
    /// the counted GFLOP/s; `peak` is sampled between the timed iterations.
    static func measure(_ name: String, batch: Int = metaBatch, iterations: Int, peak: SGEMMPeak,
                        registry: LearnerRegistry) -> Reading {
        let learner = learner(name, registry: registry)
        let batches = (0..<2).map { tasks(batch, seed: UInt64($0)) }
        _ = learner.metaTrain(on: batches[0], iteration: 0)
        let flops = Measurement.countedFLOPs { _ = learner.metaTrain(on: batches[1], iteration: 1) }
        let seconds = Measurement.bestTime(repetitions: iterations, between: peak.sample) {
            _ = learner.metaTrain(on: batches[0], iteration: 2)
        }
        return Reading(perSecond: 1 / seconds, gflops: Double(flops) / seconds / 1e9)
    }

    /// The peak RSS of MAML meta-iterations and the growth of the resident floor
    /// (`Measurement.floorGrowth`) after the first `warmUp` iterations, while the buffer pool
    /// settles.
    static func mamlMemory(iterations: Int, warmUp: Int, registry: LearnerRegistry) -> (peak: Int, growth: Int) {
        let learner = learner("maml", registry: registry)
        let batch = tasks(metaBatch, seed: 7)
        var readings: [Int] = []
        for iteration in 0..<iterations {
            _ = learner.metaTrain(on: batch, iteration: iteration)
            if iteration >= warmUp { readings.append(Measurement.residentBytes()) }
        }
        return (Measurement.peakResidentBytes(), Measurement.floorGrowth(readings))
    }
}
