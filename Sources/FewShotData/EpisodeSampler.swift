import Dispatch
import SeededRandom

/// Draws N-way K-shot Q-query episodes from a split's classes.
///
/// Episode `i` is a pure function of (seed, stream, i, classes): drawn alone, in a batch, on
/// any thread or core count, it is the same. Inside an episode, `ways` distinct classes are
/// drawn, then `shots + queries` distinct images of each; the first `shots` are support, the
/// rest queries. Labels `0..<ways` go to the classes in draw order, so which class gets which
/// label is random.
///
/// With `groups` (an Omniglot alphabet each), an episode first draws one group uniformly, then
/// its `ways` classes from that group alone: the harder within-alphabet protocol.
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
        /// For each label, `shots + queries` distinct image indices of its class: the support
        /// images first, then the queries.
        public let imageIndices: [[Int]]
    }

    public let classes: [ImageClass]
    public let ways: Int, shots: Int, queries: Int
    public let seed: UInt64
    public let stream: EpisodeStream
    public let channels: Int, height: Int, width: Int
    /// The groups every episode's classes come from one of; nil: any `ways` classes.
    public let groups: [Group]?
    /// What is done to each image as it is copied into an episode; nil: nothing.
    public let augmentation: ImageAugmentation?

    /// A sampler over `classes`, all of one image shape. `split` names the classes in errors.
    /// Throws `DatasetError` if ways, shots or queries are out of range, there are fewer
    /// classes than `ways`, a class has fewer than `shots + queries` images, or (with `groups`)
    /// there is no group, a group has fewer than `ways` classes or names a class that is not there.
    /// `augmentation` must not jitter saturation unless the images have 3 channels.
    public init(
        classes: [ImageClass], ways: Int, shots: Int, queries: Int, seed: UInt64,
        stream: EpisodeStream = .training, split: String = "train", groups: [Group]? = nil,
        augmentation: ImageAugmentation? = nil
    ) throws(DatasetError) {
        guard ways >= 1 else { throw .invalidEpisodeShape("ways must be at least 1, got \(ways)") }
        guard shots >= 1 else { throw .invalidEpisodeShape("shots must be at least 1, got \(shots)") }
        guard queries >= 0 else { throw .invalidEpisodeShape("queries must be at least 0, got \(queries)") }
        guard classes.count >= ways else { throw .tooFewClasses(split: split, has: classes.count, needs: ways) }
        if let groups {
            guard !groups.isEmpty else { throw .tooFewClasses(split: split, has: 0, needs: ways) }
            for group in groups {
                guard group.classes.allSatisfy(classes.indices.contains),
                    Set(group.classes).count == group.classes.count
                else {
                    throw .invalidEpisodeShape(
                        "group \(group.name) names classes outside 0..<\(classes.count) or repeats one")
                }
                guard group.classes.count >= ways else {
                    throw .tooFewClassesInGroup(group: group.name, split: split, has: group.classes.count, needs: ways)
                }
            }
        }
        for c in classes where c.imageCount < shots + queries {
            throw .tooFewImages(className: c.name, has: c.imageCount, needs: shots + queries)
        }
        let first = classes[0]
        for c in classes where c.channels != first.channels || c.size != first.size {
            throw .invalidEpisodeShape(
                "class \(c.name) has \(c.channels)x\(c.size)x\(c.size) images, "
                    + "class \(first.name) has \(first.channels)x\(first.size)x\(first.size)")
        }
        self.classes = classes
        self.ways = ways
        self.shots = shots
        self.queries = queries
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
        let s = ways * shots
        let q = ways * queries
        let f = imageFloats
        var supportImages = [Float](repeating: 0, count: count * s * f)
        var queryImages = [Float](repeating: 0, count: count * q * f)
        var supportLabels = [Int](repeating: 0, count: count * s)
        var queryLabels = [Int](repeating: 0, count: count * q)
        var classIndices = [Int](repeating: 0, count: count * ways)
        supportImages.withUnsafeMutableBufferPointer { si in
            queryImages.withUnsafeMutableBufferPointer { qi in
                supportLabels.withUnsafeMutableBufferPointer { sl in
                    queryLabels.withUnsafeMutableBufferPointer { ql in
                        classIndices.withUnsafeMutableBufferPointer { ci in
                            nonisolated(unsafe) let (si, qi, sl, ql, ci) = (si, qi, sl, ql, ci)
                            let fill: @Sendable (Int) -> Void = { e in
                                self.fill(
                                    start + e, support: si.baseAddress! + e * s * f,
                                    supportLabels: sl.baseAddress! + e * s,
                                    query: qi.baseAddress! + e * q * f, queryLabels: ql.baseAddress! + e * q,
                                    classIndices: ci.baseAddress! + e * ways)
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
            startIndex: start, count: count, ways: ways, shots: shots, queries: queries,
            channels: channels, height: height, width: width,
            supportImages: supportImages, supportLabels: supportLabels,
            queryImages: queryImages, queryLabels: queryLabels, classIndices: classIndices)
    }

    /// The classes and images of episode `index` (>= 0): what `episode(index)` holds, by index
    /// instead of by pixels.
    public func draw(_ index: Int) -> Draw {
        precondition(index >= 0, "episode indices must be non-negative")
        var generator = SeededGenerator(seed: seed, stream: [stream.id, UInt64(index)])
        let chosen: [Int]
        if let groups {
            let group = groups[generator.nextInt(below: groups.count)].classes
            chosen = generator.sample(ways, from: group.count).map { group[$0] }
        } else {
            chosen = generator.sample(ways, from: classes.count)
        }
        return Draw(
            classIndices: chosen,
            imageIndices: chosen.map { generator.sample(shots + queries, from: classes[$0].imageCount) })
    }

    /// Writes episode `index` into the given buffers.
    private func fill(
        _ index: Int, support: UnsafeMutablePointer<Float>, supportLabels: UnsafeMutablePointer<Int>,
        query: UnsafeMutablePointer<Float>, queryLabels: UnsafeMutablePointer<Int>,
        classIndices: UnsafeMutablePointer<Int>
    ) {
        let drawn = draw(index)
        let f = imageFloats
        for (label, classIndex) in drawn.classIndices.enumerated() {
            classIndices[label] = classIndex
            let imageClass = classes[classIndex]
            let images = drawn.imageIndices[label]
            for k in 0..<shots {
                let slot = label * shots + k
                imageClass.copyImage(images[k], to: support + slot * f)
                supportLabels[slot] = label
            }
            for k in 0..<queries {
                let slot = label * queries + k
                imageClass.copyImage(images[shots + k], to: query + slot * f)
                queryLabels[slot] = label
            }
        }
        // Augmentation works on values in [0, 1]; normalization comes last.
        if let augmentation {
            augment(index, support: support, query: query, with: augmentation)
        }
        for (label, classIndex) in drawn.classIndices.enumerated() {
            let imageClass = classes[classIndex]
            for k in 0..<shots { imageClass.normalize(support + (label * shots + k) * f) }
            for k in 0..<queries { imageClass.normalize(query + (label * queries + k) * f) }
        }
    }

    /// Augments episode `index`'s images in place: support slots `0..<ways * shots`, then the queries.
    private func augment(
        _ index: Int, support: UnsafeMutablePointer<Float>, query: UnsafeMutablePointer<Float>,
        with augmentation: ImageAugmentation
    ) {
        let f = imageFloats
        let supportCount = ways * shots
        withUnsafeTemporaryAllocation(of: Float.self, capacity: f) { scratch in
            for slot in 0..<(supportCount + ways * queries) {
                let image = slot < supportCount ? support + slot * f : query + (slot - supportCount) * f
                var generator = ImageAugmentation.generator(seed: seed, episode: index, slot: slot)
                augmentation.apply(
                    to: image, channels: channels, size: height, scratch: scratch.baseAddress!, using: &generator)
            }
        }
    }
}
