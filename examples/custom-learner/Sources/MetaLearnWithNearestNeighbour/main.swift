import BuiltinLearners
import MetaLearnCLI
import NearestNeighbour

// `metalearn` with the learners that ship with swift-metalearn, plus the cosine nearest neighbour.
var registry = BuiltinLearners.registry
registry.register(NearestNeighbour.learners)
MetaLearnCLI.main(registry: registry)
