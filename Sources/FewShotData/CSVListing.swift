import Foundation
import PosixFiles

/// The rows of one of the csv layout's files (`train.csv`, `val.csv`, `test.csv`): a header row
/// `filename,label`, then one `file,label` row per image. Blank lines and a final line break are
/// allowed; fields are not quoted (Ravi and Larochelle's files are not).
enum CSVListing {
    /// One image row.
    struct Row: Equatable {
        /// The line number, from 1 (the header is line 1).
        let line: Int
        /// The image's file name inside the images folder.
        let file: String
        /// The class label.
        let label: String
    }

    /// The rows of the file at `path`. Throws `malformedCSV` naming the file (and line) when it cannot
    /// be read, its header is not `filename,label`, or a row does not hold two non-empty fields.
    static func read(_ path: String) throws(DatasetError) -> [Row] {
        let text: String
        do { text = try FileIO.readText(path) } catch {
            throw .malformedCSV(path: path, line: nil, reason: "cannot read: \(error.reason)")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)  // "\r\n" is one Character
        guard let header = lines.first,
            header.split(separator: ",", omittingEmptySubsequences: false).map(trimmed) == ["filename", "label"]
        else {
            throw .malformedCSV(path: path, line: 1, reason: "expected the header row 'filename,label'")
        }
        var rows: [Row] = []
        for (offset, line) in lines.enumerated().dropFirst() where !trimmed(line).isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(trimmed)
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .malformedCSV(path: path, line: offset + 1, reason: "expected 'filename,label', found '\(line)'")
            }
            rows.append(Row(line: offset + 1, file: fields[0], label: fields[1]))
        }
        return rows
    }

    private static func trimmed(_ field: Substring) -> String { field.trimmingCharacters(in: .whitespaces) }
}
