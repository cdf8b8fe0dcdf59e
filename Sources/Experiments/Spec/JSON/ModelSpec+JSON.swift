extension ModelSpec {
    /// Reads `model`.
    init(reading reader: ObjectReader) {
        let name = reader.word("name", default: "conv4", among: Self.names)
        let keysOfModel = ["conv4": "hiddenChannels", "mlp": "hiddenUnits"]
        switch name {
        case "mlp":
            let units = reader.integers("hiddenUnits", default: [256, 128, 64, 64], atLeast: 1, atMost: 65536)
            if units.isEmpty {
                reader.diagnostics.report(reader.path(of: "hiddenUnits"), "must list at least one layer width")
            }
            self = .mlp(hiddenUnits: units)
        default:
            self = .conv4(hiddenChannels: reader.integer("hiddenChannels", default: 64, atLeast: 1, atMost: 4096))
        }
        var misplaced: [String: String] = [:]
        for (model, key) in keysOfModel where model != name {
            misplaced[key] = "'\(key)' applies to model '\(model)', not '\(name)'"
        }
        reader.reportUnknownKeys(misplaced: misplaced)
    }

    /// The resolved section.
    var json: JSONValue {
        switch self {
        case .conv4(let hiddenChannels):
            return .object([.init("name", .string(name)), .init("hiddenChannels", .integer(hiddenChannels))])
        case .mlp(let hiddenUnits):
            return .object([.init("name", .string(name)), .init("hiddenUnits", .array(hiddenUnits.map(JSONValue.integer)))])
        }
    }
}
