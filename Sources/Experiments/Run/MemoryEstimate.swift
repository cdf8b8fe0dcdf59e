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
/// The terms are upper estimates of what the run keeps at once: the decoded images; the episodes
/// drawn ahead; the layer outputs of the tasks in flight, kept for the backward pass (second order
/// keeps the inner steps' too); each task's gradients until the meta-batch is summed; and the
/// parameters with their optimizer state.
struct MemoryEstimate {
    /// One part of the estimate, with the settings that drive it.
    struct Term {
        let bytes: Double
        let what: String
        /// The JSON path of the setting `validate` reports the problem at.
        let path: String
        let settings: String
    }

    /// Copies of every layer output kept per image while a task's meta-gradient is computed (forward
    /// values, the backward pass and, for second-order learners, the recorded inner steps).
    static let activationCopies = 4.0
    /// Episode batches alive at once: the prefetcher's two and the one being trained on, each held as
    /// sampled arrays and as tensors.
    static let batchesAlive = 6.0

    let terms: [Term]

    /// The estimate for `spec` on a data set of `imageCount` files of `channels` channels, with
    /// `threads` tasks in flight.
    init(spec: ExperimentSpec, imageCount: Int, channels: Int, threads: Int) {
        let side = Double(spec.dataset.imageSize)
        let pixels = Double(channels) * side * side
        let episodes = spec.episodes
        let training = spec.training
        let imagesPerTask = Double(max(episodes.ways, episodes.trainWays) * (episodes.shots + episodes.queries))
        let footprint = ModelCatalog.descriptor(named: spec.model.name)!.footprint(
            channels: channels, imageSize: spec.dataset.imageSize,
            parameters: spec.model.parameters)
        let parameters = Double(footprint.parameters(outputs: max(episodes.ways, episodes.trainWays)))
        let float = Double(MemoryLayout<Float>.size)
        let inFlight = Double(min(threads, training.metaBatchSize))
        terms = [
            Term(
                bytes: Double(imageCount * spec.dataset.rotations.count) * pixels
                    * (spec.dataset.storage == .uint8 ? 1 : float),
                what:
                    "\(imageCount) images × \(spec.dataset.rotations.count) rotations decoded at \(Int(side))×\(Int(side))",
                path: "dataset.imageSize", settings: "dataset.imageSize, dataset.rotations and the data set's size"),
            Term(
                bytes: Self.batchesAlive * Double(training.metaBatchSize) * imagesPerTask * pixels * float,
                what: "episodes of \(Int(imagesPerTask)) images in meta-batches of \(training.metaBatchSize)",
                path: "training.metaBatchSize",
                settings: "training.metaBatchSize, episodes.ways/trainWays, shots, queries and dataset.imageSize"),
            Term(
                bytes: inFlight * imagesPerTask * Double(footprint.activationsPerImage) * Self.activationCopies * float,
                what: "layer outputs of \(Int(inFlight)) tasks of \(Int(imagesPerTask)) images in flight",
                path: "model",
                settings: "the model's size (\(spec.model.name)), dataset.imageSize and the episode shape"),
            Term(
                bytes: (Double(training.metaBatchSize) + 6) * parameters * float,
                what: "\(Int(parameters)) parameters, their optimizer state and one gradient per task",
                path: "model", settings: "the model's size (\(spec.model.name)) and training.metaBatchSize"),
        ]
    }

    /// The whole estimate in bytes.
    var bytes: Double { terms.reduce(0) { $0 + $1.bytes } }

    /// The memory this process may use: the machine's, or its control group's limit when lower.
    static var availableBytes: Double {
        let physical = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        let limit = (try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8))
            .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return min(physical, limit ?? .infinity)
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
