import Dispatch
import Foundation

/// Decodes and resizes files in parallel; results land by file index, so the output never
/// depends on the thread count or scheduling.
enum ImageDecoder {
    /// Decodes `files` to `transform` on all cores. Returns the images of the files that decoded
    /// (in file order, failed ones left out) and the failures by file index.
    static func decode(_ files: [DatasetIndex.File], transform: ImageTransform) -> (pixels: [Float], failures: [Int: ImageError]) {
        let floats = transform.floatsPerImage
        let count = files.count
        let resamplers = ResamplerCache(size: transform.imageSize, filter: transform.filter)
        var errors = [ImageError?](repeating: nil, count: count)
        var pixels = [Float](repeating: 0, count: count * floats)
        pixels.withUnsafeMutableBufferPointer { output in
            errors.withUnsafeMutableBufferPointer { errorSlots in
                nonisolated(unsafe) let output = output
                nonisolated(unsafe) let errorSlots = errorSlots
                // Chunks of several files keep dispatch overhead small while balancing load.
                let chunk = 16
                let chunks = (count + chunk - 1) / chunk
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                        do throws(ImageError) {
                            try decode(files[i].path, transform: transform, resamplers: resamplers,
                                       into: UnsafeMutableBufferPointer(rebasing: output[(i * floats)..<((i + 1) * floats)]))
                        } catch {
                            errorSlots[i] = error
                        }
                    }
                }
            }
        }
        var failures: [Int: ImageError] = [:]
        for (i, error) in errors.enumerated() { if let error { failures[i] = error } }
        if !failures.isEmpty { pixels = compact(pixels, floatsPerImage: floats, dropping: failures) }
        return (pixels, failures)
    }

    /// Decodes the file at `path` to `transform` into `output` (`transform.floatsPerImage` floats).
    static func decode(_ path: String, transform: ImageTransform, resamplers: ResamplerCache,
                       into output: UnsafeMutableBufferPointer<Float>) throws(ImageError) {
        let image = try ImageFile.read(atPath: path, as: transform.format).image
        resamplers.resampler(width: image.width, height: image.height).resample(image, invert: transform.invert, into: output)
    }

    /// `pixels` without the images at the failed indices.
    static func compact(_ pixels: [Float], floatsPerImage: Int, dropping failures: [Int: ImageError]) -> [Float] {
        var kept: [Float] = []
        kept.reserveCapacity(pixels.count - failures.count * floatsPerImage)
        for i in 0..<(pixels.count / floatsPerImage) where failures[i] == nil {
            kept += pixels[(i * floatsPerImage)..<((i + 1) * floatsPerImage)]
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

    init(size: Int, filter: ResizeFilter) {
        self.size = size
        self.filter = filter
    }

    func resampler(width: Int, height: Int) -> ImageResampler {
        let key = width << 32 | height
        lock.lock()
        if let found = resamplers[key] { lock.unlock(); return found }
        lock.unlock()
        let made = ImageResampler(sourceWidth: width, sourceHeight: height, size: size, filter: filter)
        lock.lock(); resamplers[key] = made; lock.unlock()
        return made
    }
}
