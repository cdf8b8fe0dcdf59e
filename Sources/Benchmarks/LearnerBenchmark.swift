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
        let support = (0..<(ways * shots)).map { $0 / shots }
        let query = (0..<(ways * queries)).map { $0 / queries }
        return (0..<count).map { _ in
            FewShotTask(
                support: images(support.count), supportLabels: support, query: images(query.count),
                queryLabels: query, ways: ways)
        }
    }

    /// Builds `name` with one inner step (where it has inner steps) and the spec defaults otherwise.
    static func learner(_ name: String, registry: LearnerRegistry) -> any Learner {
        let descriptor = registry.descriptor(named: name)!
        var values: [String: HyperparameterValue] = [:]
        if descriptor.hyperparameters.contains(where: { $0.name == InnerLoop.innerSteps.name }) {
            values[InnerLoop.innerSteps.name] = .integer(1)
        }
        let context = LearnerContext(
            hyperparameters: descriptor.resolve(values), ways: ways, shots: shots, queries: queries,
            makeModel: { Conv4(outputs: $0) }, metaOptimizer: Adam(),
            iterations: 1000, seed: 1, threads: Measurement.cores)
        return descriptor.make(context)
    }

    /// A learner measured in a numerics mode, with the size of its training batches and the
    /// iterations it is timed for in each round.
    struct Subject {
        let name: String, batch: Int, iterationsPerRound: Int
        var numerics = NumericsMode.fast

        /// The prefix of its figures: the learner's name, followed by `Portable` in portable numerics.
        var key: String { numerics == .portable ? name + "Portable" : name }

        /// The figure of its speed: episodes per second on single episodes, else meta-iterations per second.
        var speedFigure: String { key + (batch == 1 ? "EpisodesPerSecond" : "IterationsPerSecond") }
    }

    /// The most episodes per second a subject trained on in `report`, a meta-iteration counting
    /// its batch's tasks; nil when `report` holds no speed figure of the subjects.
    static func fastestEpisodesPerSecond(in report: BenchmarkReport) -> Double? {
        subjects.compactMap { subject in report[subject.speedFigure].map { $0 * Double(subject.batch) } }.max()
    }

    /// The learners of the learner issue's figures: the five meta-batch learners, and ProtoNet on
    /// single episodes, 20 a round (each takes about what one task of a meta-batch takes); MAML and
    /// ProtoNet also in portable numerics, each right after its fast self.
    static let subjects: [Subject] =
        ["maml", "fomaml", "metasgd", "anil", "reptile"].flatMap { name in
            let subject = Subject(name: name, batch: metaBatch, iterationsPerRound: 1)
            return name == "maml"
                ? [subject, Subject(name: name, batch: metaBatch, iterationsPerRound: 1, numerics: .portable)]
                : [subject]
        } + [
            Subject(name: "protonet", batch: 1, iterationsPerRound: 20),
            Subject(name: "protonet", batch: 1, iterationsPerRound: 20, numerics: .portable),
        ]

    /// Iterations (or episodes) per second and counted GFLOP/s of every subject, in order: the best
    /// time of its timed iterations, after one warm-up. The learners take turns, round after
    /// round, so each one's best is taken over the whole run, as the sgemm peak is, and not over
    /// one stretch of it (this machine's speed drifts over seconds). `peak` is sampled after every
    /// meta-iteration and every 4 episodes.
    static func measure(rounds: Int, peak: SGEMMPeak, registry: LearnerRegistry) -> [(
        subject: Subject, reading: Reading
    )] {
        let batches = (0..<2).map { tasks(metaBatch, seed: UInt64($0)) }
        func batch(_ index: Int, for subject: Subject) -> [FewShotTask] { Array(batches[index].prefix(subject.batch)) }
        let learners = subjects.map { learner($0.name, registry: registry) }
        var states = learners.map { $0.initialState() }
        var flops: [Int] = []
        var best = [Double](repeating: .infinity, count: subjects.count)
        func train(_ index: Int, batch batchIndex: Int, iteration: Int) {
            let subject = subjects[index]
            _ = NumericsMode.with(subject.numerics) {
                learners[index].metaTrain(&states[index], on: batch(batchIndex, for: subject), iteration: iteration)
            }
        }
        for index in subjects.indices {
            train(index, batch: 0, iteration: 0)
            flops.append(Measurement.countedFLOPs { train(index, batch: 1, iteration: 1) })
        }
        for _ in 0..<rounds {
            for (index, subject) in subjects.enumerated() {
                let sampleEvery = min(4, subject.iterationsPerRound)
                for iteration in 1...subject.iterationsPerRound {
                    best[index] = min(best[index], Measurement.time { train(index, batch: 0, iteration: 2) })
                    if iteration % sampleEvery == 0 { peak.sample() }
                }
            }
        }
        return subjects.indices.map { index in
            (subjects[index], Reading(perSecond: 1 / best[index], gflops: Double(flops[index]) / best[index] / 1e9))
        }
    }

    /// ProtoNet (Conv-4, 64 channels) meta-training episodes per second on 84×84 RGB 5-way 5-shot
    /// 15-query episodes, tasks on all cores: the best of `rounds` timed episodes after one
    /// warm-up. The learner to beat for augmented episodes, whose figure has the same shape.
    static func protonetColorEpisodesPerSecond(rounds: Int, registry: LearnerRegistry) -> Double {
        let (shots, size) = (5, 84)
        var generator = SeededGenerator(seed: 3)
        func images(_ n: Int) -> Tensor {
            Tensor(
                shape: [n, 3, size, size], scalars: (0..<(n * 3 * size * size)).map { _ in generator.nextUnitFloat() })
        }
        let support = (0..<(ways * shots)).map { $0 / shots }
        let query = (0..<(ways * queries)).map { $0 / queries }
        let task = FewShotTask(
            support: images(support.count), supportLabels: support, query: images(query.count),
            queryLabels: query, ways: ways)
        let descriptor = registry.descriptor(named: "protonet")!
        let context = LearnerContext(
            hyperparameters: descriptor.resolve([:]), ways: ways, shots: shots, queries: queries,
            makeModel: { Conv4(inputChannels: 3, imageSize: size, outputs: $0) },
            metaOptimizer: Adam(), iterations: 1000, seed: 1, threads: Measurement.cores)
        let learner = descriptor.make(context)
        var state = learner.initialState()
        _ = learner.metaTrain(&state, on: [task], iteration: 0)
        var best = Double.infinity
        for iteration in 1...max(1, rounds) {
            best = min(best, Measurement.time { _ = learner.metaTrain(&state, on: [task], iteration: iteration) })
        }
        return 1 / best
    }

    /// The peak RSS of MAML meta-iterations and the growth of the resident floor
    /// (`Measurement.floorGrowth`) after the first `warmUp` iterations, while the buffer pool
    /// settles.
    static func mamlMemory(iterations: Int, warmUp: Int, registry: LearnerRegistry) -> (peak: Int, growth: Int) {
        let learner = learner("maml", registry: registry)
        var state = learner.initialState()
        let batch = tasks(metaBatch, seed: 7)
        var readings: [Int] = []
        for iteration in 0..<iterations {
            _ = learner.metaTrain(&state, on: batch, iteration: iteration)
            if iteration >= warmUp { readings.append(Measurement.residentBytes()) }
        }
        return (Measurement.peakResidentBytes(), Measurement.floorGrowth(readings))
    }
}
