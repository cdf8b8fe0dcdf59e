/// A fast 64-bit checksum (four interleaved multiply-xor lanes over 8-byte words) that
/// detects corrupted or truncated cache files. Not cryptographic.
struct Checksum {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) =
        (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    private var length: UInt64 = 0
    private static let prime: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Feeds `bytes`. Callers feed whole buffers; splitting the same data differently
    /// gives a different checksum, which is fine for a cache written and read the same way.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let words = bytes.count / 8
        var i = 0
        while i + 4 <= words {
            lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* Checksum.prime
            lanes.1 = (lanes.1 ^ bytes.loadUnaligned(fromByteOffset: 8 * i + 8, as: UInt64.self)) &* Checksum.prime
            lanes.2 = (lanes.2 ^ bytes.loadUnaligned(fromByteOffset: 8 * i + 16, as: UInt64.self)) &* Checksum.prime
            lanes.3 = (lanes.3 ^ bytes.loadUnaligned(fromByteOffset: 8 * i + 24, as: UInt64.self)) &* Checksum.prime
            lanes.0 ^= lanes.0 >> 29
            lanes.1 ^= lanes.1 >> 29
            lanes.2 ^= lanes.2 >> 29
            lanes.3 ^= lanes.3 >> 29
            i += 4
        }
        while i < words {
            lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* Checksum.prime
            lanes.0 ^= lanes.0 >> 29
            i += 1
        }
        for k in (8 * words)..<bytes.count {
            lanes.1 = (lanes.1 ^ UInt64(bytes[k])) &* Checksum.prime
        }
        length &+= UInt64(bytes.count)
        // Rotate lanes so that buffer boundaries matter.
        lanes = (lanes.1, lanes.2, lanes.3, lanes.0 ^ length)
    }

    var value: UInt64 {
        var h = length
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3] {
            h = (h ^ lane) &* Checksum.prime
            h ^= h >> 32
        }
        return h
    }

    /// The checksum of one buffer of bytes.
    static func of(_ bytes: [UInt8]) -> UInt64 {
        var checksum = Checksum()
        bytes.withUnsafeBytes { checksum.update($0) }
        return checksum.value
    }
}
