import MetaLearning

/// Proto-MAML (Triantafillou et al., "Meta-Dataset: A Dataset of Datasets for Learning to Learn
/// from Few Examples", ICLR 2020, §4), first order as their fo-Proto-MAML.
///
/// MAML on a body without a fixed-size head: for each episode, the body's features of the support
/// set give the class prototypes c_k (the mean feature of class k's support images, however many
/// there are), and the final linear layer starts at W_k = 2·c_k, b_k = −‖c_k‖², whose logits
/// 2c_k·x − ‖c_k‖² = −‖x − c_k‖² + ‖x‖² rank the classes as Prototypical Networks do. Body and head
/// then take `innerSteps` SGD steps together on the support cross-entropy, and the query
/// cross-entropy of the adapted parameters is the meta-loss. The head is built per episode, so an
/// episode may have any number of ways and unequal shots.
///
/// The meta-gradient, with φ₀ = (θ, W₀(θ), b₀(θ)) the body and the prototype head and
/// φ_T = φ₀ − α·Σₜ gₜ after T steps: the inner gradients gₜ (partial derivatives of the support loss
/// with respect to each of body, W and b at φₜ) are constants, so the Hessian terms through the inner
/// steps are dropped, as in FOMAML; the prototype initialisation stays in the graph, so the
/// meta-gradient is ∂L_q/∂φ_body + (∂W₀/∂θ)ᵀ ∂L_q/∂φ_W + (∂b₀/∂θ)ᵀ ∂L_q/∂φ_b, all at φ_T: the
/// body learns through the adapted body and through the prototypes its support features define.
/// The same meta-gradient as the reference code's `first_order` setting, but for the inner steps:
/// as we read it, its first step differentiates the support loss with respect to the body through
/// the prototype head too, where here every step treats the head as a parameter of its own.
///
/// Batch norm as in `MAML`: every support pass (the prototypes' and the inner steps') normalises by
/// the support set's own statistics; with `inference` batch norm the meta-training query passes keep
/// running statistics, and evaluation classifies each query with them.
public struct ProtoMAML: Learner {
    /// The inner loop's keys, at the ImageNet-trained fo-Proto-MAML configuration Triantafillou et al.
    /// (2020) released (`maml_init_with_proto_imagenet.gin`: α ≈ 0.0054, 6 steps, no extra steps at
    /// evaluation).
    public static let hyperparameters: [any HyperparameterKey] = [
        InnerLoop.innerLR.withDefault(
            0.0054,
            "inner SGD step size α on body and head (Triantafillou et al. 2020, fo-Proto-MAML on ImageNet: 0.0054)"),
        InnerLoop.innerSteps.withDefault(
            6, "inner SGD steps during meta-training (Triantafillou et al. 2020, fo-Proto-MAML on ImageNet: 6)"),
        InnerLoop.evalInnerSteps.withDefault(
            6, "inner SGD steps when adapting at evaluation (Triantafillou et al. 2020: the training steps, 6)"),
    ]

    /// The registry entry `protomaml`.
    public static let descriptor = LearnerDescriptor(
        name: "protomaml",
        summary: "fo-Proto-MAML, first-order MAML whose head starts from the support prototypes, any number of ways "
            + "(Triantafillou et al. 2020)",
        hyperparameters: hyperparameters, acceptsTrainWays: true, acceptsUnequalShots: true,
        acceptsInferenceBatchNorm: true,
        // The prototypes' support pass is held through the inner steps (about one copy) beside a
        // step's forward and backward pass (two), then beside the query pass at the meta-gradient.
        taskMemory: { _ in TaskMemory(supportCopies: 3, queryCopies: 2) }, make: { ProtoMAML($0) })

    /// The body (the context's model built without a head).
    public let model: any Model
    let context: LearnerContext
    let innerLR: Float
    let innerSteps: Int
    let evalInnerSteps: Int
    let batchNorm: BatchNormBookkeeping

    /// A learner for the context's model built without a head (`makeModel(0)`).
    public init(_ context: LearnerContext) {
        model = context.makeModel(0)
        self.context = context
        innerLR = Float(context[InnerLoop.innerLR])
        innerSteps = context[InnerLoop.innerSteps]
        evalInnerSteps = context[InnerLoop.evalInnerSteps]
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// The body's initial parameters under "meta", a fresh meta-optimizer state and, in inference
    /// batch-norm mode, empty running statistics.
    public func initialState() -> LearnerState {
        context.initialState(of: model)
    }

    /// The meta-optimizer's scheduled rate at `iteration`.
    public func metaLearningRate(iteration: Int) -> Double? {
        context.metaOptimizer.scheduledRate(step: iteration)
    }

    /// The linear head the prototypes of support features [support, d] with `labels` in `0..<ways`
    /// define: `head.weight` [ways, d] = 2·c_k and `head.bias` [ways] = −‖c_k‖², c_k the mean feature
    /// of class k (every class needs a support image). Differentiable in the features.
    public static func prototypeHead(supportFeatures: Tensor, labels: [Int], ways: Int) -> Parameters {
        let prototypes = supportFeatures.classMeans(labels: labels, classes: ways)
        return Parameters([
            ("head.weight", prototypes * 2), ("head.bias", -prototypes.squared().sum(alongAxes: [1])),
        ])
    }

    /// Logits [N, ways] of features [N, d] through the head in `parameters`.
    public static func logits(features: Tensor, _ parameters: Parameters) -> Tensor {
        features.linear(weight: parameters.require("head.weight"), bias: parameters.require("head.bias"))
    }

    /// The body `body` and the prototype head of its support features after `steps` first-order
    /// inner steps on the task's support set; the result keeps the graph of `body` through the
    /// body and the prototypes.
    func adapt(_ body: Parameters, to task: FewShotTask, steps: Int) -> Parameters {
        let head = Self.prototypeHead(
            supportFeatures: model.features(task.support, body), labels: task.supportLabels, ways: task.ways)
        let start = body.merging(head)
        return InnerLoop.adapt(start, steps: steps, stepSize: .uniform(innerLR), secondOrder: false) { current in
            let logits = Self.logits(features: model.features(task.support, current), current)
            return logits.crossEntropy(labels: task.supportLabels)
        }
    }

    /// Body and head after adapting `state` to the task's support set with `steps` (default
    /// `evalInnerSteps`) inner steps, as evaluation does; nothing is recorded.
    public func adaptedParameters(for task: FewShotTask, from state: LearnerState, steps: Int? = nil) -> Parameters {
        adapt(state.meta, to: task, steps: steps ?? evalInnerSteps).detached()
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (model, meta, steps) = (model, state.meta, innerSteps)
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(
            batch, threads: context.threads, seed: context.seed,
            iteration: iteration
        ) { index, task in
            let theta = meta.variables()
            let adapted = self.adapt(theta, to: task, steps: steps)
            let features = model.features(
                task.query, adapted, normalization: BatchNormBookkeeping.training(recorders, task: index))
            return task.queryGradients(wrt: theta, logits: Self.logits(features: features, adapted))
        }
        state.update(gradients: gradients, with: context.metaOptimizer)
        batchNorm.fold(recorders, into: &state)
        return metrics
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let adapted = adaptedParameters(for: task, from: state)
        let normalization = batchNorm.evaluation(state)
        return withoutGradients {
            Self.logits(features: model.features(task.query, adapted, normalization: normalization), adapted)
        }
    }
}
