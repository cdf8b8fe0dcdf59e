import Specs
import Testing

@Suite struct JSONValueTests {
    @Test func parsesEveryKindKeepingKeyOrder() throws {
        let value = try JSONValue(parsing: #" {"z": [1, -2.5e1, true, null], "a": {"s": "x\"\u00e9\ud83d\ude00\n"}} "#)
        #expect(value == .object([
            .init("z", .array([.integer(1), .real(-25), .bool(true), .null])),
            .init("a", .object([.init("s", .string("x\"é😀\n"))])),
        ]))
    }

    @Test func integersThatOverflowBecomeReals() throws {
        #expect(try JSONValue(parsing: "9223372036854775807") == .integer(.max))
        #expect(try JSONValue(parsing: "9223372036854775808") == .real(9223372036854775808))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a key in double quotes"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected '}' or ',' after the value of 'a'"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key 'a'"),
        ("[1, 2", 1, 6, "expected ']' or ',' after an array element"),
        ("01", 1, 2, "a number may not start with 0 followed by digits"),
        ("{\"a\": tru}", 1, 7, "invalid literal; expected 'true'"),
        ("\"abc", 1, 5, "unterminated string"),
        ("{} x", 1, 4, "unexpected content after the end of the document"),
        ("1e999", 1, 1, "the number 1e999 is too large"),
        ("\"é\t\"", 1, 3, "control character in a string; write it as an escape such as \\n"),
    ])
    func syntaxErrorsGiveLineAndColumn(text: String, line: Int, column: Int, message: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message == message)
    }

    @Test func formattingIsStableAndParsesBack() throws {
        let value = JSONValue.object([
            .init("name", .string("tab\there \"quoted\" \u{1}")),
            .init("rotations", .array([.integer(0), .integer(90)])),
            .init("lr", .real(0.001)),
            .init("eps", .real(1e-8)),
            .init("one", .real(1)),
            .init("empty", .object([])),
            .init("nested", .array([.object([.init("k", .null)])])),
        ])
        let text = value.formatted()
        #expect(text == """
        {
          "name": "tab\\there \\"quoted\\" \\u0001",
          "rotations": [0, 90],
          "lr": 0.001,
          "eps": 1e-08,
          "one": 1.0,
          "empty": {},
          "nested": [
            {
              "k": null
            }
          ]
        }
        """)
        #expect(try JSONValue(parsing: text) == value)
    }
}
