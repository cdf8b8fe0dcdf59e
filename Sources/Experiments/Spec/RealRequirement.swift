/// The valid range of a real-valued spec key.
enum RealRequirement {
    /// Greater than 0 (learning rates, epsilon).
    case positive
    /// In [0, 1] (split fractions).
    case unitInterval
    /// In [0, 1) (momentum, Adam's betas).
    case belowOne

    func contains(_ value: Double) -> Bool {
        switch self {
        case .positive: return value > 0
        case .unitInterval: return (0...1).contains(value)
        case .belowOne: return (0..<1).contains(value)
        }
    }

    /// "greater than 0", "in [0, 1]", "in [0, 1)".
    var description: String {
        switch self {
        case .positive: return "greater than 0"
        case .unitInterval: return "in [0, 1]"
        case .belowOne: return "in [0, 1)"
        }
    }
}
