// Matrix product through OpenBLAS and convolution as its batch-folded relative.
// The three convolution primitives (forward, input gradient, kernel gradient) are each
// other's derivatives, so convolutions are differentiable to any order.

extension Tensor {
    /// op(a) · op(b) for 2-D tensors, where op transposes when asked: [M,K] · [K,N] → [M,N].
    public static func matmul(_ a: Tensor, _ b: Tensor, transposingA: Bool = false, transposingB: Bool = false)
        -> Tensor
    {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs 2-D tensors, got \(a.shape) and \(b.shape)")
        let m = transposingA ? a.shape[1] : a.shape[0]
        let k = transposingA ? a.shape[0] : a.shape[1]
        let n = transposingB ? b.shape[0] : b.shape[1]
        let kb = transposingB ? b.shape[1] : b.shape[0]
        precondition(
            k == kb,
            "matmul: inner dimensions differ: \(a.shape)\(transposingA ? "ᵀ" : "") · \(b.shape)\(transposingB ? "ᵀ" : "")"
        )
        let storage = TensorStorage(uninitializedCount: m * n)
        if k == 0 {
            storage.pointer.initialize(repeating: 0, count: m * n)
        } else if m > 0 && n > 0 {
            BLAS.gemm(
                transposeA: transposingA, transposeB: transposingB, m: m, n: n, k: k,
                a: a.storage.pointer, lda: a.shape[1], b: b.storage.pointer, ldb: b.shape[1],
                c: storage.pointer, ldc: n)
        }
        let needA = a.requiresGradient
        let needB = b.requiresGradient
        return .result(storage, shape: [m, n], operation: "matmul", inputs: [a, b]) { g in
            // C = op(A)·op(B): dop(A) = G·op(B)ᵀ, dop(B) = op(A)ᵀ·G, transposed back where op transposed.
            let gradientA =
                !needA
                ? nil
                : transposingA
                    ? matmul(b, g, transposingA: transposingB, transposingB: true)
                    : matmul(g, b, transposingB: !transposingB)
            let gradientB =
                !needB
                ? nil
                : transposingB
                    ? matmul(g, a, transposingA: true, transposingB: transposingA)
                    : matmul(a, g, transposingA: !transposingA)
            return [gradientA, gradientB]
        }
    }

    /// A fully connected layer: `self` [N, in] · weightᵀ [in, out] + bias [out].
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        let product = Tensor.matmul(self, weight, transposingB: true)
        return bias.map { product + $0 } ?? product
    }

    /// 2-D convolution (cross-correlation, as in every deep-learning library) of an NCHW batch
    /// with an OIHW kernel, square stride and zero padding.
    ///
    /// In bf16 numerics the input and the output are bfloat16 values: the input rounded (its
    /// gradient passes through the rounding unchanged, as through the GEMM's rounding of its
    /// factors) and the output rounded, so the activations derivative rules keep of it take two
    /// bytes each (`KeptTensor`).
    public func conv2d(_ weight: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        let geometry = Tensor.convolutionGeometry(input: shape, weight: weight.shape, stride: stride, padding: padding)
        guard NumericsMode.current == .bf16 else { return convolved(weight, geometry) }
        let output = roundedToBFloat16().convolved(weight, geometry)
        BFloat16Values.round(output.storage, keepingSign: false)
        return output
    }

    /// `self` with bfloat16 values and the same gradient node: itself when it holds them already.
    private func roundedToBFloat16() -> Tensor {
        if storage.holdsBFloat16Values { return self }
        return Tensor(shape: shape, storage: BFloat16Values.rounded(storage), node: node)
    }

    /// The convolution itself, as derivative rules use it: no rounding of its own in any mode.
    func convolved(_ weight: Tensor, _ geometry: ConvolutionGeometry) -> Tensor {
        let storage = TensorStorage(uninitializedCount: geometry.outputShape.reduce(1, *))
        ConvolutionKernels.forward(
            input: self.storage.pointer, weight: weight.storage.pointer, geometry,
            into: storage.pointer)
        let input = KeptTensor(self, keptByOperationOn: [self, weight])
        let needInput = requiresGradient
        let needWeight = weight.requiresGradient
        return .result(storage, shape: geometry.outputShape, operation: "conv2d", inputs: [self, weight]) { g in
            [
                needInput ? g.conv2dInputGradient(weight, geometry: geometry) : nil,
                needWeight ? input.tensor.conv2dWeightGradient(g, geometry: geometry) : nil,
            ]
        }
    }

    /// The gradient of a convolution with respect to its input, `self` being the output
    /// gradient: linear in both `self` and `weight`.
    func conv2dInputGradient(_ weight: Tensor, geometry: ConvolutionGeometry) -> Tensor {
        let storage = TensorStorage(uninitializedCount: geometry.inputShape.reduce(1, *))
        ConvolutionKernels.inputGradient(
            outputGradient: self.storage.pointer, weight: weight.storage.pointer,
            geometry, into: storage.pointer)
        let outputGradient = self
        let needSelf = requiresGradient
        let needWeight = weight.requiresGradient
        return .result(
            storage, shape: geometry.inputShape, operation: "conv2dInputGradient",
            inputs: [self, weight]
        ) { g in
            // ⟨g, convᵀ(dy, w)⟩ = ⟨conv(g, w), dy⟩.
            [
                needSelf ? g.convolved(weight, geometry) : nil,
                needWeight ? g.conv2dWeightGradient(outputGradient, geometry: geometry) : nil,
            ]
        }
    }

    /// The gradient of a convolution with respect to its kernel, `self` being the input and
    /// `outputGradient` the output gradient: linear in both.
    func conv2dWeightGradient(_ outputGradient: Tensor, geometry: ConvolutionGeometry) -> Tensor {
        let storage = TensorStorage(uninitializedCount: geometry.weightShape.reduce(1, *))
        ConvolutionKernels.weightGradient(
            input: self.storage.pointer, outputGradient: outputGradient.storage.pointer,
            geometry, into: storage.pointer)
        let input = self
        let needInput = requiresGradient
        let needGradient = outputGradient.requiresGradient
        return .result(
            storage, shape: geometry.weightShape, operation: "conv2dWeightGradient",
            inputs: [self, outputGradient]
        ) { g in
            // ⟨g, dy ⋆ x⟩ = ⟨conv(x, g), dy⟩.
            [
                needInput ? outputGradient.conv2dInputGradient(g, geometry: geometry) : nil,
                needGradient ? input.convolved(g, geometry) : nil,
            ]
        }
    }

    static func convolutionGeometry(input: [Int], weight: [Int], stride: Int, padding: Int) -> ConvolutionGeometry {
        precondition(
            input.count == 4 && weight.count == 4,
            "conv2d needs an NCHW input and an OIHW kernel, got \(input) and \(weight)")
        precondition(
            input[1] == weight[1],
            "conv2d: input \(input) has \(input[1]) channels but kernel \(weight) expects \(weight[1])")
        precondition(stride >= 1 && padding >= 0, "conv2d: stride \(stride) and padding \(padding) are invalid")
        let geometry = ConvolutionGeometry(
            batch: input[0], inputChannels: input[1], height: input[2], width: input[3],
            outputChannels: weight[0], kernelHeight: weight[2], kernelWidth: weight[3],
            stride: stride, padding: padding)
        precondition(
            geometry.outputHeight >= 1 && geometry.outputWidth >= 1,
            "conv2d: kernel \(weight) does not fit input \(input) with padding \(padding)")
        return geometry
    }
}
