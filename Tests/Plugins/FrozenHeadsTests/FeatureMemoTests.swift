import Testing
import MetaLearning
import FrozenHeads

/// In inference batch-norm mode the frozen body embeds each image alone and remembers it per state.
@Suite struct FeatureMemoTests {
    let model = Conv4(imageSize: 16, hiddenChannels: 4, outputs: 0)

    func body() -> FrozenBody {
        FrozenBody(LearnerContext(
            hyperparameters: SimpleShot.descriptor.resolve(), ways: 2, shots: 1, queries: 2,
            makeModel: { Conv4(imageSize: 16, hiddenChannels: 4, outputs: $0) }, metaOptimizer: Adam(),
            iterations: 0, seed: 9, threads: 1, batchNorm: .inference))
    }

    func images(_ count: Int, _ generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: [count, 1, 16, 16], scalars: (0..<(count * 256)).map { _ in generator.nextUnitFloat() })
    }

    /// Running statistics recorded from `images`, as pre-training leaves them.
    func state(_ body: FrozenBody, recordedFrom images: Tensor, scale: Float = 1) -> LearnerState {
        var state = body.initialState()
        state.meta = state.meta.map { $0 * scale }
        let recorder = StatisticsRecorder()
        _ = model.features(images, state.meta, normalization: .recording(recorder))
        var running = RunningStatistics()
        running.update(with: recorder.recorded)
        state.parameters[BatchNormBookkeeping.role] = running.values
        return state
    }

    /// Each image's features, embedded alone under `state`.
    func embeddedAlone(_ images: Tensor, _ state: LearnerState) -> [[Float]] {
        let running = RunningStatistics(state[BatchNormBookkeeping.role])
        return (0..<images.shape[0]).map {
            model.features(images.slice($0..<$0 + 1), state.meta, normalization: .running(running)).scalars
        }
    }

    func rows(_ features: (support: Tensor, query: Tensor)) -> [[Float]] {
        let all = Tensor.concatenate([features.support, features.query])
        return (0..<all.shape[0]).map { all.slice($0..<$0 + 1).scalars }
    }

    /// An episode's features are its images' features computed one by one, bit for bit, the first
    /// time and again when a second episode draws some of the same images among new ones.
    @Test func featuresAreEachImageEmbeddedAlone() {
        var generator = SeededGenerator(seed: 4)
        let pool = images(6, &generator)
        let body = body()
        let state = state(body, recordedFrom: pool)
        let first = FewShotTask(
            support: pool.slice(0..<2), supportLabels: [0, 1], query: pool.slice(2..<4), queryLabels: [0, 1], ways: 2)
        let second = FewShotTask(
            support: pool.slice(4..<6), supportLabels: [0, 1], query: pool.slice(1..<3), queryLabels: [1, 0], ways: 2)
        #expect(rows(body.features(first, with: state)) == embeddedAlone(pool.slice(0..<4), state))
        let expected = embeddedAlone(Tensor.concatenate([pool.slice(4..<6), pool.slice(1..<3)]), state)
        #expect(rows(body.features(second, with: state)) == expected)
        #expect(rows(body.features(first, with: state)) == embeddedAlone(pool.slice(0..<4), state))
    }

    /// A new state is never served the features remembered under the old one.
    @Test func aNewStateEmbedsAgain() {
        var generator = SeededGenerator(seed: 5)
        let pool = images(4, &generator)
        let body = body()
        let task = FewShotTask(
            support: pool.slice(0..<2), supportLabels: [0, 1], query: pool.slice(2..<4), queryLabels: [0, 1], ways: 2)
        let old = state(body, recordedFrom: pool)
        let new = state(body, recordedFrom: pool, scale: 1.5)
        let oldRows = rows(body.features(task, with: old))
        let newRows = rows(body.features(task, with: new))
        #expect(newRows == embeddedAlone(pool, new))
        #expect(newRows != oldRows)
        #expect(rows(body.features(task, with: old)) == oldRows)
    }
}
