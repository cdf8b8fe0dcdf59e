/// What happened with the cache during `ImageDataset.load`.
public enum CacheStatus: Sendable, Hashable, CustomStringConvertible {
    /// No cache was configured.
    case disabled
    /// Images came from the cache file at `path`.
    case hit(path: String)
    /// Images were decoded and written to `path`; `reason` says why the cache was not used
    /// ("absent", or why an existing file was rejected).
    case rebuilt(path: String, reason: String)
    /// Images were decoded but the cache could not be written (the load still succeeded).
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .disabled: return "cache disabled"
        case .hit(let path): return "loaded from cache \(path)"
        case .rebuilt(let path, let reason): return "decoded and cached to \(path) (\(reason))"
        case .writeFailed(let path, let reason): return "decoded; cannot write cache \(path): \(reason)"
        }
    }
}
