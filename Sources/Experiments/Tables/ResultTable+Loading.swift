import Foundation
import PosixFiles

extension ResultTable {
    /// Loads the results named on the command line: a file is read as a `result.json`; a directory gives
    /// its own `result.json` if it has one, otherwise every `result.json` below it (in path order). A file
    /// reached twice (named and inside a named folder, or through a link) counts once.
    /// - Throws: `RunFileError` naming the first file that cannot be read or decoded, holds impossible
    ///   figures, or a directory without any result.
    public static func loadResults(from paths: [String]) throws(RunFileError) -> [RunResult] {
        try resultFiles(from: paths).map { url throws(RunFileError) in try RunResult(contentsOf: url) }
    }

    /// Loads the results as `loadResults` does, each with the resolved spec in the `spec.json` beside it
    /// when there is one (what tells configurations apart).
    /// - Throws: `RunFileError` as `loadResults`, for a `spec.json` that is not JSON, and `.sameRun` for
    ///   a run loaded twice under different paths (a copied run directory would count as a second seed).
    public static func loadRuns(from paths: [String]) throws(RunFileError) -> [TabledRun] {
        try loadLocatedRuns(from: paths).map(\.run)
    }

    /// Loads the runs as `loadRuns` does, each with the `result.json` it was read from.
    /// - Throws: as `loadRuns`.
    public static func loadLocatedRuns(from paths: [String]) throws(RunFileError) -> [(file: URL, run: TabledRun)] {
        let files = try resultFiles(from: paths)
        let runs = try files.map { url throws(RunFileError) in
            let result = try RunResult(contentsOf: url)
            let specFile = url.deletingLastPathComponent().appendingPathComponent("spec.json")
            guard FileManager.default.fileExists(atPath: specFile.path) else { return TabledRun(result: result) }
            do {
                return TabledRun(
                    result: result, resolvedSpec: try JSONValue(parsing: try FileIO.readText(specFile.path)))
            } catch {
                throw .malformed(path: specFile.path, reason: "\(error)")
            }
        }
        for (index, run) in runs.enumerated() {
            if let earlier = runs[..<index].firstIndex(where: { $0.isSameRun(as: run) }) {
                throw .sameRun(path: files[index].path, copyOf: files[earlier].path)
            }
        }
        return Array(zip(files, runs))
    }

    private static func resultFiles(from paths: [String]) throws(RunFileError) -> [URL] {
        var files: [URL] = []
        var seen: Set<String> = []
        for path in paths {
            for file in try resultFiles(at: path)
            where seen.insert(file.resolvingSymlinksInPath().standardizedFileURL.path).inserted {
                files.append(file)
            }
        }
        return files
    }

    private static func resultFiles(at path: String) throws(RunFileError) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file or directory")
        }
        let url = URL(fileURLWithPath: path)
        guard isDirectory.boolValue else { return [url] }
        let own = url.appendingPathComponent("result.json")
        if FileManager.default.fileExists(atPath: own.path) { return [own] }
        let found = (FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.allObjects ?? [])
            .compactMap { $0 as? URL }
            .filter { $0.lastPathComponent == "result.json" }
            .sorted { $0.path < $1.path }
        guard !found.isEmpty else {
            throw .unreadable(path: path, reason: "no result.json in this directory or below it")
        }
        return found
    }
}
