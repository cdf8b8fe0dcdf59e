/// The NUL-terminated message a C shim wrote into `message`, as text.
func cString(_ message: [CChar]) -> String {
    String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
