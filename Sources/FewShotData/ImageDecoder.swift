import Dispatch
import Foundation

/// Decodes and resizes files in parallel; results land by file index, so the output never
/// depends on the thread count or scheduling.
enum ImageDecoder {
    /// Decodes `files` to `transform` on all cores, as `Sample`s (`transform.storage`'s type).
    /// Returns the images of the files that decoded (in file order, failed ones left out) and the
    /// failures by file index.
    static func decode<Sample: StoredSample>(
        _ files: [DatasetIndex.File], transform: ImageTransform,
        as _: Sample.Type
    ) -> (samples: [Sample], failures: [Int: ImageError]) {
        let floats = transform.floatsPerImage
        let count = files.count
        let resamplers = ResamplerCache(transform)
        var errors = [ImageError?](repeating: nil, count: count)
        // Left uninitialised: every slot is written by its file's decode, or dropped with it, and
        // the pages are first touched by the cores that fill them.
        var samples = [Sample](unsafeUninitializedCapacity: count * floats) { output, initialized in
            errors.withUnsafeMutableBufferPointer { errorSlots in
                nonisolated(unsafe) let output = output
                nonisolated(unsafe) let errorSlots = errorSlots
                inChunks(of: count) { chunk in
                    var scratch: [Float] = []
                    for i in chunk {
                        do throws(ImageError) {
                            try decode(
                                files[i].path, transform: transform, resamplers: resamplers,
                                into: UnsafeMutableBufferPointer(rebasing: output[(i * floats)..<((i + 1) * floats)]),
                                scratch: &scratch)
                        } catch {
                            errorSlots[i] = error
                        }
                    }
                }
            }
            initialized = count * floats
        }
        var failures: [Int: ImageError] = [:]
        for (i, error) in errors.enumerated() { if let error { failures[i] = error } }
        if !failures.isEmpty { samples = compact(samples, floatsPerImage: floats, dropping: failures) }
        return (samples, failures)
    }

    /// Runs `body` on all cores over `0 ..< count` in chunks of 16 (several files a chunk keep
    /// dispatch overhead small while balancing load), one call per chunk.
    static func inChunks(of count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunk = 16
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
            body((c * chunk)..<min(count, (c + 1) * chunk))
        }
    }

    /// Decodes the file at `path` to `transform` into `output` (`transform.floatsPerImage`
    /// samples of values in [0, 1], as `Sample` holds them), resizing in `scratch` (grown as
    /// needed, kept for the next file). The decoder is told the image's target side, so a JPEG
    /// decodes straight to a reduced size no smaller than it (DCT scaling).
    static func decode<Sample: StoredSample>(
        _ path: String, transform: ImageTransform, resamplers: ResamplerCache,
        into output: UnsafeMutableBufferPointer<Sample>, scratch: inout [Float]
    ) throws(ImageError) {
        let image = try ImageFile.read(atPath: path, as: transform.format, minimumSide: transform.imageSize).image
        Sample.resample(
            image, with: resamplers.resampler(width: image.width, height: image.height), invert: transform.invert,
            into: output, scratch: &scratch)
    }

    /// `samples` without the images at the failed indices.
    static func compact<Sample>(_ samples: [Sample], floatsPerImage: Int, dropping failures: [Int: ImageError])
        -> [Sample]
    {
        var kept: [Sample] = []
        kept.reserveCapacity(samples.count - failures.count * floatsPerImage)
        for i in 0..<(samples.count / floatsPerImage) where failures[i] == nil {
            kept += samples[(i * floatsPerImage)..<((i + 1) * floatsPerImage)]
        }
        return kept
    }
}

/// Resamplers by source size, built once and shared between threads.
final class ResamplerCache: @unchecked Sendable {
    private let lock = NSLock()
    private var resamplers: [Int: ImageResampler] = [:]
    private let size: Int
    private let filter: ResizeFilter
    private let resize: ResizeMode

    /// Resamplers to `transform`'s size, filter and resize mode.
    init(_ transform: ImageTransform) {
        size = transform.imageSize
        filter = transform.filter
        resize = transform.resize
    }

    func resampler(width: Int, height: Int) -> ImageResampler {
        let key = width << 32 | height
        lock.lock()
        if let found = resamplers[key] {
            lock.unlock()
            return found
        }
        lock.unlock()
        let made = ImageResampler(sourceWidth: width, sourceHeight: height, size: size, filter: filter, resize: resize)
        lock.lock()
        resamplers[key] = made
        lock.unlock()
        return made
    }
}
