#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The seed of a model's random regularisation (DropBlock) on this thread.
///
/// A learner sets it around the forward pass of a training task (`with(seed:_:)`); outside it the
/// seed is nil and a model computes its deterministic evaluation pass. Per thread, like
/// `NumericsMode`, so the tasks of a meta-batch on different threads draw their own noise.
public enum TrainingNoise {
    private final class Seed {
        let value: UInt64
        init(_ value: UInt64) { self.value = value }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "cannot create the training-noise thread key")
        return key
    }()

    /// The seed of the training pass running on this thread, or nil when none is.
    public static var seed: UInt64? {
        pthread_getspecific(key).map { Unmanaged<Seed>.fromOpaque($0).takeUnretainedValue().value }
    }

    /// Runs `body` as a training pass whose random regularisation draws from `seed`.
    public static func with<Result>(seed: UInt64, _ body: () throws -> Result) rethrows -> Result {
        let box = Seed(seed)
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(box).toOpaque())
        defer {
            pthread_setspecific(key, previous)
            withExtendedLifetime(box) {}
        }
        return try body()
    }

    /// Runs `body` as training task `index` of meta-training iteration `iteration` in a run seeded
    /// `seed`: the pass's seed is a function of those three alone, so a task draws the same noise on
    /// any thread and in any rank.
    public static func withTask<Result>(seed: UInt64, iteration: Int, index: Int, _ body: () throws -> Result) rethrows
        -> Result
    {
        var generator = SeededGenerator(seed: seed, stream: [0xD80B, UInt64(iteration), UInt64(index)])
        return try with(seed: generator.next(), body)
    }
}
