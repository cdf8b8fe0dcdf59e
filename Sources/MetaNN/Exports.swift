// Learners and models see tensors and the seeded generator through MetaNN.
@_exported import MetaTensor
@_exported import SeededRandom
