import Foundation
import Specs

/// A fixed list of few-shot episodes named by image file, so that any learner of any framework can
/// be tested on the very same images: the format of docs/episode-files.md.
///
/// An episode lists its support images and its query images, each with its class and an optional
/// rotation; paths are relative to a root folder chosen by the reader. An episode's classes are
/// numbered in the order they first appear in its support list.
public struct EpisodeFile: Sendable, Equatable {
    /// One image of an episode.
    public struct Image: Sendable, Equatable {
        /// The file, relative to the root (or absolute).
        public var path: String
        /// The class it belongs to (its true class, for a query).
        public var className: String
        /// Degrees counter-clockwise the image is turned before use: 0, 90, 180 or 270.
        public var rotation: Int

        /// An image of `className` at `path`, turned by `rotation` degrees.
        public init(path: String, className: String, rotation: Int = 0) {
            self.path = path
            self.className = className
            self.rotation = rotation
        }
    }

    /// One episode: labelled support images to adapt on, query images to be scored on.
    public struct Episode: Sendable, Equatable {
        public var support: [Image]
        public var query: [Image]

        /// An episode from its images.
        public init(support: [Image], query: [Image]) {
            self.support = support
            self.query = query
        }

        /// The episode's classes in label order: the order they first appear in `support`.
        public var classNames: [String] {
            var seen = Set<String>()
            return support.map(\.className).filter { seen.insert($0).inserted }
        }
    }

    /// The value of the `format` key that marks an episode file.
    public static let formatName = "metalearn-episodes"
    /// The version of the format this code reads and writes.
    public static let version = 1

    /// The episodes, in order.
    public var episodes: [Episode]
    /// Free text saying where the episodes come from; nil when not said.
    public var source: String?

    /// A file of `episodes` (at least one, each with support and query images).
    public init(episodes: [Episode], source: String? = nil) {
        self.episodes = episodes
        self.source = source
    }

    /// Reads the episode file at `path`.
    /// - Throws: `EpisodeFileError` naming the file and, for content that is not an episode file,
    ///   the JSON path of the first problem.
    public init(contentsOf path: String) throws(EpisodeFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(
                file: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        try self.init(json: text, file: path)
    }

    /// Decodes an episode file's text; `file` names it in errors.
    public init(json text: String, file: String) throws(EpisodeFileError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw .malformed(file: file, at: "", problem: "not valid JSON: \(error)")
        }
        func fail(_ at: String, _ problem: String) -> EpisodeFileError {
            .malformed(file: file, at: at, problem: problem)
        }
        func members(_ value: JSONValue, at: String, allowed: [String]) throws(EpisodeFileError) -> JSONValue {
            guard case .object(let found) = value else {
                throw fail(at, "expected an object, found \(value.kindDescription)")
            }
            if let unknown = found.first(where: { !allowed.contains($0.key) }) {
                throw fail(
                    at,
                    "unknown key '\(unknown.key)'; an episode file \(at.isEmpty ? "" : "\(at) ")has "
                        + allowed.map { "'\($0)'" }.joined(separator: ", "))
            }
            return value
        }
        func string(_ object: JSONValue, _ key: String, at: String) throws(EpisodeFileError) -> String {
            guard let value = object[key] else { throw fail(at, "missing key '\(key)'") }
            guard case .string(let text) = value, !text.isEmpty else {
                throw fail("\(at).\(key)", "expected a non-empty string, found \(value.kindDescription)")
            }
            return text
        }
        func images(_ episode: JSONValue, _ key: String, at: String) throws(EpisodeFileError) -> [Image] {
            guard let value = episode[key] else { throw fail(at, "missing key '\(key)'") }
            guard case .array(let entries) = value, !entries.isEmpty else {
                throw fail("\(at).\(key)", "expected a non-empty array of images, found \(value.kindDescription)")
            }
            var result: [Image] = []
            for (position, entry) in entries.enumerated() {
                let here = "\(at).\(key)[\(position)]"
                let image = try members(entry, at: here, allowed: ["image", "class", "rotation"])
                var rotation = 0
                if let turn = image["rotation"] {
                    guard case .integer(let degrees) = turn, [0, 90, 180, 270].contains(degrees) else {
                        throw fail("\(here).rotation", "expected one of 0, 90, 180, 270, found \(turn.kindDescription)")
                    }
                    rotation = degrees
                }
                result.append(
                    Image(
                        path: try string(image, "image", at: here), className: try string(image, "class", at: here),
                        rotation: rotation))
            }
            return result
        }

        let top = try members(document, at: "", allowed: ["format", "version", "source", "episodes"])
        guard top["format"] == .string(Self.formatName) else {
            throw fail(
                "format",
                "expected \"\(Self.formatName)\", found \(top["format"]?.kindDescription ?? "nothing"); is this an episode file?"
            )
        }
        guard top["version"] == .integer(Self.version) else {
            throw fail("version", "expected \(Self.version), found \(top["version"]?.kindDescription ?? "nothing")")
        }
        switch top["source"] {
        case nil: source = nil
        case .string(let text)?: source = text
        case let other?: throw fail("source", "expected a string, found \(other.kindDescription)")
        }
        guard case .array(let entries)? = top["episodes"], !entries.isEmpty else {
            throw fail(
                "episodes",
                "expected a non-empty array of episodes, found \(top["episodes"]?.kindDescription ?? "nothing")")
        }
        var episodes: [Episode] = []
        for (index, entry) in entries.enumerated() {
            let at = "episodes[\(index)]"
            let episode = try members(entry, at: at, allowed: ["support", "query"])
            episodes.append(
                Episode(support: try images(episode, "support", at: at), query: try images(episode, "query", at: at)))
        }
        self.episodes = episodes
    }

    /// The file's text: the format's keys, then one line per image, ending in a newline.
    public var json: String {
        func quoted(_ text: String) -> String { JSONValue.string(text).formatted() }
        func line(_ image: Image) -> String {
            "{\"class\": \(quoted(image.className)), \"image\": \(quoted(image.path))"
                + (image.rotation == 0 ? "" : ", \"rotation\": \(image.rotation)") + "}"
        }
        func list(_ images: [Image]) -> String {
            "[\n" + images.map { "        " + line($0) }.joined(separator: ",\n") + "\n      ]"
        }
        var text = "{\n  \"format\": \(quoted(Self.formatName)),\n  \"version\": \(Self.version),\n"
        if let source { text += "  \"source\": \(quoted(source)),\n" }
        text += "  \"episodes\": [\n"
        text += episodes.map {
            "    {\n      \"support\": \(list($0.support)),\n      \"query\": \(list($0.query))\n    }"
        }
        .joined(separator: ",\n")
        return text + "\n  ]\n}\n"
    }

    /// Writes the file atomically (a reader never sees half of it).
    /// - Throws: `RunFileError.unwritable` naming the file; what was there before is unchanged.
    public func write(to path: String) throws(RunFileError) {
        try AtomicFile.write(json, to: URL(fileURLWithPath: path))
    }

    /// The folder an episode file's paths are relative to when no root is given: the data set's
    /// root, or the deepest folder holding all its roots.
    public static func defaultRoot(of dataset: DatasetSpec) -> String {
        guard dataset.roots.count > 1 else { return dataset.roots[0] }
        let paths = dataset.roots.map { URL(fileURLWithPath: $0).standardizedFileURL.pathComponents }
        var common = paths[0]
        for components in paths.dropFirst() {
            common = Array(zip(common, components).prefix { $0 == $1 }.map(\.0))
        }
        return NSString.path(withComponents: common.isEmpty ? ["/"] : common)
    }
}
