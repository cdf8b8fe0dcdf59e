// Max, average and global average pooling. Max pooling records the positions it
// picked; gathering at and scattering to those positions are each other's derivatives.

extension Tensor {
    private func poolingGeometry(window: Int, operation: String) -> PoolingGeometry {
        precondition(rank == 4, "\(operation) needs an NCHW tensor, got shape \(shape)")
        precondition(
            window >= 1 && shape[2] >= window && shape[3] >= window,
            "\(operation): window \(window) does not fit shape \(shape)")
        return PoolingGeometry(batch: shape[0], channels: shape[1], height: shape[2], width: shape[3], window: window)
    }

    /// The maximum of each `window`×`window` block (stride `window`).
    public func maxPool2d(window: Int = 2) -> Tensor {
        let geometry = poolingGeometry(window: window, operation: "maxPool2d")
        let count = geometry.outputShape.reduce(1, *)
        let storage = TensorStorage(uninitializedCount: count)
        let indices = PoolingIndices(count: count)
        PoolingKernels.maxPool(self.storage.pointer, geometry, values: storage.pointer, positions: indices.positions)
        return .result(storage, shape: geometry.outputShape, operation: "maxPool2d", inputs: [self]) { g in
            [g.scattering(to: indices, geometry)]
        }
    }

    /// Zeros of the pooled input's shape with each element of this tensor at its recorded position.
    func scattering(to indices: PoolingIndices, _ geometry: PoolingGeometry) -> Tensor {
        let storage = TensorStorage(uninitializedCount: geometry.inputShape.reduce(1, *))
        PoolingKernels.unpool(self.storage.pointer, positions: indices.positions, geometry, into: storage.pointer)
        return .result(storage, shape: geometry.inputShape, operation: "maxUnpool", inputs: [self]) { g in
            [g.gathering(at: indices, geometry)]
        }
    }

    /// The elements at the recorded positions, shaped `shape`.
    func gathering(at indices: PoolingIndices, _ geometry: PoolingGeometry) -> Tensor {
        let storage = TensorStorage(uninitializedCount: indices.count)
        let source = self.storage.pointer
        let output = storage.pointer
        let positions = indices.positions
        for i in 0..<indices.count { output[i] = source[Int(positions[i])] }
        return .result(storage, shape: geometry.outputShape, operation: "maxPoolGather", inputs: [self]) { g in
            [g.scattering(to: indices, geometry)]
        }
    }

    /// The mean of each `window`×`window` block (stride `window`).
    public func averagePool2d(window: Int = 2) -> Tensor {
        let geometry = poolingGeometry(window: window, operation: "averagePool2d")
        let storage = TensorStorage(uninitializedCount: geometry.outputShape.reduce(1, *))
        let source = self.storage.pointer
        let target = storage.pointer
        let width = geometry.width
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
        let source = self.storage.pointer
        let target = storage.pointer
        let width = geometry.width
        let window = geometry.window
        let scale = 1 / Float(window * window)
        geometry.forEachWindow { output, corner in
            let share = source[output] * scale
            for dy in 0..<window { for dx in 0..<window { target[corner + dy * width + dx] = share } }
        }
        return .result(storage, shape: geometry.inputShape, operation: "averageUnpool2d", inputs: [self]) { g in
            [g.averagePool2d(window: window)]
        }
    }

    /// The mean of each channel's plane: [N, C, H, W] → [N, C] (global average pooling).
    public func globalAveragePooled() -> Tensor {
        precondition(rank == 4, "globalAveragePooled needs an NCHW tensor, got shape \(shape)")
        return mean(alongAxes: [2, 3])
    }
}
