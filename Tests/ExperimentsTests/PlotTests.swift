import Experiments
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct AxisTicksTests {
    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTenAndCoverTheRange() {
        let cases: [(low: Double, high: Double, step: Double, first: Double, last: Double)] = [
            (0, 100, 20, 0, 100), (0, 2, 0.5, 0, 2), (0, 1.37, 0.5, 0, 1.5), (0, 2000, 500, 0, 2000),
            (0, 30, 10, 0, 30), (43.3, 100, 20, 40, 100), (0.02, 0.07, 0.01, 0.02, 0.07), (-3, 7, 2, -4, 8),
        ]
        for (low, high, step, first, last) in cases {
            let ticks = AxisTicks(covering: low, high)
            #expect(abs(ticks.step - step) < 1e-12, "\(low)...\(high): step \(ticks.step)")
            #expect(abs(ticks.lowest - first) < 1e-9 && abs(ticks.highest - last) < 1e-9, "\(low)...\(high): \(ticks.values)")
            #expect(ticks.lowest <= low && ticks.highest >= high)
        }
    }

    @Test func aRangeOfZeroWidthGetsOneStepAndLabelsHaveTheStepsDecimals() {
        let flat = AxisTicks(covering: 5, 5)
        #expect(flat.values.count >= 2 && flat.lowest <= 5 && flat.highest > 5)
        let ticks = AxisTicks(covering: 0, 2)
        #expect(ticks.values.map(ticks.label) == ["0.0", "0.5", "1.0", "1.5", "2.0"])
        #expect(AxisTicks(covering: 0, 100).values.map(AxisTicks(covering: 0, 100).label) == ["0", "20", "40", "60", "80", "100"])
        let negative = AxisTicks(covering: -1, 1)
        #expect(negative.values.map(negative.label).contains("0.0") && !negative.values.map(negative.label).contains("-0.0"))
    }
}

@Suite struct PlotLayoutTests {
    static func series(_ count: Int, points: Int = 2000, name: (Int) -> String = { "run with a rather long name \($0)" })
        -> [LineSeries]
    {
        (0..<count).map { index in
            LineSeries(name: name(index), points: (1...points).map { .init(x: Double($0), y: 100 - Double(index)) },
                       color: index)
        }
    }

    /// Whatever the names and the number of panels, the legend lies outside every plot area: the data
    /// (drawn inside the plot areas, whose axes cover it) is never under it.
    @Test func theLegendNeverOverlapsAPlotArea() throws {
        let axis = PlotAxis(title: "iteration", ticks: AxisTicks(covering: 0, 2000))
        let accuracy = PlotAxis(title: "accuracy", unit: "%", ticks: AxisTicks(covering: 0, 100))
        for (columns, panels, lines) in [(1, 2, 3), (3, 3, 8), (2, 3, 1), (3, 3, 8)] {
            let figure = LineFigure(
                title: "t", panels: (0..<panels).map { LinePanel(title: "p\($0)", xAxis: axis, yAxis: accuracy, series: Self.series(lines)) },
                columns: columns, plotWidth: 240, plotHeight: 170)
            let layout = figure.layout
            let legend = try #require(layout.legend)
            #expect(layout.plotAreas.count == panels)
            for area in layout.plotAreas {
                #expect(!legend.intersects(area), "\(columns) columns: legend \(legend) over \(area)")
                #expect(area.maxX <= layout.width && area.maxY <= layout.height)
            }
            #expect(legend.maxX <= layout.width && legend.maxY <= layout.height)
            #expect(legend.height >= Double(lines) * 17)
        }
    }

    @Test func aFigureIsWellFormedSVGWithTheSeriesThinnedAndNamesEscaped() throws {
        let series = Self.series(2, name: { "a <b> & \"c\" \($0)" }).map { $0.thinned(to: 150) }
        #expect(series.allSatisfy { $0.points.count <= 150 && $0.points.last?.x == 2000 && $0.points.first?.x == 1 })
        let figure = LineFigure(
            title: nil, panels: [LinePanel(title: "loss", xAxis: PlotAxis(title: "iteration", ticks: AxisTicks(covering: 0, 2000)),
                                           yAxis: PlotAxis(title: "accuracy", unit: "%", ticks: AxisTicks(covering: 0, 100)), series: series)],
            plotWidth: 300, plotHeight: 200)
        let svg = figure.svg(standalone: true)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains("a &lt;b&gt; &amp; &quot;c&quot; 0") && !svg.contains("<b>"))
        #expect(svg.contains(">accuracy (%)</text>") && svg.contains(">iteration</text>"))
        let inline = figure.svg(standalone: false)
        #expect(!inline.contains("http") && !inline.contains("<style") && inline.hasPrefix("<svg class=\"plot\""))
    }

    @Test func boxSummaryUsesInterpolatedQuartiles() throws {
        let summary = try #require(BoxSummary([4, 1, 3, 2]))
        #expect(summary.lowest == 1 && summary.highest == 4 && summary.median == 2.5 && summary.mean == 2.5)
        #expect(summary.lowerQuartile == 1.75 && summary.upperQuartile == 3.25)
        #expect(BoxSummary([]) == nil)
    }

    @Test func boxPlotLabelsStayLeftOfThePlotArea() {
        let figure = BoxPlotFigure(
            title: nil, axis: PlotAxis(title: "accuracy", unit: "%", ticks: AxisTicks(covering: 40, 100)),
            rows: [.init(label: String(repeating: "long label ", count: 10), values: [50, 60, 100], color: 0),
                   .init(label: "short", values: [], color: 1)], plotWidth: 400)
        let layout = figure.layout
        #expect(!layout.labels.intersects(layout.plotArea) && layout.labels.maxX < layout.plotArea.x)
        #expect(layout.plotArea.height == 2 * 22)
        let svg = figure.svg(standalone: true)
        #expect(XMLParser(data: Data(svg.utf8)).parse() && svg.contains("no episodes") && svg.contains("…"))
    }
}
