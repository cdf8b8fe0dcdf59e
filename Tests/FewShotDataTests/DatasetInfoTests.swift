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
        // 8 readable images, held as 84x84 RGB: 4 or 1 bytes per sample.
        #expect(info.bytesHeld(ImageTransform(imageSize: 84, format: .rgb)) == 8 * 84 * 84 * 3 * 4)
        let compact = ImageTransform(imageSize: 84, format: .rgb, storage: .uint8)
        #expect(info.bytesHeldLine(compact) == "held in memory at 84x84 rgb, uint8: \(8 * 84 * 84 * 3) bytes (21168 per image)")
    }

    /// JPEG files are scanned like PNG ones; their label says colour space and progression.
    @Test func reportsJPEGFiles() throws {
        let tree = TemporaryDirectory("info-jpeg")
        tree.write("c/1.jpg", JPEGTestEncoder.jpeg(JPEGTestEncoder.Samples(width: 30, height: 20, components: 3) { x, _, c in x * c }))
        tree.write("c/2.jpg", JPEGTestEncoder.jpeg(JPEGTestEncoder.Samples(width: 30, height: 20, components: 1) { x, _, _ in x },
                                                   progressive: true))
        tree.write("c/3.jpg", JPEGTestEncoder.jpeg(JPEGTestEncoder.Samples(width: 8, height: 8, components: 4) { _, _, _ in 9 }))
        let info = try DatasetInfo.scan(root: tree.path)
        #expect(info.imageSizes == [.init(label: "30x20", count: 2)])
        #expect(Set(info.formats) == [.init(label: "YCbCr baseline", count: 1), .init(label: "gray progressive", count: 1)])
        #expect(info.unreadableFiles.map(\.path) == [tree.path + "/c/3.jpg"])
    }
}
