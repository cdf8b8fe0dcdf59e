import FewShotData
import SeededRandom
import Testing

/// Thousands of truncated and bit-flipped JPEGs (baseline and progressive, gray and colour): every
/// one must decode or throw `ImageError` naming the file, never crash; half are decoded with a
/// minimum side, so the DCT-scaled paths are fuzzed too.
@Suite struct JPEGFuzzTests {
    static func seeds() -> [[UInt8]] {
        let colour = JPEGTestEncoder.Samples(width: 37, height: 29, components: 3) { x, y, c in (x * 7 + y * 13 + c * 60) % 256 }
        let gray = JPEGTestEncoder.Samples(width: 24, height: 40, components: 1) { x, y, _ in (x ^ y) * 9 % 256 }
        return [
            JPEGTestEncoder.jpeg(colour, quality: 90), JPEGTestEncoder.jpeg(colour, quality: 50, progressive: true),
            JPEGTestEncoder.jpeg(gray, quality: 75), JPEGTestEncoder.jpeg(gray, quality: 95, progressive: true),
        ]
    }

    @Test func mutatedJPEGsNeverCrash() throws {
        let seeds = Self.seeds()
        var generator = SeededGenerator(seed: 2025)
        var decoded = 0, rejected = 0
        for round in 0..<6000 {
            var bytes = seeds[round % seeds.count]
            if generator.nextInt(below: 3) == 0 {
                bytes = Array(bytes.prefix(generator.nextInt(below: bytes.count)))
            } else {
                for _ in 0...generator.nextInt(below: 4) {
                    let position = 3 + generator.nextInt(below: bytes.count - 3)
                    bytes[position] ^= UInt8(1 << generator.nextInt(below: 8))
                }
                if generator.nextInt(below: 4) == 0 { bytes = Array(bytes.prefix(3 + generator.nextInt(below: bytes.count - 3))) }
            }
            let format: PixelFormat = round % 2 == 0 ? .gray : .rgb
            let side = round % 4 < 2 ? nil : 1 + generator.nextInt(below: 40)
            do {
                let image = try ImageFile.decode(bytes, as: format, minimumSide: side, name: "fuzz\(round).jpg").image
                #expect(image.pixels.count == image.width * image.height * format.channels)
                decoded += 1
            } catch {
                #expect(error.description.hasPrefix("fuzz\(round).jpg: "))
                rejected += 1
            }
        }
        #expect(rejected > 1500 && decoded > 100)
    }
}
