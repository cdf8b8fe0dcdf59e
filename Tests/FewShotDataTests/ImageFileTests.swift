import FewShotData
import Foundation
import Testing

@Suite struct ImageFileTests {
    static let glyph = RasterImage(width: 6, height: 4, format: .gray, pixels: (0..<24).map { UInt8($0 * 10) })

    /// The list of formats is the one source of the extensions the index picks up.
    @Test func formatsAndExtensionsComeFromOneList() throws {
        #expect(ImageFile.formats.map { $0.name } == ["PNG", "JPEG"])
        #expect(ImageFile.fileExtensions == ["png", "jpg", "jpeg"])
        #expect(ImageFile.format(of: try PNGFormat.encode(Self.glyph))?.name == "PNG")
        #expect(ImageFile.format(of: Array("GIF89a".utf8)) == nil)
        #expect(ImageFile.format(of: []) == nil)
    }

    /// The first bytes choose the decoder, whatever the file is called.
    @Test func theSignatureNotTheNameChoosesTheFormat() throws {
        let tree = TemporaryDirectory("formats")
        let png = try PNGFormat.encode(Self.glyph)
        tree.write("glyph.png", png)
        tree.write("glyph.dat", png)
        #expect(try ImageFile.read(atPath: tree.path + "/glyph.png", as: .gray).image == Self.glyph)
        #expect(try ImageFile.read(atPath: tree.path + "/glyph.dat", as: .gray).image == Self.glyph)
        #expect(try ImageFile.read(atPath: tree.path + "/glyph.png", as: .gray).encoding == "gray 8-bit")

        let impostor = tree.path + "/impostor.png"
        tree.write("impostor.png", Array("GIF89a not a png".utf8))
        let unknown = #expect(throws: ImageError.unknownFormat(path: impostor)) {
            try ImageFile.read(atPath: impostor, as: .gray)
        }
        #expect(unknown?.description == "\(impostor): not an image in a known format (PNG, JPEG)")

        let zero = tree.path + "/zero.png"
        tree.write("zero.png", [])
        let empty = #expect(throws: ImageError.empty(path: zero)) { try ImageFile.read(atPath: zero, as: .gray) }
        #expect(empty?.description == "\(zero): file is empty (0 bytes), not an image")
    }

    /// Every failure names the file first; a corrupt file also names its format and keeps libpng's reason.
    @Test func failuresNameTheFile() throws {
        let good = try PNGFormat.encode(RasterImage(width: 20, height: 20, format: .gray, pixels: .init(repeating: 9, count: 400)))
        let half = Array(good.prefix(good.count / 2))
        let corrupt = #expect(throws: ImageError.self) { try ImageFile.decode(half, as: .gray, name: "c.png") }
        guard case .corrupt(let path, let format, let reason) = corrupt else { Issue.record("wrong error \(String(describing: corrupt))"); return }
        #expect(path == "c.png" && format == "PNG")
        var libpngReason = ""
        do { _ = try PNGFormat.decode(half, as: .gray) } catch { libpngReason = error.reason }
        #expect(!reason.isEmpty && reason == libpngReason)
        #expect(corrupt?.description == "c.png: corrupt PNG: \(reason)")

        #expect(throws: ImageError.empty(path: "a.png")) { try ImageFile.decode([], as: .gray, name: "a.png") }
        #expect(throws: ImageError.unknownFormat(path: "b.png")) {
            try ImageFile.decode(Array("hello, world".utf8), as: .gray, name: "b.png")
        }
        let missing = #expect(throws: ImageError.self) { try ImageFile.read(atPath: "/nonexistent/x.png", as: .gray) }
        #expect(missing?.description.hasPrefix("/nonexistent/x.png: cannot read file: ") == true)
        let folder = #expect(throws: ImageError.self) { try ImageFile.read(atPath: "/", as: .gray) }
        #expect(folder == .unreadable(path: "/", reason: "not a regular file (a directory)"))
    }

    /// A sparse file with a PNG signature that claims 100 GB (or one just past the largest image
    /// file) is refused from its size, before anything is allocated or read.
    @Test func aFileLargerThanAnyImageIsRefusedUnread() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let signature = try PNGFormat.encode(RasterImage(width: 2, height: 2, format: .gray, pixels: [0, 1, 2, 3]))
        for size in [100 << 30, ImageFile.largestFileBytes + 1] {
            try Data(signature).write(to: URL(fileURLWithPath: path))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: UInt64(size))
            try handle.close()
            let error = #expect(throws: ImageError.self) { try ImageFile.read(atPath: path, as: .gray) }
            #expect(error == .unreadable(path: path, reason: "it holds \(size) bytes, more than the \(ImageFile.largestFileBytes) such a file may have"))
        }
    }

    /// An image above the decoder's size limits is "too large", with its size, not "corrupt".
    @Test func aTooLargeImageIsNotCalledCorrupt() throws {
        let wide = RawPNGWriter.png(width: 1, height: 16385, colorType: 0, bitDepth: 1) { _, y, _ in y & 1 }
        let error = #expect(throws: ImageError.tooLarge(path: "tall.png", format: "PNG",
                                                        reason: "1×16385 pixels, above the limit of 16384×16384")) {
            try ImageFile.decode(wide, as: .gray, name: "tall.png")
        }
        #expect(error?.description == "tall.png: PNG image too large: 1×16385 pixels, above the limit of 16384×16384")
        #expect(error?.path == "tall.png")
    }

    /// A PNG that cannot be written says where and why, and leaves nothing behind.
    @Test func unwritableFilesNameThePathAndFormat() throws {
        let tree = TemporaryDirectory("unwritable")
        let target = tree.path + "/missing-folder/x.png"
        let failure = #expect(throws: ImageError.self) { try PNGFormat.write(Self.glyph, toFile: target) }
        guard case .unwritable(let path, let format, _) = failure else { Issue.record("wrong error \(String(describing: failure))"); return }
        #expect(path == target && format == "PNG")
        #expect(failure?.description.hasPrefix("\(target): cannot write PNG: ") == true)
    }
}
