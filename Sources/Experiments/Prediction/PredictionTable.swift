import Specs

/// The output formats of `metalearn predict`.
public enum PredictionFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal: query, predicted class, its probability, every class's.
    case table
    /// Comma-separated values with a header line; probabilities in full precision.
    case csv
    /// The classes and, per query, the prediction and the probability of each class.
    case json
}

/// The predictions for a list of query images, as `metalearn predict` prints them.
public struct PredictionTable: Sendable {
    /// The support classes, in order.
    public let classNames: [String]
    /// Each query's name (its path) and prediction, in order.
    public let rows: [(query: String, prediction: Prediction)]

    /// A table of `predictions` for `queries` (equally many) among `classNames`.
    public init(classNames: [String], queries: [String], predictions: [Prediction]) {
        precondition(queries.count == predictions.count, "one prediction per query")
        self.classNames = classNames
        rows = Array(zip(queries, predictions))
    }

    /// The table as text in `format`, ending in a newline; the same predictions give the same text.
    public func rendered(as format: PredictionFormat) -> String {
        switch format {
        case .table:
            let header = ["query", "predicted", "probability"] + classNames
            let lines = rows.map { row in
                [row.query, row.prediction.className, Self.fixed(row.prediction.probability)]
                    + row.prediction.probabilities.map(Self.fixed)
            }
            let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max()! }
            func line(_ fields: [String]) -> String {
                fields.enumerated().map { column, field in
                    let padding = String(repeating: " ", count: widths[column] - field.count)
                    return column < 2 ? field + padding : padding + field  // names left, figures right
                }.joined(separator: "  ") + "\n"
            }
            return ([header] + lines).map(line).joined()
        case .csv:
            func field(_ text: String) -> String {
                text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            }
            func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
            return line(["query", "predicted"] + classNames)
                + rows.map { line([$0.query, $0.prediction.className] + $0.prediction.probabilities.map { "\($0)" }) }
                .joined()
        case .json:
            return JSONValue.object([
                .init("classes", .array(classNames.map(JSONValue.string))),
                .init(
                    "predictions",
                    .array(
                        rows.map { row in
                            .object([
                                .init("query", .string(row.query)),
                                .init("predicted", .string(row.prediction.className)),
                                .init(
                                    "probabilities",
                                    .object(zip(classNames, row.prediction.probabilities).map { .init($0, .real($1)) })),
                            ])
                        })),
            ]).formatted() + "\n"
        }
    }

    /// A probability with four decimals: `0.9312`.
    private static func fixed(_ probability: Double) -> String {
        let tenThousandths = Int((probability * 10_000).rounded())
        let fraction = String(tenThousandths % 10_000)
        return "\(tenThousandths / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
