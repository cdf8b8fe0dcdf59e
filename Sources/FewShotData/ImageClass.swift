/// The images of one class as episodes see them: `imageCount` square images of
/// `channels x size x size` floats in [0, 1], optionally rotated by `rotation` degrees
/// counter-clockwise, then standardised by `normalization` when it is set. Classes made by
/// rotating the same folder share pixel storage.
public struct ImageClass: Sendable {
    /// The source class's name, e.g. `Greek/character01`.
    public let baseName: String
    /// Index of the source class in the `DatasetIndex` (or the caller's own numbering).
    public let sourceClass: Int
    /// Degrees counter-clockwise: 0, 90, 180 or 270.
    public let rotation: Int
    public let imageCount: Int
    /// Applied to every image copied out of the class (after augmentation in episodes); nil: none.
    public let normalization: ChannelNormalization?
    let storage: ImageStorage
    let firstImage: Int

    /// A class from the caller's own images: `images` holds `imageCount` planar images of
    /// `channels * size * size` floats each. `rotation` must be 0, 90, 180 or 270.
    public init(name: String, images: [Float], channels: Int, size: Int, rotation: Int = 0, sourceClass: Int = 0) {
        precondition(
            channels > 0 && size > 0 && !images.isEmpty && images.count % (channels * size * size) == 0,
            "images must hold whole \(channels)x\(size)x\(size) images")
        precondition([0, 90, 180, 270].contains(rotation), "rotation must be 0, 90, 180 or 270")
        self.init(
            name: name, sourceClass: sourceClass, rotation: rotation,
            storage: ImageStorage(samples: .float32(images), channels: channels, size: size),
            firstImage: 0, imageCount: images.count / (channels * size * size), normalization: nil)
    }

    init(
        name: String, sourceClass: Int, rotation: Int, storage: ImageStorage, firstImage: Int, imageCount: Int,
        normalization: ChannelNormalization?
    ) {
        self.baseName = name
        self.sourceClass = sourceClass
        self.rotation = rotation
        self.storage = storage
        self.firstImage = firstImage
        self.imageCount = imageCount
        self.normalization = normalization
    }

    /// A readable name: `baseName`, with ` @90` etc. for rotated classes.
    public var name: String { rotation == 0 ? baseName : "\(baseName) @\(rotation)" }

    public var channels: Int { storage.channels }
    /// Width and height in pixels.
    public var size: Int { storage.size }

    /// The same images rotated by a further `degrees` (a multiple of 90), as a new class.
    public func rotated(by degrees: Int) -> ImageClass {
        precondition(degrees % 90 == 0, "rotations are multiples of 90 degrees")
        let total = ((rotation + degrees) % 360 + 360) % 360
        return ImageClass(
            name: baseName, sourceClass: sourceClass, rotation: total,
            storage: storage, firstImage: firstImage, imageCount: imageCount, normalization: normalization)
    }

    /// Image `i` (in `0..<imageCount`) as planar floats, rotation and normalization applied.
    public func image(_ i: Int) -> [Float] {
        precondition((0..<imageCount).contains(i), "image \(i) out of range 0..<\(imageCount)")
        return [Float](unsafeUninitializedCapacity: storage.floatsPerImage) { buffer, count in
            copyImage(i, to: buffer.baseAddress!)
            normalize(buffer.baseAddress!)
            count = storage.floatsPerImage
        }
    }

    /// Writes image `i`, rotated, as floats in [0, 1] to `destination` (`channels * size * size`
    /// floats); `normalize` is the step after it (episodes augment in between).
    func copyImage(_ i: Int, to destination: UnsafeMutablePointer<Float>) {
        storage.copyImage(firstImage + i, rotation: rotation, to: destination)
    }

    /// Applies `normalization`, if any, to one image of the class's shape in place.
    func normalize(_ image: UnsafeMutablePointer<Float>) {
        normalization?.apply(to: image, plane: size * size)
    }
}
