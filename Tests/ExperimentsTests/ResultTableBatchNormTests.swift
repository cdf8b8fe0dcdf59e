import Experiments
import MetaLearning
import Testing

/// Tables say under themselves which learners ran with which batch-norm mode when they mix modes.
@Suite struct ResultTableBatchNormTests {
    func result(_ learner: String, _ mode: BatchNormMode?) throws -> RunResult {
        var result = try makeResult(learner, ways: 5, shots: 1, accuracies: [0.5])
        result.batchNorm = mode
        return result
    }

    @Test func oneModeAddsNoNote() throws {
        let table = ResultTable(results: [try result("maml", .transductive), try result("protonet", nil)], learnerOrder: [])
        #expect(table.notes.isEmpty)
    }

    /// A result without a recorded mode (written before it was) counts as transductive. (CSV holds
    /// numbers only; there, runs with their specs get rows labelled `model.batchNorm=...`.)
    @Test func mixedModesAreNamedUnderEveryFormat() throws {
        let table = ResultTable(results: [try result("mamlpp", .inference), try result("maml", nil), try result("fomaml", .transductive)],
                                learnerOrder: ["maml", "fomaml", "mamlpp"])
        let note = "batch norm: transductive (maml, fomaml); inference (mamlpp)"
        #expect(table.notes == [note])
        #expect(table.rendered(as: .markdown).hasSuffix("\n- \(note)\n"))
        #expect(table.rendered(as: .latex).hasSuffix("\\par \(note)\n"))
        #expect(table.rendered(as: .json).contains(note))
    }
}
