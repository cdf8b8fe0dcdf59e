import Testing
import Dispatch
import MetaTensor

/// Large buffers are recycled within their lane, whichever thread frees them.
@Suite struct BufferLaneTests {
    /// 256 KiB, above the size the pool recycles. Lanes 40 and 41 are used by no other test.
    private func address(of tensor: Tensor) -> UnsafePointer<Float>? {
        tensor.withUnsafeBufferPointer { $0.baseAddress }
    }

    @Test func aFreedBufferReturnsToItsLaneFromAnyThread() {
        var tensor: Tensor? = BufferLanes.with(40) { Tensor(zeros: [1 << 16]) }
        let first = address(of: tensor!)
        let holder = UncheckedBox(tensor!)
        tensor = nil
        DispatchQueue.global().sync { holder.value = nil }
        var again: Tensor? = BufferLanes.with(40) { Tensor(zeros: [1 << 16]) }
        #expect(address(of: again!) == first)
        again = nil
        // Idle in lane 40 now: another lane does not get it.
        let elsewhere = BufferLanes.with(41) { Tensor(zeros: [1 << 16]) }
        #expect(address(of: elsewhere) != first)
    }
}

/// Hands the last reference to a tensor to another thread.
private final class UncheckedBox: @unchecked Sendable {
    var value: Tensor?
    init(_ value: Tensor) { self.value = value }
}
