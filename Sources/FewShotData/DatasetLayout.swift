/// How class folders sit under a data set root.
public enum DatasetLayout: String, Sendable, Hashable, Codable, CaseIterable {
    /// Omniglot-style if any folder directly under the root holds a sub-folder, flat otherwise
    /// (never `csv`, which must be asked for).
    case automatic
    /// `ROOT/<alphabet>/<character>/<image files>`, like Omniglot.
    case omniglot
    /// `ROOT/<class>/<image files>`, like Caltech 101, CUB or CIFAR-FS exported to class folders.
    case flat
    /// `ROOT/images/<image files>` plus `ROOT/train.csv`, `val.csv` and `test.csv`, each a header row
    /// `filename,label` and one row per image (Ravi and Larochelle's miniImageNet files). The CSVs name
    /// each class's images and its split.
    case csv
}
