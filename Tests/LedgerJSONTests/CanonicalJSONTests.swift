import Testing
@testable import LedgerJSON

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    @Test("keys are sorted by their UTF-8 bytes, recursively; arrays keep their order")
    func keyOrder() {
        let value: JSONValue = [
            "b": 1, "a": 2, "B": 3, "é": 4, "e": 5, "aa": 6, "": 7,
            "nested": ["z": [3, 1, 2], "y": ["d": true, "c": false]],
        ]
        #expect(value.canonicalString == #"{"":7,"B":3,"a":2,"aa":6,"b":1,"e":5,"nested":{"y":{"c":false,"d":true},"z":[3,1,2]},"é":4}"#)
    }

    @Test("byte order, not Swift's Unicode-aware order and not UTF-16 order")
    func byteOrderNotStringOrder() {
        let nfdE = "e\u{301}"  // sorts before "f" by bytes; Swift's `<` normalizes it to é, after "f"
        let halfwidth = "\u{FF61}"  // EF BD A1: before any four-byte character in UTF-8, after it in UTF-16
        let emoji = "😀"
        let value = JSONValue.object(JSONObject([(emoji, 1), (halfwidth, 2), ("é", 3), ("f", 4), (nfdE, 5)]))
        #expect(value.canonicalString == "{\"\(nfdE)\":5,\"f\":4,\"é\":3,\"\(halfwidth)\":2,\"\(emoji)\":1}")
        #expect(!(nfdE < "f"))  // the reason for the custom comparison
    }

    @Test("strings are escaped minimally")
    func escaping() {
        let value = JSONValue.string("q\"b\\s\u{8}f\u{C}n\nr\rt\t\u{0}\u{1}\u{1F}/é😀\u{7F}")
        let expected = #""q\"b\\s\bf\fn\nr\rt\t\u0000\u0001\u001f/é😀"# + "\u{7F}\""
        #expect(value.canonicalString == expected)
        #expect(JSONValue.string("\u{1A}\u{1B}").canonicalString == #""\u001a\u001b""#)
        #expect(JSONValue.string("").canonicalString == #""""#)
        // Keys get the same treatment.
        #expect(JSONValue.object(JSONObject([("a\"b\n", 1)])).canonicalString == #"{"a\"b\n":1}"#)
    }

    @Test("a string appended to a byte line is spelled exactly as its canonical JSON, escapes at every position")
    func appendedStrings() {
        var samples = ["", "a", "Sở Nội vụ", "q\"b\\s\u{8}f\u{C}n\nr\rt\t\u{0}\u{1}\u{1F}/é😀\u{7F}", String(repeating: "x", count: 40)]
        // An escaped byte at each offset of a 17-byte string: the 8-byte skip and the tail both see one.
        for offset in 0..<17 {
            for special in ["\"", "\\", "\n", "\u{1}"] {
                var chars = Array(repeating: Character("đ"), count: 17)
                chars[offset] = Character(special)
                samples.append(String(chars))
            }
        }
        for text in samples {
            var bytes: [UInt8] = [0x5B]
            appendCanonicalJSONString(text, to: &bytes)
            #expect(bytes == [0x5B] + Array(JSONValue.string(text).canonicalString.utf8), "\(text.debugDescription)")
        }
    }

    @Test("numbers", arguments: [
        (JSONValue.int(0), "0"), (.int(-1), "-1"), (.int(41), "41"), (.int(1_000_000), "1000000"),
        (.int(.max), "9223372036854775807"), (.int(.min), "-9223372036854775808"),
        (.double(1.0), "1.0"), (.double(-0.0), "-0.0"), (.double(0.0), "0.0"), (.double(0.1), "0.1"),
        (.double(-2.5), "-2.5"), (.double(1e16), "1e+16"), (.double(1e-5), "1e-05"),
        (.double(123.456), "123.456"), (.double(.leastNonzeroMagnitude), "5e-324"),
        (.double(1.7976931348623157e308), "1.7976931348623157e+308"),
    ])
    func numbers(value: JSONValue, expected: String) throws {
        #expect(value.canonicalString == expected)
        #expect(try JSONParser.parse(expected) == value)
    }

    @Test("non-finite doubles, which the parser never produces, are written as null")
    func nonFinite() {
        #expect(JSONValue.double(.nan).canonicalString == "null")
        #expect(JSONValue.double(.infinity).serialized() == "null")
    }

    @Test("no insignificant whitespace")
    func compactness() throws {
        let value = try JSONParser.parse(" { \"b\" : [ 1 , 2 ] , \"a\" : { } , \"c\" : [ ] } ")
        #expect(value.canonicalString == #"{"a":{},"b":[1,2],"c":[]}"#)
    }

    @Test("an event line has one canonical form whatever its key order")
    func eventLine() throws {
        let a = try JSONParser.parse(#"{"id":"e-1","type":"DocumentIssued","data":{"number":41,"doc_type":"QĐ"}}"#)
        let b = try JSONParser.parse(#"{"data":{"doc_type":"QĐ","number":41},"type":"DocumentIssued","id":"e-1"}"#)
        #expect(a == b)
        #expect(Array(a.canonicalString.utf8) == Array(b.canonicalString.utf8))
        #expect(a.canonicalString == #"{"data":{"doc_type":"QĐ","number":41},"id":"e-1","type":"DocumentIssued"}"#)
    }

    static let roundTripTexts: [String] = [
        "null", "true", "false", "0", "-0", "1", "-1", "41", "9223372036854775807", "-9223372036854775808",
        "0.0", "-0.0", "1.0", "1.5", "-2.25", "0.1", "1e300", "1E-300", "5e-324", "1.7976931348623157e308",
        "123456789.987654321", "3.141592653589793238462643383279", "1e16", "1e-7", "100e-2",
        #""""#, #""plain""#, #""with \"quotes\" and \\ backslash""#, #""\b\f\n\r\t""#, #""\u0000\u0001\u001F\u007f""#,
        #""\/ slash""#, #""\u00e9 and é""#, #""\ud83d\ude00 😀""#, #""Về việc phê duyệt""#,
        "\"Ve\u{302}\u{300} vie\u{323}\u{302}c\"",
        "[]", "{}", "[[]]", "[{}]", "{\"a\":[]}", "[1,2,3]", "[3,2,1]", "[null,true,1,1.0,\"1\",[1],{\"1\":1}]",
        #"{"b":1,"a":2}"#, #"{"a":{"c":{"e":1,"d":2},"b":[{"z":0,"y":1}]}}"#,
        #"{"é":1,"e\u0301":2,"f":3,"\uff61":4,"😀":5,"":6}"#,
        #"{"id":"e-000123","type":"DocumentIssued","data":{"issued_on":"2017-01-09","doc_type":"QĐ","subject":"Về việc phê duyệt quy hoạch phát triển nông nghiệp","number":41},"actor":"vanthu"}"#,
        #"  {"spaced" : [ 1 , { "x" : null } ] }  "#,
    ]

    @Test("parse(canonical(x)) == x and canonical(parse(canonical(x))) is byte-identical", arguments: roundTripTexts)
    func roundTripFromText(text: String) throws {
        let x = try JSONParser.parse(text)
        let canonical = Array(x.canonicalString.utf8)
        let reparsed = try JSONParser.parse(canonical)
        #expect(reparsed == x)
        #expect(Array(reparsed.canonicalString.utf8) == canonical)
        // Pretty and compact serializations read back to the same value too.
        #expect(try JSONParser.parse(x.serialized()) == x)
        #expect(try JSONParser.parse(x.serialized(pretty: true)) == x)
    }

    static let builtValues: [JSONValue] = [
        nil, true, 0, -7, 2.5, -0.0, "", "tab\tand\u{1}", "QĐ",
        [1, [2, [3, [4]]]],
        ["z": nil, "a": ["m": [], "b": [:]]],
        .object(JSONObject([("\u{7F}", 1), ("~", 2), ("\u{80}", 3)])),
        .string("\u{10FFFF}\u{E000}\u{FFFD}"),
        .double(0.30000000000000004),
        .int(.min),
    ]

    @Test("values built in code round-trip as well", arguments: builtValues)
    func roundTripFromValue(x: JSONValue) throws {
        let canonical = Array(x.canonicalString.utf8)
        let reparsed = try JSONParser.parse(canonical)
        #expect(reparsed == x)
        #expect(Array(reparsed.canonicalString.utf8) == canonical)
    }

    @Test("pretty serialization keeps key order and indents by two spaces")
    func pretty() {
        let value: JSONValue = [
            "type": "DocumentIssued",
            "data": ["number": 41, "tags": ["a", "b"], "empty": [], "none": [:]],
            "ok": true,
        ]
        let expected = """
            {
              "type": "DocumentIssued",
              "data": {
                "number": 41,
                "tags": [
                  "a",
                  "b"
                ],
                "empty": [],
                "none": {}
              },
              "ok": true
            }
            """
        #expect(value.serialized(pretty: true) == expected)
        #expect(value.serialized() == #"{"type":"DocumentIssued","data":{"number":41,"tags":["a","b"],"empty":[],"none":{}},"ok":true}"#)
        #expect(value.description == value.serialized())
        #expect(JSONValue.int(1).serialized(pretty: true) == "1")
        #expect(JSONValue.array([]).serialized(pretty: true) == "[]")
    }
}

@Suite("JSON values and objects")
struct JSONValueTests {
    @Test("object subscript appends, replaces in place and removes")
    func objectSubscript() {
        var object = JSONObject()
        #expect(object.isEmpty)
        object["b"] = 1
        object["a"] = "x"
        object["c"] = .null
        #expect(object.keys == ["b", "a", "c"])
        object["b"] = 2
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["b"] == .int(2))
        #expect(object["c"] == .null)  // present, holding null
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object.count == 2)
        object["missing"] = nil
        #expect(object.count == 2)
        #expect(object.pairs.map(\.key) == ["b", "c"])
        #expect(Array(object).map(\.value) == [2, nil])
    }

    @Test("object equality ignores key order but not values or keys' bytes")
    func objectEquality() {
        let a = JSONObject([("x", 1), ("y", 2)])
        let b = JSONObject([("y", 2), ("x", 1)])
        #expect(a == b)
        #expect(a != JSONObject([("x", 1), ("y", 3)]))
        #expect(a != JSONObject([("x", 1)]))
        #expect(JSONObject([("é", 1)]) != JSONObject([("e\u{301}", 1)]))
        let big = (0..<30).map { ("k\($0)", JSONValue.int(Int64($0))) }
        #expect(JSONObject(big) == JSONObject(big.reversed()))
        #expect(JSONObject(big) != JSONObject(big.dropLast() + [("k29", 0)]))
        let literal: JSONObject = ["x": 1, "y": 2]
        #expect(literal == a)
    }

    @Test("value equality is exact")
    func valueEquality() {
        #expect(JSONValue.int(1) != JSONValue.double(1.0))
        #expect(JSONValue.double(0.0) != JSONValue.double(-0.0))
        #expect(JSONValue.double(0.5) == JSONValue.double(0.5))
        #expect(JSONValue.string("é") != JSONValue.string("e\u{301}"))
        #expect(JSONValue.array([1, 2]) != JSONValue.array([2, 1]))
        #expect(JSONValue.null != JSONValue.bool(false))
    }

    @Test("accessors return nil for other cases")
    func accessors() {
        let string: JSONValue = "s"
        #expect(string.stringValue == "s")
        #expect(string.intValue == nil)
        #expect(JSONValue.int(3).intValue == 3)
        #expect(JSONValue.double(3).intValue == nil)
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.int(1).boolValue == nil)
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.object(JSONObject()).objectValue == JSONObject())
        #expect(string.arrayValue == nil)
        #expect(string.objectValue == nil)
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.int(0).isNull)
    }

    @Test("type names for messages", arguments: [
        (JSONValue.null, "null"), (.bool(true), "boolean"), (.int(1), "integer"), (.double(1), "number"),
        (.string(""), "string"), (.array([]), "array"), (.object(JSONObject()), "object"),
    ])
    func typeNames(value: JSONValue, name: String) {
        #expect(value.typeName == name)
    }

    @Test("literals build the expected cases")
    func literals() {
        let value: JSONValue = ["s": "x", "i": 1, "d": 1.5, "b": false, "n": nil, "a": [1, "2"]]
        #expect(value == .object(JSONObject([
            ("s", .string("x")), ("i", .int(1)), ("d", .double(1.5)), ("b", .bool(false)), ("n", .null),
            ("a", .array([.int(1), .string("2")])),
        ])))
        #expect(value.objectValue?.keys == ["s", "i", "d", "b", "n", "a"])
    }
}
