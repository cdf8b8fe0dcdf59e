import Foundation
import Specs

/// The JSON coders of run files: sorted keys (a stable order), unescaped slashes, and non-finite numbers
/// as the strings "NaN", "Infinity" and "-Infinity" instead of a failure.
enum RunJSON {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    /// A one-line reason for a failure to decode `data`, naming the JSON path ("missing key test.ci95")
    /// or, where Foundation names none, what our own parser finds: the line and column of a syntax
    /// error, or the number too large for an integer.
    static func reason(_ error: Error, decoding data: Data) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context, _ last: CodingKey? = nil) -> String {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: [
                "."
            ])
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \(path(context, key))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? documentProblem(data) : "invalid value at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// Why Foundation read no document from `data`: not UTF-8, a syntax error (with its line and
    /// column), or an integer beyond ±2⁶³ (our parser reads it as a real), with its JSON path.
    private static func documentProblem(_ data: Data) -> String {
        guard let text = String(validating: data, as: UTF8.self) else { return "not UTF-8 text" }
        let document: JSONValue
        do { document = try JSONValue(parsing: text) } catch { return "not valid JSON: \(error)" }
        func hugeInteger(_ value: JSONValue, at path: String) -> String? {
            switch value {
            case .real(let number) where number.rounded() == number && abs(number) >= 0x1p63:
                return
                    "the number at \(path.isEmpty ? "the top level" : path), \(number), is too large for an integer (at most 2^63 - 1)"
            case .array(let elements):
                return elements.enumerated().lazy.compactMap { hugeInteger($1, at: "\(path)[\($0)]") }.first
            case .object(let members):
                return members.lazy.compactMap {
                    hugeInteger($0.value, at: path.isEmpty ? $0.key : "\(path).\($0.key)")
                }.first
            default: return nil
            }
        }
        return hugeInteger(document, at: "") ?? "not a document Foundation's JSON decoder can read"
    }
}
