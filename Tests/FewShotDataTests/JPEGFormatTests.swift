import FewShotData
import Foundation
import Testing

@Suite struct JPEGFormatTests {
    /// A smooth colour image: JPEG keeps it within a few levels.
    static let colour = JPEGTestEncoder.Samples(width: 40, height: 24, components: 3) { x, y, c in
        [x * 6, y * 10, 255 - x * 3 - y * 2][c]
    }
    static let gray = JPEGTestEncoder.Samples(width: 40, height: 24, components: 1) { x, y, _ in x * 3 + y * 5 }

    static func largestDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }

    @Test func baselineColourDecodesCloseToTheSource() throws {
        let decoded = try JPEGFormat.decode(JPEGTestEncoder.jpeg(Self.colour), as: .rgb)
        #expect(decoded.image.width == 40 && decoded.image.height == 24 && decoded.image.format == .rgb)
        #expect(decoded.encoding == "YCbCr baseline")
        #expect(Self.largestDifference(decoded.image.pixels, Self.colour.values) <= 12)  // chroma is subsampled 2x2
        // Gray is the luma (Rec. 601), as for PNG.
        let gray = try JPEGFormat.decode(JPEGTestEncoder.jpeg(Self.colour), as: .gray).image
        let luma = stride(from: 0, to: Self.colour.values.count, by: 3).map { i in
            let (r, g, b) = (Double(Self.colour.values[i]), Double(Self.colour.values[i + 1]), Double(Self.colour.values[i + 2]))
            return UInt8((0.299 * r + 0.587 * g + 0.114 * b).rounded())
        }
        #expect(Self.largestDifference(gray.pixels, luma) <= 6)
    }

    @Test func grayDecodesToGrayAndReplicatedRGB() throws {
        let bytes = JPEGTestEncoder.jpeg(Self.gray)
        let gray = try JPEGFormat.decode(bytes, as: .gray)
        #expect(gray.encoding == "gray baseline")
        #expect(Self.largestDifference(gray.image.pixels, Self.gray.values) <= 4)
        let rgb = try JPEGFormat.decode(bytes, as: .rgb).image
        #expect(rgb.pixels == gray.image.pixels.flatMap { [$0, $0, $0] })
    }

    /// Progressive files hold the same quantised coefficients as baseline ones of the same quality,
    /// only ordered differently: they decode to the very same pixels.
    @Test(arguments: [1, 3])
    func progressiveDecodesLikeBaseline(components: Int) throws {
        let samples = components == 1 ? Self.gray : Self.colour
        let format: PixelFormat = components == 1 ? .gray : .rgb
        let progressive = try JPEGFormat.decode(JPEGTestEncoder.jpeg(samples, progressive: true), as: format)
        #expect(progressive.encoding.hasSuffix("progressive"))
        #expect(progressive.image == (try JPEGFormat.decode(JPEGTestEncoder.jpeg(samples), as: format).image))
    }

    /// DCT scaling: the smallest n/8 of the size whose shorter side is still >= the minimum.
    @Test func minimumSideDecodesToTheSmallestScaleAtLeastThatSize() throws {
        let flat = JPEGTestEncoder.Samples(width: 64, height: 48, components: 3) { _, _, c in [200, 100, 50][c] }
        let bytes = JPEGTestEncoder.jpeg(flat)
        for (side, width, height) in [(1, 8, 6), (12, 16, 12), (13, 24, 18), (48, 64, 48), (100, 64, 48)] {
            let image = try JPEGFormat.decode(bytes, as: .rgb, minimumSide: side).image
            #expect((image.width, image.height) == (width, height), "minimum side \(side)")
            #expect(Self.largestDifference(image.pixels, [UInt8](repeating: 0, count: image.pixels.count).enumerated()
                .map { [200, 100, 50][$0.offset % 3] }) <= 2)
        }
        #expect(try JPEGFormat.decode(bytes, as: .rgb).image.width == 64)
    }

    @Test func cmykAndYCCKAreRefusedNamingTheFile() throws {
        let cmyk = JPEGTestEncoder.jpeg(JPEGTestEncoder.Samples(width: 8, height: 8, components: 4) { x, _, c in c * 40 + x })
        let error = #expect(throws: ImageError.self) { try ImageFile.decode(cmyk, as: .rgb, name: "photos/print.jpg") }
        guard case .unsupported(let path, let format, let reason)? = error else {
            Issue.record("expected .unsupported, got \(String(describing: error))")
            return
        }
        #expect(path == "photos/print.jpg" && format == "JPEG" && reason.contains("CMYK"))
        #expect(error!.description.hasPrefix("photos/print.jpg: unsupported JPEG: CMYK"))
    }

    @Test func truncatedCorruptAndEmptyFilesAreClearErrors() throws {
        let bytes = JPEGTestEncoder.jpeg(Self.colour)
        for cut in [3, 20, bytes.count / 2, bytes.count - 2] {
            #expect(throws: ImageError.self) { try ImageFile.decode(Array(bytes.prefix(cut)), as: .rgb, name: "cut.jpg") }
            do { _ = try ImageFile.decode(Array(bytes.prefix(cut)), as: .rgb, name: "cut.jpg") } catch {
                guard case .corrupt(let path, let format, _) = error else { Issue.record("cut at \(cut): \(error)"); continue }
                #expect(path == "cut.jpg" && format == "JPEG")
            }
        }
        #expect(throws: ImageError.empty(path: "zero.jpg")) { try ImageFile.decode([], as: .rgb, name: "zero.jpg") }
        let garbage: [UInt8] = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0x42, count: 100)
        #expect(throws: ImageError.self) { try ImageFile.decode(garbage, as: .gray, name: "junk.jpg") }
    }

    @Test func signatureNotNameSaysJPEG() throws {
        let bytes = JPEGTestEncoder.jpeg(Self.gray)
        #expect(ImageFile.format(of: bytes) == JPEGFormat.self)
        #expect(ImageFile.format(of: try PNGFormat.encode(RasterImage(width: 1, height: 1, format: .gray, pixels: [0]))) == PNGFormat.self)
        #expect(ImageFile.fileExtensions.isSuperset(of: ["png", "jpg", "jpeg"]))
    }

    /// PNG and JPEG files side by side in one tree load as one data set, whatever the names say.
    @Test func pngAndJPEGSideBySide() throws {
        let tree = TemporaryDirectory("mixed")
        let level: (UInt8) -> RasterImage = { RasterImage(width: 16, height: 16, format: .gray, pixels: .init(repeating: $0, count: 256)) }
        tree.write("a/1.png", try PNGFormat.encode(level(40)))
        tree.write("a/2.jpg", JPEGTestEncoder.jpeg(level(80)))
        tree.write("b/1.JPEG", JPEGTestEncoder.jpeg(level(120)))
        tree.write("b/2.png", try PNGFormat.encode(level(160)))
        let dataset = try ImageDataset.load(roots: [tree.path], transform: ImageTransform(imageSize: 4), options: .uncached)
        #expect(dataset.imageCounts == [2, 2])
        let means = dataset.allClasses.flatMap { c in (0..<2).map { c.image($0).reduce(0, +) / 16 * 255 } }
        for (mean, expected) in zip(means, [40, 80, 120, 160] as [Float]) { #expect(abs(mean - expected) < 1.5) }
    }
}
