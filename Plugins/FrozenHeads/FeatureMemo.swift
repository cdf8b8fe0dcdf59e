import Foundation
import MetaLearning

/// The features a frozen body gave single images under one body state, so that an image drawn into
/// many episodes is embedded once. Only sound where an image's features depend on nothing else in
/// its episode: batch norm by running statistics (`inference` mode). Test and validation episodes
/// draw the same few hundred images thousands of times, so this turns 600 test episodes of a
/// ResNet-12 into one pass over the test images.
///
/// A hit returns exactly what a miss computes: images are compared bit for bit, and the body state
/// by `Tensor.isIdentical(to:)` (the memo keeps the state's tensors alive, so a state passed again
/// is recognised by identity at no cost). A new state empties the memo. Past `capacityBytes` of
/// images held, further images are embedded but not kept.
final class FeatureMemo: @unchecked Sendable {
    /// An image's scalars, compared bit for bit.
    private struct ImageBits: Hashable {
        let bits: [UInt32]
    }

    /// The most bytes of image keys kept (1 GiB: over 12,000 RGB images of 84×84).
    static let capacityBytes = 1 << 30

    private let lock = NSLock()
    private var state: [Tensor] = []
    private var rows: [ImageBits: Tensor] = [:]
    private var heldBytes = 0

    /// The features of `image` ([1, C, H, W]) under the body state `state` (every tensor the
    /// features depend on, in a fixed order): remembered, or `embed(image)` remembered now.
    func features(of image: Tensor, state: [Tensor], embed: (Tensor) -> Tensor) -> Tensor {
        let key = ImageBits(bits: image.withUnsafeBufferPointer { $0.map(\.bitPattern) })
        if let row = lookUp(key, state: state) { return row }
        let row = embed(image)
        remember(row, for: key, state: state)
        return row
    }

    /// The remembered row, emptying the memo first if `state` is not the one it holds.
    private func lookUp(_ key: ImageBits, state: [Tensor]) -> Tensor? {
        lock.withLock {
            if !holds(state) {
                self.state = state
                rows = [:]
                heldBytes = 0
            }
            return rows[key]
        }
    }

    /// Keeps `row` when the memo still holds `state` and has room.
    private func remember(_ row: Tensor, for key: ImageBits, state: [Tensor]) {
        lock.withLock {
            let bytes = key.bits.count * MemoryLayout<UInt32>.stride
            guard holds(state), heldBytes + bytes <= Self.capacityBytes, rows[key] == nil else { return }
            rows[key] = row
            heldBytes += bytes
        }
    }

    /// Whether the memo's rows were computed under `state`.
    private func holds(_ state: [Tensor]) -> Bool {
        self.state.count == state.count && zip(self.state, state).allSatisfy { $0.isIdentical(to: $1) }
    }
}
