import Foundation
import MetaLearning

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The memory a run's settings need, estimated before anything is allocated, so that a run that
/// cannot fit stops at once with the setting that drives it instead of failing to allocate hours later.
///
/// The terms are upper estimates of what the run keeps at once: the process itself; the decoded
/// images; the episodes drawn ahead; the layer outputs of the tasks in flight, kept for the
/// backward pass (as many passes as the learner's `TaskMemory` says: a second-order inner loop
/// keeps every inner step's); each task's gradients until the meta-batch is summed; and the
/// parameters with their optimizer state. docs/benchmarks.md holds the measured peaks it is
/// checked against.
struct MemoryEstimate {
    /// One part of the estimate, with the settings that drive it.
    struct Term {
        let bytes: Double
        let what: String
        /// The JSON path of the setting `validate` reports the problem at.
        let path: String
        let settings: String
    }

    /// The process before any data or model: the runtime, the libraries, the threads' buffers.
    static let processBytes = 96.0 * 1_048_576
    /// Episode batches alive at once: the prefetcher's two and the one being trained on, each held as
    /// sampled arrays and as tensors.
    static let batchesAlive = 6.0

    let terms: [Term]

    /// The estimate for `spec`, meta-trained by `learner`, on a data set of `imageCount` files of
    /// `channels` channels, with `threads` tasks in flight.
    init(spec: ExperimentSpec, learner: LearnerDescriptor, imageCount: Int, channels: Int, threads: Int) {
        let side = Double(spec.dataset.imageSize)
        let pixels = Double(channels) * side * side
        let episodes = spec.episodes
        let training = spec.training
        // Sized by the largest episodes the rules can draw, from however many classes there are.
        let (test, train) = (episodes.rule.largest(classCount: .max), episodes.trainRule.largest(classCount: .max))
        let imagesPerTask = Double(max(test.images, train.images))
        let footprint = ModelCatalog.descriptor(named: spec.model.name)!.footprint(
            channels: channels, imageSize: spec.dataset.imageSize,
            parameters: spec.model.parameters)
        let parameters = Double(footprint.parameters(outputs: max(test.ways, train.ways)))
        let float = Double(MemoryLayout<Float>.size)
        // A run without meta-training draws no meta-batch and keeps no task gradients: only evaluation
        // episodes, one per thread.
        let drawnTogether = training.iterations > 0 ? training.metaBatchSize : 1
        let inFlight = Double(training.iterations > 0 ? min(threads, training.metaBatchSize) : threads)
        // A training task keeps what its learner declares.
        let memory = learner.taskMemory(spec.learner.parameters)
        let copies = max(
            Double(train.supportImages) * memory.supportCopies
                + Double(train.ways * train.queriesPerClass) * memory.queryCopies + memory.fixedCopies,
            // Evaluation adapts first order, one step at a time, and classifies the queries without a graph.
            Double(2 * test.supportImages + test.ways * test.queriesPerClass))
        terms = [
            Term(
                bytes: Self.processBytes, what: "the process itself", path: "model",
                settings: "nothing: it is the runtime and its libraries"),
            Term(
                // Held once, and once more while the image cache is written or read.
                bytes: 2 * Double(imageCount * spec.dataset.rotations.count) * pixels
                    * (spec.dataset.storage == .uint8 ? 1 : float),
                what:
                    "\(imageCount) images × \(spec.dataset.rotations.count) rotations decoded at \(Int(side))×\(Int(side)) "
                    + "and cached",
                path: "dataset.imageSize", settings: "dataset.imageSize, dataset.rotations and the data set's size"),
            Term(
                bytes: Self.batchesAlive * Double(drawnTogether) * imagesPerTask * pixels * float,
                what: "episodes of \(Int(imagesPerTask)) images in meta-batches of \(drawnTogether)",
                path: "training.metaBatchSize",
                settings: "training.metaBatchSize, episodes.ways/trainWays, shots, queries and dataset.imageSize"),
            Term(
                bytes: inFlight * copies * Double(footprint.activationsPerImage) * float,
                what: "layer outputs of \(Int(inFlight)) tasks in flight, \(Int(copies)) images' worth each",
                path: "model",
                settings: "the model's size (\(spec.model.name)), dataset.imageSize and the episode shape"
                    + (memory.supportCopies > TaskMemory.onePass.supportCopies ? ", and learner.innerSteps" : "")),
            Term(
                bytes: (Double(drawnTogether) + 6) * parameters * float,
                what: "\(Int(parameters)) parameters, their optimizer state and one gradient per task",
                path: "model", settings: "the model's size (\(spec.model.name)) and training.metaBatchSize"),
        ]
    }

    /// The whole estimate in bytes.
    var bytes: Double { terms.reduce(0) { $0 + $1.bytes } }

    /// The memory this process may use: the machine's, or its control group's limit (v2 or v1, on
    /// its group or one above it) when lower.
    static var availableBytes: Double {
        let physical = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        return min(physical, ControlGroupMemory.limit ?? .infinity)
    }

    /// Throws when the estimate exceeds `available` bytes, naming the largest part and its settings.
    func check(available: Double = availableBytes) throws(RunError) {
        if let problem = problem(available: available) { throw problem }
    }

    /// The error `check` throws, with the JSON path of the setting that drives it; nil when the run fits.
    func problem(available: Double = availableBytes) -> RunError? {
        guard bytes > available, let largest else { return nil }
        return .needsTooMuchMemory(
            estimate: Self.gibibytes(bytes), available: Self.gibibytes(available),
            cause: "\(Self.gibibytes(largest.bytes)) of it for \(largest.what)", settings: largest.settings)
    }

    /// The largest part.
    var largest: Term? { terms.max(by: { $0.bytes < $1.bytes }) }

    /// "12.3 GiB".
    static func gibibytes(_ bytes: Double) -> String {
        String(format: "%.1f GiB", bytes / 1_073_741_824)
    }
}
