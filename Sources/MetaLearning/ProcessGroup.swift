#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The processes one run is spread over (the ranks of an `mpirun` job): each runs the same
/// program on the same data, computes its share of a meta-batch's tasks or of the evaluation
/// episodes, and receives everyone else's results. Every rank calls the collective functions in
/// the same order with matching arguments; a rank that fails ends the job.
///
/// While a group is in effect on a thread (`with(_:_:)`), `TaskParallel.mapAcrossRanks` (and so
/// `MetaBatch.meanGradient`) divides its tasks among the ranks; with none, everything runs in this
/// process exactly as before.
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's rank, in `0..<size`.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }
    /// Every rank's `bytes`, indexed by rank (each rank may send a different count).
    func allGather(_ bytes: [UInt8]) -> [[UInt8]]
    /// Rank 0's `bytes` on every rank (the argument of other ranks is ignored).
    func broadcastFromFirst(_ bytes: [UInt8]) -> [UInt8]
}

extension ProcessGroup {
    /// The indices of `0..<count` this rank computes: contiguous shares in rank order, sizes
    /// differing by at most one, larger ones first (so rank 0 has a task whenever there is one).
    public func share(of count: Int) -> Range<Int> {
        ProcessGroups.share(of: count, rank: rank, size: size)
    }
}

/// The process group in effect on the current thread.
public enum ProcessGroups {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "cannot create the process-group thread key")
        return key
    }()

    /// Rank `rank`'s share of `0..<count` among `size` ranks (see `ProcessGroup.share(of:)`).
    public static func share(of count: Int, rank: Int, size: Int) -> Range<Int> {
        func start(_ r: Int) -> Int { r * (count / size) + min(r, count % size) }
        return start(rank)..<start(rank + 1)
    }

    /// The group whose ranks share this thread's tasks, or nil when this process works alone.
    public static var current: (any ProcessGroup)? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        return Unmanaged<GroupBox>.fromOpaque(pointer).takeUnretainedValue().group
    }

    /// Runs `body` with `group` (nil: none) in effect on this thread.
    public static func with<Result>(_ group: (any ProcessGroup)?, _ body: () throws -> Result) rethrows -> Result {
        let previous = pthread_getspecific(key)
        let box = group.map(GroupBox.init)
        pthread_setspecific(key, box.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
        defer { pthread_setspecific(key, previous) }
        return try withExtendedLifetime(box) { try body() }
    }
}

/// A group held by reference, so the thread key can point at it.
private final class GroupBox {
    let group: any ProcessGroup
    init(_ group: any ProcessGroup) { self.group = group }
}
