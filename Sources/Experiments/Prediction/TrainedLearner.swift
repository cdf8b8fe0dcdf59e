import FewShotData
import Foundation
import MetaLearning
import Specs

/// A trained learner reopened from its run directory and put to work: adapted to a support set of
/// labelled images (classes it may never have seen), it classifies new images.
///
/// The run's best checkpoint is used (its last one when the run did not validate), images go
/// through the run's own transform (size, colour, inversion), and the learner adapts to the
/// support set exactly as it did on its test episodes. The same support set and queries always
/// give the same probabilities.
///
/// ```swift
/// let trained = try TrainedLearner(runDirectory: URL(fileURLWithPath: "runs/quickstart"),
///                                  registry: BuiltinLearners.registry)
/// let adapted = try trained.adapt(support: SupportClass.folder("support"))
/// for prediction in try adapted.classify(imagesAtPaths: ["query/1.png", "query/2.png"]) {
///     print(prediction.className, prediction.probability)
/// }
/// ```
public final class TrainedLearner: Sendable {
    /// The run's resolved spec.
    public let spec: ExperimentSpec
    /// How image files become the learner's inputs: the run's own transform. Rotations are left
    /// out: they make classes at training time and do not apply to a user's images.
    public let transform: ImageTransform
    /// The run's learner.
    public let learner: any Learner
    /// The learner's state from the checkpoint.
    public let state: LearnerState
    /// The checkpoint file the parameters came from (`best.json` or `checkpoint.json`).
    public let checkpoint: URL
    /// The most classes a support set may have: the outputs of the learner's head
    /// (`episodes.trainWays`); nil for a learner without a fixed-size head.
    public let mostClasses: Int?
    /// Whether support classes may have different numbers of images.
    public let acceptsUnequalShots: Bool
    /// Threads for decoding images and classifying batches of queries.
    let threads: Int

    /// Opens the run in `directory` with the learners of `registry`.
    /// - Throws: `SpecErrors` for a missing or unusable `spec.json` (one naming a learner `registry`
    ///   lacks), `RunError.noCheckpoint` when the run has no checkpoint, `RunError` for a damaged one.
    public convenience init(
        runDirectory directory: URL, registry: LearnerRegistry,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws {
        try self.init(SavedRun(directory: directory, registry: registry, threads: threads))
    }

    /// The learner of `run`, restored from its best checkpoint (else its last).
    init(_ run: SavedRun) throws {
        let files = run.files
        let source = FileManager.default.fileExists(atPath: files.best.path) ? files.best : files.checkpoint
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw RunError.noCheckpoint(directory: files.directory.path)
        }
        let saved = try Checkpoint.read(source, for: run.spec)
        let transform = run.spec.dataset.transform
        learner = LearnerFactory.make(
            spec: run.spec, registry: run.registry, channels: transform.channels,
            imageSize: transform.imageSize, threads: run.threads)
        state = try ExperimentRunner.restored(saved.learner, fitting: learner.initialState())
        let descriptor = run.registry.descriptor(named: run.spec.learner.name)!
        spec = run.spec
        var unrotated = transform
        unrotated.rotations = [0]
        self.transform = unrotated
        checkpoint = source
        mostClasses = descriptor.acceptsTrainWays ? nil : run.spec.episodes.trainWays
        acceptsUnequalShots = descriptor.acceptsUnequalShots
        threads = max(1, run.threads)
    }

    /// The learner adapted to `support`, ready to classify queries. Images given as files are
    /// decoded with the run's transform.
    /// - Throws: `PredictionError` for fewer than two classes, more than the learner's head
    ///   allows, a repeated name, an empty class, unequal classes the learner cannot take, or values
    ///   of the wrong size; `ImageError` for an image file that cannot be read.
    public func adapt(support: [SupportClass]) throws -> AdaptedLearner {
        try checkSupport(support.map { ($0.name, $0.imageCount) })
        var images: [[Float]] = []
        var labels: [Int] = []
        for (label, supportClass) in support.enumerated() {
            switch supportClass.images {
            case .files(let paths): images += try decode(paths)
            case .values(let values):
                for (position, value) in values.enumerated() {
                    try checkSize(value, "support class '\(supportClass.name)', image \(position + 1)")
                }
                images += values
            }
            labels += Array(repeating: label, count: supportClass.imageCount)
        }
        return AdaptedLearner(
            trained: self, classNames: support.map(\.name), support: tensor(images), supportLabels: labels)
    }

    /// Checks that support classes with these names and image counts can be adapted to.
    func checkSupport(_ classes: [(name: String, images: Int)]) throws(PredictionError) {
        guard classes.count >= 2 else { throw .tooFewClasses(found: classes.count) }
        if let most = mostClasses, classes.count > most {
            throw .tooManyClasses(found: classes.count, most: most, learner: spec.learner.name)
        }
        var names = Set<String>()
        for (name, images) in classes {
            guard names.insert(name).inserted else { throw .repeatedClass(name: name) }
            guard images > 0 else { throw .emptyClass(name: name) }
        }
        if !acceptsUnequalShots, Set(classes.map(\.images)).count > 1 {
            throw .unequalShots(learner: spec.learner.name, counts: classes.map { "\($0.images) in '\($0.name)'" })
        }
    }

    /// The files at `paths` as model inputs, decoded on all threads; the first unreadable file in
    /// order is the error.
    func decode(_ paths: [String]) throws(ImageError) -> [[Float]] {
        let transform = transform
        let results = TaskParallel.map(paths.count, threads: threads) { index in
            Result { () throws(ImageError) -> [Float] in try transform.image(atPath: paths[index]) }
        }
        return try results.map { (result) throws(ImageError) in try result.get() }
    }

    /// Throws unless `image` has the run's image size.
    func checkSize(_ image: [Float], _ name: @autoclosure () -> String) throws(PredictionError) {
        guard image.count != transform.floatsPerImage else { return }
        let side = transform.imageSize
        throw .wrongImageSize(
            image: name(), found: image.count, expected: transform.floatsPerImage,
            shape: "\(transform.channels)×\(side)×\(side)")
    }

    /// Images of the run's shape as one [count, C, H, W] tensor.
    func tensor(_ images: [[Float]]) -> Tensor {
        Tensor(
            shape: [images.count, transform.channels, transform.imageSize, transform.imageSize],
            scalars: images.flatMap { $0 })
    }

    /// The learner's query logits for `task` over the task's own classes, [queries, ways], computed
    /// in the run's `numerics` mode: the columns of head outputs no class of the task uses are left out.
    func classLogits(_ task: FewShotTask) -> Tensor {
        let logits = NumericsMode.with(spec.numerics) { learner.predict(task, with: state) }
        let rows = logits.shape[0]
        let columns = logits.shape[1]
        let ways = task.ways
        guard columns != ways else { return logits }
        let all = logits.scalars
        return Tensor(shape: [rows, ways], scalars: (0..<rows).flatMap { all[($0 * columns)..<($0 * columns + ways)] })
    }
}
