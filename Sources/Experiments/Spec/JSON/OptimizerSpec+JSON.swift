extension OptimizerSpec {
    /// Reads `training.optimizer`.
    init(reading reader: ObjectReader) {
        let name = reader.word("name", default: "adam", among: Self.names)
        let keysOfOptimizer = ["adam": ["beta1", "beta2", "epsilon"], "sgd": ["momentum"]]
        switch name {
        case "sgd":
            self = .sgd(learningRate: reader.real("lr", default: 0.01, .positive),
                        momentum: reader.real("momentum", default: 0, .belowOne))
        default:
            self = .adam(learningRate: reader.real("lr", default: 0.001, .positive),
                         beta1: reader.real("beta1", default: 0.9, .belowOne),
                         beta2: reader.real("beta2", default: 0.999, .belowOne),
                         epsilon: reader.real("epsilon", default: 1e-8, .positive))
        }
        var misplaced: [String: String] = [:]
        for (optimizer, keys) in keysOfOptimizer where optimizer != name {
            for key in keys {
                misplaced[key] = "'\(key)' applies to optimizer '\(optimizer)', not '\(name)'"
            }
        }
        reader.reportUnknownKeys(misplaced: misplaced)
    }

    /// The resolved optimizer.
    var json: JSONValue {
        switch self {
        case .adam(let learningRate, let beta1, let beta2, let epsilon):
            return .object([.init("name", .string(name)), .init("lr", .real(learningRate)), .init("beta1", .real(beta1)),
                            .init("beta2", .real(beta2)), .init("epsilon", .real(epsilon))])
        case .sgd(let learningRate, let momentum):
            return .object([.init("name", .string(name)), .init("lr", .real(learningRate)), .init("momentum", .real(momentum))])
        }
    }
}
