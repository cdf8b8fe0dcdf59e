import FewShotData
import Testing

@Suite struct PNGFormatTests {
    @Test func encodeDecodeRoundTripGrayAndRGB() throws {
        let gray = RasterImage(width: 7, height: 5, format: .gray, pixels: (0..<35).map { UInt8($0 * 7) })
        #expect(try PNGFormat.decode(PNGFormat.encode(gray), as: .gray).image == gray)
        let rgb = RasterImage(width: 3, height: 4, format: .rgb, pixels: (0..<36).map { UInt8($0 * 5) })
        #expect(try PNGFormat.decode(PNGFormat.encode(rgb), as: .rgb).image == rgb)
        // Gray replicated to RGB, and RGB of equal channels back to the same gray.
        let asRGB = try PNGFormat.decode(PNGFormat.encode(gray), as: .rgb).image
        #expect(asRGB.pixels == gray.pixels.flatMap { [$0, $0, $0] })
        #expect(try PNGFormat.decode(PNGFormat.encode(asRGB), as: .gray).image == gray)
    }

    @Test(arguments: [1, 2, 4, 8, 16], [false, true])
    func grayAnyBitDepth(bitDepth: Int, interlaced: Bool) throws {
        let maximum = (1 << bitDepth) - 1
        let bytes = RawPNGWriter.png(width: 11, height: 9, colorType: 0, bitDepth: bitDepth, interlaced: interlaced) { x, y, _ in
            (x * 3 + y * 5) % (maximum + 1)
        }
        let image = try PNGFormat.decode(bytes, as: .gray).image
        #expect(image.width == 11 && image.height == 9)
        for y in 0..<9 {
            for x in 0..<11 {
                let value = (x * 3 + y * 5) % (maximum + 1)
                let expected = (value * 255 + maximum / 2) / maximum  // libpng scales exactly
                #expect(abs(Int(image.pixels[y * 11 + x]) - expected) <= 1)
            }
        }
        let info = try PNGFormat.info(of: bytes)
        #expect(info.bitDepth == bitDepth && info.colorType == .gray && info.interlaced == interlaced)
        #expect(try PNGFormat.decode(bytes, as: .gray).encoding == "gray \(bitDepth)-bit" + (interlaced ? " interlaced" : ""))
    }

    @Test func paletteWithTransparencyOverWhite() throws {
        let palette: [(UInt8, UInt8, UInt8)] = [(0, 0, 0), (255, 0, 0), (10, 20, 30)]
        let bytes = RawPNGWriter.png(width: 4, height: 2, colorType: 3, bitDepth: 2,
                                     palette: palette, transparency: [255, 255, 0]) { x, _, _ in x % 3 }
        let image = try PNGFormat.decode(bytes, as: .rgb).image
        #expect(Array(image.pixels[0..<12]) == [0, 0, 0, 255, 0, 0, 255, 255, 255, 0, 0, 0])
    }

    @Test func grayAlpha16AndRGBAInterlaced() throws {
        let grayAlpha = RawPNGWriter.png(width: 5, height: 5, colorType: 4, bitDepth: 16) { x, _, c in
            c == 0 ? 0 : (x == 0 ? 0 : 65535)  // black, transparent in column 0
        }
        let gray = try PNGFormat.decode(grayAlpha, as: .gray).image
        #expect(gray.pixels[0] == 255 && gray.pixels[1] == 0)
        let rgba = RawPNGWriter.png(width: 9, height: 10, colorType: 6, bitDepth: 8, interlaced: true) { x, y, c in
            c == 3 ? 255 : (c == 0 ? x * 20 : y * 20)
        }
        let image = try PNGFormat.decode(rgba, as: .rgb).image
        #expect(image.pixels[(3 * 9 + 4) * 3 + 0] == 80 && image.pixels[(3 * 9 + 4) * 3 + 1] == 60)
        let rgb16 = RawPNGWriter.png(width: 3, height: 3, colorType: 2, bitDepth: 16) { _, _, c in c * 30000 }
        let decoded = try PNGFormat.decode(rgb16, as: .rgb).image
        #expect(Array(decoded.pixels[0..<3]) == [0, 117, 233])
    }

    /// The signature, not the name, says PNG; the encoding label is what the header declares.
    @Test func signatureAndEncodingLabel() throws {
        let bytes = RawPNGWriter.png(width: 3, height: 2, colorType: 6, bitDepth: 8, interlaced: true) { _, _, _ in 7 }
        #expect(PNGFormat.hasSignature(bytes))
        #expect(!PNGFormat.hasSignature(Array(bytes.prefix(7))))
        var flipped = bytes
        flipped[1] ^= 0x20  // "PNG" -> "pNG"
        #expect(!PNGFormat.hasSignature(flipped))
        #expect(try PNGFormat.decode(bytes, as: .rgb).encoding == "RGBA 8-bit interlaced")
    }

    /// libpng's reason for rejecting a file is kept, and a file that is not PNG at all is refused.
    @Test func damageIsReportedInLibpngsWords() throws {
        let good = try PNGFormat.encode(RasterImage(width: 20, height: 20, format: .gray, pixels: .init(repeating: 9, count: 400)))
        let truncated = #expect(throws: ImageDecodingFailure.self) { try PNGFormat.decode(Array(good.prefix(good.count / 2)), as: .gray) }
        #expect(truncated?.reason.isEmpty == false)
        #expect(throws: ImageDecodingFailure.self) { try PNGFormat.info(of: Array("hello, world".utf8)) }
    }

    /// A file larger than the decoder's limits is refused in words that give its size and the limit,
    /// not as corrupt; libpng checks the header first, so a damaged one is still corrupt.
    @Test func aTooLargeImageSaysItsSizeAndTheLimit() throws {
        #expect(PNGFormat.maximumSide == 16384 && PNGFormat.maximumPixels == 64 * 1024 * 1024)
        let wide = RawPNGWriter.png(width: 20000, height: 1, colorType: 0, bitDepth: 1) { x, _, _ in x & 1 }
        let tooWide = ImageDecodingFailure(reason: "20000×1 pixels, above the limit of 16384×16384", kind: .tooLarge)
        #expect(throws: tooWide) { try PNGFormat.decode(wide, as: .gray) }
        #expect(throws: tooWide) { try PNGFormat.info(of: wide) }
        // Each side within the limit, more pixels than allowed in all; the image data is never reached.
        let header = RawPNGWriter.be32(16384) + RawPNGWriter.be32(4097) + [1, 0, 0, 0, 0]
        let many = Array(wide.prefix(8)) + RawPNGWriter.chunk("IHDR", header) + RawPNGWriter.chunk("IDAT", [0])
            + RawPNGWriter.chunk("IEND", [])
        #expect(throws: ImageDecodingFailure(reason: "16384×4097 pixels, above the limit of 67108864 pixels in all", kind: .tooLarge)) {
            try PNGFormat.decode(many, as: .rgb)
        }
        var damaged = wide
        damaged[16] ^= 0x40  // the width's top byte, CRC left as it was
        let corrupt = #expect(throws: ImageDecodingFailure.self) { try PNGFormat.decode(damaged, as: .gray) }
        #expect(corrupt?.kind == .malformed)
    }
}
