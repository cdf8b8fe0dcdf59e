/// A named value of a TensorBoard summary: one point of the curve `tag`.
public struct TensorBoardScalar: Sendable, Equatable {
    /// The curve's name; TensorBoard groups curves by the part before the first `/`.
    public var tag: String
    /// The value, in single precision as TensorBoard stores it.
    public var value: Float

    /// A scalar of the given tag and value.
    public init(tag: String, value: Float) {
        self.tag = tag
        self.value = value
    }
}
