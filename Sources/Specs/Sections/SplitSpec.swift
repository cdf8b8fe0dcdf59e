/// The `dataset.split` key: which classes each phase sees. Training, validation and test never share
/// an alphabet (or, for a split of characters, a character).
public enum SplitSpec: Sendable, Equatable {
    /// Explicit alphabet names: `{"train": [...], "validation": [...], "test": [...]}`. `train` and
    /// `test` are required and non-empty; `validation` defaults to `[]`; no name may appear twice.
    case alphabets(train: [String], validation: [String], test: [String])
    /// Fractions: `{"fractions": {"train": 0.6, "validation": 0.2, "test": 0.2}, "of": "characters", "seed": 0}`.
    /// The fractions lie in [0, 1] and sum to 1; `train` and `test` are required and positive, `validation`
    /// defaults to 0. `of` is `"alphabets"` or `"characters"` (default); `seed` (default 0) shuffles the
    /// units before they are cut (non-negative), independently of the experiment's seed so that runs with different
    /// seeds share a split.
    case fractions(of: SplitUnit, train: Double, validation: Double, test: Double, seed: Int)

    /// The default split: 0.6 / 0.2 / 0.2 of characters, seed 0.
    public static let standard = SplitSpec.fractions(of: .characters, train: 0.6, validation: 0.2, test: 0.2, seed: 0)

    /// Whether the validation split has any classes (nothing can be validated otherwise).
    public var hasValidation: Bool {
        switch self {
        case .alphabets(_, let validation, _): return !validation.isEmpty
        case .fractions(_, _, let validation, _, _): return validation > 0
        }
    }
}
