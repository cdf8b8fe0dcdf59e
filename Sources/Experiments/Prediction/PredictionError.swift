import FewShotData

/// Why a trained learner cannot adapt to a support set or classify a query. Each description is
/// one line for the user, naming the class, image or path at fault.
public enum PredictionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Fewer than two classes: there is nothing to tell apart.
    case tooFewClasses(found: Int)
    /// More classes than the learner's fixed-size head has outputs.
    case tooManyClasses(found: Int, most: Int, learner: String)
    /// Two classes of the support set have the same name.
    case repeatedClass(name: String)
    /// A support class without images.
    case emptyClass(name: String)
    /// Classes with different numbers of images, for a learner that needs the same number in each.
    case unequalShots(learner: String, counts: [String])
    /// An image given as values has the wrong number of them for the run's images.
    case wrongImageSize(image: String, found: Int, expected: Int, shape: String)
    /// A query path that does not exist.
    case missingPath(String)
    /// Query paths that hold no image of a known format.
    case noImages(paths: [String])

    public var description: String {
        switch self {
        case .tooFewClasses(let found):
            return
                "the support set has \(found) class\(found == 1 ? "" : "es"); classifying needs at least 2 (one folder of images per class)"
        case .tooManyClasses(let found, let most, let learner):
            return
                "the support set has \(found) classes but this run's learner '\(learner)' has a head of \(most) outputs "
                + "(episodes.trainWays), so it tells at most \(most) classes apart; use at most \(most) classes, "
                + "or a run of a learner without a fixed-size head (such as protonet)"
        case .repeatedClass(let name):
            return "the support set has two classes named '\(name)'; give every class its own name"
        case .emptyClass(let name):
            return "support class '\(name)' has no images"
        case .unequalShots(let learner, let counts):
            return "learner '\(learner)' needs the same number of support images in every class, found "
                + counts.prefix(4).joined(separator: ", ") + (counts.count > 4 ? ", …" : "")
        case .wrongImageSize(let image, let found, let expected, let shape):
            return
                "\(image) has \(found) values but this run's images have \(expected) (\(shape), the run's transform applied)"
        case .missingPath(let path):
            return "\(path): no such file or folder"
        case .noImages(let paths):
            return
                "\(paths.joined(separator: ", ")): no images of a known format (\(ImageFile.formats.map { $0.name }.joined(separator: ", ")))"
        }
    }
}
