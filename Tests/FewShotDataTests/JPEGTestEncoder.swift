import CLibJPEG
import FewShotData

/// JPEGs for tests, made by libjpeg's compressor through the shim, so no test needs files.
enum JPEGTestEncoder {
    /// Interleaved samples of 1 (gray), 3 (RGB) or 4 (CMYK) components, `width * height * components` of them.
    struct Samples {
        let width: Int, height: Int, components: Int
        let values: [UInt8]

        /// Samples whose component `c` at (x, y) is `value(x, y, c)`.
        init(width: Int, height: Int, components: Int, _ value: (Int, Int, Int) -> Int) {
            self.width = width
            self.height = height
            self.components = components
            var values: [UInt8] = []
            for y in 0..<height { for x in 0..<width { for c in 0..<components { values.append(UInt8(value(x, y, c))) } } }
            self.values = values
        }
    }

    /// `samples` as a baseline (or, with `progressive`, progressive) JPEG of `quality`.
    static func jpeg(_ samples: Samples, quality: Int = 95, progressive: Bool = false) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(CLIBJPEG_MESSAGE_CAPACITY))
        let status = samples.values.withUnsafeBufferPointer { buffer in
            cljpeg_encode(buffer.baseAddress, UInt32(samples.width), UInt32(samples.height), Int32(samples.components),
                          Int32(quality), progressive ? 1 : 0, &output, &size, &message, message.count)
        }
        precondition(status == 0, "test JPEG encoding failed: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        defer { cljpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// `image` (gray or RGB) as a baseline or progressive JPEG.
    static func jpeg(_ image: RasterImage, quality: Int = 95, progressive: Bool = false) -> [UInt8] {
        let channels = image.format.channels
        return jpeg(Samples(width: image.width, height: image.height, components: channels) { x, y, c in
            Int(image.pixels[(y * image.width + x) * channels + c])
        }, quality: quality, progressive: progressive)
    }
}
