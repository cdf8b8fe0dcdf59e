import FewShotData
import Foundation
import PosixFiles
import Specs

/// Turns a spec's `dataset.split` into the data set's `SplitRule`, reading split list files. A relative
/// file path is read from the data root (the first root when there are several), so that the lists travel
/// with the data and a run's `spec.json` or `--root` finds them.
public enum SplitLists {
    /// The rule of `dataset`'s split. Throws `SpecErrors` with every problem of the files at once, each
    /// at the split key that names the file, its message naming the file and the line or JSON path.
    public static func rule(_ dataset: DatasetSpec) throws(SpecErrors) -> SplitRule {
        try rule(dataset.split, roots: dataset.roots, at: "dataset.split")
    }

    /// The rule of `split`, a data set's at JSON path `path` (`dataset.sources[1].split`) whose list
    /// files are read from the first of `roots`; errors as `rule(_:)` gives them, at that path.
    static func rule(_ split: SplitSpec, roots: [String], at path: String) throws(SpecErrors) -> SplitRule {
        switch split {
        case .names(let train, let validation, let test):
            func listed(_ names: [String], _ phase: String) -> [ListedName] {
                names.enumerated().map { ListedName($1, source: "\(path).\(phase)[\($0)]") }
            }
            return .lists(
                train: listed(train, "train"), validation: listed(validation, "validation"), test: listed(test, "test"))
        case .listFiles(let train, let validation, let test):
            var problems: [SpecError] = []
            func listed(_ file: String?, _ phase: String) -> [ListedName] {
                guard let file else { return [] }
                do { return try readList(resolve(file, roots)) } catch {
                    problems.append(SpecError(path: "\(path).\(phase)", message: error.description))
                    return []
                }
            }
            let rule = SplitRule.lists(
                train: listed(train, "train"), validation: listed(validation, "validation"), test: listed(test, "test"))
            guard problems.isEmpty else { throw SpecErrors(problems) }
            return rule
        case .file(let file):
            do {
                let lists = try readLists(resolve(file, roots))
                return .lists(train: lists[.train]!, validation: lists[.validation]!, test: lists[.test]!)
            } catch {
                throw SpecErrors(error.problems.map { SpecError(path: "\(path).file", message: $0) })
            }
        case .fractions(.alphabets, let train, let validation, let test, let seed):
            return .alphabetFractions(train: train, validation: validation, test: test, seed: UInt64(seed))
        case .fractions(.characters, let train, let validation, let test, let seed),
            .fractions(.classes, let train, let validation, let test, let seed):
            return .classFractions(train: train, validation: validation, test: test, seed: UInt64(seed))
        case .csvFiles:
            return .csvFiles
        }
    }

    /// The classes of each split of `dataset`, or every problem found as `SpecErrors`: those of the split
    /// files, names the data set lacks, classes listed in two splits. A problem that names its own place
    /// (a list entry, a file line) has no JSON path of its own.
    static func splits(index: DatasetIndex, dataset: DatasetSpec) throws(SpecErrors) -> DatasetSplits {
        try splits(index: index, split: dataset.split, roots: dataset.roots, at: "dataset.split")
    }

    /// The classes of each split of `index` by `split`, at JSON path `path`, as `splits(index:dataset:)` gives them.
    static func splits(index: DatasetIndex, split: SplitSpec, roots: [String], at path: String) throws(SpecErrors)
        -> DatasetSplits
    {
        let rule = try rule(split, roots: roots, at: path)
        do {
            return try DatasetSplits(index: index, rule: rule)
        } catch {
            throw SpecErrors(
                error.all.map { problem in
                    switch problem {
                    case .unknownListedName, .classInTwoSplits: SpecError(path: "", message: problem.description)
                    default: SpecError(path: path, message: problem.description)
                    }
                })
        }
    }

    /// The problems of one split file, each a line naming the file.
    struct FileProblems: Error, CustomStringConvertible {
        let problems: [String]
        init(_ problems: [String]) { self.problems = problems }
        init(_ problem: String) { problems = [problem] }
        var description: String { problems.joined(separator: "\n") }
    }

    private static func resolve(_ file: String, _ roots: [String]) -> String {
        guard !file.hasPrefix("/"), let root = roots.first else { return file }
        return root.hasSuffix("/") ? root + file : root + "/" + file
    }

    /// The names of a `.txt` (one a line; blank lines and `#` comments skipped) or `.json` (a list) file.
    private static func readList(_ path: String) throws(FileProblems) -> [ListedName] {
        let text = try readText(path)
        if path.lowercased().hasSuffix(".txt") {
            return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().compactMap {
                offset, line in
                let name = line.trimmingCharacters(in: .whitespacesAndNewlines)
                return name.isEmpty || name.hasPrefix("#")
                    ? nil : ListedName(name, source: "\(path) line \(offset + 1)")
            }
        }
        guard path.lowercased().hasSuffix(".json") else {
            throw FileProblems("\(path): a split list is a .txt file (one name a line) or a .json list")
        }
        return try names(in: parse(text, path), at: "", file: path)
    }

    /// The `train`, `validation` (optional) and `test` lists of a JSON file holding an object.
    private static func readLists(_ path: String) throws(FileProblems) -> [SplitPart: [ListedName]] {
        guard path.lowercased().hasSuffix(".json") else {
            throw FileProblems("\(path): \"file\" names a .json file of train, validation and test lists")
        }
        guard case .object(let members) = try parse(readText(path), path) else {
            throw FileProblems("\(path): expected an object with \"train\", \"validation\" and \"test\" lists")
        }
        var lists: [SplitPart: [ListedName]] = [:]
        var problems: [String] = []
        for member in members where SplitPart(rawValue: member.key) == nil {
            problems.append(
                "\(path): unknown key '\(member.key)'; a split file holds \"train\", \"validation\" and \"test\"")
        }
        for part in SplitPart.allCases {
            guard let value = members.first(where: { $0.key == part.rawValue })?.value else {
                if part != .validation { problems.append("\(path): missing \"\(part.rawValue)\" list") }
                lists[part] = []
                continue
            }
            do { lists[part] = try names(in: value, at: part.rawValue, file: path) } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw FileProblems(problems) }
        return lists
    }

    private static func readText(_ path: String) throws(FileProblems) -> String {
        do { return try FileIO.readText(path) } catch {
            throw FileProblems("\(path): cannot read the split file: \(error.reason)")
        }
    }

    private static func parse(_ text: String, _ path: String) throws(FileProblems) -> JSONValue {
        do { return try JSONValue(parsing: text) } catch { throw FileProblems("\(path): not valid JSON: \(error)") }
    }

    /// The strings of a JSON list at `jsonPath` of `file`; every entry that is not a non-empty string is a problem.
    private static func names(in value: JSONValue, at jsonPath: String, file: String) throws(FileProblems)
        -> [ListedName]
    {
        guard case .array(let items) = value else {
            throw FileProblems(
                "\(file): \(jsonPath.isEmpty ? "the file" : jsonPath) must be a list of names, found \(value.kindDescription)"
            )
        }
        var names: [ListedName] = []
        var problems: [String] = []
        for (position, item) in items.enumerated() {
            if case .string(let name) = item, !name.isEmpty {
                names.append(ListedName(name, source: "\(file): \(jsonPath)[\(position)]"))
            } else {
                problems.append(
                    "\(file): \(jsonPath)[\(position)]: expected a non-empty string, found \(item.kindDescription)")
            }
        }
        guard problems.isEmpty else { throw FileProblems(problems) }
        return names
    }
}
