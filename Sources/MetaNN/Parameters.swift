import Foundation

/// An ordered set of named tensors: a model's weights, their adapted copies, their gradients,
/// per-parameter learning rates, optimizer moments and checkpoints all use this one type.
///
/// Order is the order of insertion and is part of the value, so iterating, summing and
/// serialising always happen in the same order on every machine. Arithmetic between two sets
/// requires the same names in the same order and is differentiable, so an inner-loop update
/// `θ − α ⊙ g` builds the graph that second-order meta-gradients flow through.
public struct Parameters: Sendable {
    /// The names, in order.
    public private(set) var names: [String]
    /// The tensors, in the order of `names`.
    public private(set) var tensors: [Tensor]

    /// A set from (name, tensor) pairs in order; names must be unique.
    public init(_ entries: [(String, Tensor)]) {
        names = entries.map(\.0)
        tensors = entries.map(\.1)
        precondition(Set(names).count == names.count, "Parameters: duplicate names in \(names)")
    }

    /// The tensor called `name`, or nil.
    public subscript(name: String) -> Tensor? {
        names.firstIndex(of: name).map { tensors[$0] }
    }

    /// The tensor called `name`; a missing name is a programming error in a model.
    public func require(_ name: String) -> Tensor {
        guard let tensor = self[name] else {
            preconditionFailure("Parameters: no parameter '\(name)' among \(names)")
        }
        return tensor
    }

    /// The number of scalars over all tensors.
    public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// The (name, tensor) pairs in order.
    public var entries: [(name: String, tensor: Tensor)] { Array(Swift.zip(names, tensors)) }

    /// Every tensor transformed, names kept.
    public func map(_ transform: (Tensor) -> Tensor) -> Parameters {
        Parameters(Array(Swift.zip(names, tensors.map(transform))))
    }

    /// The entries whose name satisfies `isIncluded`, in order.
    public func filter(_ isIncluded: (String) -> Bool) -> Parameters {
        Parameters(entries.filter { isIncluded($0.name) }.map { ($0.name, $0.tensor) })
    }

    /// This set followed by `other`'s entries; names must not overlap.
    public func merging(_ other: Parameters) -> Parameters {
        Parameters(entries.map { ($0.name, $0.tensor) } + other.entries.map { ($0.name, $0.tensor) })
    }

    /// Each tensor as a fresh variable to differentiate with respect to.
    public func variables() -> Parameters { map { $0.variable() } }

    /// Each tensor without gradient history.
    public func detached() -> Parameters { map { $0.detached() } }

    /// Zeros shaped like each tensor.
    public func zeros() -> Parameters { map { Tensor(zeros: $0.shape) } }

    /// The gradients of `loss` with respect to every tensor (which must require gradients).
    public func gradients(of loss: Tensor, createGraph: Bool = false) -> Parameters {
        Parameters(Array(Swift.zip(names, MetaTensor.gradients(of: loss, wrt: tensors, createGraph: createGraph))))
    }

    /// Applies `combine` to matching entries of two sets with the same names in the same order.
    public func zip(_ other: Parameters, _ combine: (Tensor, Tensor) -> Tensor) -> Parameters {
        precondition(
            names == other.names, "Parameters: combining sets with different names \(names) and \(other.names)")
        return Parameters(Array(Swift.zip(names, Swift.zip(tensors, other.tensors).map(combine))))
    }

    /// Entrywise sum.
    public static func + (a: Parameters, b: Parameters) -> Parameters { a.zip(b, +) }
    /// Entrywise difference.
    public static func - (a: Parameters, b: Parameters) -> Parameters { a.zip(b, -) }
    /// Entrywise product (a per-parameter learning rate times a gradient).
    public static func * (a: Parameters, b: Parameters) -> Parameters { a.zip(b, *) }
    /// Every tensor scaled.
    public static func * (a: Parameters, scale: Float) -> Parameters { a.map { $0 * scale } }

    /// The sum of several sets in the given order (a fixed order keeps the result independent
    /// of how the sets were computed in parallel).
    public static func sum(_ sets: [Parameters]) -> Parameters {
        precondition(!sets.isEmpty, "Parameters.sum needs at least one set")
        return sets.dropFirst().reduce(sets[0], +)
    }

    /// The Euclidean norm over all scalars.
    public var norm: Float {
        tensors.reduce(Float(0)) { total, tensor in
            total + tensor.withUnsafeBufferPointer { $0.reduce(0) { $0 + $1 * $1 } }
        }.squareRoot()
    }

    /// Whether every scalar is finite.
    public var isFinite: Bool {
        tensors.allSatisfy { $0.withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) } }
    }

    /// True when both sets have the same names, shapes and bit-for-bit the same scalars.
    public func isIdentical(to other: Parameters) -> Bool {
        names == other.names && Swift.zip(tensors, other.tensors).allSatisfy { $0.isIdentical(to: $1) }
    }
}

extension Parameters: Codable {
    private struct Entry: Codable {
        let name: String
        let shape: [Int]
        /// The scalars' IEEE-754 bits, little-endian, base64: exact, and compact enough for checkpoints.
        let data: String
    }

    /// Decodes names, shapes and exact scalar bits.
    public init(from decoder: Decoder) throws {
        let entries = try [Entry](from: decoder)
        var decoded: [(String, Tensor)] = []
        for entry in entries {
            guard let bytes = Data(base64Encoded: entry.data),
                entry.shape.allSatisfy({ $0 >= 0 }),
                bytes.count == entry.shape.reduce(1, *) * 4
            else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "parameter '\(entry.name)' has data that does not match shape \(entry.shape)")
                )
            }
            let scalars = stride(from: 0, to: bytes.count, by: 4).map { offset -> Float in
                let bits = bytes[bytes.startIndex + offset..<bytes.startIndex + offset + 4]
                    .enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
                return Float(bitPattern: bits)
            }
            decoded.append((entry.name, Tensor(shape: entry.shape, scalars: scalars)))
        }
        guard Set(decoded.map(\.0)).count == decoded.count else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "duplicate parameter names"))
        }
        self.init(decoded)
    }

    /// Encodes names, shapes and exact scalar bits, in order.
    public func encode(to encoder: Encoder) throws {
        let encoded = entries.map { entry -> Entry in
            var bytes = Data(capacity: entry.tensor.count * 4)
            entry.tensor.withUnsafeBufferPointer { buffer in
                for value in buffer {
                    let bits = value.bitPattern
                    bytes.append(contentsOf: [
                        UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF),
                        UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24),
                    ])
                }
            }
            return Entry(name: entry.name, shape: entry.tensor.shape, data: bytes.base64EncodedString())
        }
        try encoded.encode(to: encoder)
    }
}
