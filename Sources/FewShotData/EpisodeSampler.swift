import Dispatch
import SeededRandom

/// Draws episodes from a split's classes, shaped as its `EpisodeRule` says: fixed N-way K-shot
/// Q-query, ways and shots drawn from ranges, or Meta-Dataset's rule.
///
/// Episode `i` is a pure function of (seed, stream, i, classes): drawn alone, in a batch, on
/// any thread or core count, it is the same. Inside an episode, the ways are drawn (unless
/// fixed), then that many distinct classes, then each class's support count (unless fixed; with
/// Meta-Dataset's rule, the queries and the support counts from the classes' sizes), then
/// `support + queries` distinct images of each; the first are support, the rest queries. Labels
/// `0..<ways` go to the classes in draw order, so which class gets which label is random. A fixed
/// rule draws nothing more than the classes and images.
///
/// With `groups` (an Omniglot alphabet each), an episode first draws one group uniformly, then
/// its classes from that group alone: the harder within-alphabet protocol.
///
/// With `augmentation` (meta-training samplers only), every image is augmented once copied into
/// the episode (values in [0, 1]) and before the per-channel normalization, its draws a pure
/// function of (seed, episode index, image slot).
public struct EpisodeSampler: Sendable {
    /// Classes drawn together: an episode with groups takes all its classes from one of them.
    public struct Group: Sendable, Equatable {
        /// How errors name the group (an alphabet's name).
        public let name: String
        /// Indices into the sampler's `classes`.
        public let classes: [Int]

        /// A group of the sampler's classes at `classes`.
        public init(name: String, classes: [Int]) {
            self.name = name
            self.classes = classes
        }
    }

    /// Which images episode `index` consists of: for each label, the class and its images.
    public struct Draw: Sendable, Equatable {
        /// Index among the sampler's classes of the class behind each label.
        public let classIndices: [Int]
        /// Support images of each label.
        public let supportCounts: [Int]
        /// Query images of every label.
        public let queries: Int
        /// For each label, `supportCounts[label] + queries` distinct image indices of its class: the
        /// support images first, then the queries.
        public let imageIndices: [[Int]]
    }

    public let classes: [ImageClass]
    /// How every episode is shaped.
    public let rule: EpisodeRule
    public let seed: UInt64
    public let stream: EpisodeStream
    public let channels: Int, height: Int, width: Int
    /// The groups every episode's classes come from one of; nil: any of the classes.
    public let groups: [Group]?
    /// What is done to each image as it is copied into an episode; nil: nothing.
    public let augmentation: ImageAugmentation?

    /// A sampler of fixed N-way K-shot Q-query episodes; see `init(classes:rule:...)`.
    public init(
        classes: [ImageClass], ways: Int, shots: Int, queries: Int, seed: UInt64,
        stream: EpisodeStream = .training, split: String = "train", groups: [Group]? = nil,
        augmentation: ImageAugmentation? = nil
    ) throws(DatasetError) {
        try self.init(
            classes: classes, rule: .fixed(ways: ways, shots: shots, queries: queries), seed: seed, stream: stream,
            split: split, groups: groups, augmentation: augmentation)
    }

    /// A sampler over `classes`, all of one image shape, drawing episodes by `rule`. `split` names
    /// the classes in errors. Throws `DatasetError` if the rule's numbers are out of range, the
    /// classes (or, with `groups`, a group's classes) are fewer than the rule's largest ways
    /// (Meta-Dataset's rule: its fewest ways), a class has fewer images than the rule's largest
    /// episode takes from one (Meta-Dataset's rule: 2), or (with `groups`) there is no group or a
    /// group names a class that is not there.
    /// `augmentation` must not jitter saturation unless the images have 3 channels.
    public init(
        classes: [ImageClass], rule: EpisodeRule, seed: UInt64, stream: EpisodeStream = .training,
        split: String = "train", groups: [Group]? = nil, augmentation: ImageAugmentation? = nil
    ) throws(DatasetError) {
        try Self.check(rule)
        let needed = rule.classesNeeded
        guard classes.count >= needed else { throw .tooFewClasses(split: split, has: classes.count, needs: needed) }
        if let groups {
            guard !groups.isEmpty else { throw .tooFewClasses(split: split, has: 0, needs: needed) }
            for group in groups {
                guard group.classes.allSatisfy(classes.indices.contains),
                    Set(group.classes).count == group.classes.count
                else {
                    throw .invalidEpisodeShape(
                        "group \(group.name) names classes outside 0..<\(classes.count) or repeats one")
                }
                guard group.classes.count >= needed else {
                    throw .tooFewClassesInGroup(
                        group: group.name, split: split, has: group.classes.count, needs: needed)
                }
            }
        }
        for c in classes where c.imageCount < rule.imagesNeeded {
            throw .tooFewImages(className: c.name, has: c.imageCount, needs: rule.imagesNeeded)
        }
        let first = classes[0]
        for c in classes where c.channels != first.channels || c.size != first.size {
            throw .invalidEpisodeShape(
                "class \(c.name) has \(c.channels)x\(c.size)x\(c.size) images, "
                    + "class \(first.name) has \(first.channels)x\(first.size)x\(first.size)")
        }
        self.classes = classes
        self.rule = rule
        self.seed = seed
        self.stream = stream
        self.channels = first.channels
        self.height = first.size
        self.width = first.size
        self.groups = groups
        self.augmentation = augmentation
        precondition(
            (augmentation?.colorJitter?.saturation ?? 0) == 0 || channels == 3,
            "saturation jitter needs 3-channel images")
    }

