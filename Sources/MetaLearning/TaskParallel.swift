import Dispatch
import MetaTensor

/// Runs independent tasks on several threads and returns their results in task order, so
/// whatever is combined from them afterwards (in that order) does not depend on the thread count.
public enum TaskParallel {
    /// `body(i)` for every i in `0..<count`, on up to `threads` threads, results by index.
    /// OpenBLAS is kept single-threaded: parallelism comes from the tasks, and each task's
    /// arithmetic is the same whichever thread runs it. Threads not needed by the tasks (a single
    /// task on two cores) are lent to the operations inside them. Tasks run in the caller's `NumericsMode`.
    public static func map<Result: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Result) -> [Result]
    {
        BLAS.setThreadCount(1)
        let workers = max(1, min(threads, count))
        if workers == 1 {
            return IntraOperationParallelism.withThreads(threads) { (0..<count).map(body) }
        }
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let slots = SendableBuffer(results)
        let mode = NumericsMode.current
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Each worker runs the same tasks every time, so it recycles buffers in its own lane.
            BufferLanes.with(worker + 1) {
                NumericsMode.with(mode) {
                    for index in stride(from: worker, to: count, by: workers) {
                        slots.buffer[index] = body(index)
                    }
                }
            }
        }
        return results.map { $0! }
    }
}

/// A result buffer whose slots are written by distinct threads (each index by exactly one).
private struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
