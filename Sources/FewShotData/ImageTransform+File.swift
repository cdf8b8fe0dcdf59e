extension ImageTransform {
    /// The image file at `path` exactly as episodes of a data set loaded with this transform see
    /// it: decoded, resized, scaled to [0, 1], inverted when asked, rounded as `storage` holds it
    /// and normalized; `floatsPerImage` planar floats. Rotations are not applied (they make
    /// classes; see `ImageClass.rotated(by:)`).
    /// Throws `ImageError` naming the file when it cannot be read or decoded.
    public func image(atPath path: String) throws(ImageError) -> [Float] {
        var pixels =
            switch storage {
            case .float32: try samples(atPath: path, as: Float.self)
            case .uint8: try samples(atPath: path, as: UInt8.self)
            }
        pixels.withUnsafeMutableBufferPointer {
            normalization?.apply(to: $0.baseAddress!, plane: imageSize * imageSize)
        }
        return pixels
    }

    /// The file at `path` decoded and resized as `Sample`s, read back as values in [0, 1].
    private func samples<Sample: StoredSample>(atPath path: String, as _: Sample.Type) throws(ImageError) -> [Float] {
        let stored = UnsafeMutableBufferPointer<Sample>.allocate(capacity: floatsPerImage)
        defer { stored.deallocate() }
        var scratch: [Float] = []
        try ImageDecoder.decode(
            path, transform: self, resamplers: ResamplerCache(self), into: stored, scratch: &scratch)
        return stored.map(\.unitValue)
    }
}