    /// Throws when the rule's numbers are out of range.
    private static func check(_ rule: EpisodeRule) throws(DatasetError) {
        switch rule {
        case .uniform(let ways, let shots, let queries):
            guard ways.lowerBound >= 1 else {
                throw .invalidEpisodeShape("ways must be at least 1, got \(ways.lowerBound)")
            }
            guard shots.lowerBound >= 1 else {
                throw .invalidEpisodeShape("shots must be at least 1, got \(shots.lowerBound)")
            }
            guard queries >= 0 else { throw .invalidEpisodeShape("queries must be at least 0, got \(queries)") }
        case .metaDataset(let sampling):
            guard sampling.ways.lowerBound >= 1, sampling.maxQueries >= 1 else {
                throw .invalidEpisodeShape(
                    "Meta-Dataset sampling needs at least 1 way and 1 query, got ways \(sampling.ways) "
                        + "and at most \(sampling.maxQueries) queries")
            }
        }
    }

    /// Floats per image.
    public var imageFloats: Int { channels * height * width }

    /// Episode `index` (>= 0) of the stream.
    public func episode(_ index: Int) -> Episode {
        batch(start: index, count: 1, parallel: false).episode(0)
    }

    /// Episodes `start ..< start + count` as one contiguous meta-batch, drawn on all cores when
    /// `parallel` (the result is the same either way).
    public func batch(start: Int, count: Int, parallel: Bool = true) -> EpisodeBatch {
        precondition(start >= 0 && count >= 0, "episode indices must be non-negative")
        let draws = (0..<count).map { draw(start + $0) }
        let supportCounts = draws.map(\.supportCounts)
        let queries = draws.map(\.queries)
        let starts = EpisodeBatch.starts(supportCounts: supportCounts, queries: queries)
        let f = imageFloats
        var supportImages = [Float](repeating: 0, count: starts.support.last! * f)
        var queryImages = [Float](repeating: 0, count: starts.query.last! * f)
        var supportLabels = [Int](repeating: 0, count: starts.support.last!)
        var queryLabels = [Int](repeating: 0, count: starts.query.last!)
        var classIndices = [Int](repeating: 0, count: starts.labels.last!)
        supportImages.withUnsafeMutableBufferPointer { si in
            queryImages.withUnsafeMutableBufferPointer { qi in
                supportLabels.withUnsafeMutableBufferPointer { sl in
                    queryLabels.withUnsafeMutableBufferPointer { ql in
                        classIndices.withUnsafeMutableBufferPointer { ci in
                            nonisolated(unsafe) let (si, qi, sl, ql, ci) = (si, qi, sl, ql, ci)
                            let fill: @Sendable (Int) -> Void = { e in
                                let (s, q) = (starts.support[e], starts.query[e])
                                self.fill(
                                    start + e, draws[e], support: si.baseAddress! + s * f,
                                    supportLabels: sl.baseAddress! + s, query: qi.baseAddress! + q * f,
                                    queryLabels: ql.baseAddress! + q, classIndices: ci.baseAddress! + starts.labels[e])
                            }
                            if parallel && count > 1 {
                                DispatchQueue.concurrentPerform(iterations: count, execute: fill)
                            } else {
                                for e in 0..<count { fill(e) }
                            }
                        }
                    }
                }
            }
        }
        return EpisodeBatch(
            startIndex: start, channels: channels, height: height, width: width, supportCounts: supportCounts,
            queries: queries, supportImages: supportImages, supportLabels: supportLabels,
            queryImages: queryImages, queryLabels: queryLabels, classIndices: classIndices)
    }

