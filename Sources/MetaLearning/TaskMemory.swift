/// What one task of meta-training keeps alive at its peak, counted in copies of the layer outputs
/// of one forward pass, per support image and per query image. A forward and backward pass keeps
/// about two (the outputs and the gradient flowing back); an exact second-order inner step keeps
/// four to five of the support set's (the step's graph and its gradient's graph, both held until the
/// meta-gradient), every step again. The figures are upper bounds measured on Conv-4 and ResNet-12
/// (docs/benchmarks.md, "The memory estimate against measured peaks").
public struct TaskMemory: Sendable, Equatable {
    /// Copies of a pass's layer outputs held per support image.
    public var supportCopies: Double
    /// Copies of a pass's layer outputs held per query image.
    public var queryCopies: Double
    /// Copies of a pass's layer outputs held whatever the episode's size (a fixed-size mini-batch
    /// of the support set's images, as Reptile's), counted in images.
    public var fixedCopies: Double

    /// A profile from its parts.
    public init(supportCopies: Double, queryCopies: Double, fixedCopies: Double = 0) {
        self.supportCopies = supportCopies
        self.queryCopies = queryCopies
        self.fixedCopies = fixedCopies
    }

    /// One forward and backward pass over every image: a learner without an inner loop (ProtoNet),
    /// or one whose inner loop is first order (FOMAML) or adapts only a head (ANIL).
    public static let onePass = TaskMemory(supportCopies: 2, queryCopies: 2)

    /// An exact second-order inner loop of `steps` steps, every step's support pass kept for the
    /// meta-gradient, and `queryPasses` query passes (one, or one per step with a multi-step loss,
    /// each kept for the weighted loss at about one and a half copies).
    public static func secondOrder(steps: Int, queryPasses: Int = 1) -> TaskMemory {
        TaskMemory(supportCopies: 5 * Double(steps), queryCopies: max(2, 1.5 * Double(queryPasses)))
    }

    /// Nothing: a learner without a model.
    public static let none = TaskMemory(supportCopies: 0, queryCopies: 0)
}
