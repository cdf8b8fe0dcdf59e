import Foundation

// Elementwise arithmetic with NumPy broadcasting, and its derivative rules.
// Each rule reduces the output gradient back to its input's shape with `sum(toShape:)`.

extension Tensor {
    private static func binary(
        _ operation: BinaryOperation, _ name: String, _ a: Tensor, _ b: Tensor,
        rule: @escaping (Tensor, Bool, Bool) -> [Tensor?]
    ) -> Tensor {
        let shape = Shape.broadcast(a.shape, b.shape, operation: name)
        let storage = ElementwiseKernels.binary(operation, a, b, shape: shape)
        let needA = a.requiresGradient
        let needB = b.requiresGradient
        return .result(storage, shape: shape, operation: name, inputs: [a, b]) { rule($0, needA, needB) }
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        // The rule keeps the shapes alone: capturing `a` and `b` would keep their scalars alive until the backward pass.
        let (shapeA, shapeB) = (a.shape, b.shape)
        return binary(.add, "add", a, b) { g, needA, needB in
            [needA ? g.sum(toShape: shapeA) : nil, needB ? g.sum(toShape: shapeB) : nil]
        }
    }

    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let (shapeA, shapeB) = (a.shape, b.shape)
        return binary(.subtract, "subtract", a, b) { g, needA, needB in
            [needA ? g.sum(toShape: shapeA) : nil, needB ? (-g).sum(toShape: shapeB) : nil]
        }
    }

    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        binary(.multiply, "multiply", a, b) { g, needA, needB in
            [needA ? (g * b).sum(toShape: a.shape) : nil, needB ? (g * a).sum(toShape: b.shape) : nil]
        }
    }

    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        binary(.divide, "divide", a, b) { g, needA, needB in
            let gradientA = g / b
            return [
                needA ? gradientA.sum(toShape: a.shape) : nil,
                needB ? (-(gradientA * a) / b).sum(toShape: b.shape) : nil,
            ]
        }
    }

    /// Elementwise negation.
    public static prefix func - (a: Tensor) -> Tensor {
        a * -1
    }

    /// Adds a constant to every element.
    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    /// Subtracts a constant from every element.
    public static func - (a: Tensor, b: Float) -> Tensor { a + Tensor(-b) }
    /// Multiplies every element by a constant.
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(b) }
    /// Multiplies every element by a constant.
    public static func * (a: Float, b: Tensor) -> Tensor { b * Tensor(a) }
    /// Divides every element by a constant.
    public static func / (a: Tensor, b: Float) -> Tensor { a * Tensor(1 / b) }
    /// A constant minus every element.
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }

    /// The elementwise square.
    public func squared() -> Tensor { self * self }

    /// The elementwise natural exponential (`PortableMath.exp` in portable numerics).
    public func exp() -> Tensor {
        let input = self
        let values =
            NumericsMode.current == .portable
            ? ElementwiseKernels.map(self, PortableMath.exp)
            : ElementwiseKernels.map(self) { Foundation.exp($0) }
        return .result(
            values, shape: shape,
            operation: "exp", inputs: [self]
        ) { g in [g * input.exp()] }
    }

    /// The elementwise natural logarithm (`PortableMath.log` in portable numerics).
    public func log() -> Tensor {
        let input = self
        let values =
            NumericsMode.current == .portable
            ? ElementwiseKernels.map(self, PortableMath.log)
            : ElementwiseKernels.map(self) { Foundation.log($0) }
        return .result(
            values, shape: shape,
            operation: "log", inputs: [self]
        ) { g in [g / input] }
    }

    /// The elementwise square root.
    public func sqrt() -> Tensor {
        let input = self
        return .result(
            ElementwiseKernels.map(self) { $0.squareRoot() }, shape: shape,
            operation: "sqrt", inputs: [self]
        ) { g in [g * 0.5 / input.sqrt()] }
    }

    /// The rectified linear unit, max(x, 0). Its derivative at 0 is taken as 0.
    public func relu() -> Tensor {
        let input = self
        return .result(
            ElementwiseKernels.relu(self), shape: shape,
            operation: "relu", inputs: [self]
        ) { g in [g.masked(wherePositive: input)] }
    }

    /// The leaky rectified linear unit: x where x > 0, `negativeSlope`·x elsewhere (Maas et al.
    /// 2013). Its derivative at 0 is taken as `negativeSlope`. In bf16 numerics the output is
    /// rounded to bfloat16 values, keeping the sign of every nonzero one
    /// (`BFloat16Values.round`), so a convolution takes it as it is and it is kept in two bytes.
    public func leakyReLU(negativeSlope: Float) -> Tensor {
        let output = ElementwiseKernels.leakyMasked(self, selector: self, negativeSlope: negativeSlope)
        if NumericsMode.current == .bf16 { BFloat16Values.round(output, keepingSign: true) }
        // With a slope of at least 0 the output is positive exactly where the input is, so the
        // derivative's mask is the output, which the next operation keeps anyway, not the input.
        let mask = KeptTensor(
            negativeSlope >= 0 ? Tensor(shape: shape, storage: output) : detached(), keptByOperationOn: [self])
        return .result(output, shape: shape, operation: "leakyReLU", inputs: [self]) { g in
            [g.leakyMasked(wherePositive: mask.tensor, negativeSlope: negativeSlope)]
        }
    }

    /// `self` where `mask > 0`, `negativeSlope`·`self` elsewhere: the derivative of leaky ReLU.
    /// Linear in `self`; the mask is piecewise constant, so no gradient flows to it.
    public func leakyMasked(wherePositive mask: Tensor, negativeSlope: Float) -> Tensor {
        precondition(shape == mask.shape, "leakyMasked(wherePositive:): shapes \(shape) and \(mask.shape) differ")
        return .result(
            ElementwiseKernels.leakyMasked(self, selector: mask, negativeSlope: negativeSlope), shape: shape,
            operation: "leakyMask", inputs: [self]
        ) { g in
            [g.leakyMasked(wherePositive: mask, negativeSlope: negativeSlope)]
        }
    }

    /// `self` where `mask > 0`, zero elsewhere: the derivative of ReLU. Linear in `self`;
    /// the mask is piecewise constant, so no gradient flows to it.
    public func masked(wherePositive mask: Tensor) -> Tensor {
        precondition(shape == mask.shape, "masked(wherePositive:): shapes \(shape) and \(mask.shape) differ")
        return .result(
            ElementwiseKernels.masked(self, wherePositive: mask), shape: shape,
            operation: "mask", inputs: [self]
        ) { g in [g.masked(wherePositive: mask)] }
    }
}
