import MetaLearning

/// What a fractional split divides: whole alphabets, or classes regardless of their alphabet
/// (`characters` and `classes` mean the same; the first is Omniglot's word for its classes).
public enum SplitUnit: String, Sendable, Equatable, CaseIterable, HyperparameterWord {
    case alphabets
    case characters
    case classes
}
