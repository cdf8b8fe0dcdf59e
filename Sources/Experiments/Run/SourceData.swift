import FewShotData
import Specs

/// One data set of a run and its episode samplers: the spec's one data set (`dataset.root`) or one
/// of `dataset.sources`, its images brought to the run's input shape.
public struct SourceData: Sendable {
    /// The source's name; nil for the spec's one data set.
    public let name: String?
    /// Training episodes (`episodes.trainRule`, stream `.training`, augmented as
    /// `dataset.augmentation` says), or nil when no training episode comes from the source.
    public let train: EpisodeSampler?
    /// The source's share of training episodes, relative to the other training sources'.
    public let weight: Double
    /// The fixed validation episodes, or nil when the run does not validate on the source.
    public let validation: EpisodeSampler?
    /// The fixed test episodes.
    public let test: EpisodeSampler
    /// The decoded data set the samplers draw from: `imageFiles(ofClass:)` names the file behind
    /// each image of a class (a sampler class's `sourceClass`).
    public let images: ImageDataset

    /// Whether training episodes come from the source (a source used only for testing is unseen).
    public var seenInTraining: Bool { train != nil }

    /// What `ExperimentData.testDataDigest` hashes of this source: each test class's image files as
    /// indexed (path, size, modification and change times), in class order.
    var testFileBytes: [UInt8] {
        var bytes: [UInt8] = []
        for sourceClass in Set(test.classes.map(\.sourceClass)).sorted() {
            for file in images.imageFiles(ofClass: sourceClass) {
                bytes += file.path.utf8
                bytes.append(0)
                for number in [file.size, file.modificationTime, file.changeTime] {
                    withUnsafeBytes(of: number.littleEndian) { bytes += $0 }
                }
            }
        }
        return bytes
    }
}
