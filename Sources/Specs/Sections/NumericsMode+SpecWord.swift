import MetaLearning

/// `numerics` is one of the engine's modes, by name.
extension NumericsMode: SpecWord {}
