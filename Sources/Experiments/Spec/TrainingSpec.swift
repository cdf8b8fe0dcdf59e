/// The `training` section: the meta-training loop.
public struct TrainingSpec: Sendable, Equatable {
    /// Meta-updates. Default 2000; at least 1.
    public var iterations: Int
    /// Training episodes (tasks) per meta-update. Default 32; at least 1.
    public var metaBatchSize: Int
    /// The meta-optimizer. Default Adam, `lr` 0.001.
    public var optimizer: OptimizerSpec
    /// Validate every this many iterations (and after the last); 0 never validates. Default
    /// `iterations / 10` (at least 1); at most `iterations`. Without validation (0, or an empty validation
    /// split: see `ExperimentSpec.validates`) the final parameters are tested.
    public var validateEvery: Int
    /// Episodes in the fixed validation set. Default 100; at least 1.
    public var validationEpisodes: Int
    /// Write a checkpoint every this many iterations (and after the last). Default `validateEvery`,
    /// or `iterations / 10` (at least 1) when not validating; in 1...`iterations`.
    public var checkpointEvery: Int
    /// Log training loss and accuracy every this many iterations. Default `iterations / 100`
    /// (at least 1); in 1...`iterations`.
    public var logEvery: Int

    /// A training section from its keys; no validation happens here.
    public init(iterations: Int, metaBatchSize: Int, optimizer: OptimizerSpec, validateEvery: Int,
                validationEpisodes: Int, checkpointEvery: Int, logEvery: Int) {
        self.iterations = iterations
        self.metaBatchSize = metaBatchSize
        self.optimizer = optimizer
        self.validateEvery = validateEvery
        self.validationEpisodes = validationEpisodes
        self.checkpointEvery = checkpointEvery
        self.logEvery = logEvery
    }
}
