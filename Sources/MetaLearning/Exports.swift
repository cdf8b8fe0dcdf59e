// Plugins see the engine (tensors, parameters, models, optimizers) through MetaLearning.
@_exported import MetaNN
