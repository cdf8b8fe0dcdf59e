import Experiments
import Foundation
import Testing

/// A child's ending in words: an exit code, or the signal that killed it (not "exit 9").
@Suite struct ProcessEndingTests {
    func ending(_ script: String) throws -> ProcessEnding {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        return ProcessEnding(process)
    }

    @Test func exitsAndSignalsAreToldApart() throws {
        #expect(try ending("exit 3").description == "exit 3")
        #expect(try ending("kill -9 $$").description == "killed by signal 9")
    }
}
