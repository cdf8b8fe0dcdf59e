import Foundation

/// The saved state of an optimizer: its step count (which also sets its place in the learning-rate
/// schedule) and its named slots (momentum buffers, Adam's moments), each a `Parameters` shaped
/// like the optimised set. Restoring it continues the optimisation exactly where it stopped.
public struct OptimizerState: Sendable, Codable {
    /// Updates taken so far.
    public var step: Int
    /// Per-parameter buffers by slot name.
    public var slots: [String: Parameters]

    /// A state with the given step and slots.
    public init(step: Int = 0, slots: [String: Parameters] = [:]) {
        self.step = step
        self.slots = slots
    }
}

/// A first-order optimizer over a `Parameters` set. Updates run without recording a graph; each
/// uses `currentLearningRate`, the schedule evaluated at the updates taken so far.
public protocol Optimizer: Sendable {
    /// One update of `parameters` along the descent direction of `gradients`.
    mutating func step(_ parameters: inout Parameters, gradients: Parameters)
    /// The state needed to continue exactly (for checkpoints).
    var state: OptimizerState { get set }
    /// The base learning rate, which `schedule` scales.
    var learningRate: Double { get }
    /// How the learning rate changes with the updates taken.
    var schedule: LearningRateSchedule { get set }
}

extension Optimizer {
    /// The learning rate of the next update: the schedule at `state.step`, computed in Double and
    /// rounded to Float once.
    public var currentLearningRate: Float {
        Float(scheduledRate(step: state.step))
    }

    /// The learning rate of update `step` (0 for the first) under `schedule`, in Double: what the
    /// optimizer applies then, before its rounding to Float.
    public func scheduledRate(step: Int) -> Double {
        schedule.rate(base: learningRate, step: step)
    }
}

/// Stochastic gradient descent with optional momentum and L2 weight decay:
/// g ← g + λ·θ,  v ← μ·v + g,  θ ← θ − lr·v, or with Nesterov momentum θ ← θ − lr·(g + μ·v)
/// (Sutskever et al. 2013, in PyTorch's form); the decay is added to the gradient, so momentum
/// carries it, as PyTorch does; lr from the schedule.
public struct SGD: Optimizer {
    public var learningRate: Double
    public var schedule: LearningRateSchedule
    /// The momentum coefficient μ in [0, 1); 0 is plain SGD.
    public var momentum: Float
    /// Whether the step looks ahead along the velocity (Nesterov momentum): g + μ·v instead of v.
    public var nesterov: Bool
    /// The L2 coefficient λ ≥ 0 added to the gradient as λ·θ; 0: none.
    public var weightDecay: Float
    public var state = OptimizerState()

    /// SGD with the given base learning rate, schedule, momentum (classical unless `nesterov`) and
    /// weight decay.
    public init(
        learningRate: Double, schedule: LearningRateSchedule = .constant, momentum: Float = 0, nesterov: Bool = false,
        weightDecay: Float = 0
    ) {
        self.learningRate = learningRate
        self.schedule = schedule
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public mutating func step(_ parameters: inout Parameters, gradients: Parameters) {
        let rate = currentLearningRate
        withoutGradients {
            let gradients = weightDecay == 0 ? gradients : gradients + parameters * weightDecay
            var direction = gradients
            if momentum != 0 {
                let velocity = state.slots["velocity"].map { $0 * momentum + gradients } ?? gradients
                state.slots["velocity"] = velocity
                direction = nesterov ? gradients + velocity * momentum : velocity
            }
            parameters = parameters - direction * rate
            state.step += 1
        }
    }
}

/// Adam (Kingma and Ba 2015) with bias correction and decoupled weight decay (AdamW, Loshchilov and
/// Hutter 2019): m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ·(1 − lr·λ) − lr · m̂ / (√v̂ + ε),
/// lr from the schedule (the decay is scaled by the scheduled rate, as in PyTorch's AdamW).
public struct Adam: Optimizer {
    public var learningRate: Double
    public var schedule: LearningRateSchedule
    /// Decay of the first moment.
    public var beta1: Float
    /// Decay of the second moment.
    public var beta2: Float
    /// Added to the denominator for stability.
    public var epsilon: Float
    /// The decoupled decay coefficient λ ≥ 0; 0: plain Adam.
    public var weightDecay: Float
    public var state = OptimizerState()

    /// Adam with the paper's defaults unless given, a constant learning rate unless scheduled, and
    /// no weight decay unless given.
    public init(
        learningRate: Double = 1e-3, schedule: LearningRateSchedule = .constant, beta1: Float = 0.9,
        beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0
    ) {
        self.learningRate = learningRate
        self.schedule = schedule
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public mutating func step(_ parameters: inout Parameters, gradients: Parameters) {
        let rate = currentLearningRate
        withoutGradients {
            let first = (state.slots["firstMoment"] ?? gradients.zeros()) * beta1 + gradients * (1 - beta1)
            let second =
                (state.slots["secondMoment"] ?? gradients.zeros()) * beta2
                + gradients.map { $0.squared() } * (1 - beta2)
            state.step += 1
            state.slots["firstMoment"] = first
            state.slots["secondMoment"] = second
            let t = Float(state.step)
            let firstCorrection = 1 - Float(Foundation.pow(Double(beta1), Double(t)))
            let secondCorrection = 1 - Float(Foundation.pow(Double(beta2), Double(t)))
            let stepSize = rate / firstCorrection
            let update = first.zip(second) { m, v in m / ((v / secondCorrection).sqrt() + epsilon) }
            let decayed = weightDecay == 0 ? parameters : parameters * (1 - rate * weightDecay)
            parameters = decayed - update * stepSize
        }
    }
}
