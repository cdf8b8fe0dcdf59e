/// Immutable decoded images shared by every class view over them (rotations included), so
/// expanding classes never copies pixels. Samples are held as `SampleStorage` says and become
/// floats in [0, 1] only when copied out (`copyImage`).
final class ImageStorage: Sendable {
    /// `imageCount * floatsPerImage` samples, image after image, each planar CHW.
    enum Samples: Sendable {
        case float32([Float])
        case uint8([UInt8])
    }

    let samples: Samples
    let channels: Int
    let size: Int

    init(samples: Samples, channels: Int, size: Int) {
        self.samples = samples
        self.channels = channels
        self.size = size
    }

    var floatsPerImage: Int { channels * size * size }

    /// Bytes the samples take.
    var bytes: Int {
        switch samples {
        case .float32(let values): values.count * MemoryLayout<Float>.size
        case .uint8(let values): values.count
        }
    }

    /// Writes image `index` as floats in [0, 1] to `destination`, each plane rotated
    /// counter-clockwise by `rotation` degrees (0, 90, 180 or 270).
    func copyImage(_ index: Int, rotation: Int, to destination: UnsafeMutablePointer<Float>) {
        switch samples {
        case .float32(let values): copy(values, index, rotation, destination)
        case .uint8(let values): copy(values, index, rotation, destination)
        }
    }

    private func copy<Sample: StoredSample>(
        _ all: [Sample], _ index: Int, _ rotation: Int,
        _ destination: UnsafeMutablePointer<Float>
    ) {
        let n = size
        let plane = n * n
        all.withUnsafeBufferPointer { all in
            let source = all.baseAddress! + index * floatsPerImage
            for c in 0..<channels {
                let input = source + c * plane
                let output = destination + c * plane
                switch rotation {
                case 0:
                    for k in 0..<plane { output[k] = input[k].unitValue }
                case 90:  // counter-clockwise: out(y, x) = in(x, n-1-y)
                    for y in 0..<n { for x in 0..<n { output[y * n + x] = input[x * n + (n - 1 - y)].unitValue } }
                case 180:
                    for k in 0..<plane { output[k] = input[plane - 1 - k].unitValue }
                default:  // 270: out(y, x) = in(n-1-x, y)
                    for y in 0..<n { for x in 0..<n { output[y * n + x] = input[(n - 1 - x) * n + y].unitValue } }
                }
            }
        }
    }
}
