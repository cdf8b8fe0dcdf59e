extension EpisodeSpec {
    /// Reads `episodes`.
    init(reading reader: ObjectReader) {
        let ways = reader.integer("ways", default: 5, atLeast: 2)
        let shots = reader.integer("shots", default: 1, atLeast: 1)
        let queries = reader.integer("queries", default: 15, atLeast: 1)
        let trainWays = reader.integer("trainWays", default: ways, atLeast: 2)
        reader.reportUnknownKeys()
        self.init(ways: ways, shots: shots, queries: queries, trainWays: trainWays)
    }

    /// The resolved section.
    var json: JSONValue {
        .object([
            .init("ways", .integer(ways)),
            .init("shots", .integer(shots)),
            .init("queries", .integer(queries)),
            .init("trainWays", .integer(trainWays)),
        ])
    }
}
