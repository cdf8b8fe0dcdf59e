import Foundation

/// Text for SVG and HTML: escaping and coordinates.
enum Markup {
    /// `text` safe inside an element or a quoted attribute: `&`, `<`, `>`, `"` and `'` as entities.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A coordinate with one decimal: `12.5`.
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// `text` cut to `limit` characters, the last one an ellipsis when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 0))) + "…"
    }

    /// About how wide `text` is at `fontSize` in a sans-serif face (wide enough for digits and most letters).
    static func width(of text: String, fontSize: Double = 12) -> Double { Double(text.count) * fontSize * 0.6 }
}
