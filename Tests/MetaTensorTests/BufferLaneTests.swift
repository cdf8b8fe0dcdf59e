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

    /// A request takes an idle buffer of up to twice its size when its own size class has none,
    /// and gives it back to that buffer's class. Lane 44 is used by no other test.
    @Test func aSmallerRequestBorrowsAnIdleBufferOfUpToTwiceItsSize() {
        BufferLanes.with(44) {
            var large: Tensor? = Tensor(zeros: [1 << 17])
            let buffer = address(of: large!)
            large = nil
            var smaller: Tensor? = Tensor(zeros: [3 << 15])
            #expect(address(of: smaller!) == buffer)
            smaller = nil
            #expect(address(of: Tensor(zeros: [1 << 17])) == buffer)
            #expect(address(of: Tensor(zeros: [3 << 14])) != buffer)
        }
    }
}

/// Hands the last reference to a tensor to another thread.
private final class UncheckedBox: @unchecked Sendable {
    var value: Tensor?
    init(_ value: Tensor) { self.value = value }
}
