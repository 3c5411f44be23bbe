import Testing
@testable import LedgerJSON

/// The error the parser raises for these bytes, or nil if it accepts them.
private func refusal(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(bytes, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

private func refusal(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
    refusal(Array(text.utf8), maxDepth: maxDepth)
}

private func parsed(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

@Suite("JSON parser: refusals")
struct JSONParserRefusalTests {
    @Test("syntax errors name what was expected, at the offending byte", arguments: [
        (#"{"a":1 "b":2}"#, "invalid JSON: expected ',' or '}' after an object member", 7),
        (#"[1 2]"#, "invalid JSON: expected ',' or ']' after an array element", 3),
        (#"{"a" 1}"#, "invalid JSON: expected ':' after an object key", 5),
        (#"{1:2}"#, "invalid JSON: expected a string key or '}'", 1),
        (#"{"a":1,2}"#, "invalid JSON: expected a string key after ','", 7),
        (#"{"a":}"#, "invalid JSON: expected a value before '}'", 5),
        (#"[,1]"#, "invalid JSON: expected a value before ','", 1),
        (#"[1,,2]"#, "invalid JSON: expected a value before ','", 3),
        (#"{"a":1"#, "invalid JSON: unexpected end of input, expected ',' or '}' after an object member", 6),
        (#"[1,"#, "invalid JSON: unexpected end of input, expected a value", 3),
        (#"{"#, "invalid JSON: unexpected end of input, expected a string key or '}'", 1),
        (#"tru"#, "invalid JSON: unexpected end of input, expected 'true'", 3),
        (#"trux"#, "invalid JSON: expected 'true'", 3),
        (#"nul"#, "invalid JSON: unexpected end of input, expected 'null'", 3),
        (#"fals"#, "invalid JSON: unexpected end of input, expected 'false'", 4),
        (#"True"#, "invalid JSON: expected a value, found 'T'", 0),
        (#"undefined"#, "invalid JSON: expected a value, found 'u'", 0),
    ])
    func syntax(input: String, reason: String, offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: reason))
    }

    @Test("relaxed-JSON habits are refused", arguments: [
        (#"{"a":1,}"#, "invalid JSON: trailing comma before '}'", 7),
        (#"[1,2, ]"#, "invalid JSON: trailing comma before ']'", 6),
        (#"// note"#, "invalid JSON: comments are not allowed", 0),
        (#"/* note */ 1"#, "invalid JSON: comments are not allowed", 0),
        (#"{/* note */"a":1}"#, "invalid JSON: comments are not allowed", 1),
        (#"{'a':1}"#, "invalid JSON: strings need double quotes, not single quotes", 1),
        (#"['a']"#, "invalid JSON: strings need double quotes, not single quotes", 1),
        ("\u{FEFF}{}", "invalid JSON: a byte order mark is not allowed", 0),
    ])
    func relaxedJSON(input: String, reason: String, offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: reason))
    }

    @Test("numbers outside the RFC 8259 grammar", arguments: [
        ("01", "invalid JSON: numbers cannot have leading zeros", 0),
        ("-01", "invalid JSON: numbers cannot have leading zeros", 0),
        ("[00]", "invalid JSON: numbers cannot have leading zeros", 1),
        ("+1", "invalid JSON: a number cannot start with '+'", 0),
        ("1.", "invalid JSON: a number needs digits after '.'", 2),
        ("[1.]", "invalid JSON: a number needs digits after '.'", 3),
        ("1.e5", "invalid JSON: a number needs digits after '.'", 2),
        (".5", "invalid JSON: a number needs a digit before '.'", 0),
        ("-.5", "invalid JSON: expected a digit after '-'", 1),
        ("-", "invalid JSON: unexpected end of input, expected a digit after '-'", 1),
        ("1e", "invalid JSON: a number needs digits in its exponent", 2),
        ("1e+", "invalid JSON: a number needs digits in its exponent", 3),
        ("1E-x", "invalid JSON: a number needs digits in its exponent", 3),
        ("0x10", "trailing characters after the JSON value", 1),
        ("NaN", "invalid JSON: NaN and Infinity are not allowed", 0),
        ("nan", "invalid JSON: NaN and Infinity are not allowed", 0),
        ("Infinity", "invalid JSON: NaN and Infinity are not allowed", 0),
        ("-Infinity", "invalid JSON: NaN and Infinity are not allowed", 0),
        ("[1, NaN]", "invalid JSON: NaN and Infinity are not allowed", 4),
    ])
    func badNumbers(input: String, reason: String, offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: reason))
    }

    @Test("numbers out of range", arguments: [
        ("9223372036854775808", 0),
        ("-9223372036854775809", 0),
        ("18446744073709551616", 0),
        ("99999999999999999999999", 0),
        ("[1, 100000000000000000000]", 4),
        ("1e400", 0),
        ("-1e400", 0),
        ("1.7976931348623159e308", 0),
        ("{\"n\": 123456789e999999999999}", 6),
    ])
    func outOfRange(input: String, offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: "number out of range"))
    }

    @Test("invalid UTF-8 anywhere", arguments: [
        ([0x22, 0xC3, 0x22], 1),                    // cut-off two-byte sequence
        ([0x22, 0xC3], 1),                          // cut off by the end of input
        ([0x22, 0x80, 0x22], 1),                    // stray continuation byte
        ([0x22, 0xC0, 0xAF, 0x22], 1),              // overlong '/'
        ([0x22, 0xC1, 0xBF, 0x22], 1),              // overlong DEL
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1),        // overlong three-byte
        ([0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], 1),  // overlong four-byte
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),        // UTF-8-encoded surrogate U+D800
        ([0x22, 0xED, 0xBF, 0xBF, 0x22], 1),        // UTF-8-encoded surrogate U+DFFF
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),  // above U+10FFFF
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1),
        ([0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22], 1),
        ([0x22, 0xFF, 0x22], 1),
        ([0x22, 0x61, 0x5C, 0x6E, 0xE1, 0xBB, 0x22], 4),  // after an escape, on the slow path
        ([0x5B, 0xFF, 0x5D], 1),                    // outside any string
        ([0x31, 0x20, 0xC3, 0x28], 2),              // in trailing bytes
        ([0x7B, 0x22, 0x61, 0xE1, 0x80, 0x22, 0x3A, 0x31, 0x7D], 3),  // in a key
    ] as [([UInt8], Int)])
    func invalidUTF8(input: [UInt8], offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: "invalid UTF-8"))
    }

    @Test("a raw NUL byte anywhere", arguments: [
        ([0x00], 0),
        ([0x20, 0x00], 1),
        ([0x22, 0x61, 0x00, 0x62, 0x22], 2),                     // inside a string
        ([0x22, 0x5C, 0x6E, 0x00, 0x22], 3),                     // inside a string after an escape
        ([0x22, 0x5C, 0x00, 0x22], 2),                           // right after a backslash
        ([0x5B, 0x31, 0x2C, 0x00, 0x5D], 3),                     // where a value belongs
        ([0x5B, 0x31, 0x00, 0x5D], 2),                           // where ',' belongs
        ([0x7B, 0x22, 0x61, 0x22, 0x00, 0x3A, 0x31, 0x7D], 4),   // where ':' belongs
        ([0x31, 0x00], 1),                                       // trailing
        ([0x74, 0x72, 0x00, 0x65], 2),                           // inside a literal
    ] as [([UInt8], Int)])
    func nulByte(input: [UInt8], offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: "NUL byte in input"))
    }

    @Test("raw control characters inside strings")
    func controlCharacters() throws {
        #expect(refusal("\"a\tb\"") == JSONParseError(offset: 2, reason: "invalid JSON: control character U+0009 in a string must be escaped"))
        #expect(refusal("\"a\nb\"") == JSONParseError(offset: 2, reason: "invalid JSON: control character U+000A in a string must be escaped"))
        #expect(refusal([0x22, 0x1F, 0x22]) == JSONParseError(offset: 1, reason: "invalid JSON: control character U+001F in a string must be escaped"))
        #expect(refusal("\"\\t\u{1}\"") == JSONParseError(offset: 3, reason: "invalid JSON: control character U+0001 in a string must be escaped"))
        // DEL (0x7F) is not a control character in JSON's sense.
        #expect(try parsed("\"\u{7F}\"") == .string("\u{7F}"))
    }

    @Test("unterminated strings point at the opening quote")
    func unterminated() {
        #expect(refusal(#""abc"#) == JSONParseError(offset: 0, reason: "unterminated string"))
        #expect(refusal(#"{"a"#) == JSONParseError(offset: 1, reason: "unterminated string"))
        #expect(refusal(#"["a\"]"#) == JSONParseError(offset: 1, reason: "unterminated string"))
        #expect(refusal(#""abc\"#) == JSONParseError(offset: 0, reason: "unterminated string"))
        #expect(refusal(#""é"#) == JSONParseError(offset: 0, reason: "unterminated string"))
    }

    @Test("invalid escapes", arguments: [
        (#""\q""#, #"invalid escape \q"#, 1),
        (#""ab\x41""#, #"invalid escape \x"#, 3),
        (#""\'""#, #"invalid escape \'"#, 1),
        (#""\U0041""#, #"invalid escape \U"#, 1),
        (#""\ ""#, #"invalid escape: '\' followed by U+0020"#, 1),
        (#""\é""#, #"invalid escape: '\' followed by U+00E9"#, 1),
        (#""\u12""#, #"invalid JSON: \u needs four hex digits"#, 1),
        (#""\u12G4""#, #"invalid JSON: \u needs four hex digits"#, 1),
        (#""\u""#, #"invalid JSON: \u needs four hex digits"#, 1),
    ])
    func invalidEscapes(input: String, reason: String, offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: reason))
    }

    @Test("lone surrogates", arguments: [
        (#""\ud800""#, #"lone surrogate \ud800"#, 1),
        (#""\uDBFF""#, #"lone surrogate \udbff"#, 1),
        (#""\udc00""#, #"lone surrogate \udc00"#, 1),
        (#""x\uDFFFx""#, #"lone surrogate \udfff"#, 2),
        (#""\ud800\u0041""#, #"lone surrogate \ud800"#, 1),
        (#""\ud800\ud800""#, #"lone surrogate \ud800"#, 1),
        (#""\ud800x""#, #"lone surrogate \ud800"#, 1),
        (#""\ud800\n""#, #"lone surrogate \ud800"#, 1),
        (#""\ude00\ud83d""#, #"lone surrogate \ude00"#, 1),
    ])
    func loneSurrogates(input: String, reason: String, offset: Int) {
        #expect(refusal(input) == JSONParseError(offset: offset, reason: reason))
    }

    @Test("duplicate keys in one object")
    func duplicateKeys() {
        #expect(refusal(#"{"type":"A","type":"B"}"#) == JSONParseError(offset: 12, reason: #"duplicate key "type""#))
        #expect(refusal(#"{"a":{"b":1,"b":2}}"#) == JSONParseError(offset: 12, reason: #"duplicate key "b""#))
        // Escapes are decoded before comparing: "\u0061" is "a".
        #expect(refusal(#"{"a":1,"\u0061":2}"#) == JSONParseError(offset: 7, reason: #"duplicate key "a""#))
        #expect(refusal(#"{"q\"":1,"q\"":2}"#) == JSONParseError(offset: 9, reason: #"duplicate key "q\"""#))

        // The same key in sibling or nested objects is fine.
        #expect(refusal(#"{"a":{"a":1},"b":{"a":2}}"#) == nil)
        #expect(refusal(#"[{"a":1},{"a":1}]"#) == nil)

        // Large objects switch to hashing; a late duplicate is still caught.
        let members = (0..<40).map { "\"k\($0)\":\($0)" }
        #expect(refusal("{" + members.joined(separator: ",") + "}") == nil)
        let late = "{" + members.joined(separator: ",") + ",\"k17\":0}"
        #expect(refusal(late)?.reason == #"duplicate key "k17""#)
        let early = "{" + members.prefix(20).joined(separator: ",") + ",\"k3\":0," + members.suffix(20).joined(separator: ",") + "}"
        #expect(refusal(early)?.reason == #"duplicate key "k3""#)
    }

    @Test("keys differing only in Unicode normalization are different keys")
    func normalizationDistinctKeys() throws {
        let nfc = "Quy\u{1EBF}t"            // ế precomposed
        let nfd = "Quye\u{302}\u{301}t"      // e + circumflex + acute
        let value = try parsed("{\"\(nfc)\":1,\"\(nfd)\":2}")
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(object[nfc] == .int(1))
        #expect(object[nfd] == .int(2))
    }

    @Test("trailing characters after the value")
    func trailing() {
        #expect(refusal("{} x") == JSONParseError(offset: 3, reason: "trailing characters after the JSON value"))
        #expect(refusal("1 2") == JSONParseError(offset: 2, reason: "trailing characters after the JSON value"))
        #expect(refusal(#""a""b""#) == JSONParseError(offset: 3, reason: "trailing characters after the JSON value"))
        #expect(refusal(#"{"a":1}}"#) == JSONParseError(offset: 7, reason: "trailing characters after the JSON value"))
        #expect(refusal("truex") == JSONParseError(offset: 4, reason: "trailing characters after the JSON value"))
        #expect(refusal(#"{"a":1}//c"#) == JSONParseError(offset: 7, reason: "trailing characters after the JSON value"))
    }

    @Test("empty or whitespace-only input", arguments: ["", " ", "\t\r ", "\r", "\n", "  \n  "])
    func emptyLine(input: String) {
        #expect(refusal(input) == JSONParseError(offset: 0, reason: "empty line"))
    }

    @Test("empty raw buffer")
    func emptyRawBuffer() {
        #expect(throws: JSONParseError(offset: 0, reason: "empty line")) {
            try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    @Test("the description adds the byte offset")
    func errorDescription() {
        let error = refusal(#"{"type":1,"type":2}"#)
        #expect(error?.description == #"duplicate key "type" at byte 10"#)
    }
}

@Suite("JSON parser: nesting depth")
struct JSONParserDepthTests {
    private func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    private func nestedObjects(_ depth: Int) -> String {
        String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
    }

    @Test("64 levels are accepted, 65 refused")
    func defaultLimit() throws {
        #expect(refusal(nestedArrays(64)) == nil)
        #expect(refusal(nestedArrays(65)) == JSONParseError(offset: 64, reason: "nesting deeper than 64 levels"))
        #expect(refusal(nestedObjects(64)) == nil)
        #expect(refusal(nestedObjects(65))?.reason == "nesting deeper than 64 levels")

        // Arrays and objects count together.
        let mixed = String(repeating: #"[{"a":"#, count: 32) + "0" + String(repeating: "}]", count: 32)
        #expect(refusal(mixed) == nil)
        let tooDeep = "[" + mixed + "]"
        #expect(refusal(tooDeep)?.reason == "nesting deeper than 64 levels")

        var value = try parsed(nestedArrays(64))
        var depth = 0
        while let inner = value.arrayValue {
            depth += 1
            guard let first = inner.first else { break }
            value = first
        }
        #expect(depth == 64)
    }

    @Test("100,000 opening brackets are refused without exhausting the stack")
    func hostileDepth() {
        let brackets = String(repeating: "[", count: 100_000)
        #expect(refusal(brackets) == JSONParseError(offset: 64, reason: "nesting deeper than 64 levels"))
        let braces = String(repeating: #"{"a":"#, count: 100_000)
        #expect(refusal(braces)?.reason == "nesting deeper than 64 levels")
    }

    @Test("the caller chooses the limit")
    func customLimit() {
        #expect(refusal("[[1]]", maxDepth: 2) == nil)
        #expect(refusal("[[[1]]]", maxDepth: 2) == JSONParseError(offset: 2, reason: "nesting deeper than 2 levels"))
        #expect(refusal("1", maxDepth: 0) == nil)
        #expect(refusal("[]", maxDepth: 0) == JSONParseError(offset: 0, reason: "nesting deeper than 0 levels"))
        // The parser keeps its own stack, so a generous limit does not recurse either.
        #expect(refusal(nestedArrays(10_000), maxDepth: 20_000) == nil)
    }
}

@Suite("JSON parser: valid documents")
struct JSONParserValidTests {
    @Test("literals")
    func literals() throws {
        #expect(try parsed("null") == .null)
        #expect(try parsed("true") == .bool(true))
        #expect(try parsed("false") == .bool(false))
        #expect(try parsed(" \t\r null \r\t ") == .null)
    }

    @Test("integers", arguments: [
        ("0", 0 as Int64), ("-0", 0), ("7", 7), ("-7", -7), ("41", 41), ("1234567890", 1_234_567_890),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
        ("-9223372036854775807", -Int64.max),
    ])
    func integers(input: String, expected: Int64) throws {
        #expect(try parsed(input) == .int(expected))
    }

    @Test("numbers with a fraction or exponent are doubles", arguments: [
        ("1.0", 1.0), ("-1.5", -1.5), ("0.1", 0.1), ("3.14159", 3.14159), ("1e2", 100.0), ("1E2", 100.0),
        ("1e+2", 100.0), ("1e-2", 0.01), ("-0.0", -0.0), ("0e0", 0.0), ("2.5E-3", 0.0025),
        ("123456789.123456789", 123456789.123456789),
        ("3.141592653589793238462643383279", 3.141592653589793),
        ("1.7976931348623157e308", 1.7976931348623157e308),
        ("2.2250738585072014e-308", 2.2250738585072014e-308),
        ("5e-324", .leastNonzeroMagnitude), ("1e-400", 0.0),
        ("12345678901234567890.5", 12345678901234567890.5),
        ("0.000000000000000000000000000001", 1e-30),
        ("9007199254740993.0", 9007199254740992.0),
        ("1e22", 1e22), ("1e23", 1e23), ("8.98846567431158e307", 8.98846567431158e307),
    ])
    func doubles(input: String, expected: Double) throws {
        let value = try parsed(input)
        guard case .double(let d) = value else {
            Issue.record("\(input) parsed as \(value.typeName)")
            return
        }
        #expect(d == expected && d.sign == expected.sign, "\(input) → \(d)")
    }

    @Test("the fast decimal path agrees with the standard library")
    func fastPathMatchesStandardLibrary() throws {
        // Seeded so a failure can be replayed.
        var state: UInt64 = 0x5EED_1234
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        for _ in 0..<2000 {
            let mantissa = next() % 10_000_000_000_000_000
            let exponent = Int(next() % 45) - 22
            let text = "\(mantissa).\(next() % 1000)e\(exponent)"
            let expected = try #require(Double(text))
            #expect(try parsed(text) == .double(expected), "\(text)")
        }
    }

    @Test("strings and escapes")
    func strings() throws {
        #expect(try parsed(#""""#) == .string(""))
        #expect(try parsed(#""abc""#) == .string("abc"))
        #expect(try parsed(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try parsed(#""\u0041\u00e9\u1EC7\u20AC""#) == .string("Aéệ€"))
        #expect(try parsed(#""tab\there""#) == .string("tab\there"))
        #expect(try parsed(#""a\u0000b""#) == .string("a\u{0}b"))
        #expect(try parsed(#""\u001f""#) == .string("\u{1F}"))
        #expect(try parsed(#""plain then \n escaped then plain""#) == .string("plain then \n escaped then plain"))
        #expect(try parsed(#""é\"ệ\"😀""#) == .string("é\"ệ\"😀"))
    }

    @Test("surrogate pairs combine into one scalar")
    func surrogatePairs() throws {
        #expect(try parsed(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parsed(#""\uD834\uDD1E""#) == .string("𝄞"))
        #expect(try parsed(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try parsed(#""\uD800\uDC00""#) == .string("\u{10000}"))
        #expect(try parsed(#""x\ud83d\ude00y\ud83d\ude01""#) == .string("x😀y😁"))
        // The same character written raw.
        #expect(try parsed(#""😀""#) == .string("😀"))
        #expect(try parsed(#""\ud83d\ude00""#).stringValue?.unicodeScalars.count == 1)
    }

    @Test("Vietnamese text survives byte for byte, NFC and NFD alike")
    func vietnamese() throws {
        let nfc = "Về việc phê duyệt quy hoạch phát triển nông nghiệp"
        // The same words decomposed: base letters followed by combining marks.
        let nfd = "Ve\u{302}\u{300} vie\u{323}\u{302}c phe\u{302} duye\u{323}\u{302}t quy hoa\u{323}ch pha\u{301}t trie\u{302}\u{309}n no\u{302}ng nghie\u{323}\u{302}p"
        #expect(Array(nfc.utf8) != Array(nfd.utf8))
        #expect(nfc == nfd)  // Swift calls them equal; the ledger must not.

        for text in [nfc, nfd, "QĐ", "Đà Nẵng", "Thừa Thiên Huế"] {
            let line = Array("{\"subject\":\"\(text)\"}".utf8)
            let value = try JSONParser.parse(line)
            let subject = try #require(value.objectValue?["subject"]?.stringValue)
            #expect(Array(subject.utf8) == Array(text.utf8))
            #expect(Array(value.canonicalString.utf8) == line)
        }
        #expect(JSONValue.string(nfc) != JSONValue.string(nfd))
    }

    @Test("arrays and objects keep their order")
    func containers() throws {
        #expect(try parsed("[]") == .array([]))
        #expect(try parsed("{}") == .object(JSONObject()))
        #expect(try parsed("[ ]") == .array([]))
        #expect(try parsed("{ \t}") == .object(JSONObject()))
        #expect(try parsed("[1, \"two\", 3.0, true, null, [], {}]") == [1, "two", 3.0, true, nil, [], [:]])
        #expect(try parsed("[[[]]]") == [[[]]])

        let object = try #require(try parsed(#"{"z":1,"a":2,"m":{"y":[],"b":null}}"#).objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["m"]?.objectValue?.keys == ["y", "b"])
        #expect(object["a"] == .int(2))
        #expect(object["missing"] == nil)
    }

    @Test("documents larger than the parser's first stack blocks")
    func largeDocuments() throws {
        // 1,000 elements and 100 keys outgrow the initial stack blocks, which then move to the heap.
        let elements = (0..<1000).map { i -> JSONValue in
            switch i % 3 {
            case 0: return .int(Int64(i))
            case 1: return .string("phần tử \(i)")
            default: return .object(JSONObject([("n", .int(Int64(i))), ("ok", .bool(true))]))
            }
        }
        let array = JSONValue.array(elements)
        #expect(try JSONParser.parse(Array(array.canonicalString.utf8)) == array)

        let object = JSONValue.object(JSONObject((0..<100).map { ("khóa \($0)", JSONValue.array([.int(Int64($0))])) }))
        #expect(try JSONParser.parse(object.serialized()) == object)

        // Errors after the stacks have grown leave nothing behind (run under ASan to see).
        var text = array.serialized()
        text.removeLast()
        #expect(refusal(text)?.reason == "invalid JSON: unexpected end of input, expected ',' or ']' after an array element")
        let objectText = String(object.serialized().dropLast()) + #","khóa 7":0}"#
        #expect(refusal(objectText)?.reason == #"duplicate key "khóa 7""#)
    }

    @Test("whitespace between tokens: space, tab, CR and LF")
    func whitespace() throws {
        let text = " {\r\n\t\"a\" :\t[ 1 ,\r2 ] ,\n\"b\" : { } \t} \r"
        #expect(try parsed(text) == ["a": [1, 2], "b": [:]])
    }

    @Test("a typical event line")
    func eventLine() throws {
        let line = #"{"id":"e-000123","type":"DocumentIssued","data":{"issued_on":"2017-01-09","doc_type":"QĐ","subject":"Về việc phê duyệt quy hoạch phát triển nông nghiệp","number":41},"actor":"vanthu"}"#
        let expected: JSONValue = [
            "id": "e-000123",
            "type": "DocumentIssued",
            "data": [
                "issued_on": "2017-01-09",
                "doc_type": "QĐ",
                "subject": "Về việc phê duyệt quy hoạch phát triển nông nghiệp",
                "number": 41,
            ],
            "actor": "vanthu",
        ]
        #expect(try parsed(line) == expected)
        #expect(try parsed(line).serialized() == line)
    }

    @Test("the three entry points agree, and a slice of a larger buffer parses alone")
    func entryPoints() throws {
        let text = #"{"a":[1,2.5,"ệ"]}"#
        let bytes = Array(text.utf8)
        let fromString = try JSONParser.parse(text)
        let fromArray = try JSONParser.parse(bytes)
        let fromRaw = try bytes.withUnsafeBytes { raw in try JSONParser.parse(raw) }
        #expect(fromString == fromArray)
        #expect(fromArray == fromRaw)

        // Two JSON Lines in one buffer: each line is a slice.
        let buffer = Array("[1]\n{\"b\":2}\n".utf8)
        let first = try buffer.withUnsafeBytes { raw in try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[0..<3])) }
        let second = try buffer.withUnsafeBytes { raw in try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[4..<11])) }
        #expect(first == [1])
        #expect(second == ["b": 2])
        // A Substring-backed String parses too.
        #expect(try JSONParser.parse(String("xx[true]xx".dropFirst(2).dropLast(2))) == [true])
    }
}
