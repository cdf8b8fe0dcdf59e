import FewShotData
import Testing

@Suite struct DatasetInfoTests {
    @Test func reportsShapeAndUnreadableFiles() throws {
        let tree = TemporaryDirectory.omniglot([("Greek", [("alpha", 3), ("beta", 2)]), ("Latin", [("a", 2)])])
        tree.write("Latin/a/bad.png", [0x89, 0x50])
        tree.write("Latin/a/zero.png", [])
        tree.write("Latin/a/big.png", RawPNGWriter.png(width: 20, height: 10, colorType: 3, bitDepth: 2,
                                                       palette: [(0, 0, 0), (255, 255, 255)]) { x, _, _ in x % 2 })
        let info = try DatasetInfo.scan(root: tree.path)
        #expect(info.alphabets == ["Greek", "Latin"] && info.classCount == 3 && info.imageCount == 10)
        #expect(info.imageSizes == [.init(label: "8x8", count: 7), .init(label: "20x10", count: 1)])
        #expect(info.unreadableFiles == [.unknownFormat(path: tree.path + "/Latin/a/bad.png"), .empty(path: tree.path + "/Latin/a/zero.png")])
        let text = info.description
        #expect(text.contains("classes: 3") && text.contains("images: 10") && text.contains("unreadable files: 2"))
        #expect(text.contains("palette 2-bit (1)") && text.contains(tree.path + "/Latin/a/zero.png: file is empty"))
    }
}
