/// How class folders sit under a data set root.
public enum DatasetLayout: String, Sendable, Hashable, Codable {
    /// `ROOT/<alphabet>/<character>/<image files>`, like Omniglot.
    case omniglot
    /// `ROOT/<class>/<image files>`, like mini-ImageNet folders.
    case flat
    /// Omniglot-style if any folder directly under the root holds a sub-folder, flat otherwise.
    case automatic
}
