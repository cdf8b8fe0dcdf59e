/// Shape arithmetic shared by the operations: element counts, strides and broadcasting.
enum Shape {
    /// Row-major strides of a contiguous tensor.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// The NumPy broadcast of two shapes, or a precondition failure naming the operation.
    static func broadcast(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
        let rank = max(a.count, b.count)
        let paddedA = [Int](repeating: 1, count: rank - a.count) + a
        let paddedB = [Int](repeating: 1, count: rank - b.count) + b
        return (0..<rank).map { axis in
            let x = paddedA[axis]
            let y = paddedB[axis]
            precondition(
                x == y || x == 1 || y == 1,
                "\(operation): shapes \(a) and \(b) cannot be broadcast together")
            return x == 1 ? y : x
        }
    }

    /// Strides that read a contiguous tensor of `shape` as if broadcast to `target`
    /// (zero along broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
        let contiguous = strides(padded)
        return target.indices.map { padded[$0] == target[$0] ? contiguous[$0] : 0 }
    }

    /// Normalises a possibly negative axis.
    static func axis(_ axis: Int, rank: Int, operation: String) -> Int {
        let normalized = axis < 0 ? axis + rank : axis
        precondition(
            (0..<max(rank, 1)).contains(normalized),
            "\(operation): axis \(axis) is out of range for rank \(rank)")
        return normalized
    }
}
