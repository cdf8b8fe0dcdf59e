import Foundation

/// How an optimizer's learning rate changes over training: the rate of update t (t = 0 for the
/// first) as a function of the base rate and t alone; `warmup` combines with any other. The optimizers evaluate it at their own
/// step count, which their saved state carries, so a restored optimizer continues the schedule
/// exactly.
public indirect enum LearningRateSchedule: Sendable, Equatable, Codable {
    /// The base rate at every update.
    case constant
    /// base · factor^⌊t / every⌋: the rate multiplied by `factor` after every `every` updates
    /// (Snell et al. 2017 halve Adam's rate every 2000 episodes: `step(every: 2000, factor: 0.5)`).
    /// `every` must be at least 1.
    case step(every: Int, factor: Double)
    /// Cosine annealing from the base rate at t = 0 to `minimum` at t = `iterations`, then
    /// `minimum`: minimum + (base − minimum) · (1 + cos(π · min(t, T) / T)) / 2 with T = `iterations`
    /// (Loshchilov and Hutter 2017, without restarts). `iterations` must be at least 1.
    case cosine(iterations: Int, minimum: Double)
    /// Linear warm-up over the first `iterations` updates, then `schedule`: the rate of `schedule`
    /// at t times min(1, (t + 1) / `iterations`), so the first update already moves (Goyal et al.
    /// 2017). `schedule` keeps counting from t = 0: warm-up scales it, it does not delay it.
    /// `iterations` must be at least 1.
    case warmup(iterations: Int, then: LearningRateSchedule)
    /// `schedule` counted in epochs of `steps` updates: its rate at epoch ⌊t / steps⌋, constant
    /// through an epoch (PyTorch's schedulers stepped once per epoch). `steps` must be at least 1.
    case perEpoch(steps: Int, then: LearningRateSchedule)

    /// The learning rate of update `step` (0 for the first; a negative step counts as 0) for the
    /// base rate `base`, computed in Double.
    public func rate(base: Double, step: Int) -> Double {
        let t = max(step, 0)
        switch self {
        case .constant:
            return base
        case .step(let every, let factor):
            precondition(every >= 1, "LearningRateSchedule.step: every must be at least 1, got \(every)")
            return base * Foundation.pow(factor, Double(t / every))
        case .cosine(let iterations, let minimum):
            precondition(
                iterations >= 1, "LearningRateSchedule.cosine: iterations must be at least 1, got \(iterations)")
            return minimum + (base - minimum)
                * (1 + Foundation.cos(Double.pi * Double(min(t, iterations)) / Double(iterations))) / 2
        case .warmup(let iterations, let schedule):
            precondition(
                iterations >= 1, "LearningRateSchedule.warmup: iterations must be at least 1, got \(iterations)")
            let rate = schedule.rate(base: base, step: t)
            return t + 1 >= iterations ? rate : rate * Double(t + 1) / Double(iterations)
        case .perEpoch(let steps, let schedule):
            precondition(steps >= 1, "LearningRateSchedule.perEpoch: steps must be at least 1, got \(steps)")
            return schedule.rate(base: base, step: t / steps)
        }
    }
}
