import MetaLearning
import Specs

/// The safetensors format (Hugging Face's, read by `safetensors.torch.load_file`, `safetensors.numpy`
/// and the Rust crate): an 8-byte little-endian header length, a JSON header giving each tensor's
/// dtype, shape and byte range and a `__metadata__` string map, padded with spaces to a multiple
/// of 8 bytes, then the tensors' raw little-endian data in header order.
public enum Safetensors {
    /// The file's bytes for `tensors` (written as F32, in the given order, names unique) and `metadata`.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> [UInt8] {
        var entries = [
            JSONText.member(
                "__metadata__",
                JSONText.object(
                    metadata.sorted { $0.key < $1.key }
                        .map { JSONText.member($0.key, JSONText.string($0.value)) }))
        ]
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + 4 * tensor.count
            entries.append(
                JSONText.member(
                    name,
                    JSONText.object([
                        JSONText.member("dtype", JSONText.string("F32")),
                        JSONText.member("shape", "[" + tensor.shape.map(String.init).joined(separator: ",") + "]"),
                        JSONText.member("data_offsets", "[\(offset),\(end)]"),
                    ])))
            offset = end
        }
        var header = Array(JSONText.object(entries).utf8)
        header += Array(repeating: UInt8(ascii: " "), count: (8 - (8 + header.count) % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        append(UInt64(header.count), to: &bytes)
        bytes += header
        for (_, tensor) in tensors {
            for scalar in tensor.scalars { append(scalar.bitPattern, to: &bytes) }
        }
        return bytes
    }

    private static func append<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// Compact JSON text pieces: the header is a flat object of objects, so no general encoder is needed.
    private enum JSONText {
        static func string(_ text: String) -> String { JSONValue.string(text).formatted() }
        static func member(_ key: String, _ value: String) -> String { string(key) + ":" + value }
        static func object(_ members: [String]) -> String { "{" + members.joined(separator: ",") + "}" }
    }
}
