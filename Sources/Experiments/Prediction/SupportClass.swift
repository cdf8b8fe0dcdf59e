import FewShotData
import Foundation

/// One class of a support set: its name and its labelled images, as files or as values.
public struct SupportClass: Sendable, Equatable {
    /// Where a class's images come from.
    enum Images: Sendable, Equatable {
        case files([String])
        case values([[Float]])
    }

    /// The class's name, as predictions report it.
    public let name: String
    let images: Images

    /// A class whose images are the files at `imagePaths` (any known format), decoded with the
    /// run's transform when the learner adapts.
    public init(name: String, imagePaths: [String]) {
        self.name = name
        images = .files(imagePaths)
    }

    /// A class whose images are already model inputs: each `channels × size × size` planar values
    /// in [0, 1], as the run's transform makes them (`TrainedLearner.transform`).
    public init(name: String, images: [[Float]]) {
        self.name = name
        self.images = .values(images)
    }

    /// How many images the class has.
    public var imageCount: Int {
        switch images {
        case .files(let paths): return paths.count
        case .values(let values): return values.count
        }
    }

    /// The classes of a support folder: one subfolder per class, named after it, holding its image
    /// files (any known format; hidden files and other files are ignored), classes sorted by name.
    /// - Throws: `PredictionError.missingPath` for a missing folder, `DatasetError` for a folder
    ///   without class folders or a class folder without images.
    public static func folder(_ path: String) throws -> [SupportClass] {
        guard FileManager.default.fileExists(atPath: path) else { throw PredictionError.missingPath(path) }
        return try DatasetIndex(root: path, layout: .flat).classes.map {
            SupportClass(name: $0.name, imagePaths: $0.files.map(\.path))
        }
    }
}
