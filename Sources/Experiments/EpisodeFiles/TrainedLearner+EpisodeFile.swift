import FewShotData
import Foundation
import MetaLearning
import PosixFiles

extension TrainedLearner {
    /// Tests the learner on exactly the episodes of `episodes` (read from `file`, which errors
    /// name): each adapts to its support images and is scored on its queries, as the run's own test
    /// episodes were. Paths are relative to `root` (default: `EpisodeFile.defaultRoot(of:)` of the
    /// run's data set). With `keepingLogits`, the summary holds each episode's query logits too.
    /// Episodes are evaluated on all threads; the figures do not depend on it.
    /// - Throws: `EpisodeFileError` for a missing or unreadable image, a query class missing from
    ///   its support, or a support set the learner cannot adapt to, at the JSON path of the first one.
    public func test(
        on episodes: EpisodeFile, file: String, root: String? = nil, keepingLogits: Bool = false
    ) throws(EpisodeFileError) -> RunResult.TestSummary {
        let plan = try EpisodePlan(
            episodes, file: file, root: root ?? EpisodeFile.defaultRoot(of: spec.dataset), trained: self)
        let pixels = try decode(plan, file: file)
        let (channels, side) = (transform.channels, transform.imageSize)
        let outcomes = TaskParallel.map(plan.tasks.count, threads: threads) { index in
            let planned = plan.tasks[index]
            let images = { (uses: [EpisodePlan.Use]) in
                uses.map { use in
                    use.rotation == 0
                        ? pixels[use.slot]
                        : ImageClass(
                            name: "", images: pixels[use.slot], channels: channels, size: side, rotation: use.rotation
                        ).image(0)
                }
            }
            let task = FewShotTask(
                support: self.tensor(images(planned.support)), supportLabels: planned.supportLabels,
                query: self.tensor(images(planned.query)), queryLabels: planned.queryLabels, ways: planned.ways)
            let logits = self.classLogits(task)
            return (metrics: task.queryMetrics { logits }, logits: logits)
        }
        var summary = RunResult.TestSummary(episodeAccuracies: outcomes.map { Double($0.metrics.accuracy) })
        if keepingLogits {
            summary.episodeLogits = outcomes.map { outcome in
                let (rows, columns, scalars) = (
                    outcome.logits.shape[0], outcome.logits.shape[1], outcome.logits.scalars
                )
                return (0..<rows).map { Array(scalars[($0 * columns)..<(($0 + 1) * columns)]) }
            }
        }
        return summary
    }

    /// Every file of `plan` decoded with the run's transform, on all threads; the first failure in
    /// file order is the error, at the place the file is first named.
    private func decode(_ plan: EpisodePlan, file: String) throws(EpisodeFileError) -> [[Float]] {
        let (transform, paths) = (transform, plan.paths)
        let decoded = TaskParallel.map(paths.count, threads: threads) { index in
            Result { () throws(ImageError) -> [Float] in try transform.image(atPath: paths[index]) }
        }
        var pixels: [[Float]] = []
        for (index, result) in decoded.enumerated() {
            switch result {
            case .success(let image): pixels.append(image)
            case .failure(let error):
                guard !FileIO.isAbsent(paths[index]) else {
                    throw .missingImage(file: file, at: plan.places[index], path: paths[index])
                }
                throw .unreadableImage(file: file, at: plan.places[index], error)
            }
        }
        return pixels
    }
}

/// An episode file checked and laid out for evaluation: every distinct file once, and each
/// episode as labels and uses of those files.
struct EpisodePlan: Sendable {
    /// One image of an episode: a file and the rotation it is used with.
    struct Use: Sendable {
        let slot: Int
        let rotation: Int
    }

    /// One episode's images and labels (classes numbered in order of first support appearance).
    struct Task: Sendable {
        let support: [Use], supportLabels: [Int]
        let query: [Use], queryLabels: [Int]
        let ways: Int
    }

    /// The distinct files, resolved against the root, in order of first use.
    private(set) var paths: [String] = []
    /// Where each file is first named (`episodes[2].query[4]`).
    private(set) var places: [String] = []
    private(set) var tasks: [Task] = []

    /// Checks every episode (query classes in the support, a support set `trained` can adapt to)
    /// and lays them out; relative paths are resolved against `root`.
    init(_ file: EpisodeFile, file name: String, root: String, trained: TrainedLearner) throws(EpisodeFileError) {
        var slots: [String: Int] = [:]
        let prefix = root.hasSuffix("/") ? root : root + "/"
        for (index, episode) in file.episodes.enumerated() {
            let at = "episodes[\(index)]"
            let classes = episode.classNames
            let labels = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            do throws(PredictionError) {
                try trained.checkSupport(
                    classes.map { name in (name, episode.support.filter { $0.className == name }.count) })
            } catch {
                throw .unusableSupport(file: name, at: "\(at).support", error)
            }
            var queryLabels: [Int] = []
            for (position, image) in episode.query.enumerated() {
                guard let label = labels[image.className] else {
                    throw .classNotInSupport(
                        file: name, at: "\(at).query[\(position)]", className: image.className, support: classes)
                }
                queryLabels.append(label)
            }
            func use(_ image: EpisodeFile.Image, _ place: String) -> Use {
                let path = image.path.hasPrefix("/") ? image.path : prefix + image.path
                if let known = slots[path] { return Use(slot: known, rotation: image.rotation) }
                slots[path] = paths.count
                paths.append(path)
                places.append(place)
                return Use(slot: paths.count - 1, rotation: image.rotation)
            }
            tasks.append(
                Task(
                    support: episode.support.enumerated().map { use($1, "\(at).support[\($0)]") },
                    supportLabels: episode.support.map { labels[$0.className]! },
                    query: episode.query.enumerated().map { use($1, "\(at).query[\($0)]") },
                    queryLabels: queryLabels, ways: classes.count))
        }
    }
}
