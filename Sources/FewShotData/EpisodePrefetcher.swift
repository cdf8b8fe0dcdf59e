import Foundation

/// Draws meta-batches ahead of training on a background thread.
///
/// Call `next()` repeatedly to get batches of episodes `[start, start + batchSize)`,
/// `[start + batchSize, start + 2 * batchSize)`, ... in order, identical to
/// `sampler.batch(start:count:)`. At most `depth` batches wait ready. The thread stops when
/// the prefetcher is released or `stop()` is called.
public final class EpisodePrefetcher: @unchecked Sendable {
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        var ready: [EpisodeBatch] = []
        var stopped = false
    }

    public let sampler: EpisodeSampler
    public let batchSize: Int
    private let state = State()
    private var nextStart: Int

    /// Starts drawing batches of `batchSize` episodes from episode `start` at once.
    public init(sampler: EpisodeSampler, batchSize: Int, start: Int = 0, depth: Int = 2) {
        precondition(batchSize >= 1 && depth >= 1 && start >= 0, "batchSize and depth must be positive")
        self.sampler = sampler
        self.batchSize = batchSize
        self.nextStart = start
        let state = self.state
        let thread = Thread {
            var position = start
            while true {
                // Sequential inside the batch: the training loop owns the other cores.
                let batch = sampler.batch(start: position, count: batchSize, parallel: false)
                position += batchSize
                state.condition.lock()
                while state.ready.count >= depth && !state.stopped { state.condition.wait() }
                if state.stopped {
                    state.condition.unlock()
                    return
                }
                state.ready.append(batch)
                state.condition.broadcast()
                state.condition.unlock()
            }
        }
        thread.name = "EpisodePrefetcher"
        thread.start()
    }

    /// The next batch in order, waiting if it is not drawn yet.
    public func next() -> EpisodeBatch {
        state.condition.lock()
        defer { state.condition.unlock() }
        while state.ready.isEmpty { state.condition.wait() }
        let batch = state.ready.removeFirst()
        state.condition.broadcast()
        nextStart = batch.startIndex + batchSize
        return batch
    }

    /// Stops the background thread; `next()` must not be called afterwards.
    public func stop() {
        state.condition.lock()
        state.stopped = true
        state.condition.broadcast()
        state.condition.unlock()
    }

    deinit { stop() }
}