    /// The classes and images of episode `index` (>= 0): what `episode(index)` holds, by index
    /// instead of by pixels.
    public func draw(_ index: Int) -> Draw {
        precondition(index >= 0, "episode indices must be non-negative")
        var generator = SeededGenerator(seed: seed, stream: [stream.id, UInt64(index)])
        // The classes an episode may take: one group's, or all.
        let pool = groups.map { $0[generator.nextInt(below: $0.count)].classes }
        let available = pool?.count ?? classes.count
        func choose(_ ways: Int) -> [Int] {
            let chosen = generator.sample(ways, from: available)
            return pool.map { pool in chosen.map { pool[$0] } } ?? chosen
        }
        let chosen: [Int]
        let supportCounts: [Int]
        let queries: Int
        switch rule {
        case .uniform(let ways, let shots, let perClass):
            chosen = choose(ways.count == 1 ? ways.lowerBound : ways.lowerBound + generator.nextInt(below: ways.count))
            supportCounts = chosen.map { _ in
                shots.count == 1 ? shots.lowerBound : shots.lowerBound + generator.nextInt(below: shots.count)
            }
            queries = perClass
        case .metaDataset(let sampling):
            chosen = choose(sampling.drawWays(available: available, using: &generator))
            let sizes = chosen.map { classes[$0].imageCount }
            queries = sampling.queries(classSizes: sizes)
            supportCounts = sampling.supportCounts(classSizes: sizes, queries: queries, using: &generator)
        }
        return Draw(
            classIndices: chosen, supportCounts: supportCounts, queries: queries,
            imageIndices: zip(chosen, supportCounts).map {
                generator.sample($1 + queries, from: classes[$0].imageCount)
            })
    }

    /// Writes episode `index`, drawn as `drawn`, into the given buffers.
    private func fill(
        _ index: Int, _ drawn: Draw, support: UnsafeMutablePointer<Float>, supportLabels: UnsafeMutablePointer<Int>,
        query: UnsafeMutablePointer<Float>, queryLabels: UnsafeMutablePointer<Int>,
        classIndices: UnsafeMutablePointer<Int>
    ) {
        let f = imageFloats
        let queries = drawn.queries
        var supportSlot = 0
        for (label, classIndex) in drawn.classIndices.enumerated() {
            classIndices[label] = classIndex
            let imageClass = classes[classIndex]
            let images = drawn.imageIndices[label]
            let shots = drawn.supportCounts[label]
            for k in 0..<shots {
                imageClass.copyImage(images[k], to: support + supportSlot * f)
                supportLabels[supportSlot] = label
                supportSlot += 1
            }
            for k in 0..<queries {
                let slot = label * queries + k
                imageClass.copyImage(images[shots + k], to: query + slot * f)
                queryLabels[slot] = label
            }
        }
        // Augmentation works on values in [0, 1]; normalization comes last.
        if let augmentation {
            augment(
                index, support: support, supportCount: supportSlot, query: query,
                queryCount: drawn.classIndices.count * queries, with: augmentation)
        }
        for slot in 0..<supportSlot { classes[drawn.classIndices[supportLabels[slot]]].normalize(support + slot * f) }
        for slot in 0..<(drawn.classIndices.count * queries) {
            classes[drawn.classIndices[queryLabels[slot]]].normalize(query + slot * f)
        }
    }

    /// Augments episode `index`'s images in place: support slots `0..<supportCount`, then the queries.
    private func augment(
        _ index: Int, support: UnsafeMutablePointer<Float>, supportCount: Int, query: UnsafeMutablePointer<Float>,
        queryCount: Int, with augmentation: ImageAugmentation
    ) {
        let f = imageFloats
        withUnsafeTemporaryAllocation(of: Float.self, capacity: f) { scratch in
            for slot in 0..<(supportCount + queryCount) {
                let image = slot < supportCount ? support + slot * f : query + (slot - supportCount) * f
                var generator = ImageAugmentation.generator(seed: seed, episode: index, slot: slot)
                augmentation.apply(
                    to: image, channels: channels, size: height, scratch: scratch.baseAddress!, using: &generator)
            }
        }
    }
}
