import FewShotData
import MetaLearning

/// Scores a learner on a fixed set of episodes.
public enum Evaluation {
    /// The accuracy (and loss) of the learner with `state` on episodes `0..<count` of `sampler`'s stream, in
    /// episode order; episodes are adapted to in parallel on `threads` threads, and divided among
    /// the ranks of the `ProcessGroup` in effect, if any (every rank returns all of them).
    public static func run(
        _ learner: any Learner, _ state: LearnerState, on sampler: EpisodeSampler, episodes count: Int,
        threads: Int
    ) -> [TaskMetrics] {
        run(learner, state, on: sampler, episodes: 0..<count, threads: threads)
    }

    /// The accuracy (and loss) of the learner on episodes `range` of `sampler`'s stream, in episode
    /// order, shared as `run(_:_:on:episodes:threads:)` shares them: each episode's figures are
    /// the same whichever range it is evaluated in.
    public static func run(
        _ learner: any Learner, _ state: LearnerState, on sampler: EpisodeSampler, episodes range: Range<Int>,
        threads: Int
    ) -> [TaskMetrics] {
        TaskParallel.mapAcrossRanks(range.count, threads: threads) {
            learner.evaluate(FewShotTask(sampler.episode(range.lowerBound + $0)), with: state)
        }
    }

    /// The mean metrics over `samplers` (one per validating source, not empty): each source's mean over
    /// its episodes `0..<count`, then the mean over the sources (with one source, its own mean).
    public static func meanOverSources(
        _ learner: any Learner, _ state: LearnerState, on samplers: [EpisodeSampler], episodes count: Int,
        threads: Int
    ) -> TaskMetrics {
        TaskMetrics.mean(
            samplers.map { TaskMetrics.mean(run(learner, state, on: $0, episodes: count, threads: threads)) })
    }
}
