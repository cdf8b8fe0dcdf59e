/// CRC-32C (Castagnoli), the checksum of TFRecord framing, and its masked form.
public enum CRC32C {
    /// The CRC-32C of `bytes`: reflected polynomial 0x82F63B78, initial value and final XOR
    /// 0xFFFFFFFF (RFC 3720's iSCSI checksum); `checksum("123456789")` is 0xE3069283.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// TFRecord's masked checksum of `bytes`: the CRC rotated right by 15 bits plus 0xA282EAD8
    /// (modulo 2³²), so that a checksum stored in checksummed data does not cancel itself.
    public static func masked(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// The CRC of every byte value, one byte at a time.
    private static let table: [UInt32] = (0..<256).map { value in
        var crc = UInt32(value)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
        }
        return crc
    }
}
