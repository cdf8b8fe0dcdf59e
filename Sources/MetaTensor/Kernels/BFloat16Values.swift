internal import CNumerics

/// The activations of bf16 numerics: Float storages rounded in place to bfloat16 values, and the
/// two-byte copies of such storages that derivative rules keep (`KeptTensor`). The rounding is the
/// bfloat16 GEMM's (`BFloat16GEMM`), so the GEMM packs a rounded value unchanged.
enum BFloat16Values {
    /// Rounds every scalar of a storage no other tensor sees yet to the nearest bfloat16 (ties to
    /// even, a subnormal to zero) and marks the storage as holding bfloat16 values. With
    /// `keepingSign`, a nonzero scalar that would round to zero becomes the least normal bfloat16
    /// of its sign, so the rounded storage is positive exactly where the Float one was.
    static func round(_ storage: TensorStorage, keepingSign: Bool) {
        round(storage, keepingSign: keepingSign, into: storage)
    }

    /// A new storage of `storage`'s scalars rounded as `round` rounds them (without `keepingSign`),
    /// in one pass.
    static func rounded(_ storage: TensorStorage) -> TensorStorage {
        let rounded = TensorStorage(uninitializedCount: storage.count)
        round(storage, keepingSign: false, into: rounded)
        return rounded
    }

    /// Writes `source`'s scalars rounded into `target` (which may be `source`) and marks it.
    private static func round(_ source: TensorStorage, keepingSign: Bool, into target: TensorStorage) {
        let (values, rounded) = (source.pointer, target.pointer)
        ElementwiseKernels.forEachPiece(source.count) { range in
            metalearn_round_to_bf16_values(
                values + range.lowerBound, range.count, keepingSign ? 1 : 0, rounded + range.lowerBound)
        }
        target.holdsBFloat16Values = true
    }

    /// The two-byte copy of a storage of bfloat16 values.
    static func compacted(_ storage: TensorStorage) -> BFloat16Storage {
        let halves = BFloat16Storage(count: storage.count)
        let (source, target) = (storage.pointer, halves.pointer)
        ElementwiseKernels.forEachPiece(storage.count) { range in
            metalearn_bf16_compact(source + range.lowerBound, range.count, target + range.lowerBound)
        }
        return halves
    }

    /// The Float storage of the values `halves` holds.
    static func expanded(_ halves: BFloat16Storage) -> TensorStorage {
        let storage = TensorStorage(uninitializedCount: halves.count)
        let (source, target) = (halves.pointer, storage.pointer)
        ElementwiseKernels.forEachPiece(halves.count) { range in
            metalearn_bf16_expand(source + range.lowerBound, range.count, target + range.lowerBound)
        }
        storage.holdsBFloat16Values = true
        return storage
    }
}
