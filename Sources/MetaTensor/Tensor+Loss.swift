// Softmax, cross-entropy and distances, composed from the primitives (so every order of
// derivative comes from the primitives' rules).

extension Tensor {
    /// Log-softmax over the last axis of a 2-D tensor [rows, classes], stabilised by the row
    /// maximum (a constant shift, which leaves the value and its derivatives unchanged).
    public func logSoftmax() -> Tensor {
        precondition(rank == 2, "logSoftmax needs a 2-D tensor [rows, classes], got shape \(shape)")
        let shifted = self - rowMaxima()
        return shifted - shifted.exp().sum(alongAxes: [1], keepingDimensions: true).log()
    }

    /// The mean cross-entropy of logits [rows, classes] against integer labels in 0..<classes. With
    /// `smoothing` ε in [0, 1) the target of a row is 1 − ε + ε/classes at its label and ε/classes
    /// elsewhere (label smoothing, Szegedy et al. 2016, as PyTorch's `label_smoothing`).
    public func crossEntropy(labels: [Int], smoothing: Float = 0) -> Tensor {
        precondition(
            rank == 2 && shape[0] == labels.count,
            "crossEntropy: logits of shape \(shape) for \(labels.count) labels")
        precondition((0..<1).contains(smoothing), "crossEntropy: label smoothing \(smoothing) outside [0, 1)")
        let classes = shape[1]
        let elsewhere = smoothing / Float(classes)
        let targets = Tensor.build(shape: shape) { buffer in
            buffer.initialize(repeating: elsewhere)
            for (row, label) in labels.enumerated() {
                precondition((0..<classes).contains(label), "crossEntropy: label \(label) outside 0..<\(classes)")
                buffer[row * classes + label] = 1 - smoothing + elsewhere
            }
        }
        return -(logSoftmax() * targets).sum() / Float(labels.count)
    }

    /// The fraction of rows whose largest logit is at the label.
    public func accuracy(labels: [Int]) -> Float {
        let predictions = argmaxRows()
        precondition(
            predictions.count == labels.count, "accuracy: \(predictions.count) rows for \(labels.count) labels")
        guard !labels.isEmpty else { return 0 }
        return Float(zip(predictions, labels).filter { $0 == $1 }.count) / Float(labels.count)
    }

    /// Squared Euclidean distances between the rows of `self` [n, d] and of `other` [m, d]: [n, m].
    public func squaredDistances(to other: Tensor) -> Tensor {
        precondition(
            rank == 2 && other.rank == 2 && shape[1] == other.shape[1],
            "squaredDistances: shapes \(shape) and \(other.shape) need the same row length")
        let selfNorms = squared().sum(alongAxes: [1], keepingDimensions: true)
        let otherNorms = other.squared().sum(alongAxes: [1]).reshaped([1, other.shape[0]])
        return selfNorms + otherNorms - 2 * Tensor.matmul(self, other, transposingB: true)
    }
}
