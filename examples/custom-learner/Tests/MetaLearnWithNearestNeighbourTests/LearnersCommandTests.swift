import Foundation
import Testing

/// This package's `metalearn-nearest-neighbour` beside the test bundle, if it was built.
private var executable: URL? {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("metalearn-nearest-neighbour")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return nil
}

@Test(.enabled(if: executable != nil, "metalearn-nearest-neighbour is not built"))
func learnersListsTheBuiltinLearnersAndTheNearestNeighbour() throws {
    let process = Process()
    process.executableURL = executable
    process.arguments = ["learners"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    // Each learner's line is `name: summary`, unindented.
    let names = text.split(separator: "\n").filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: ":").first.map(String.init) }
    #expect(names.contains("maml") && names.contains("matching"), "\(names)")
    #expect(names.last == "nearest-neighbour", "\(names)")
}
