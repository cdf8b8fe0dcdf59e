import FewShotData
import Foundation
import Testing

@Suite struct DatasetIndexTests {
    @Test func omniglotLayoutSortedWithOddNamesAndIgnoredFiles() throws {
        let tree = TemporaryDirectory.omniglot([
            ("Japanese_(katakana)", [("character02", 2), ("character01", 2)]),
            ("Ελληνικά alphabet", [("char é 1", 3)]),
            ("Arabic", [("b", 1), ("a", 2)]),
        ])
        tree.write(".hidden/x/a.png", TemporaryDirectory.flatPNG(1))
        tree.write("Arabic/a/.DS_Store", [1, 2, 3])
        tree.write("Arabic/a/notes.txt", Array("hi".utf8))
        tree.write("Arabic/a/UPPER.PNG", TemporaryDirectory.flatPNG(2))
        let index = try DatasetIndex(root: tree.path)
        #expect(index.layouts == [.omniglot])
        #expect(index.classes.map(\.qualifiedName) == [
            "Arabic/a", "Arabic/b", "Japanese_(katakana)/character01", "Japanese_(katakana)/character02",
            "Ελληνικά alphabet/char é 1",
        ])
        #expect(index.alphabets == ["Arabic", "Japanese_(katakana)", "Ελληνικά alphabet"])
        #expect(index.classes[0].files.map { ($0.path as NSString).lastPathComponent } == ["00.png", "01.png", "UPPER.PNG"])
        #expect(index.imageCount == 3 + 1 + 2 + 2 + 3)
    }

    @Test func flatLayoutAndSeveralRoots() throws {
        let first = TemporaryDirectory("flat")
        first.write("dog/1.png", TemporaryDirectory.flatPNG(1))
        first.write("cat/1.png", TemporaryDirectory.flatPNG(2))
        let second = TemporaryDirectory.omniglot([("Greek", [("alpha", 1)])])
        let index = try DatasetIndex(roots: [second.path, first.path])
        #expect(index.layouts == [.omniglot, .flat])
        #expect(index.classes.map(\.qualifiedName) == ["Greek/alpha", "cat", "dog"])
        #expect(index.classes[1].alphabet == nil)
    }

    @Test func badTreesNameTheFolder() throws {
        #expect(throws: DatasetError.missingRoot(path: "/nonexistent/root")) { try DatasetIndex(root: "/nonexistent/root") }
        let tree = TemporaryDirectory.omniglot([("Greek", [("alpha", 1)])])
        try FileManager.default.createDirectory(atPath: tree.path + "/Greek/beta", withIntermediateDirectories: true)
        #expect(throws: DatasetError.emptyClass(path: tree.path + "/Greek/beta")) { try DatasetIndex(root: tree.path) }
        let empty = TemporaryDirectory("empty")
        #expect(throws: DatasetError.noClasses(root: empty.path)) { try DatasetIndex(root: empty.path) }
        let file = TemporaryDirectory("file")
        file.write("x.png", TemporaryDirectory.flatPNG(1))
        #expect(throws: DatasetError.notADirectory(path: file.path + "/x.png")) { try DatasetIndex(root: file.path + "/x.png") }
        #expect(DatasetError.emptyClass(path: "/d/Greek/beta").description == "/d/Greek/beta: class folder holds no PNG images")
    }

    /// A file is indexed when its name ends in a dot and an extension of a known format, in any
    /// case; its contents are judged only when it is decoded.
    @Test func imageFilesAreNamedByTheKnownExtensions() throws {
        let tree = TemporaryDirectory("extensions")
        for name in ["a.png", "b.PnG", "c.x.png", "d.png.txt", "png", "e.", "f.jpg", "g.pngx"] {
            tree.write("class/\(name)", [1, 2, 3])
        }
        try FileManager.default.createDirectory(atPath: tree.path + "/class/folder.png", withIntermediateDirectories: true)
        let index = try DatasetIndex(root: tree.path, layout: .flat)
        #expect(index.files.map { ($0.path as NSString).lastPathComponent } == ["a.png", "b.PnG", "c.x.png"])
    }
}
