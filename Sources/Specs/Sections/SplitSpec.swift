/// The `dataset.split` key: which classes each phase sees. Training, validation and test never share
/// a class (nor, for a split of alphabets, an alphabet).
public enum SplitSpec: Sendable, Equatable {
    /// Names written in the spec: `{"train": [...], "validation": [...], "test": [...]}`. In a data set with
    /// alphabets a name is an alphabet or an `alphabet/character` path; otherwise a class name. `train` and
    /// `test` are required and non-empty; `validation` defaults to `[]`; no name may appear twice.
    case names(train: [String], validation: [String], test: [String])
    /// Names listed in files, one file per phase: `{"train": "splits/train.txt", "validation": ..., "test": ...}`.
    /// A `.txt` file holds one name a line (blank lines and lines starting with `#` are skipped), a `.json`
    /// file a list of names. `validation` may be left out (nil). Relative paths are read from the data root
    /// (the first root when there are several).
    case listFiles(train: String, validation: String?, test: String)
    /// One JSON file of lists: `{"file": "splits/vinyals.json"}` naming an object with `train`, `validation`
    /// (optional) and `test` lists of names; a relative path is read from the data root.
    case file(String)
    /// Fractions: `{"fractions": {"train": 0.6, "validation": 0.2, "test": 0.2}, "of": "characters", "seed": 0}`.
    /// The fractions lie in [0, 1] and sum to 1; `train` and `test` are required and positive, `validation`
    /// defaults to 0. `of` is `"alphabets"`, or `"classes"` (`"characters"`, the default, is the same for
    /// an Omniglot tree); `seed` (default 0) shuffles the units before they are cut (non-negative),
    /// independently of the experiment's seed so that runs with different seeds share a split.
    case fractions(of: SplitUnit, train: Double, validation: Double, test: Double, seed: Int)
    /// The csv layout's `train.csv`, `val.csv` and `test.csv`: the split a spec of that layout takes, with
    /// no `dataset.split` key.
    case csvFiles

    /// The default split: 0.6 / 0.2 / 0.2 of characters, seed 0.
    public static let standard = SplitSpec.fractions(of: .characters, train: 0.6, validation: 0.2, test: 0.2, seed: 0)

    /// Whether the validation split may have classes (nothing can be validated otherwise). For files, whether
    /// it is given; an empty list there is found when the data is checked.
    public var hasValidation: Bool {
        switch self {
        case .names(_, let validation, _): return !validation.isEmpty
        case .listFiles(_, let validation, _): return validation != nil
        case .file, .csvFiles: return true
        case .fractions(_, _, let validation, _, _): return validation > 0
        }
    }
}
