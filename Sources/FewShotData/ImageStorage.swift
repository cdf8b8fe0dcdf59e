/// Immutable decoded images shared by every class view over them (rotations included), so
/// expanding classes never copies pixels.
final class ImageStorage: Sendable {
    /// `imageCount * floatsPerImage` floats, image after image, each planar CHW.
    let pixels: [Float]
    let channels: Int
    let size: Int

    init(pixels: [Float], channels: Int, size: Int) {
        self.pixels = pixels
        self.channels = channels
        self.size = size
    }

    var floatsPerImage: Int { channels * size * size }
}
