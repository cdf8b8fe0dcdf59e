/// What a fractional split divides: whole alphabets, or characters regardless of their alphabet.
public enum SplitUnit: String, Sendable, Equatable, CaseIterable, SpecWord {
    case alphabets
    case characters
}
