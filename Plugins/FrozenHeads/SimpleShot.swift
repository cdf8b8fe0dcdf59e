import MetaLearning

/// SimpleShot (Wang, Chao, Weinberger and van der Maaten 2019), CL2N: every feature has the mean
/// feature of the base (training) classes subtracted and is L2-normalised; each class's centroid is
/// the mean of its normalised support features (§3: nearest neighbour, with the class means of
/// Snell et al. 2017 as the neighbours when there are several shots; the reference code averages
/// the normalised features, `metric_class_type`), and a query's logits are its negative squared
/// Euclidean distances to the centroids, so the nearest centroid wins.
///
/// The base mean lives in the state under `BaseFeatureMean.role`; pre-training computes it at its
/// end and the runner installs it. It starts at zeros, with which CL2N is the paper's L2N variant
/// (normalisation without centring).
public struct SimpleShot: FrozenFeatureHead {
    /// The registry entry `simpleshot`.
    public static let descriptor = LearnerDescriptor(
        name: "simpleshot",
        summary:
            "SimpleShot, nearest centroid of frozen features centred on the base-class mean and L2-normalised "
            + "(Wang et al. 2019)",
        hyperparameters: [], acceptsTrainWays: true, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true,
        usesMetaOptimizer: false, learnsInMetaTraining: false, taskMemory: { _ in FrozenBody.taskMemory },
        make: { SimpleShot($0) })

    public let body: FrozenBody

    /// A head on the body of the context's model.
    public init(_ context: LearnerContext) {
        body = FrozenBody(context)
    }

    /// The body's state and the base-class mean, zeros of the body's feature length.
    public func initialState() -> LearnerState {
        var state = body.initialState()
        state.parameters[BaseFeatureMean.role] = Parameters([
            (BaseFeatureMean.name, Tensor(zeros: [body.model.featureCount]))
        ])
        return state
    }

    public func logits(
        supportFeatures: Tensor, supportLabels: [Int], ways: Int, queryFeatures: Tensor, state: LearnerState
    ) -> Tensor {
        Self.logits(
            supportFeatures: supportFeatures, supportLabels: supportLabels, ways: ways, queryFeatures: queryFeatures,
            baseMean: state[BaseFeatureMean.role].require(BaseFeatureMean.name))
    }

    /// Logits [queries, ways]: minus the squared distance from each CL2N query feature to each class's
    /// mean CL2N support feature, where CL2N(x) = (x − baseMean) / ‖x − baseMean‖ (a feature equal to
    /// the mean stays zero). Every class in `0..<ways` needs a support feature.
    public static func logits(
        supportFeatures: Tensor, supportLabels: [Int], ways: Int, queryFeatures: Tensor, baseMean: Tensor
    ) -> Tensor {
        withoutGradients {
            let support = (supportFeatures - baseMean).rowNormalized()
            let query = (queryFeatures - baseMean).rowNormalized()
            return -query.squaredDistances(to: support.classMeans(labels: supportLabels, classes: ways))
        }
    }
}
