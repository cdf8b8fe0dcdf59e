import FewShotData
import Testing

/// The csv layout (miniImageNet's `images/` folder with `train.csv`, `val.csv`, `test.csv`).
@Suite struct CSVLayoutTests {
    /// A csv-layout tree: `rows[csv] = [(file, label)]`; every file named in `images` is written as a PNG.
    static func tree(_ rows: [String: [(String, String)]], images: [String], header: String = "filename,label") -> TemporaryDirectory {
        let tree = TemporaryDirectory("csv")
        for (position, name) in images.enumerated() { tree.write("images/\(name)", TemporaryDirectory.flatPNG(UInt8(position))) }
        for (csv, lines) in rows {
            tree.write(csv, Array(([header] + lines.map { "\($0),\($1)" }).joined(separator: "\r\n").utf8) + [10])
        }
        return tree
    }

    static let images = ["a1.png", "a2.png", "b1.png", "b2.png", "b3.png", "c1.png", "d1.png"]
    static let rows = ["train.csv": [("a2.png", "n01"), ("a1.png", "n01"), ("b1.png", "n02"), ("b2.png", "n02"), ("b3.png", "n02")],
                       "val.csv": [("c1.png", "n03")], "test.csv": [("d1.png", "n04")]]

    @Test func classesAndTheirSplitComeFromTheCSVFiles() throws {
        let tree = Self.tree(Self.rows, images: Self.images)
        let index = try DatasetIndex(root: tree.path, layout: .csv)
        #expect(index.layouts == [.csv])
        #expect(index.classes.map(\.name) == ["n01", "n02", "n03", "n04"])
        #expect(index.classes.map(\.listedIn) == [.train, .train, .validation, .test])
        #expect(index.classes[0].files.map(\.path) == [tree.path + "/images/a1.png", tree.path + "/images/a2.png"])
        #expect(index.imageCount == 7)
        let splits = try DatasetSplits(index: index, rule: .csvFiles)
        #expect(splits == DatasetSplits(train: [0, 1], validation: [2], test: [3]))
        let info = try DatasetInfo.scan(root: tree.path, layout: .csv)
        #expect(info.description.contains("layout: csv") && info.description.contains("classes: 4 (train 2, validation 1, test 1)"))
        // The same images and labels load as a data set like any other layout.
        let dataset = try ImageDataset.load(index: index, transform: ImageTransform(imageSize: 4), options: .uncached)
        #expect(dataset.classes(splits.train).map(\.imageCount) == [2, 3])
    }

    /// Every missing image, every label in two files and every unreadable file is reported at once,
    /// each naming the CSV file and its line.
    @Test func reportsEveryMissingImageAndRepeatedLabel() throws {
        var rows = Self.rows
        rows["train.csv"]! += [("gone.png", "n01")]
        rows["test.csv"]! += [("a1.png", "n01"), ("a2.png", "n01"), ("lost.jpg", "n04")]
        rows["val.csv"] = nil
        let tree = Self.tree(rows, images: Self.images)
        let images = tree.path + "/images"
        #expect(throws: DatasetError.several([
            .missingListedImage(csv: tree.path + "/train.csv", line: 7, file: "gone.png", folder: images),
            .malformedCSV(path: tree.path + "/val.csv", line: nil, reason: "cannot read: No such file or directory"),
            .classInTwoSplits(name: "n01", first: "train", firstSource: tree.path + "/train.csv line 2",
                              second: "test", secondSource: tree.path + "/test.csv line 3"),
            .missingListedImage(csv: tree.path + "/test.csv", line: 5, file: "lost.jpg", folder: images),
        ])) { try DatasetIndex(root: tree.path, layout: .csv) }
        #expect(DatasetError.missingListedImage(csv: "m/test.csv", line: 5, file: "lost.jpg", folder: "m/images").description
                == "m/test.csv line 5: image 'lost.jpg' is not in m/images")
    }

    @Test func malformedFilesNameTheirLine() throws {
        let badHeader = Self.tree(Self.rows, images: Self.images, header: "file,class")
        #expect(throws: DatasetError.self) { try DatasetIndex(root: badHeader.path, layout: .csv) }
        #expect(DatasetError.malformedCSV(path: "m/train.csv", line: 1, reason: "expected the header row 'filename,label'").description
                == "m/train.csv line 1: expected the header row 'filename,label'")
        var rows = Self.rows
        rows["test.csv"] = [("d1.png", "n04"), ("d1.png,n04", "extra")]
        let extraField = Self.tree(rows, images: Self.images)
        #expect(throws: DatasetError.malformedCSV(path: extraField.path + "/test.csv", line: 3,
                                                  reason: "expected 'filename,label', found 'd1.png,n04,extra'")) {
            try DatasetIndex(root: extraField.path, layout: .csv)
        }
        let noImages = TemporaryDirectory("csv-no-images")
        #expect(throws: DatasetError.malformedCSV(path: noImages.path, line: nil,
                                                  reason: "the csv layout keeps its images in ROOT/images, which is missing")) {
            try DatasetIndex(root: noImages.path, layout: .csv)
        }
    }
}
