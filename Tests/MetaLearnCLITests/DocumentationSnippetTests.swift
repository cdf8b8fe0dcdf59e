import Foundation
import Testing

/// Code shown in the documentation is code that compiles: every Swift block introduced by
/// `<!-- compiled: PATH -->` in README.md, Plugins/README.md and docs/ appears in the source file
/// PATH, token for token (whitespace and the file's `///` doc comments aside), so the worked
/// examples cannot drift from the code the build compiles.
@Suite struct DocumentationSnippetTests {
    /// A documented snippet: the file that shows it, the source it quotes and its code.
    struct Snippet {
        let document: String, source: String, code: String
    }

    /// Every marked snippet of the package's Markdown documentation.
    static func snippets() throws -> [Snippet] {
        let root = try SchemaFileTests.packageRoot()
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/\($0)" }
        var snippets: [Snippet] = []
        for document in ["README.md", "Plugins/README.md"] + docs {
            let lines = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("<!-- compiled: "), trimmed.hasSuffix(" -->") else { continue }
                let source = String(trimmed.dropFirst("<!-- compiled: ".count).dropLast(" -->".count))
                let body = lines[(index + 2)...].prefix { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }
                snippets.append(Snippet(document: document, source: source, code: body.joined(separator: "\n")))
            }
        }
        return snippets
    }

    /// `text` without whitespace.
    static func tokens(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }

    @Test func everyMarkedSnippetIsInItsCompiledSource() throws {
        let snippets = try Self.snippets()
        #expect(snippets.count >= 4)
        let root = try SchemaFileTests.packageRoot()
        for snippet in snippets {
            let source = try String(contentsOf: root.appendingPathComponent(snippet.source), encoding: .utf8)
            let code = source.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("///") }
                .joined(separator: "\n")
            #expect(Self.tokens(code).contains(Self.tokens(snippet.code)),
                    "\(snippet.document): the snippet marked \(snippet.source) is not in that file; copy the code from it")
        }
    }
}
