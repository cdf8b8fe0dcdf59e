#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether operations on this thread record the graph their gradients need.
///
/// The flag is per thread, so tasks of a meta-batch running on different threads never share
/// state: one can evaluate without a graph while another differentiates.
enum GradientRecording {
    private static let disabledKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "cannot create the gradient-mode thread key")
        return key
    }()

    /// True unless the current thread is inside `withoutGradients`.
    static var isEnabled: Bool {
        pthread_getspecific(disabledKey) == nil
    }

    static func run<Result>(enabled: Bool, _ body: () throws -> Result) rethrows -> Result {
        let previous = pthread_getspecific(disabledKey)
        pthread_setspecific(disabledKey, enabled ? nil : UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(disabledKey, previous) }
        return try body()
    }
}

/// Runs `body` without recording any graph: results carry no gradient history, no backward
/// closures are created and nothing is retained for a backward pass. Use it for evaluation
/// and for optimizer updates.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientRecording.run(enabled: false, body)
}
