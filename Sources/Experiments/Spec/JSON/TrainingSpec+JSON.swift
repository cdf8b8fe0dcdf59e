extension TrainingSpec {
    /// Reads `training`.
    init(reading reader: ObjectReader) {
        let iterations = reader.integer("iterations", default: 2000, atLeast: 1)
        let metaBatchSize = reader.integer("metaBatchSize", default: 32, atLeast: 1)
        let optimizer = OptimizerSpec(reading: reader.section("optimizer"))
        let tenth = max(1, iterations / 10)
        let validateEvery = reader.integer("validateEvery", default: tenth, atLeast: 0)
        let validationEpisodes = reader.integer("validationEpisodes", default: 100, atLeast: 1)
        let defaultCheckpoint = validateEvery > 0 ? validateEvery : tenth
        let checkpointEvery = reader.integer("checkpointEvery", default: defaultCheckpoint, atLeast: 1)
        let defaultLog = max(1, iterations / 100)
        let logEvery = reader.integer("logEvery", default: defaultLog, atLeast: 1)
        reader.reportUnknownKeys()
        self.init(iterations: iterations, metaBatchSize: metaBatchSize, optimizer: optimizer, validateEvery: validateEvery,
                  validationEpisodes: validationEpisodes, checkpointEvery: checkpointEvery, logEvery: logEvery)
    }

    /// The resolved section.
    var json: JSONValue {
        .object([
            .init("iterations", .integer(iterations)),
            .init("metaBatchSize", .integer(metaBatchSize)),
            .init("optimizer", optimizer.json),
            .init("validateEvery", .integer(validateEvery)),
            .init("validationEpisodes", .integer(validationEpisodes)),
            .init("checkpointEvery", .integer(checkpointEvery)),
            .init("logEvery", .integer(logEvery)),
        ])
    }
}
