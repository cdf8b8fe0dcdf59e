import SpecTestSupport
import Experiments
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct CurvesPlotTests {
    /// 100 iterations logged every 10 with a falling loss, validation every 50, one diverged loss.
    static let records: [MetricsRecord] = (1...10).map {
        MetricsRecord(iteration: $0 * 10, phase: .train, loss: $0 == 7 ? .nan : 2.0 / Double($0),
                      accuracy: 0.2 + 0.07 * Double($0), seconds: Double($0))
    } + [MetricsRecord(iteration: 50, phase: .validation, loss: 0.5, accuracy: 0.55, seconds: 5.5),
         MetricsRecord(iteration: 100, phase: .validation, loss: 0.3, accuracy: 0.8, seconds: 10.5)]

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func drawsBothPanelsWithTheLegendBesideThemAndWellFormedXML() throws {
        let svg = CurvesPlot.svg(records: Self.records, title: "maml <5-way> & co")
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(count("<polyline", in: svg) == 3)
        #expect(count("<circle", in: svg) == 3)  // the validation points and the legend's marker
        #expect(svg.contains("maml &lt;5-way&gt; &amp; co"))
        #expect(svg.contains(">training</text>") && svg.contains(">validation</text>"))
        #expect(svg.contains(">loss (cross-entropy, nats)</text>") && svg.contains(">accuracy (%)</text>"))
        // x ticks 0, 20, ..., 100 in both panels; loss ticks 0.0 ... 2.0 by 0.5.
        #expect(count(">100</text>", in: svg) == 3)  // two x axes and the accuracy axis
        #expect(svg.contains(">1.5</text>") && svg.contains(">2.0</text>"))
        // The diverged loss is left out: 9 of 10 points.
        let lossLine = try #require(svg.split(separator: "\n").first { $0.hasPrefix("<polyline") })
        #expect(count(",", in: String(lossLine)) == 9)
    }

    @Test func emptyLogSaysNoData() {
        let svg = CurvesPlot.svg(records: [], title: "t")
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(count("no data yet", in: svg) == 2)
        #expect(!svg.contains("<polyline"))
    }
}

@Suite struct RunReportTests {
    @Test func holdsTheRowTheFiguresTheTimingTheLinkAndTheSettings() throws {
        let spec = try ExperimentSpec(json: designSpec, learners: TestLearners.all)
        let result = RunResult(spec: spec, testAccuracies: [0.6, 0.8, 1.0, 0.8],
                               validation: .init(bestAccuracy: 0.9, bestIteration: 1800), trainSeconds: 800)
        let report = RunReport.markdown(result: result, spec: spec)
        #expect(report.hasPrefix("""
        # omniglot-5w1s-maml

        maml on 5-way 1-shot episodes with 15 queries per class, model conv4, seed 1.

        | Learner | 5-way 1-shot |
        |---|---:|
        | maml | 80.0 ± 16.0 |

        - Test accuracy (%), mean ± 95% interval: across seeds (Student t) in a cell of several seeds, over the test episodes in a cell of one. Data set: datasets/omniglot.

        Test accuracy: 80.00% ± 16.00% (95% confidence interval over 4 episodes).
        Best validation accuracy: 90.00% at iteration 1800 (the tested checkpoint).

        ## Timing

        Training: 13m20s for 2000 iterations (2.50 it/s).

        ## Curves

        ![Training loss, training and validation accuracy](curves.svg)

        ## Settings

        ```json
        {
          "name": "omniglot-5w1s-maml",
        """))
        #expect(report.hasSuffix("""
        }
        ```

        spec SHA-256 `\(spec.specSHA256)`, swift-metalearn 0.1.0.

        """))
        var unvalidated = result
        unvalidated.validation = nil
        #expect(RunReport.markdown(result: unvalidated, spec: spec).contains("No validation: the parameters after the last iteration were tested."))
    }
}
