extension ImageTransform {
    /// The image file at `path` exactly as a data set loaded with this transform holds it:
    /// decoded, resized, scaled to [0, 1] and inverted when asked; `floatsPerImage` planar floats.
    /// Rotations are not applied (they make classes; see `ImageClass.rotated(by:)`).
    /// Throws `ImageError` naming the file when it cannot be read or decoded.
    public func image(atPath path: String) throws(ImageError) -> [Float] {
        var pixels = [Float](repeating: 0, count: floatsPerImage)
        try pixels.withUnsafeMutableBufferPointer { (output) throws(ImageError) in
            try ImageDecoder.decode(path, transform: self, resamplers: ResamplerCache(size: imageSize, filter: filter), into: output)
        }
        return pixels
    }
}
