/// How a data set's classes are divided into train, validation and test. A class (and so
/// every rotation of it) always lands in at most one split.
public enum SplitRule: Sendable, Hashable {
    /// Classes named part by part; unnamed classes are unused. In a data set with alphabets a name
    /// is an alphabet (all its characters) or an `alphabet/character` path; otherwise it is a class
    /// folder's name (or a csv layout's label).
    case lists(train: [ListedName], validation: [ListedName], test: [ListedName])
    /// Whole alphabets, shuffled with `seed` and cut by fraction (rounded; fractions summing
    /// to 1 use every alphabet).
    case alphabetFractions(train: Double, validation: Double, test: Double, seed: UInt64)
    /// Classes (characters) regardless of alphabet, shuffled with `seed` and cut by fraction.
    case classFractions(train: Double, validation: Double, test: Double, seed: UInt64)
    /// The parts the csv layout's `train.csv`, `val.csv` and `test.csv` put each class in.
    case csvFiles
}

/// A name in a split list, with where it was written so that a message can point at it.
public struct ListedName: Sendable, Hashable {
    /// An alphabet, an `alphabet/character` path, or a class name.
    public let name: String
    /// Where the name is written: `dataset.split.train[2]`, `splits/train.txt line 3`, ...
    public let source: String

    /// A name written at `source`.
    public init(_ name: String, source: String) {
        self.name = name
        self.source = source
    }
}
