extension ImageTransform {
    /// The image file at `path` exactly as episodes of a data set loaded with this transform see
    /// it: decoded, resized, scaled to [0, 1], inverted when asked, rounded as `storage` holds it
    /// and normalized; `floatsPerImage` planar floats. Rotations are not applied (they make
    /// classes; see `ImageClass.rotated(by:)`).
    /// Throws `ImageError` naming the file when it cannot be read or decoded.
    public func image(atPath path: String) throws(ImageError) -> [Float] {
        var pixels = [Float](repeating: 0, count: floatsPerImage)
        try pixels.withUnsafeMutableBufferPointer { (output) throws(ImageError) in
            var scratch: [Float] = []
            try ImageDecoder.decode(
                path, transform: self, resamplers: ResamplerCache(self), into: output, scratch: &scratch)
            if storage == .uint8 { for k in output.indices { output[k] = UInt8(unitValue: output[k]).unitValue } }
            normalization?.apply(to: output.baseAddress!, plane: imageSize * imageSize)
        }
        return pixels
    }
}
