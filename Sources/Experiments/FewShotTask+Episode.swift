import FewShotData
import MetaLearning

extension FewShotTask {
    /// The episode's images and labels as a task (the arrays are copied into tensors once).
    public init(_ episode: Episode) {
        let imageShape = [episode.channels, episode.height, episode.width]
        self.init(
            support: Tensor(shape: [episode.supportLabels.count] + imageShape, scalars: episode.supportImages),
            supportLabels: episode.supportLabels,
            query: Tensor(shape: [episode.queryLabels.count] + imageShape, scalars: episode.queryImages),
            queryLabels: episode.queryLabels,
            ways: episode.ways)
    }
}
