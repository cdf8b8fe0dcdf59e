/// Which stream of episodes a sampler draws. Episode `i` of a stream depends only on the
/// sampler's seed, the stream id, `i` and the classes, so streams are independent and
/// evaluation sets are the same for every learner given the same seed and data.
public struct EpisodeStream: Sendable, Hashable {
    public let id: UInt64
    public init(id: UInt64) { self.id = id }

    public static let training = EpisodeStream(id: 1)
    public static let validation = EpisodeStream(id: 2)
    public static let test = EpisodeStream(id: 3)
}
