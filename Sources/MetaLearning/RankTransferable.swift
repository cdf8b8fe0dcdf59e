/// A task's result that crosses between the ranks of a `ProcessGroup` bit for bit: appended to a
/// byte buffer by the rank that computed it and read back by every rank.
public protocol RankTransferable: Sendable {
    /// Appends the value's bytes.
    func append(to bytes: inout [UInt8])
    /// Reads a value that `append(to:)` wrote, advancing `reader` past it.
    init(from reader: inout RankByteReader)
}

/// Reads values back, in order, from bytes that `RankTransferable.append(to:)` wrote. Bytes
/// exchanged between ranks of one job were written by the same program, so a mismatch is a
/// programming error and traps.
public struct RankByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    /// A reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }

    /// The next `count` bytes.
    mutating func take(_ count: Int) -> ArraySlice<UInt8> {
        precondition(offset + count <= bytes.count, "RankByteReader: read past the end of the exchanged bytes")
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// The next integer.
    public mutating func readInt() -> Int {
        take(8).withUnsafeBytes { Int(Int64(littleEndian: $0.loadUnaligned(as: Int64.self))) }
    }

    /// The next `count` floats, exactly as appended.
    public mutating func readFloats(_ count: Int) -> [Float] {
        let slice = take(count * MemoryLayout<Float>.size)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            slice.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
    }

    /// The next string.
    public mutating func readString() -> String {
        String(decoding: take(readInt()), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as 8 little-endian bytes.
    mutating func appendInt(_ value: Int) {
        Swift.withUnsafeBytes(of: Int64(value).littleEndian) { append(contentsOf: $0) }
    }

    /// Appends the floats' bytes.
    mutating func appendFloats(_ floats: UnsafeBufferPointer<Float>) {
        append(contentsOf: UnsafeRawBufferPointer(floats))
    }

    /// Appends the string's length and UTF-8 bytes.
    mutating func appendString(_ string: String) {
        appendInt(string.utf8.count)
        append(contentsOf: string.utf8)
    }
}

extension TaskMetrics: RankTransferable {
    public func append(to bytes: inout [UInt8]) {
        [loss, accuracy].withUnsafeBufferPointer { bytes.appendFloats($0) }
    }

    public init(from reader: inout RankByteReader) {
        let values = reader.readFloats(2)
        self.init(loss: values[0], accuracy: values[1])
    }
}

extension Parameters: RankTransferable {
    /// Names, shapes and scalars (no gradient history).
    public func append(to bytes: inout [UInt8]) {
        bytes.appendInt(names.count)
        for (name, tensor) in entries {
            bytes.appendString(name)
            bytes.appendInt(tensor.shape.count)
            tensor.shape.forEach { bytes.appendInt($0) }
            tensor.withUnsafeBufferPointer { bytes.appendFloats($0) }
        }
    }

    public init(from reader: inout RankByteReader) {
        let count = reader.readInt()
        self.init(
            (0..<count).map { _ in
                let name = reader.readString()
                let shape = (0..<reader.readInt()).map { _ in reader.readInt() }
                return (name, Tensor(shape: shape, scalars: reader.readFloats(shape.reduce(1, *))))
            })
    }
}

/// A task's parameter set and metrics (a meta-gradient, or adapted parameters, with the task's
/// query metrics), as ranks exchange them.
public struct TaskOutcome: RankTransferable {
    /// The task's parameter set.
    public var parameters: Parameters
    /// The task's metrics.
    public var metrics: TaskMetrics

    /// An outcome from its parts.
    public init(_ parameters: Parameters, _ metrics: TaskMetrics) {
        self.parameters = parameters
        self.metrics = metrics
    }

    public func append(to bytes: inout [UInt8]) {
        parameters.append(to: &bytes)
        metrics.append(to: &bytes)
    }

    public init(from reader: inout RankByteReader) {
        let parameters = Parameters(from: &reader)
        self.init(parameters, TaskMetrics(from: &reader))
    }
}
