import Foundation
import Testing

/// Running `metalearn` in a test and checking its outcome: success with its output, or failure
/// with one clear line.
protocol CommandChecks {}

extension CommandChecks {
    /// Runs `metalearn arguments`, expecting success; its standard output.
    func succeed(_ arguments: [String]) throws -> String {
        let result = try MetaLearnExecutable.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.errors)")
        return result.output
    }

    /// Runs `metalearn arguments`, expecting failure with one line on stderr that contains `message`
    /// (followed by the usage lines for a misused option).
    func fail(_ arguments: [String], saying message: String, usage: Bool = false) throws {
        let result = try MetaLearnExecutable.run(arguments)
        let lines = result.errors.split(separator: "\n")
        #expect(result.status != 0)
        #expect(lines.first?.contains(message) == true && (usage || lines.count == 1), "\(arguments): \(result.errors)")
        #expect(!result.errors.contains("Fatal error"))
    }
}
