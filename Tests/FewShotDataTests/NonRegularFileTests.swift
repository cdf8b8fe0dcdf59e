import FewShotData
import Foundation
import Testing
import TestSupport

/// Only regular files are opened: a FIFO where an image or the cache file should be is reported
/// like any unreadable file and never waited on.
@Suite struct NonRegularFileTests {
    let transform = ImageTransform(imageSize: 8, format: .gray, invert: false, filter: .area, rotations: [0])

    /// `dataset info` lists the FIFO among the unreadable files; a strict load fails on it and a
    /// skipping load leaves it out, counted.
    @Test func aFIFONamedLikeAnImageIsReportedNotWaitedOn() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 2), ("y", 2)])])
        let fifo = tree.path + "/A/x/02.png"
        try #require(mkfifo(fifo, 0o644) == 0)
        let transform = transform
        let outcome = try #require(finishing {
            (info: Result { () throws(DatasetError) in try DatasetInfo.scan(root: tree.path) },
             strict: Result { () throws(DatasetError) in
                 try ImageDataset.load(roots: [tree.path], transform: transform, options: .uncached)
             },
             skipping: Result { () throws(DatasetError) in
                 try ImageDataset.load(roots: [tree.path], transform: transform, options: LoadOptions(cache: nil, skipUnreadable: true))
             })
        }, "a FIFO in the data tree blocked")
        let unreadable = ImageError.unreadable(path: fifo, reason: "not a regular file (a FIFO)")
        let info = try outcome.info.get()
        #expect(info.imageCount == 5 && info.unreadableFiles == [unreadable])
        #expect(info.description.hasSuffix("unreadable files: 1\n  \(fifo): cannot read file: not a regular file (a FIFO)"))
        #expect(throws: DatasetError.unreadableImage(unreadable)) { try outcome.strict.get() }
        let skipping = try outcome.skipping.get()
        #expect(skipping.imageCounts == [2, 2] && skipping.skippedFiles == [unreadable])
    }

    /// A FIFO at the cache file's path is the named reason for decoding again; it is not the tool's
    /// to replace, so it stays, and the load says the cache could not be written.
    @Test func aFIFOAtTheCachePathIsLeftNotWaitedOn() throws {
        let tree = TemporaryDirectory.omniglot([("A", [("x", 2), ("y", 2)])])
        let cacheDirectory = TemporaryDirectory("cache")
        let options = LoadOptions(cache: ImageCache(directory: cacheDirectory.path))
        let first = try ImageDataset.load(roots: [tree.path], transform: transform, options: options)
        guard case .rebuilt(let path, "absent") = first.cacheStatus else { Issue.record("\(first.cacheStatus)"); return }
        try FileManager.default.removeItem(atPath: path)
        try #require(mkfifo(path, 0o644) == 0)
        let transform = transform
        let second = try #require(finishing {
            Result { () throws(DatasetError) in try ImageDataset.load(roots: [tree.path], transform: transform, options: options) }
        }, "a FIFO at the cache path blocked")
        #expect(try second.get().cacheStatus == .writeFailed(path: path, reason: "a FIFO, not a regular file; refusing to replace it"))
        #expect(try second.get().allClasses[1].image(1) == first.allClasses[1].image(1))
        var status = stat()
        #expect(lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }
}
