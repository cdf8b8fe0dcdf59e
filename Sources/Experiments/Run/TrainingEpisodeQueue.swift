import FewShotData

/// The training loop's meta-batches, in order from episode `start`: with one training source, its
/// sampler's batches drawn ahead on a background thread (`EpisodePrefetcher`); with several, each
/// meta-batch drawn when asked for, on all cores. Either way batch `k` holds training episodes
/// `start + k * batchSize ..< start + (k + 1) * batchSize`.
final class TrainingEpisodeQueue {
    private let episodes: TrainingEpisodes
    private let prefetcher: EpisodePrefetcher?
    private let batchSize: Int
    private var position: Int

    /// Starts the queue at training episode `start`.
    init(_ episodes: TrainingEpisodes, batchSize: Int, start: Int) {
        self.episodes = episodes
        self.batchSize = batchSize
        position = start
        prefetcher =
            episodes.samplers.count == 1
            ? EpisodePrefetcher(sampler: episodes.samplers[0], batchSize: batchSize, start: start) : nil
    }

    /// The next meta-batch.
    func next() -> [Episode] {
        if let prefetcher { return prefetcher.next().episodes }
        defer { position += batchSize }
        return episodes.episodes(start: position, count: batchSize)
    }

    /// Stops drawing ahead; `next()` must not be called afterwards.
    func stop() { prefetcher?.stop() }
}
