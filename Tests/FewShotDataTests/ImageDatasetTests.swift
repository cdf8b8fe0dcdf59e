import FewShotData
import Foundation
import Testing

@Suite struct ImageDatasetTests {
    let transform = ImageTransform(imageSize: 8, format: .gray, invert: false, filter: .area, rotations: [0])

    @Test func loadsValuesInIndexOrderAndInverts() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 2), ("y", 3)])])
        let dataset = try ImageDataset.load(roots: [tree.path], transform: transform, options: .uncached)
        #expect(dataset.imageCounts == [2, 3])
        let classes = dataset.allClasses
        #expect(classes.map(\.name) == ["A/x", "A/y"])
        #expect(classes[1].image(2).allSatisfy { abs($0 - Float(4) / 255) < 1e-6 })
        var inverted = transform
        inverted.invert = true
        let flipped = try ImageDataset.load(roots: [tree.path], transform: inverted, options: .uncached)
        #expect(flipped.allClasses[1].image(2).allSatisfy { abs($0 - (1 - Float(4) / 255)) < 1e-6 })
    }

    @Test(arguments: ResizeFilter.allCases)
    func resizeIsAntialiasedAndInRange(filter: ResizeFilter) throws {
        // A 1-pixel checkerboard shrunk 4x must come out mid-gray, not black or white.
        let checker = RasterImage(width: 16, height: 16, format: .gray,
                               pixels: (0..<256).map { ($0 % 16 + $0 / 16) % 2 == 0 ? 0 : 255 })
        let tree = TemporaryDirectory("resize")
        tree.write("c/1.png", try PNGFormat.encode(checker))
        let dataset = try ImageDataset.load(roots: [tree.path],
                                            transform: ImageTransform(imageSize: 4, filter: filter), options: .uncached)
        let pixels = dataset.allClasses[0].image(0)
        #expect(pixels.count == 16)
        #expect(pixels.allSatisfy { abs($0 - 0.5) < 0.1 })
        // Enlarging keeps values in [0, 1] and an RGB request gives 3 planes.
        let rgb = try ImageDataset.load(roots: [tree.path],
                                        transform: ImageTransform(imageSize: 21, format: .rgb, filter: filter), options: .uncached)
        let big = rgb.allClasses[0].image(0)
        #expect(big.count == 3 * 21 * 21 && big.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func rotationsAreNewClassesSharingImages() throws {
        let image = RasterImage(width: 2, height: 2, format: .gray, pixels: [0, 85, 170, 255])  // a b / c d
        let tree = TemporaryDirectory("rotate")
        tree.write("c/1.png", try PNGFormat.encode(image))
        var rotating = transform
        rotating.imageSize = 2
        rotating.rotations = [0, 90, 180, 270]
        let classes = try ImageDataset.load(roots: [tree.path], transform: rotating, options: .uncached).allClasses
        #expect(classes.map(\.name) == ["c", "c @90", "c @180", "c @270"])
        let a: Float = 0, b: Float = 85 / 255, c: Float = 170 / 255, d: Float = 1
        #expect(classes[1].image(0) == [b, d, a, c])   // counter-clockwise
        #expect(classes[2].image(0) == [d, c, b, a])
        #expect(classes[3].image(0) == [c, a, d, b])
        #expect(throws: DatasetError.self) {
            try ImageDataset.load(roots: [tree.path], transform: ImageTransform(rotations: [45]), options: .uncached)
        }
    }

    @Test func badImagesFailWithTheirNameOrAreSkippedAndCounted() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 3)])])
        tree.write("A/x/03.png", [])
        tree.write("A/x/04.png", Array("GIF89a not a png".utf8))
        do {
            _ = try ImageDataset.load(roots: [tree.path], transform: transform, options: .uncached)
            Issue.record("a zero-byte PNG loaded")
        } catch {
            #expect(error == .unreadableImage(.empty(path: tree.path + "/A/x/03.png")))
        }
        let skipped = try ImageDataset.load(roots: [tree.path], transform: transform,
                                            options: LoadOptions(cache: nil, skipUnreadable: true))
        #expect(skipped.imageCounts == [3])
        #expect(skipped.skippedFiles == [.empty(path: tree.path + "/A/x/03.png"), .unknownFormat(path: tree.path + "/A/x/04.png")])
    }

    @Test func imagesNameTheirFilesAndDecodeAloneToTheSameValues() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 3), ("y", 4)])])
        tree.write("A/y/01.png", [])
        var rotating = transform
        rotating.rotations = [0, 90]
        rotating.invert = true
        let dataset = try ImageDataset.load(roots: [tree.path], transform: rotating, options: LoadOptions(cache: nil, skipUnreadable: true))
        let files = dataset.imageFiles(ofClass: 1).map(\.path)
        #expect(files == ["00", "02", "03"].map { tree.path + "/A/y/\($0).png" })
        let classes = dataset.classes([1])
        for (i, path) in files.enumerated() {
            let alone = try rotating.image(atPath: path)
            #expect(classes[0].image(i) == alone)
            let rotated = ImageClass(name: "y", images: alone, channels: 1, size: 8, rotation: 90)
            #expect(classes[1].image(i) == rotated.image(0))
        }
        #expect(throws: ImageError.empty(path: tree.path + "/A/y/01.png")) { try rotating.image(atPath: tree.path + "/A/y/01.png") }
    }

    /// Every kind of decode failure comes back from the cache as it was found, format and reason included.
    @Test func skippedFilesSurviveTheCache() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 3)])])
        tree.write("A/x/03.png", [])
        tree.write("A/x/04.png", Array("GIF89a not a png".utf8))
        let png = TemporaryDirectory.flatPNG(7)
        tree.write("A/x/05.png", Array(png.prefix(png.count / 2)))
        tree.write("A/x/06.png", RawPNGWriter.png(width: 20000, height: 1, colorType: 0, bitDepth: 1) { x, _, _ in x & 1 })
        let cacheDirectory = TemporaryDirectory("cache")
        let options = LoadOptions(cache: ImageCache(directory: cacheDirectory.path), skipUnreadable: true)
        let first = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        guard case .rebuilt(let path, _) = first.cacheStatus else { Issue.record("\(first.cacheStatus)"); return }
        #expect(first.skippedFiles.count == 4)
        guard case .corrupt(_, "PNG", let reason) = first.skippedFiles[2], !reason.isEmpty else {
            Issue.record("\(first.skippedFiles)"); return
        }
        #expect(first.skippedFiles[3] == .tooLarge(path: tree.path + "/A/x/06.png", format: "PNG",
                                                   reason: "20000×1 pixels, above the limit of 16384×16384"))
        let second = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        #expect(second.cacheStatus == .hit(path: path))
        #expect(second.skippedFiles == first.skippedFiles)
        #expect(second.imageCounts == [3])
    }

    /// Images rewritten with the same size and their modification time set back are not served
    /// from the cache: the change time, which no user can set back, keys it too.
    @Test func aFileRewrittenWithItsOldSizeAndTimeIsNotServedFromTheCache() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 2), ("y", 2)])])
        let cacheDirectory = TemporaryDirectory("cache")
        let options = LoadOptions(cache: ImageCache(directory: cacheDirectory.path))
        _ = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        let file = tree.path + "/A/y/01.png"
        var before = stat(), after = stat()
        try #require(stat(file, &before) == 0)
        let replacement = TemporaryDirectory.flatPNG(200)
        try #require(replacement.count == Int(before.st_size), "the replacement must keep the file's size")
        Thread.sleep(forTimeInterval: 0.01)   // a change time distinct from the first write's
        tree.write("A/y/01.png", replacement)
        var times = [before.st_atim, before.st_mtim]   // the old modification time, to the nanosecond
        try #require(utimensat(AT_FDCWD, file, &times, 0) == 0)
        try #require(stat(file, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_mtim.tv_sec == before.st_mtim.tv_sec
                && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        let second = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        guard case .rebuilt = second.cacheStatus else { Issue.record("served stale: \(second.cacheStatus)"); return }
        #expect(second.allClasses[1].image(1).allSatisfy { abs($0 - Float(200) / 255) < 1e-6 })
    }

    @Test func cacheHitsRebuildsWhenStaleAndRejectsCorruption() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 2), ("y", 2)])])
        let cacheDirectory = TemporaryDirectory("cache")
        let options = LoadOptions(cache: ImageCache(directory: cacheDirectory.path + "/nested"))
        let first = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        guard case .rebuilt(let path, _) = first.cacheStatus else { Issue.record("\(first.cacheStatus)"); return }
        let second = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        #expect(second.cacheStatus == .hit(path: path))
        #expect(second.allClasses[1].image(1) == first.allClasses[1].image(1))

        // Corrupt one pixel byte in the middle: detected, rebuilt, same values.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 20] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let third = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        guard case .rebuilt(_, let reason) = third.cacheStatus else { Issue.record("\(third.cacheStatus)"); return }
        #expect(reason.contains("checksum"))
        #expect(third.allClasses[1].image(1) == first.allClasses[1].image(1))

        // Truncated: rebuilt.
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        let fourth = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        guard case .rebuilt = fourth.cacheStatus else { Issue.record("\(fourth.cacheStatus)"); return }

        // A changed file changes the key: a different cache file, new pixels.
        tree.write("A/y/01.png", TemporaryDirectory.flatPNG(200, size: 8) + [])
        let fifth = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        guard case .rebuilt = fifth.cacheStatus else { Issue.record("\(fifth.cacheStatus)"); return }
        #expect(fifth.allClasses[1].image(1).allSatisfy { abs($0 - Float(200) / 255) < 1e-6 }, "\(fifth.allClasses[1].image(1)) \(fifth.cacheStatus)")

        // Other transform settings never read this cache.
        var other = transform
        other.invert = true
        let sixth = try ImageDataset.load(roots: [tree.path], transform: other, options: options)
        guard case .rebuilt = sixth.cacheStatus else { Issue.record("\(sixth.cacheStatus)"); return }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path + "/nested")
        #expect(!leftovers.contains { $0.contains(".tmp-") })
    }

    @Test func defaultCacheDirectoryFollowsXDG() {
        #expect(ImageCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/x/metalearn")
        #expect(ImageCache.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.cache/metalearn")
    }
}
