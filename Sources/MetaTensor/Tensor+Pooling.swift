// Max and average pooling over non-overlapping windows. Max pooling records the positions it
// picked; gathering at and scattering to those positions are each other's derivatives.

extension Tensor {
    private func poolingGeometry(window: Int, operation: String) -> PoolingGeometry {
        precondition(rank == 4, "\(operation) needs an NCHW tensor, got shape \(shape)")
        precondition(window >= 1 && shape[2] >= window && shape[3] >= window,
                     "\(operation): window \(window) does not fit shape \(shape)")
        return PoolingGeometry(batch: shape[0], channels: shape[1], height: shape[2], width: shape[3], window: window)
    }

    /// The maximum of each `window`×`window` block (stride `window`).
    public func maxPool2d(window: Int = 2) -> Tensor {
        let geometry = poolingGeometry(window: window, operation: "maxPool2d")
        let count = geometry.outputShape.reduce(1, *)
        let storage = TensorStorage(uninitializedCount: count)
        var picked = [Int32](repeating: 0, count: count)
        let source = self.storage.pointer, target = storage.pointer, width = geometry.width
        picked.withUnsafeMutableBufferPointer { picked in
            geometry.forEachWindow { output, corner in
                var best = corner
                for dy in 0..<window {
                    for dx in 0..<window where source[corner + dy * width + dx] > source[best] {
                        best = corner + dy * width + dx
                    }
                }
                target[output] = source[best]
                picked[output] = Int32(best)
            }
        }
        let indices = PoolingIndices(picked)
        let inputShape = shape
        return .result(storage, shape: geometry.outputShape, operation: "maxPool2d", inputs: [self]) { g in
            [g.scattering(to: indices, shape: inputShape)]
        }
    }

    /// Zeros of `shape` with each element of this tensor added at its recorded position.
    func scattering(to indices: PoolingIndices, shape target: [Int]) -> Tensor {
        let storage = TensorStorage(zeros: target.reduce(1, *))
        let source = self.storage.pointer
        for (i, index) in indices.indices.enumerated() { storage.pointer[Int(index)] += source[i] }
        let pooledShape = shape
        return .result(storage, shape: target, operation: "maxUnpool", inputs: [self]) { g in
            [g.gathering(at: indices, shape: pooledShape)]
        }
    }

    /// The elements at the recorded positions, shaped `shape`.
    func gathering(at indices: PoolingIndices, shape target: [Int]) -> Tensor {
        let storage = TensorStorage(uninitializedCount: indices.indices.count)
        let source = self.storage.pointer
        for (i, index) in indices.indices.enumerated() { storage.pointer[i] = source[Int(index)] }
        let fullShape = shape
        return .result(storage, shape: target, operation: "maxPoolGather", inputs: [self]) { g in
            [g.scattering(to: indices, shape: fullShape)]
        }
    }

    /// The mean of each `window`×`window` block (stride `window`).
    public func averagePool2d(window: Int = 2) -> Tensor {
        let geometry = poolingGeometry(window: window, operation: "averagePool2d")
        let storage = TensorStorage(uninitializedCount: geometry.outputShape.reduce(1, *))
        let source = self.storage.pointer, target = storage.pointer, width = geometry.width
        let scale = 1 / Float(window * window)
        geometry.forEachWindow { output, corner in
            var total: Float = 0
            for dy in 0..<window { for dx in 0..<window { total += source[corner + dy * width + dx] } }
            target[output] = total * scale
        }
        return .result(storage, shape: geometry.outputShape, operation: "averagePool2d", inputs: [self]) { g in
            [g.averageUnpool2d(geometry)]
        }
    }

    /// Each element spread evenly over its window: the adjoint of average pooling.
    func averageUnpool2d(_ geometry: PoolingGeometry) -> Tensor {
        let storage = TensorStorage(zeros: geometry.inputShape.reduce(1, *))
        let source = self.storage.pointer, target = storage.pointer, width = geometry.width
        let window = geometry.window, scale = 1 / Float(window * window)
        geometry.forEachWindow { output, corner in
            let share = source[output] * scale
            for dy in 0..<window { for dx in 0..<window { target[corner + dy * width + dx] = share } }
        }
        return .result(storage, shape: geometry.inputShape, operation: "averageUnpool2d", inputs: [self]) { g in
            [g.averagePool2d(window: window)]
        }
    }
}
