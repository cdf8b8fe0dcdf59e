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

    /// Every empty class folder of a flat tree, and every empty alphabet, is reported at once.
    @Test func everyEmptyFolderIsReported() throws {
        let flat = TemporaryDirectory("flat-empty")
        flat.write("cat/1.png", TemporaryDirectory.flatPNG(1))
        for name in ["dog", "emu"] { try FileManager.default.createDirectory(atPath: flat.path + "/" + name, withIntermediateDirectories: true) }
        #expect(throws: DatasetError.several([.emptyClass(path: flat.path + "/dog"), .emptyClass(path: flat.path + "/emu")])) {
            try DatasetIndex(root: flat.path, layout: .flat)
        }
        let tree = TemporaryDirectory.omniglot([("Greek", [("alpha", 1)])])
        for folder in ["Greek/beta", "Latin"] { try FileManager.default.createDirectory(atPath: tree.path + "/" + folder, withIntermediateDirectories: true) }
        #expect(throws: DatasetError.several([.emptyClass(path: tree.path + "/Greek/beta"), .emptyAlphabet(path: tree.path + "/Latin")])) {
            try DatasetIndex(root: tree.path)
        }
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
        #expect(DatasetError.emptyClass(path: "/d/Greek/beta").description == "/d/Greek/beta: class folder holds no PNG or JPEG images")
    }

    /// A file is indexed when its name ends in a dot and an extension of a known format, in any
    /// case; its contents are judged only when it is decoded.
    @Test func imageFilesAreNamedByTheKnownExtensions() throws {
        let tree = TemporaryDirectory("extensions")
        for name in ["a.png", "b.PnG", "c.x.png", "d.png.txt", "png", "e.", "f.jpg", "g.pngx", "h.JPEG", "i.jpgx"] {
            tree.write("class/\(name)", [1, 2, 3])
        }
        try FileManager.default.createDirectory(atPath: tree.path + "/class/folder.png", withIntermediateDirectories: true)
        let index = try DatasetIndex(root: tree.path, layout: .flat)
        #expect(index.files.map { ($0.path as NSString).lastPathComponent } == ["a.png", "b.PnG", "c.x.png", "f.jpg", "h.JPEG"])
    }

    /// A folder or image file whose name is not UTF-8 is an error naming its folder and showing the
    /// name, never silently left out; hidden entries and files that are not images stay ignored.
    @Test func namesThatAreNotUTF8AreReportedNotDropped() throws {
        let latin1 = Array("Cyrill".utf8) + [0xE9]  // "Cyrillé" in Latin-1
        let alphabet = TemporaryDirectory.omniglot([("Greek", [("alpha", 2)])])
        alphabet.create(latin1, folder: true)
        alphabet.create(Array("Cyrill".utf8) + [0xE9, UInt8(ascii: "/"), UInt8(ascii: "a")], folder: true)
        let error = DatasetError.undecodableName(folder: alphabet.path, name: "Cyrill\\xE9")
        #expect(throws: error) { try DatasetIndex(root: alphabet.path) }
        #expect(throws: error) { try DatasetInfo.scan(root: alphabet.path) }
        #expect(error.description == "\(alphabet.path): holds \"Cyrill\\xE9\", whose name is not valid UTF-8 and cannot be read; "
                + "rename it to UTF-8 (for example with convmv)")

        let character = TemporaryDirectory.omniglot([("Greek", [("alpha", 2)])])
        character.create(Array("Greek/".utf8) + [0xFF], folder: true)
        #expect(throws: DatasetError.undecodableName(folder: character.path + "/Greek", name: "\\xFF")) {
            try DatasetIndex(root: character.path)
        }

        let image = TemporaryDirectory.omniglot([("Greek", [("alpha", 2)])])
        image.create(Array("Greek/alpha/".utf8) + [0xE9] + Array(".png".utf8), folder: false)
        #expect(throws: DatasetError.undecodableName(folder: image.path + "/Greek/alpha", name: "\\xE9.png")) {
            try DatasetIndex(root: image.path)
        }

        let ignored = TemporaryDirectory.omniglot([("Greek", [("alpha", 2)])])
        ignored.create(Array("Greek/alpha/notes".utf8) + [0xE9] + Array(".txt".utf8), folder: false)
        ignored.create([UInt8(ascii: "."), 0xE9], folder: true)
        #expect(try DatasetIndex(root: ignored.path).imageCount == 2)
    }

    /// Two roots that are the same folder, or one inside the other, however written (a trailing
    /// slash, "..", a link), are refused: their classes would be counted twice.
    @Test func overlappingRootsAreRefused() throws {
        let tree = TemporaryDirectory.omniglot([("Greek", [("alpha", 1)]), ("Latin", [("a", 1)])])
        let other = TemporaryDirectory.omniglot([("Runic", [("r", 1)])])
        let link = other.path + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: tree.path)
        // A sibling whose name starts with the root's name is not inside it.
        let sibling = tree.path + "-sibling"
        try FileManager.default.createDirectory(atPath: sibling + "/c", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: sibling) }
        #expect(FileManager.default.createFile(atPath: sibling + "/c/1.png", contents: Data(TemporaryDirectory.flatPNG(1))))

        for roots in [[tree.path, tree.path], [tree.path, tree.path + "/Greek"], [tree.path + "/Latin", tree.path],
                      [link, tree.path], [tree.path + "/Greek/..", tree.path + "/"], [link + "/Greek", tree.path + "/Greek"]] {
            #expect(throws: DatasetError.overlappingRoots(first: roots[0], second: roots[1])) { try DatasetIndex(roots: roots) }
            #expect(throws: DatasetError.overlappingRoots(first: roots[0], second: roots[1])) { try DatasetInfo.scan(roots: roots) }
        }
        #expect(throws: DatasetError.overlappingRoots(first: tree.path, second: tree.path + "/Latin")) {
            try DatasetIndex(roots: [other.path + "/Runic", tree.path, sibling, tree.path + "/Latin"])
        }
        #expect(DatasetError.overlappingRoots(first: "/d", second: "/d/Greek").description
                == "/d and /d/Greek: data set roots overlap (the same folder, or one inside the other), "
                + "so their classes would be counted twice; give each folder once")
        #expect(try DatasetIndex(roots: [tree.path + "/Greek", tree.path + "/Latin", sibling]).classes.count == 3)
        #expect(try DatasetIndex(roots: [tree.path, sibling]).classes.count == 3)
    }
}
