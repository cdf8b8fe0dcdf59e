/// Hand-written PNG bytes for tests: any colour type, bit depth and Adam7 interlacing,
/// with uncompressed (stored) deflate blocks, so the test target needs no zlib.
enum RawPNGWriter {
    /// A PNG of `width` x `height` with `colorType` (0, 2, 3, 4, 6) and `bitDepth`, whose sample
    /// for pixel (x, y), channel c is `sample(x, y, c)` (a palette index for colour type 3).
    static func png(width: Int, height: Int, colorType: Int, bitDepth: Int, interlaced: Bool = false,
                    palette: [(UInt8, UInt8, UInt8)] = [], transparency: [UInt8] = [],
                    sample: (Int, Int, Int) -> Int) -> [UInt8] {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]!
        var raw: [UInt8] = []
        let passes: [(x0: Int, y0: Int, dx: Int, dy: Int)] = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        for pass in passes {
            let xs = Array(stride(from: pass.x0, to: width, by: pass.dx))
            let ys = Array(stride(from: pass.y0, to: height, by: pass.dy))
            if xs.isEmpty || ys.isEmpty { continue }
            for y in ys {
                raw.append(0)  // filter type None
                var bits = BitPacker(depth: bitDepth)
                for x in xs {
                    for c in 0..<channels { bits.append(sample(x, y, c)) }
                }
                raw += bits.finish()
            }
        }
        var ihdr = be32(width) + be32(height)
        ihdr += [UInt8(bitDepth), UInt8(colorType), 0, 0, interlaced ? 1 : 0]
        var bytes: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
        bytes += chunk("IHDR", ihdr)
        if !palette.isEmpty { bytes += chunk("PLTE", palette.flatMap { [$0.0, $0.1, $0.2] }) }
        if !transparency.isEmpty { bytes += chunk("tRNS", transparency) }
        bytes += chunk("IDAT", zlibStored(raw))
        bytes += chunk("IEND", [])
        return bytes
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return be32(data.count) + typeBytes + data + be32(Int(crc32(typeBytes + data)))
    }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            out += [final, UInt8(length & 0xff), UInt8(length >> 8),
                    UInt8(~length & 0xff), UInt8((~length >> 8) & 0xff)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        return out + be32(Int((b << 16) | a))
    }

    static func be32(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xff), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xedb8_8320 : 0) }
        }
        return ~crc
    }
}

/// Packs samples of 1, 2, 4, 8 or 16 bits big-endian into bytes, padding the last byte.
private struct BitPacker {
    let depth: Int
    var bytes: [UInt8] = []
    var accumulator = 0
    var filled = 0

    init(depth: Int) { self.depth = depth }

    mutating func append(_ value: Int) {
        if depth == 16 { bytes += [UInt8(value >> 8), UInt8(value & 0xff)]; return }
        if depth == 8 { bytes.append(UInt8(value)); return }
        accumulator = (accumulator << depth) | (value & ((1 << depth) - 1))
        filled += depth
        if filled == 8 { bytes.append(UInt8(accumulator)); accumulator = 0; filled = 0 }
    }

    mutating func finish() -> [UInt8] {
        if filled > 0 { bytes.append(UInt8(accumulator << (8 - filled))) }
        return bytes
    }
}
