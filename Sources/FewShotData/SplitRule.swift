/// How a data set's classes are divided into train, validation and test. A class (and so
/// every rotation of it) always lands in at most one split.
public enum SplitRule: Sendable, Hashable {
    /// Whole alphabets by name; an alphabet may appear in one list only; unlisted ones are unused.
    case alphabets(train: [String], validation: [String], test: [String])
    /// Whole alphabets, shuffled with `seed` and cut by fraction (rounded; fractions summing
    /// to 1 use every alphabet).
    case alphabetFractions(train: Double, validation: Double, test: Double, seed: UInt64)
    /// Classes (characters) regardless of alphabet, shuffled with `seed` and cut by fraction.
    case classFractions(train: Double, validation: Double, test: Double, seed: UInt64)
}
