import BuiltinLearners
import MetaLearnCLI

// `metalearn` with the learners that ship with swift-metalearn.
MetaLearnCLI.main(registry: BuiltinLearners.registry)
