import Foundation
import MetaLearning
import Specs

/// A run's model as other frameworks load it: the tensors of its best checkpoint (else its last)
/// named and laid out as PyTorch's modules hold them, and a description of the model.
///
/// Names are the model's own (`block1.conv.weight`, `head.weight`), whose layouts are already
/// PyTorch's (`Conv2d` weights [out, in, kH, kW], `Linear` weights [outputs, features]), but for
/// batch norm, which becomes `BatchNorm2d`'s: `<layer>.scale` is `<layer>.weight`, `<layer>.shift`
/// is `<layer>.bias` and, when the run normalised by running statistics (`model.batchNorm`
/// inference), its `<layer>.mean` and `<layer>.variance` follow as `<layer>.running_mean` and
/// `<layer>.running_var` (mean 0 and variance 1 for a layer training never recorded, as the run
/// itself used). `num_batches_tracked` is left out: it is an integer, only PyTorch's cumulative
/// averaging (momentum None) reads it, and `load_state_dict` supplies it for a state dict without
/// version metadata.
public struct ModelExport {
    /// The tensors, in the model's parameter order.
    public let tensors: [(name: String, tensor: Tensor)]
    /// The model's description, each value a string: `model` and its settings (`model.<key>`, JSON),
    /// `inputChannels`, `imageSize`, `input.invert` and `input.normalization` (how pixels in [0, 1]
    /// became inputs), `outputs` (0: no head), `featureCount`, `batchNorm` (`transductive` or
    /// `inference`), `batchNorm.statistics` (`batch` or `running`), `batchNorm.epsilon`, `learner`
    /// and its settings (`learner.<key>`), the run's `name`, `specSHA256` and `checkpoint`, `framework`,
    /// and `format` "pt" (PyTorch's layouts: the mark safetensors' own PyTorch writer leaves).
    public let metadata: [String: String]
    /// The checkpoint file the tensors came from.
    public let checkpoint: URL

    /// The model of the run in `directory`, whose learner `registry` knows.
    /// - Throws: what opening the run throws (`RunError.noCheckpoint` for a run without one,
    ///   `SpecErrors`, `RunError` for a damaged checkpoint), `ExportError` for a learner whose state
    ///   holds no model in the layout of its spec's model.
    public init(runDirectory directory: URL, registry: LearnerRegistry) throws {
        let trained = try TrainedLearner(runDirectory: directory, registry: registry, threads: 1)
        try self.init(spec: trained.spec, state: trained.state, checkpoint: trained.checkpoint)
    }

    /// The model of a run of `spec` whose learner's state is `state`, read from `checkpoint`.
    init(spec: ExperimentSpec, state: LearnerState, checkpoint: URL) throws(ExportError) {
        let learner = spec.learner.name
        guard let meta = state.parameters[LearnerState.metaRole], !meta.names.isEmpty else {
            throw .noModel(learner: learner)
        }
        let transform = spec.dataset.transform
        let outputs = meta["head.weight"]?.shape[0] ?? 0
        let model = ModelCatalog.descriptor(named: spec.model.name)!.make(
            transform.channels, transform.imageSize,
            spec.model.parameters, outputs)
        let expected = model.parameterShapes
        let names = meta.names
        if let index = (0..<max(expected.count, names.count)).first(where: { index in
            index >= expected.count || index >= names.count || expected[index].name != names[index]
                || expected[index].shape != meta.tensors[index].shape
        }) {
            throw .unexportableLayout(
                learner: learner, model: spec.model.name, found: index < names.count ? names[index] : "nothing",
                expected: index < expected.count ? expected[index].name : "nothing")
        }
        let mode = BatchNormMode(modelSettings: spec.model.parameters)
        let running = mode == .inference ? state.parameters[BatchNormBookkeeping.role] : nil
        if mode == .inference, running == nil {
            throw .missingRunningStatistics(learner: learner, role: BatchNormBookkeeping.role)
        }
        var tensors: [(name: String, tensor: Tensor)] = []
        for (name, tensor) in zip(meta.names, meta.tensors) {
            guard Normalization.isNormalizationParameter(name) else {
                tensors.append((name, tensor))
                continue
            }
            let layer = String(name[..<name.lastIndex(of: ".")!])
            tensors.append((layer + (name.hasSuffix(".scale") ? ".weight" : ".bias"), tensor))
            if let running, name.hasSuffix(".shift") {
                let statistics = RunningStatistics(running).statistics(of: layer, channels: tensor.count)
                tensors += [(layer + ".running_mean", statistics.mean), (layer + ".running_var", statistics.variance)]
            }
        }
        self.tensors = tensors
        self.checkpoint = checkpoint
        var metadata = [
            "format": "pt",
            "framework": "swift-metalearn \(MetaLearnVersion.current)",
            "name": spec.name,
            "specSHA256": spec.specSHA256,
            "checkpoint": checkpoint.lastPathComponent,
            "model": spec.model.name,
            "inputChannels": String(transform.channels),
            "imageSize": String(transform.imageSize),
            "input.invert": String(transform.invert),
            "input.normalization": transform.normalization.map { normalization in
                JSONValue.object([
                    .init("mean", .array(normalization.mean.map(JSONValue.real))),
                    .init("std", .array(normalization.std.map(JSONValue.real))),
                ]).formatted()
            } ?? "none",
            "outputs": String(outputs),
            "featureCount": String(model.featureCount),
            "batchNorm": mode.rawValue,
            "batchNorm.statistics": mode == .inference ? "running" : "batch",
            "batchNorm.epsilon": String(describing: Tensor.batchNormEpsilon),
            "learner": learner,
        ]
        for (key, value) in spec.model.parameters.values { metadata["model.\(key)"] = JSONValue(value).formatted() }
        for (key, value) in spec.learner.parameters.values { metadata["learner.\(key)"] = JSONValue(value).formatted() }
        self.metadata = metadata
    }

    /// Writes the model in `format` to `path`, atomically (a temporary file renamed over it).
    /// - Throws: `ExportError.outputExists` when `path` exists and `replacing` is false,
    ///   `.notAFile` when it exists and is not a regular file; `RunFileError` when it cannot be written.
    public func write(_ format: ExportFormat, to path: String, replacing: Bool) throws {
        if let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType {
            guard type == .typeRegular else { throw ExportError.notAFile(path: path) }
            guard replacing else { throw ExportError.outputExists(path: path) }
        }
        try AtomicFile.write(Data(format.encode(self)), to: URL(fileURLWithPath: path))
    }
}
