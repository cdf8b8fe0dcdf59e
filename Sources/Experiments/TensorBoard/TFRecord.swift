/// TFRecord framing, the container of TensorBoard event files: each record is its payload's length
/// (UInt64, little-endian), the masked CRC-32C of those 8 bytes (UInt32, little-endian), the payload,
/// and the payload's masked CRC-32C. A reader stops at a record cut short, so a crash while
/// appending one loses that record alone.
public enum TFRecord {
    /// `payload` framed as one record.
    public static func framed(_ payload: [UInt8]) -> [UInt8] {
        let length = littleEndianBytes(UInt64(payload.count))
        return length + littleEndianBytes(CRC32C.masked(length)) + payload
            + littleEndianBytes(CRC32C.masked(payload))
    }

    private static func littleEndianBytes(_ value: some FixedWidthInteger) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
