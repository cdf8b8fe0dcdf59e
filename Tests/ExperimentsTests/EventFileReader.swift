import Experiments
import Foundation

/// A reader of TensorBoard event files written for the tests alone, independent of the writer:
/// TFRecord frames with both checksums verified, and the few `Event` fields metalearn writes.
struct EventFileReader {
    /// One decoded event.
    struct Event: Equatable {
        var wallTime = 0.0
        var step: Int64 = 0
        var fileVersion: String?
        var scalars: [String: Float] = [:]
        var tags: [String] = []
    }

    /// The events of the file's intact records, and whether the file ends with a record cut short.
    static func read(_ url: URL) throws -> (events: [Event], cutShort: Bool) {
        let bytes = [UInt8](try Data(contentsOf: url))
        var events: [Event] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { return (events, true) }
            let header = Array(bytes[offset..<offset + 8])
            let length = Int(littleEndian(header, UInt64.self))
            guard littleEndian(Array(bytes[offset + 8..<offset + 12]), UInt32.self) == CRC32C.masked(header) else {
                throw ReadError.badChecksum(offset: offset)
            }
            guard offset + 16 + length <= bytes.count else { return (events, true) }
            let payload = Array(bytes[offset + 12..<offset + 12 + length])
            let stored = littleEndian(Array(bytes[offset + 12 + length..<offset + 16 + length]), UInt32.self)
            guard stored == CRC32C.masked(payload) else { throw ReadError.badChecksum(offset: offset) }
            events.append(try event(payload))
            offset += 16 + length
        }
        return (events, false)
    }

    enum ReadError: Error { case badChecksum(offset: Int), malformed }

    private static func event(_ bytes: [UInt8]) throws -> Event {
        var event = Event()
        try fields(bytes) { field, value in
            switch (field, value) {
            case (1, .fixed64(let bits)): event.wallTime = Double(bitPattern: bits)
            case (2, .varint(let step)): event.step = Int64(bitPattern: step)
            case (3, .bytes(let text)): event.fileVersion = String(decoding: text, as: UTF8.self)
            case (5, .bytes(let summary)):
                try fields(summary) { field, value in
                    guard field == 1, case .bytes(let entry) = value else { throw ReadError.malformed }
                    var tag = ""
                    var number: Float?
                    try fields(entry) { field, value in
                        switch (field, value) {
                        case (1, .bytes(let text)): tag = String(decoding: text, as: UTF8.self)
                        case (2, .fixed32(let bits)): number = Float(bitPattern: bits)
                        default: throw ReadError.malformed
                        }
                    }
                    guard let number else { throw ReadError.malformed }
                    event.tags.append(tag)
                    event.scalars[tag] = number
                }
            default: throw ReadError.malformed
            }
        }
        return event
    }

    private enum Value { case varint(UInt64), fixed64(UInt64), bytes([UInt8]), fixed32(UInt32) }

    private static func fields(_ bytes: [UInt8], _ body: (Int, Value) throws -> Void) throws {
        var offset = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < bytes.count, shift < 64 else { throw ReadError.malformed }
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        func take(_ count: Int) throws -> [UInt8] {
            guard count >= 0, offset + count <= bytes.count else { throw ReadError.malformed }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
        while offset < bytes.count {
            let key = try varint()
            let field = Int(key >> 3)
            switch key & 7 {
            case 0: try body(field, .varint(try varint()))
            case 1: try body(field, .fixed64(littleEndian(try take(8), UInt64.self)))
            case 2: try body(field, .bytes(try take(Int(try varint()))))
            case 5: try body(field, .fixed32(littleEndian(try take(4), UInt32.self)))
            default: throw ReadError.malformed
            }
        }
    }

    private static func littleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], _: T.Type) -> T {
        bytes.reversed().reduce(T.zero) { $0 << 8 | T($1) }
    }
}
