import LearnerTestSupport
import MAML
import MetaLearning
import Testing

/// Proto-MAML's prototype head against hand-computed values, its predictions without inner steps
/// against the prototype classifier, its invariance to the order of the support set, and its
/// meta-gradient against finite differences of the first-order objective it defines.
@Suite struct ProtoMAMLTests {
    let body = SmoothModel(outputs: 0)

    func context(innerSteps: Int = 2, evalInnerSteps: Int = 2) -> LearnerContext {
        let hyperparameters = ProtoMAML.descriptor.resolve(
            ["innerLR": .real(0.3), "innerSteps": .integer(innerSteps), "evalInnerSteps": .integer(evalInnerSteps)])
        return LearnerContext(
            hyperparameters: hyperparameters, ways: 2, shots: 2, queries: 2,
            makeModel: { [body] _ in body }, metaOptimizer: SGD(learningRate: 1),
            iterations: 10, seed: 7, threads: 1)
    }

    /// A 3-way task of 1×4×4 images with 3, 1 and 2 support images, interleaved.
    func unbalancedTask(seed: UInt64) -> FewShotTask {
        var generator = SeededGenerator(seed: seed)
        func images(_ count: Int) -> Tensor {
            Tensor(shape: [count, 1, 4, 4], scalars: (0..<(count * 16)).map { _ in Float(generator.nextNormal()) })
        }
        return FewShotTask(
            support: images(6), supportLabels: [0, 2, 1, 0, 2, 0],
            query: images(6), queryLabels: [2, 1, 0, 0, 1, 2], ways: 3)
    }

    @Test func thePrototypeHeadIsTwiceTheClassMeansAndMinusTheirSquaredNorms() {
        // Class 0 has two support features, (1, 0) and (3, 0): prototype (2, 0); class 1 has one, (0, 2).
        let features = Tensor(shape: [3, 2], scalars: [1, 0, 3, 0, 0, 2])
        let head = ProtoMAML.prototypeHead(supportFeatures: features, labels: [0, 0, 1], ways: 2)
        #expect(head.require("head.weight").scalars == [4, 0, 0, 4])
        #expect(head.require("head.bias").scalars == [-4, -4])
        // x = (2, 1): minus the squared distances (1 and 5) plus ‖x‖² = 5.
        let logits = ProtoMAML.logits(features: Tensor(shape: [1, 2], scalars: [2, 1]), head)
        #expect(logits.scalars == [4, 0])
    }

    @Test func withoutInnerStepsItClassifiesByThePrototypes() {
        let learner = ProtoMAML(context(evalInnerSteps: 0))
        let state = learner.initialState()
        let task = unbalancedTask(seed: 1)
        let logits = learner.predict(task, with: state)
        let support = body.features(task.support, state.meta)
        let query = body.features(task.query, state.meta)
        // The logits differ from ProtoNet's minus squared distances by ‖f(x)‖², the same for every class.
        let distances = query.squaredDistances(to: support.classMeans(labels: task.supportLabels, classes: 3))
        let norms = query.squared().sum(alongAxes: [1]).scalars
        for (index, (logit, distance)) in zip(logits.scalars, distances.scalars).enumerated() {
            let expected = norms[index / 3] - distance
            #expect(abs(logit - expected) <= 1e-4 * max(1, abs(expected)), "logit \(index): \(logit) vs \(expected)")
        }
    }

    @Test func predictionsDoNotDependOnTheOrderOfTheSupportSet() {
        let learner = ProtoMAML(context())
        var state = learner.initialState()
        _ = learner.metaTrain(&state, on: [unbalancedTask(seed: 2)], iteration: 0)
        let task = unbalancedTask(seed: 3)
        let order = [4, 1, 5, 0, 3, 2]
        let permuted = FewShotTask(
            support: task.support.gatheringRows(order), supportLabels: order.map { task.supportLabels[$0] },
            query: task.query, queryLabels: task.queryLabels, ways: 3)
        let (original, reordered) = (learner.predict(task, with: state), learner.predict(permuted, with: state))
        #expect(
            (original - reordered).squared().sum().scalar.squareRoot() <= 1e-5
                * max(1, original.squared().sum().scalar.squareRoot()))
    }

    /// The meta-gradient the learner applies (SGD at rate 1 on one task: θ_old − θ_new) is the gradient
    /// of F(θ) = L_query(θ − D_body, head₀(θ) − D_head), where head₀(θ) is the prototype head of θ's
    /// support features and D = α·Σₜ gₜ the inner steps' total, frozen at θ₀: first order through the
    /// steps, exact through the prototypes. Checked against central differences of F.
    @Test func metaGradientMatchesFiniteDifferencesOfTheFirstOrderObjective() {
        let learner = ProtoMAML(context())
        var state = learner.initialState()
        let theta = state.meta
        let task = unbalancedTask(seed: 4)
        func start(_ theta: Parameters) -> Parameters {
            theta.merging(
                ProtoMAML.prototypeHead(
                    supportFeatures: body.features(task.support, theta),
                    labels: task.supportLabels, ways: 3))
        }
        let adapted = learner.adaptedParameters(for: task, from: state, steps: 2)
        let innerSteps = withoutGradients { start(theta) } - adapted
        func objective(_ theta: Parameters) -> Float {
            withoutGradients {
                let phi = start(theta) - innerSteps
                return ProtoMAML.logits(features: body.features(task.query, phi), phi)
                    .crossEntropy(labels: task.queryLabels).scalar
            }
        }
        _ = learner.metaTrain(&state, on: [task], iteration: 0)
        let analytic = theta - state.meta
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<3 {
            let direction = theta.map { t in
                Tensor(shape: t.shape, scalars: (0..<t.count).map { _ in Float(generator.nextNormal()) })
            }
            func difference(_ epsilon: Float) -> Float {
                (objective(theta + direction * epsilon) - objective(theta - direction * epsilon)) / (2 * epsilon)
            }
            let numeric = (4 * difference(0.005) - difference(0.01)) / 3
            let projected = (analytic * direction).tensors.map { $0.sum().scalar }.reduce(0, +)
            #expect(
                abs(projected - numeric) < 2e-3 * max(1, abs(numeric)),
                "directional meta-gradient \(projected) vs finite difference \(numeric)")
        }
        // The prototype path matters: the gradient at the adapted body alone (FOMAML's) is another one.
        let phi = adapted.variables()
        let bodyOnly = phi.gradients(
            of: ProtoMAML.logits(features: body.features(task.query, phi), phi)
                .crossEntropy(labels: task.queryLabels)
        ).filter { !$0.hasPrefix("head.") }
        #expect((analytic - bodyOnly).norm > 1e-2 * analytic.norm)
    }
}
