/// The `dataset.layout` key: how classes sit under the roots. The raw values match
/// `FewShotData.DatasetLayout`.
public enum DataLayout: String, Sendable, Equatable, CaseIterable, SpecWord {
    /// Omniglot-style when a folder under a root holds folders, flat otherwise.
    case automatic
    /// `ROOT/<alphabet>/<character>/<images>`.
    case omniglot
    /// `ROOT/<class>/<images>`.
    case flat
    /// `ROOT/images/<images>` with `ROOT/train.csv`, `val.csv` and `test.csv` (`filename,label`), which
    /// also give the split.
    case csv
}
