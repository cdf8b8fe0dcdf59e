/// The inner loop of gradient-based meta-learning: a few SGD steps on a task's support set.
///
/// Its settings are declared here once for the whole MAML family (MAML, FOMAML, MAML++, Meta-SGD,
/// ANIL): every learner reads the same keys, each with its paper's default (`withDefault`).
public enum InnerLoop {
    /// `innerLR`: the inner SGD step size α.
    public static let innerLR = Hyperparameter<Double>(
        "innerLR", "inner-loop SGD step size α (Finn et al. 2017, Omniglot: 0.4)",
        .real(0...10), default: 0.4)
    /// `innerSteps`: inner steps per task during meta-training.
    public static let innerSteps = Hyperparameter<Int>(
        "innerSteps",
        "inner SGD steps during meta-training (Finn et al. 2017, Omniglot 5-way: 1)",
        .integer(1...100), default: 1)
    /// `evalInnerSteps`: inner steps when adapting at evaluation.
    public static let evalInnerSteps = Hyperparameter<Int>(
        "evalInnerSteps",
        "inner SGD steps when adapting at evaluation (Finn et al. 2017: 3)",
        .integer(0...1000), default: 3)

    /// The step size of an inner update.
    public enum StepSize: Sendable {
        /// One learning rate for every scalar (MAML, FOMAML, ANIL).
        case uniform(Float)
        /// A learning rate per scalar, shaped like the adapted parameters (Meta-SGD).
        case perParameter(Parameters)
    }

    /// The adapted parameters after `steps` updates φ ← φ − α ⊙ ∇loss(φ), starting from `parameters`.
    /// Entries that are constants are first made variables, so adaptation also works from fixed
    /// weights (evaluation).
    ///
    /// With `secondOrder` the inner gradients are recorded, so a meta-gradient through the
    /// result is exact (MAML); without it they are constants (the first-order approximation): each
    /// step's gradient is the partial derivative of the loss with respect to each entry at the
    /// current values, even where entries depend on one another (Proto-MAML's head, computed from
    /// the body), and the result keeps the graph of `parameters` through `parameters − constants`.
    /// `parameters` must require gradients (be variables) when a meta-gradient is wanted.
    public static func adapt(
        _ parameters: Parameters, steps: Int, stepSize: StepSize, secondOrder: Bool,
        loss: (Parameters) -> Tensor
    ) -> Parameters {
        var adapted = parameters
        for _ in 0..<steps {
            // First order differentiates at fresh variables of the current values, so no gradient
            // flows through how one entry was computed from another.
            let current = secondOrder ? adapted.map { $0.requiresGradient ? $0 : $0.variable() } : adapted.variables()
            let gradients = current.gradients(of: loss(current), createGraph: secondOrder)
            let start = secondOrder ? current : adapted
            switch stepSize {
            case .uniform(let rate): adapted = start - gradients * rate
            case .perParameter(let rates): adapted = start - rates * gradients
            }
        }
        return adapted
    }

    /// `adapt` on the model's cross-entropy on the task's support set, the inner loss of MAML and
    /// Meta-SGD. Batch norm normalises the support set by its own statistics, whatever the spec's
    /// `model.batchNorm`: the support set is the task's given data, and adaptation at evaluation must
    /// run as it did in meta-training (running statistics only replace the queries' batch statistics).
    public static func adapt(
        _ model: any Model, _ parameters: Parameters, on task: FewShotTask, steps: Int,
        stepSize: StepSize, secondOrder: Bool
    ) -> Parameters {
        adapt(parameters, steps: steps, stepSize: stepSize, secondOrder: secondOrder) { current in
            model(task.support, current).crossEntropy(labels: task.supportLabels)
        }
    }
}
