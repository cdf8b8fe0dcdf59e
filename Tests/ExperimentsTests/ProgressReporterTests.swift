import Experiments
import Testing

@Suite struct ProgressReporterTests {
    static let durations: [(Double, String)] = [
        (0, "0s"), (44.6, "45s"), (59.4, "59s"), (65, "1m05s"), (3599, "59m59s"), (3600, "1h00m"),
        (7410, "2h04m"), (86_399, "1d00h"), (273_600, "3d04h"), (-1, "--"), (.infinity, "--"), (.nan, "--"),
    ]

    @Test(arguments: durations)
    func formatsDurations(seconds: Double, text: String) {
        #expect(ProgressReporter.formatDuration(seconds) == text)
    }

    @Test func statusLine() {
        #expect(ProgressReporter.statusLine(iteration: 120, total: 2000, loss: 1.23456, accuracy: 0.4321,
                                            iterationsPerSecond: 3.1, secondsLeft: 605)
                == "iteration 120/2000  loss 1.2346  accuracy 43.2%  3.10 it/s  ETA 10m05s")
    }

    /// A reporter on a fake clock that records what it writes.
    final class Harness {
        var now = 0.0
        var output: [String] = []
        var reporter: ProgressReporter!

        init(mode: ProgressReporter.Mode, total: Int = 100, startIteration: Int = 0, every: Int = 10) {
            reporter = ProgressReporter(total: total, startIteration: startIteration, mode: mode, every: every,
                                        clock: { [unowned self] in now }, write: { [unowned self] in output.append($0) })
        }

        func step(_ iteration: Int, at time: Double) {
            now = time
            reporter.update(iteration: iteration, loss: 0.5, accuracy: 0.5)
        }
    }

    @Test func periodicLinesWaitForBothIterationsAndSeconds() {
        let harness = Harness(mode: .periodic)
        harness.step(10, at: 5)    // 10 iterations but only 5 s
        harness.step(11, at: 12)   // 11 iterations and 12 s: shown
        harness.step(20, at: 30)   // 9 iterations since: not shown
        harness.step(21, at: 31)   // 10 iterations, 19 s: shown
        harness.step(100, at: 32)  // the last: always shown
        #expect(harness.output == [
            "iteration 11/100  loss 0.5000  accuracy 50.0%  0.92 it/s  ETA 1m37s\n",
            "iteration 21/100  loss 0.5000  accuracy 50.0%  0.68 it/s  ETA 1m57s\n",
            "iteration 100/100  loss 0.5000  accuracy 50.0%  3.12 it/s  ETA 0s\n",
        ])
    }

    @Test func liveLineIsRedrawnAndNotesStayAbove() {
        let harness = Harness(mode: .live, total: 100, startIteration: 50)
        harness.step(51, at: 1)
        harness.step(52, at: 1.05)  // within a tenth of a second: skipped
        harness.reporter.note("validation accuracy 60.0%")
        harness.step(60, at: 2)
        harness.reporter.finish()
        #expect(harness.output == [
            "\r\u{1B}[Kiteration 51/100  loss 0.5000  accuracy 50.0%  1.00 it/s  ETA 49s",
            "\r\u{1B}[Kvalidation accuracy 60.0%\n",
            "\r\u{1B}[Kiteration 60/100  loss 0.5000  accuracy 50.0%  5.00 it/s  ETA 8s",
            "\n",
        ])
    }

    @Test func quietShowsNothing() {
        let harness = Harness(mode: .quiet)
        harness.step(100, at: 1)
        harness.reporter.note("x")
        harness.reporter.finish()
        #expect(harness.output.isEmpty)
        #expect(ProgressReporter.Mode.forStandardError(quiet: true) == .quiet)
    }
}
