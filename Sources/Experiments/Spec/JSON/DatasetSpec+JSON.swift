extension DatasetSpec {
    static let allowedRotations = [0, 90, 180, 270]

    /// Reads the `dataset` object (required, for its `root`).
    init(reading reader: ObjectReader) {
        var roots = [""]
        if let value = reader.value(of: "root") {
            if case .array(let elements) = value {
                roots = ObjectReader.array(value, at: reader.path(of: "root"), reader.diagnostics) { element, path in
                    ObjectReader.string(element, at: path, reader.diagnostics)
                } ?? roots
                if elements.isEmpty {
                    reader.diagnostics.report(reader.path(of: "root"), "must name at least one folder")
                }
            } else if let root = ObjectReader.string(value, at: reader.path(of: "root"), reader.diagnostics) {
                roots = [root]
            }
        } else {
            reader.reportMissing("root", example: "\"datasets/omniglot\"")
        }
        let imageSize = reader.integer("imageSize", default: 28, atLeast: 4, atMost: 1024)
        let color = ImageColor(rawValue: reader.word("color", default: ImageColor.gray.rawValue,
                                                      among: ImageColor.allCases.map(\.rawValue)))!
        let invert = reader.bool("invert", default: false)
        let rotations = reader.integers("rotations", default: [0], atLeast: 0)
        let rotationsPath = reader.path(of: "rotations")
        if rotations.isEmpty {
            reader.diagnostics.report(rotationsPath, "must list at least one rotation; use [0] for none")
        }
        for (position, angle) in rotations.enumerated() {
            if !Self.allowedRotations.contains(angle) {
                reader.diagnostics.report("\(rotationsPath)[\(position)]", "must be 0, 90, 180 or 270 degrees, found \(angle)")
            } else if rotations[..<position].contains(angle) {
                reader.diagnostics.report("\(rotationsPath)[\(position)]", "\(angle) is listed twice; each rotation makes one class per character")
            }
        }
        let split = reader.object("split").map { SplitSpec(reading: $0) } ?? .standard
        let cacheDirectory = reader.string("cacheDirectory")
        let skipUnreadable = reader.bool("skipUnreadable", default: false)
        let synthetic = reader.object("synthetic").map { SyntheticSpec(reading: $0) }
        if synthetic != nil && roots.count != 1 {
            reader.diagnostics.report(reader.path(of: "synthetic"), "a synthetic data set has one root; give \"root\" as one folder")
        }
        reader.reportUnknownKeys()
        self.init(roots: roots, imageSize: imageSize, color: color, invert: invert, rotations: rotations,
                  split: split, cacheDirectory: cacheDirectory, skipUnreadable: skipUnreadable, synthetic: synthetic)
    }

    /// The resolved section; one root is written as a string, several as an array.
    var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("root", roots.count == 1 ? .string(roots[0]) : .array(roots.map(JSONValue.string))),
            .init("imageSize", .integer(imageSize)),
            .init("color", .string(color.rawValue)),
            .init("invert", .bool(invert)),
            .init("rotations", .array(rotations.map(JSONValue.integer))),
            .init("split", split.json),
        ]
        if let cacheDirectory {
            members.append(.init("cacheDirectory", .string(cacheDirectory)))
        }
        members.append(.init("skipUnreadable", .bool(skipUnreadable)))
        if let synthetic {
            members.append(.init("synthetic", synthetic.json))
        }
        return .object(members)
    }
}

extension SyntheticSpec {
    /// Reads the `dataset.synthetic` object; every key is optional.
    init(reading reader: ObjectReader) {
        self.init(alphabets: reader.integer("alphabets", default: 10, atLeast: 1, atMost: 1000),
                  characters: reader.integer("characters", default: 20, atLeast: 1, atMost: 1000),
                  drawers: reader.integer("drawers", default: 20, atLeast: 1, atMost: 1000),
                  seed: reader.integer("seed", default: 1, atLeast: 0))
        reader.reportUnknownKeys()
    }

    /// The resolved object.
    var json: JSONValue {
        .object([.init("alphabets", .integer(alphabets)), .init("characters", .integer(characters)),
                 .init("drawers", .integer(drawers)), .init("seed", .integer(seed))])
    }
}
