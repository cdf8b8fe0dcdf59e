import FewShotData
import SeededRandom
import Testing

/// Thousands of truncated and byte-flipped PNGs: every one must decode or throw `ImageError`,
/// never crash. Half the flipped copies get their chunk CRCs repaired so the damage reaches
/// libpng's header, palette and zlib paths instead of stopping at the CRC check.
@Suite struct PNGFuzzTests {
    static func seeds() throws -> [[UInt8]] {
        var glyph = [UInt8](repeating: 255, count: 105 * 105)
        for i in 10..<95 { glyph[i * 105 + i] = 0; glyph[i * 105 + 104 - i] = 0; glyph[50 * 105 + i] = 0 }
        var seeds = [
            try PNGFormat.encode(RasterImage(width: 105, height: 105, format: .gray, pixels: glyph), compressionLevel: 9),
            try PNGFormat.encode(RasterImage(width: 9, height: 7, format: .rgb, pixels: (0..<189).map { UInt8($0) })),
            RawPNGWriter.png(width: 13, height: 11, colorType: 6, bitDepth: 8, interlaced: true) { x, y, c in (x * 19 + y * 7 + c * 50) % 256 },
            RawPNGWriter.png(width: 10, height: 6, colorType: 3, bitDepth: 4, palette: (0..<16).map { (UInt8($0 * 16), 0, 0) },
                             transparency: [0, 128]) { x, y, _ in (x + y) % 16 },
            RawPNGWriter.png(width: 8, height: 8, colorType: 4, bitDepth: 16, interlaced: true) { x, y, c in (x * y * 999 + c) % 65536 },
            RawPNGWriter.png(width: 17, height: 3, colorType: 0, bitDepth: 1) { x, y, _ in (x ^ y) & 1 },
        ]
        if let root = RealOmniglot.root, let index = try? DatasetIndex(root: root),
           let bytes = try? [UInt8](contentsOfFile: index.classes[0].files[0].path) {
            seeds.append(bytes)
        }
        return seeds
    }

    @Test func mutatedPNGsNeverCrash() throws {
        let seeds = try Self.seeds()
        var generator = SeededGenerator(seed: 2024)
        var decoded = 0, rejected = 0
        for round in 0..<8000 {
            var bytes = seeds[round % seeds.count]
            switch generator.nextInt(below: 3) {
            case 0:
                bytes = Array(bytes.prefix(generator.nextInt(below: bytes.count)))
            default:
                for _ in 0...generator.nextInt(below: 4) {
                    let position = 8 + generator.nextInt(below: bytes.count - 8)
                    bytes[position] ^= UInt8(1 << generator.nextInt(below: 8))
                }
                if generator.nextInt(below: 2) == 0 { bytes = Self.repairingCRCs(bytes) }
                if generator.nextInt(below: 4) == 0 { bytes = Array(bytes.prefix(8 + generator.nextInt(below: bytes.count - 8))) }
            }
            let format: PixelFormat = round % 2 == 0 ? .gray : .rgb
            do {
                let image = try ImageFile.decode(bytes, as: format, name: "fuzz\(round).png").image
                #expect(image.pixels.count == image.width * image.height * format.channels)
                decoded += 1
            } catch {
                #expect(error.description.hasPrefix("fuzz\(round).png: "))
                rejected += 1
            }
        }
        #expect(rejected > 2000)
    }

    /// Recomputes every chunk's CRC so that damage inside chunk data is not caught by it.
    static func repairingCRCs(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length <= bytes.count - offset - 12 else { break }
            let crc = RawPNGWriter.crc32(Array(bytes[(offset + 4)..<(offset + 8 + length)]))
            let be = RawPNGWriter.be32(Int(crc))
            for k in 0..<4 { bytes[offset + 8 + length + k] = be[k] }
            offset += 12 + length
        }
        return bytes
    }
}
