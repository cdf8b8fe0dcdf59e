/// Why `metalearn report` writes nothing: each description is one line naming the path.
public enum ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The runs given hold results of more than one data set; `dataSets` names each with one run of it.
    case differentDataSets(given: String, dataSets: [(name: String, run: String)])
    /// The output folder exists and `--force` was not given.
    case outputExists(path: String)
    /// The output path exists and is not a report folder this tool made: nothing replaces it.
    case notAReportFolder(path: String, reason: String)
    /// The page could not be written; `path` is what failed.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .differentDataSets(let given, let dataSets):
            let named = dataSets.map { "\($0.name) (\($0.run))" }.joined(separator: ", ")
            return "\(given) holds results of different data sets: \(named); a report covers one data set, "
                + "name the runs of one"
        case .outputExists(let path):
            return "\(path) exists; pass --force to replace the report in it"
        case .notAReportFolder(let path, let reason):
            return "\(path) \(reason), not a report folder metalearn made; nothing replaces it"
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }

    public static func == (left: ReportError, right: ReportError) -> Bool { left.description == right.description }
}
