import FewShotData
import MetaLearning

// The engine's enums that spec keys hold directly, by their raw values.

/// `numerics`.
extension NumericsMode: HyperparameterWord {}
/// `dataset.layout`.
extension DatasetLayout: HyperparameterWord {}
/// `dataset.color`.
extension PixelFormat: HyperparameterWord {}
/// `dataset.resize`.
extension ResizeMode: HyperparameterWord {}
/// `dataset.storage`.
extension SampleStorage: HyperparameterWord {}
