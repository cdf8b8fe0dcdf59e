import BuiltinLearners
import MatchingNetworks
import MetaLearnCLI

// `metalearn` with the learners that ship with swift-metalearn, plus Matching Networks.
var registry = BuiltinLearners.registry
registry.register(MatchingNetworks.learners)
MetaLearnCLI.main(registry: registry)
