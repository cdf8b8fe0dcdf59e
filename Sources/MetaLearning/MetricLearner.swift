/// A learner that classifies by a rule on embeddings: the model's body (built without a head)
/// embeds an episode's support and query images in one batch, and `classify` turns the support
/// embeddings, their labels and the query embeddings into query logits (prototypes, attention, a
/// ridge-regression head, a relation module). A rule may have learned parameters of its own (a
/// `MetricRule`'s `parameters`, kept under `ruleRole` in the state and updated with the embedding by
/// the spec's meta-optimizer) and a loss of its own (the query cross-entropy unless it says otherwise).
/// Training minimises that loss with the spec's meta-optimizer, the gradient averaged
/// over the tasks of a meta-batch; there is no inner loop and no head, so training episodes may
/// have more classes than test episodes. ProtoNet, Matching Networks, Relation Networks and R2D2
/// are this with their rule.
///
/// With a batch-normalised body (Conv-4, ResNet-12) the statistics are those of the episode's
/// batch, at training and at evaluation alike; in `inference` batch-norm mode (`model.batchNorm`,
/// for learners registered with `acceptsInferenceBatchNorm`) training also keeps running averages
/// of them, gathered in task order, and evaluation normalises by those, so each query is embedded
/// on its own. Each training task's forward pass runs under its own
/// `TrainingNoise` seed (from the run's seed, the iteration and the task's place in the batch), so
/// a body's DropBlock draws the same masks on any number of threads.
public struct MetricLearner: Learner {
    /// Query logits [queries, ways] from support embeddings [support, d] with their labels in
    /// `0..<ways` and query embeddings [queries, d]; differentiable in both embeddings.
    public typealias Classifier =
        @Sendable (
            _ supportEmbeddings: Tensor, _ supportLabels: [Int], _ ways: Int,
            _ queryEmbeddings: Tensor
        ) -> Tensor

    /// The state role of a rule's own learned parameters.
    public static let ruleRole = "rule"

    /// The embedding network.
    public let model: any Model
    let rule: MetricRule
    let context: LearnerContext
    let batchNorm: BatchNormBookkeeping

    /// A learner for the context's model built without a head (`makeModel(0)`), classifying by `classify`
    /// with the query cross-entropy as its loss.
    public init(_ context: LearnerContext, classify: @escaping Classifier) {
        self.init(context, rule: MetricRule(classify: classify))
    }

    /// A learner for the context's model built without a head (`makeModel(0)`), classifying by `rule`.
    public init(_ context: LearnerContext, rule: MetricRule) {
        model = context.makeModel(0)
        self.rule = rule
        self.context = context
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// The embedding's initial parameters under "meta", a fresh meta-optimizer state, in inference
    /// batch-norm mode empty running statistics, and the rule's initial parameters, if it has any,
    /// under `ruleRole` with an optimizer state of their own.
    public func initialState() -> LearnerState {
        var state = context.initialState(of: model)
        if let parameters = rule.parameters {
            var generator = SeededGenerator(seed: context.seed, stream: [0x1A17, 0x2B])
            state.parameters[Self.ruleRole] = parameters(model.featureCount, &generator)
            state.optimizers[Self.ruleRole] = OptimizerState()
        }
        return state
    }

    /// The episode's query logits with embeddings from `parameters` and the rule's parameters
    /// `ruleParameters` (empty for a rule without any), batch norm as `normalization` says.
    public func logits(
        _ task: FewShotTask, _ parameters: Parameters, rule ruleParameters: Parameters = Parameters([]),
        normalization: Normalization = .batch
    ) -> Tensor {
        let supportCount = task.supportLabels.count
        let queryCount = task.queryLabels.count
        let embeddings = model.features(
            Tensor.concatenate([task.support, task.query]), parameters, normalization: normalization)
        return rule.classify(
            embeddings.slice(0..<supportCount), task.supportLabels, task.ways,
            embeddings.slice(supportCount..<(supportCount + queryCount)), ruleParameters)
    }

    /// The meta-optimizer's scheduled rate at `iteration`.
    public func metaLearningRate(iteration: Int) -> Double? {
        context.metaOptimizer.scheduledRate(step: iteration)
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let meta = state.meta
        let ruleParameters = ruleParameters(of: state)
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(
            batch, threads: context.threads, seed: context.seed,
            iteration: iteration
        ) { index, task in
            let theta = meta.variables()
            let ruleVariables = ruleParameters.variables()
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            let logits = self.logits(task, theta, rule: ruleVariables, normalization: normalization)
            guard rule.parameters != nil || rule.loss != nil else {
                return task.queryGradients(wrt: theta, logits: logits)
            }
            let value = rule.loss?(logits, task.queryLabels) ?? logits.crossEntropy(labels: task.queryLabels)
            let gradients = theta.merging(Self.prefixed(ruleVariables)).gradients(of: value)
            return (gradients, TaskMetrics(loss: value.scalar, accuracy: logits.accuracy(labels: task.queryLabels)))
        }
        if rule.parameters == nil {
            state.update(gradients: gradients, with: context.metaOptimizer)
        } else {
            // The rule's gradients travel with the embedding's under a prefix, each set then
            // stepped by its own state of the meta-optimizer.
            let isRule = { (name: String) in name.hasPrefix(Self.rulePrefix) }
            state.update(gradients: gradients.filter { !isRule($0) }, with: context.metaOptimizer)
            state.update(
                Self.ruleRole, gradients: Self.unprefixed(gradients.filter(isRule)), with: context.metaOptimizer)
        }
        batchNorm.fold(recorders, into: &state)
        return metrics
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let meta = state.meta
        let ruleParameters = ruleParameters(of: state)
        let normalization = batchNorm.evaluation(state)
        return withoutGradients { logits(task, meta, rule: ruleParameters, normalization: normalization) }
    }

    /// The rule's learned parameters in `state` (none for a rule without any).
    public func ruleParameters(of state: LearnerState) -> Parameters {
        rule.parameters == nil ? Parameters([]) : state[Self.ruleRole]
    }

    static let rulePrefix = "rule."

    static func prefixed(_ parameters: Parameters) -> Parameters {
        Parameters(parameters.entries.map { (rulePrefix + $0.name, $0.tensor) })
    }

    static func unprefixed(_ parameters: Parameters) -> Parameters {
        Parameters(parameters.entries.map { (String($0.name.dropFirst(rulePrefix.count)), $0.tensor) })
    }
}
