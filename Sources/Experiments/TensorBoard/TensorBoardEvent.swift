/// One record of a TensorBoard event file: TensorFlow's `Event` message (`wall_time` = 1,
/// `step` = 2, `file_version` = 3, `summary` = 5) holding the file version or a `Summary` of
/// scalars (`Summary.value` = 1; `Value.tag` = 1, `Value.simple_value` = 2).
public struct TensorBoardEvent: Sendable, Equatable {
    /// What the event carries.
    public enum Content: Sendable, Equatable {
        /// The first event of a file: its format version (`fileVersion`).
        case fileVersion(String)
        /// Named values at the event's step.
        case scalars([TensorBoardScalar])
    }

    /// The version string TensorBoard expects in a file's first event.
    public static let fileVersion = "brain.Event:2"

    /// Seconds since 1970.
    public var wallTime: Double
    /// The training step the values belong to.
    public var step: Int64
    public var content: Content

    /// An event of the given parts.
    public init(wallTime: Double, step: Int64, content: Content) {
        self.wallTime = wallTime
        self.step = step
        self.content = content
    }

    /// The serialized `Event` message (fields in number order; a step of 0 omitted, as proto3 does).
    public var encoded: [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        if step != 0 { event.varint(2, step) }
        switch content {
        case .fileVersion(let version):
            event.lengthDelimited(3, Array(version.utf8))
        case .scalars(let scalars):
            var summary = ProtobufWriter()
            for scalar in scalars {
                var value = ProtobufWriter()
                value.lengthDelimited(1, Array(scalar.tag.utf8))
                value.float(2, scalar.value)
                summary.lengthDelimited(1, value.bytes)
            }
            event.lengthDelimited(5, summary.bytes)
        }
        return event.bytes
    }
}
