/// The record of how one tensor was computed: the nodes of its differentiable inputs and the
/// rule that maps the gradient of the output to gradients of those inputs.
///
/// A derivative rule only captures what it reads: inputs, constants, at most its own output's
/// scalars (never its node). So the graph has no reference cycles and is freed with its tensors,
/// and while it waits for its backward pass it keeps no scalars alive that no rule reads. Rules
/// are written in differentiable tensor operations: run while recording, they build the graph of
/// the gradient itself, which is what makes gradients of gradients exact.
final class GradientNode: @unchecked Sendable {
    typealias Rule = (Tensor) -> [Tensor?]

    let operation: String
    let shape: [Int]
    let inputs: [GradientNode?]
    let rule: Rule?

    init(operation: String, shape: [Int], inputs: [GradientNode?], rule: @escaping Rule) {
        self.operation = operation
        self.shape = shape
        self.inputs = inputs
        self.rule = rule
    }

    /// A variable: a leaf with no inputs.
    init(leafOf shape: [Int]) {
        operation = "variable"
        self.shape = shape
        inputs = []
        rule = nil
    }
}

extension Tensor {
    /// Whether an operation on `inputs` records its graph: recording is on and some input
    /// requires a gradient.
    static func records(_ inputs: [Tensor]) -> Bool {
        GradientRecording.isEnabled && inputs.contains { $0.node != nil }
    }

    /// Wraps a freshly computed storage as the result of a differentiable operation.
    ///
    /// The graph is recorded only when recording is on and some input requires a gradient;
    /// `rule` receives the output's gradient and returns one gradient per input (nil where
    /// an input needs none), each shaped like that input.
    static func result(
        _ storage: TensorStorage, shape: [Int], operation: String,
        inputs: [Tensor], rule: @escaping GradientNode.Rule
    ) -> Tensor {
        guard records(inputs) else {
            return Tensor(shape: shape, storage: storage)
        }
        let node = GradientNode(operation: operation, shape: shape, inputs: inputs.map(\.node), rule: rule)
        return Tensor(shape: shape, storage: storage, node: node)
    }
}
