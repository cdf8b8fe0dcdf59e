import FewShotData
import MetaLearning

/// A trained learner adapted to one support set (`TrainedLearner.adapt(support:)`): it classifies
/// query images among the support set's classes.
///
/// Queries are classified in batches of `queryBatchSize` images, in the order given; each batch is
/// one task with the support set, as each test episode was. With batch-statistics normalisation
/// (Conv-4's), a query's probabilities depend on the other queries of its batch, exactly as in a
/// test episode; the same queries in the same order always give the same probabilities.
public struct AdaptedLearner: Sendable {
    /// The support set's classes, in the order of their labels and of every `probabilities`.
    public let classNames: [String]
    /// Queries classified together: the run's test episodes' query count (`ways × queries`).
    public let queryBatchSize: Int
    let trained: TrainedLearner
    let support: Tensor
    let supportLabels: [Int]

    init(trained: TrainedLearner, classNames: [String], support: Tensor, supportLabels: [Int]) {
        self.trained = trained
        self.classNames = classNames
        self.support = support
        self.supportLabels = supportLabels
        queryBatchSize = trained.spec.episodes.ways.upperBound * trained.spec.episodes.queries
    }

    /// The predictions for images given as model inputs (see `SupportClass(name:images:)`), in order.
    /// - Throws: `PredictionError.wrongImageSize` for an image of the wrong size.
    public func classify(_ images: [[Float]]) throws(PredictionError) -> [Prediction] {
        for (position, image) in images.enumerated() { try trained.checkSize(image, "query \(position + 1)") }
        let batches = stride(from: 0, to: images.count, by: queryBatchSize).map {
            $0..<min($0 + queryBatchSize, images.count)
        }
        let (classNames, trained, support, supportLabels) = (classNames, trained, support, supportLabels)
        return TaskParallel.map(batches.count, threads: trained.threads) { batch in
            let task = FewShotTask(
                support: support, supportLabels: supportLabels, query: trained.tensor(Array(images[batches[batch]])),
                ways: classNames.count)
            let logits = trained.classLogits(task).scalars
            let ways = classNames.count
            return (0..<batches[batch].count).map {
                Prediction(logits: logits[($0 * ways)..<(($0 + 1) * ways)], classNames: classNames)
            }
        }.flatMap { $0 }
    }

    /// The predictions for the image files at `paths`, decoded with the run's transform, in order.
    /// - Throws: `ImageError` for the first file that cannot be read or decoded.
    public func classify(imagesAtPaths paths: [String]) throws -> [Prediction] {
        try classify(trained.decode(paths))
    }
}
