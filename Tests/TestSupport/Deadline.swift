import Foundation

/// Runs `work` on a thread of its own and returns its result, or nil when it has not finished
/// within `seconds`: a read that blocks (on a FIFO, say) fails the test instead of hanging the
/// suite. A thread that never finishes is left behind, blocked.
public func finishing<T>(within seconds: Double = 20, _ work: @escaping @Sendable () -> T) -> T? {
    let slot = ResultSlot<T>()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        slot.value = work()
        done.signal()
    }
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return slot.value
}

/// Where the thread of `finishing` leaves its result; the semaphore orders the write before the read.
private final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}
