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
        TaskParallel.mapAcrossRanks(count, threads: threads) {
            learner.evaluate(FewShotTask(sampler.episode($0)), with: state)
        }
    }
}
