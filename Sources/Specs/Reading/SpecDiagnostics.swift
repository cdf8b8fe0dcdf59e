/// The errors found so far while walking one spec, shared by the readers of all its objects.
final class SpecDiagnostics {
    private(set) var errors: [SpecError] = []

    /// Records a problem at `path`.
    func report(_ path: String, _ message: String) {
        errors.append(SpecError(path: path, message: message))
    }

    /// Whether no error was reported at any of `paths` or below them; checks across keys run only
    /// on clean values, so that one mistake does not cause a second, misleading message.
    func isClean(_ paths: String...) -> Bool {
        !errors.contains { error in
            paths.contains { error.path == $0 || error.path.hasPrefix($0 + ".") || error.path.hasPrefix($0 + "[") }
        }
    }
}
