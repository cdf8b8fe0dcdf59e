extension Tensor {
    /// The mean row of each class: row c of the result [classes, d] is the mean of the rows of
    /// this [n, d] tensor whose label is c. `labels` holds one label in `0..<classes` per row, and
    /// every class needs at least one row. Differentiable: it is the product of an averaging
    /// matrix (1/count of the class where a row belongs, 0 elsewhere) with the rows.
    public func classMeans(labels: [Int], classes: Int) -> Tensor {
        let count = labels.count
        precondition(rank == 2 && shape[0] == count, "classMeans: \(count) labels for rows of shape \(shape)")
        var perClass = [Int](repeating: 0, count: classes)
        for label in labels {
            precondition((0..<classes).contains(label), "classMeans: label \(label) outside 0..<\(classes)")
            perClass[label] += 1
        }
        precondition(perClass.allSatisfy { $0 > 0 }, "classMeans: every class needs a row, counts \(perClass)")
        let averaging = Tensor.build(shape: [classes, count]) { buffer in
            buffer.initialize(repeating: 0)
            for (index, label) in labels.enumerated() { buffer[label * count + index] = 1 / Float(perClass[label]) }
        }
        return Tensor.matmul(averaging, self)
    }
}
