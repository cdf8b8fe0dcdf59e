/// Reverse-mode differentiation: the gradients of `output` with respect to each of `variables`.
///
/// - Parameters:
///   - output: usually a scalar loss. A non-scalar output is contracted with `seed`
///     (by default all ones), giving a vector–Jacobian product.
///   - variables: tensors that require gradients (variables or results computed from them).
///     A variable the output does not depend on gets a zero gradient.
///   - createGraph: when true the gradients are themselves differentiable tensors, so a
///     gradient of a gradient (a Hessian–vector product, a second-order meta-gradient) is exact.
///     When false no graph is built for them and the backward pass retains nothing.
/// - Returns: one gradient per variable, shaped like it.
public func gradients(
    of output: Tensor, wrt variables: [Tensor], createGraph: Bool = false,
    seed: Tensor? = nil
) -> [Tensor] {
    if let seed {
        precondition(
            seed.shape == output.shape,
            "gradients: seed shape \(seed.shape) does not match output shape \(output.shape)")
    }
    for (index, variable) in variables.enumerated() {
        precondition(
            variable.requiresGradient,
            "gradients: variable \(index) (shape \(variable.shape)) does not require a gradient; make it with variable()"
        )
    }
    guard let root = output.node else {
        return variables.map { Tensor(zeros: $0.shape) }
    }
    return GradientRecording.run(enabled: createGraph) {
        let order = postOrder(from: root)
        let targets = Set(variables.map { ObjectIdentifier($0.node!) })
        var relevant = Set<ObjectIdentifier>()
        for node in order {
            let id = ObjectIdentifier(node)
            if targets.contains(id)
                || node.inputs.contains(where: { $0.map { relevant.contains(ObjectIdentifier($0)) } ?? false })
            {
                relevant.insert(id)
            }
        }
        var accumulated: [ObjectIdentifier: Tensor] = [:]
        accumulated[ObjectIdentifier(root)] = seed?.detachedUnlessRecording ?? Tensor(repeating: 1, shape: output.shape)
        var results: [ObjectIdentifier: Tensor] = [:]
        for node in order.reversed() {
            let id = ObjectIdentifier(node)
            guard relevant.contains(id), let gradient = accumulated.removeValue(forKey: id) else { continue }
            if targets.contains(id) { results[id] = gradient }
            guard let rule = node.rule else { continue }
            let inputGradients = rule(gradient)
            precondition(
                inputGradients.count == node.inputs.count,
                "derivative of \(node.operation) returned \(inputGradients.count) gradients for \(node.inputs.count) inputs"
            )
            for (input, inputGradient) in zip(node.inputs, inputGradients) {
                guard let input, let inputGradient, relevant.contains(ObjectIdentifier(input)) else { continue }
                precondition(
                    inputGradient.shape == input.shape,
                    "derivative of \(node.operation) gave a gradient of shape \(inputGradient.shape) for an input of shape \(input.shape)"
                )
                let key = ObjectIdentifier(input)
                if let existing = accumulated[key] {
                    accumulated[key] = existing + inputGradient
                } else {
                    accumulated[key] = inputGradient
                }
            }
        }
        return variables.map { results[ObjectIdentifier($0.node!)] ?? Tensor(zeros: $0.shape) }
    }
}

extension Tensor {
    /// A seed keeps its graph only when the backward pass itself is recorded.
    fileprivate var detachedUnlessRecording: Tensor {
        GradientRecording.isEnabled ? self : detached()
    }
}

/// The nodes reachable from `root`, each after all of its inputs (iterative, so deep graphs of
/// many inner steps cannot overflow the stack).
private func postOrder(from root: GradientNode) -> [GradientNode] {
    var order: [GradientNode] = []
    var visited = Set<ObjectIdentifier>([ObjectIdentifier(root)])
    var stack: [(node: GradientNode, nextInput: Int)] = [(root, 0)]
    while let top = stack.last {
        if top.nextInput < top.node.inputs.count {
            stack[stack.count - 1].nextInput += 1
            if let input = top.node.inputs[top.nextInput], visited.insert(ObjectIdentifier(input)).inserted {
                stack.append((input, 0))
            }
        } else {
            order.append(top.node)
            stack.removeLast()
        }
    }
    return order
}
