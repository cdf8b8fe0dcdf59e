extension EvaluationSpec {
    /// Reads `evaluation`.
    init(reading reader: ObjectReader) {
        self.init(episodes: reader.integer("episodes", default: 600, atLeast: 1))
        reader.reportUnknownKeys()
    }

    /// The resolved section.
    var json: JSONValue { .object([.init("episodes", .integer(episodes))]) }
}
