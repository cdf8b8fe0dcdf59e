/// The inner loop of gradient-based meta-learning: a few SGD steps on a task's support set.
public enum InnerLoop {
    /// The step size of an inner update.
    public enum StepSize: Sendable {
        /// One learning rate for every scalar (MAML, FOMAML, ANIL).
        case uniform(Float)
        /// A learning rate per scalar, shaped like the adapted parameters (Meta-SGD).
        case perParameter(Parameters)
    }

    /// The adapted parameters after `steps` updates φ ← φ − α ⊙ ∇L_support(φ) of the model's
    /// cross-entropy on the task's support set, starting from `parameters`.
    ///
    /// With `secondOrder` the inner gradients are recorded, so a meta-gradient through the
    /// result is exact (MAML); without it they are constants (the first-order approximation).
    /// `parameters` must require gradients (be variables) when a meta-gradient is wanted.
    public static func adapt(_ model: any Model, _ parameters: Parameters, on task: FewShotTask, steps: Int,
                             stepSize: StepSize, secondOrder: Bool) -> Parameters {
        var adapted = parameters
        for _ in 0..<steps {
            adapted = step(adapted, stepSize: stepSize, secondOrder: secondOrder) { current in
                model(task.support, current).crossEntropy(labels: task.supportLabels)
            }
        }
        return adapted
    }

    /// One update φ ← φ − α ⊙ ∇loss(φ) of every entry of `parameters`. Entries that are
    /// constants are first made variables, so the step also works from fixed weights (evaluation).
    public static func step(_ parameters: Parameters, stepSize: StepSize, secondOrder: Bool,
                            loss: (Parameters) -> Tensor) -> Parameters {
        let current = parameters.map { $0.requiresGradient ? $0 : $0.variable() }
        let gradients = current.gradients(of: loss(current), createGraph: secondOrder)
        switch stepSize {
        case .uniform(let rate): return current - gradients * rate
        case .perParameter(let rates): return current - rates * gradients
        }
    }
}
