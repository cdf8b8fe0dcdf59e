import MetaLearning

extension LearnerSpec {
    /// Reads `learner` against the registered learners: the name must be one of them, every other key one
    /// of its hyperparameters with a value inside the declared domain. Returns nil when the name is
    /// missing or unknown (reported; the hyperparameters cannot be checked then).
    static func read(_ reader: ObjectReader, learners: [LearnerDeclaration]) -> (LearnerSpec, LearnerDeclaration)? {
        let names = learners.map(\.name)
        guard let nameValue = reader.value(of: "name") else {
            reader.reportMissing("name", example: names.first.map { "\"\($0)\"" } ?? "\"maml\"")
            return nil
        }
        guard let name = ObjectReader.word(nameValue, at: reader.path(of: "name"), among: names, reader.diagnostics),
              let declaration = learners.first(where: { $0.name == name }) else { return nil }
        var values: [String: HyperparameterValue] = [:]
        for hyperparameter in declaration.hyperparameters {
            values[hyperparameter.name] = reader.value(of: hyperparameter.name)
                .flatMap { value(of: hyperparameter, from: $0, at: reader.path(of: hyperparameter.name), reader.diagnostics) }
                ?? hyperparameter.defaultValue
        }
        reader.reportUnknownKeys()
        let order = declaration.hyperparameters.map(\.name)
        return (LearnerSpec(name: name, hyperparameters: Hyperparameters(values), hyperparameterOrder: order), declaration)
    }

    /// The value of one hyperparameter if it lies in its domain (reals widened from integers); nil after
    /// reporting otherwise.
    private static func value(of hyperparameter: Hyperparameter, from json: JSONValue, at path: String,
                              _ diagnostics: SpecDiagnostics) -> HyperparameterValue? {
        let candidate: HyperparameterValue?
        switch (hyperparameter.domain, json) {
        case (.real, .integer(let number)): candidate = .real(Double(number))
        case (.real, .real(let number)): candidate = .real(number)
        case (.integer, .integer(let number)): candidate = .integer(number)
        case (.boolean, .bool(let flag)): candidate = .boolean(flag)
        case (.choice, .string(let word)): candidate = .text(word)
        default: candidate = nil
        }
        guard let candidate else {
            diagnostics.report(path, "expected \(hyperparameter.domain.description), found \(json.kindDescription)"
                               + ObjectReader.unquoteHint(json))
            return nil
        }
        guard hyperparameter.domain.contains(candidate) else {
            var message = "\(candidate) is outside the valid values: \(hyperparameter.domain.description)"
            if case .choice(let words) = hyperparameter.domain, case .text(let word) = candidate,
               let guess = Suggestion.closest(to: word, among: words) {
                message += "; did you mean '\(guess)'?"
            }
            diagnostics.report(path, message)
            return nil
        }
        return candidate
    }

    /// The resolved section: the name, then every hyperparameter in declaration order.
    var json: JSONValue {
        .object([.init("name", .string(name))] + hyperparameterOrder.map { key in
            let value: JSONValue
            switch hyperparameters.values[key]! {
            case .real(let number): value = .real(number)
            case .integer(let number): value = .integer(number)
            case .boolean(let flag): value = .bool(flag)
            case .text(let word): value = .string(word)
            }
            return .init(key, value)
        })
    }
}
