/// Why a line is not acceptable JSON, and where.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte offset in the input where the problem is.
    public let offset: Int
    /// A short lowercase phrase a user can act on.
    public let reason: String

    /// An error at `offset` for `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// The reason followed by " at byte N".
    public var description: String { "\(reason) at byte \(offset)" }
}

/// A strict RFC 8259 parser for one JSON value per line.
public enum JSONParser {
    /// How many arrays and objects may nest when the caller does not say.
    public static let defaultMaxDepth = 64

    /// Parses exactly one JSON value (surrounding spaces/tabs/CR allowed) from UTF-8 bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        guard bytes.count > 0 else { throw JSONParseError(offset: 0, reason: "empty line") }
        // The work stacks start in stack memory: a typical line then parses without allocating
        // anything but the values it returns.
        let result: Result<JSONValue, JSONParseError> = bytes.withMemoryRebound(to: UInt8.self) { buffer in
            withUnsafeTemporaryAllocation(of: Frame.self, capacity: initialStackCapacity) { frames in
                withUnsafeTemporaryAllocation(of: JSONValue.self, capacity: initialStackCapacity) { values in
                    withUnsafeTemporaryAllocation(of: String.self, capacity: initialStackCapacity) { keys in
                        withUnsafeTemporaryAllocation(of: KeySpan.self, capacity: initialStackCapacity) { keySpans in
                            var reader = Reader(
                                buffer, maxDepth: max(0, maxDepth),
                                frames: frames, values: values, keys: keys, keySpans: keySpans
                            )
                            defer { reader.releaseStacks() }
                            do throws(JSONParseError) {
                                return .success(try reader.parseDocument())
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                }
            }
        }
        return try result.get()
    }

    /// Parses exactly one JSON value (surrounding spaces/tabs/CR allowed) from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses exactly one JSON value (surrounding spaces/tabs/CR allowed) from the text's UTF-8.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(utf8), maxDepth: maxDepth) }
        }
        return try result.get()
    }
}

// MARK: - The reader

private enum ASCII {
    static let quote: UInt8 = 0x22          // "
    static let backslash: UInt8 = 0x5C      // \
    static let slash: UInt8 = 0x2F          // /
    static let comma: UInt8 = 0x2C          // ,
    static let colon: UInt8 = 0x3A          // :
    static let openBracket: UInt8 = 0x5B    // [
    static let closeBracket: UInt8 = 0x5D   // ]
    static let openBrace: UInt8 = 0x7B      // {
    static let closeBrace: UInt8 = 0x7D     // }
    static let minus: UInt8 = 0x2D          // -
    static let plus: UInt8 = 0x2B           // +
    static let dot: UInt8 = 0x2E            // .
    static let zero: UInt8 = 0x30           // 0
    static let nine: UInt8 = 0x39           // 9
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
}

/// One open array or object while reading; its members wait on the shared stacks from `valueStart` / `keyStart`.
private struct Frame {
    var isObject: Bool
    var valueStart: Int
    var keyStart: Int
    /// Index into `Reader.keySets` once the object has enough keys to need hashing; -1 before.
    var keySetIndex: Int
}

/// Where a pending object key's bytes sit in the input, so unescaped keys are compared there
/// without touching the strings; `start` is -1 when escapes make the bytes differ from the key.
private struct KeySpan {
    var start: Int
    var count: Int
}

/// Exact powers of ten for the fast decimal-to-double path (every one up to 1e22 is exact).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

private let syntaxPrefix = "invalid JSON: "

/// How many frames, values and keys fit before a work stack moves to the heap; each stack's
/// first block stays within the 1 KiB that `withUnsafeTemporaryAllocation` always puts on the stack.
private let initialStackCapacity = 32

/// Past this many keys an object checks duplicates with a hash set instead of a linear scan.
private let linearKeyCheckLimit = 16

private struct Reader {
    let base: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    var pos = 0

    // The tree is built with explicit stacks rather than recursion, so no input and no
    // `maxDepth` can exhaust the thread's stack.
    var frames: ScratchStack<Frame>
    var values: ScratchStack<JSONValue>
    var keys: ScratchStack<String>
    var keySpans: ScratchStack<KeySpan>
    var keySets: [Set<UTF8Key>] = []
    /// Reused by strings that contain escapes.
    var scratch: [UInt8] = []

    init(
        _ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int,
        frames: UnsafeMutableBufferPointer<Frame>,
        values: UnsafeMutableBufferPointer<JSONValue>,
        keys: UnsafeMutableBufferPointer<String>,
        keySpans: UnsafeMutableBufferPointer<KeySpan>
    ) {
        // The caller guarantees a non-empty buffer, so the base address exists.
        base = buffer.baseAddress!
        end = buffer.count
        self.maxDepth = maxDepth
        self.frames = ScratchStack(frames)
        self.values = ScratchStack(values)
        self.keys = ScratchStack(keys)
        self.keySpans = ScratchStack(keySpans)
    }

    /// Destroys what an error left on the stacks and frees any heap blocks.
    mutating func releaseStacks() {
        frames.release()
        values.release()
        keys.release()
        keySpans.release()
    }

    /// The byte at `i`, or 0 past the end. A 0 is never valid where a byte is examined, so the
    /// error paths tell a real NUL from the end of input by the position.
    @inline(__always)
    func byte(_ i: Int) -> UInt8 {
        i < end ? base[i] : 0
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let b = base[pos]
            guard b == ASCII.space || b == ASCII.tab || b == ASCII.lineFeed || b == ASCII.carriageReturn else { return }
            pos += 1
        }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if pos >= end { throw JSONParseError(offset: 0, reason: "empty line") }
        let value = try parseTree()
        skipWhitespace()
        if pos < end { throw fail(at: pos, "trailing characters after the JSON value") }
        return value
    }

    // MARK: Structure

    mutating func parseTree() throws(JSONParseError) -> JSONValue {
        var value: JSONValue
        while true {
            // Descend: read one value, opening containers until a complete value is in hand.
            descend: while true {
                skipWhitespace()
                let c = byte(pos)
                if c == ASCII.openBrace {
                    try checkDepth()
                    pos += 1
                    skipWhitespace()
                    if byte(pos) == ASCII.closeBrace {
                        pos += 1
                        value = .object(JSONObject())
                        break descend
                    }
                    frames.push(Frame(isObject: true, valueStart: values.count, keyStart: keys.count, keySetIndex: -1))
                    try readKey(afterComma: false)
                } else if c == ASCII.openBracket {
                    try checkDepth()
                    pos += 1
                    skipWhitespace()
                    if byte(pos) == ASCII.closeBracket {
                        pos += 1
                        value = .array([])
                        break descend
                    }
                    frames.push(Frame(isObject: false, valueStart: values.count, keyStart: keys.count, keySetIndex: -1))
                } else {
                    value = try parseScalar()
                    break descend
                }
            }
            // Ascend: hand the value to its container and close every container that ends here.
            ascend: while true {
                guard frames.count > 0 else { return value }
                let top = frames.top
                values.push(taking: &value, leaving: .null)
                skipWhitespace()
                let c = byte(pos)
                if top.isObject {
                    if c == ASCII.comma {
                        pos += 1
                        skipWhitespace()
                        try readKey(afterComma: true)
                        break ascend
                    }
                    guard c == ASCII.closeBrace else {
                        throw fail(at: pos, "invalid JSON: expected ',' or '}' after an object member")
                    }
                    pos += 1
                    value = .object(closeObject(top))
                } else {
                    if c == ASCII.comma {
                        pos += 1
                        skipWhitespace()
                        if byte(pos) == ASCII.closeBracket {
                            throw fail(at: pos, "invalid JSON: trailing comma before ']'")
                        }
                        break ascend
                    }
                    guard c == ASCII.closeBracket else {
                        throw fail(at: pos, "invalid JSON: expected ',' or ']' after an array element")
                    }
                    pos += 1
                    value = .array(closeArray(top))
                }
            }
        }
    }

    @inline(__always)
    func checkDepth() throws(JSONParseError) {
        if frames.count >= maxDepth {
            throw JSONParseError(offset: pos, reason: "nesting deeper than \(maxDepth) levels")
        }
    }

    mutating func closeArray(_ frame: Frame) -> [JSONValue] {
        frames.dropTop()
        return values.moveOut(from: frame.valueStart)
    }

    mutating func closeObject(_ frame: Frame) -> JSONObject {
        let count = values.count - frame.valueStart
        let keyBase = keys.base + frame.keyStart
        let valueBase = values.base + frame.valueStart
        // `reserveCapacity` + `append` is specialized here; `init(unsafeUninitializedCapacity:)`
        // goes through an unspecialized runtime metadata lookup that costs more than the rest.
        var members: [JSONObject.Element] = []
        members.reserveCapacity(count)
        for i in 0..<count {
            members.append((key: (keyBase + i).move(), value: (valueBase + i).move()))
        }
        keys.forgetMoved(downTo: frame.keyStart)
        keySpans.forgetMoved(downTo: frame.keyStart)
        values.forgetMoved(downTo: frame.valueStart)
        if frame.keySetIndex >= 0 { keySets.removeLast() }
        frames.dropTop()
        return JSONObject(uniqueMembers: members)
    }

    /// Reads `"key" :` for the innermost object, refusing a key it already has.
    mutating func readKey(afterComma: Bool) throws(JSONParseError) {
        let c = byte(pos)
        guard c == ASCII.quote else {
            if afterComma && c == ASCII.closeBrace { throw fail(at: pos, "invalid JSON: trailing comma before '}'") }
            if c == 0x27 { throw fail(at: pos, "invalid JSON: strings need double quotes, not single quotes") }
            if c == ASCII.slash { throw fail(at: pos, "invalid JSON: comments are not allowed") }
            throw fail(at: pos, afterComma
                ? "invalid JSON: expected a string key after ','"
                : "invalid JSON: expected a string key or '}'")
        }
        let keyOffset = pos
        let key = try parseString()
        let rawCount = pos - keyOffset - 2
        // Every escape is longer than what it decodes to, so equal lengths mean no escapes.
        let span = KeySpan(start: key.utf8.count == rawCount ? keyOffset + 1 : -1, count: rawCount)
        try checkUniqueKey(key, span, at: keyOffset)
        keys.push(key)
        keySpans.push(span)
        skipWhitespace()
        guard byte(pos) == ASCII.colon else {
            throw fail(at: pos, "invalid JSON: expected ':' after an object key")
        }
        pos += 1
    }

    @inline(__always)
    mutating func checkUniqueKey(_ key: String, _ span: KeySpan, at offset: Int) throws(JSONParseError) {
        let start = frames.top.keyStart
        let existing = keys.count - start
        var duplicate = false
        if existing >= linearKeyCheckLimit {
            duplicate = isDuplicateInLargeObject(key, existingFrom: start)
        } else {
            for i in start..<keys.count {
                let other = keySpans.base[i]
                if other.start >= 0 && span.start >= 0 {
                    if other.count == span.count && bytesEqual(other.start, span.start, count: span.count) {
                        duplicate = true
                        break
                    }
                } else if utf8Equal(keys.base[i], key) {
                    duplicate = true
                    break
                }
            }
        }
        if duplicate {
            throw JSONParseError(offset: offset, reason: "duplicate key \(quotedForMessage(key))")
        }
    }

    /// Large objects keep a hash set of their keys, so checking stays linear overall.
    @inline(never)
    mutating func isDuplicateInLargeObject(_ key: String, existingFrom start: Int) -> Bool {
        if frames.top.keySetIndex < 0 {
            let existingKeys = UnsafeBufferPointer(start: keys.base + start, count: keys.count - start)
            keySets.append(Set(existingKeys.map(UTF8Key.init)))
            frames.base[frames.count - 1].keySetIndex = keySets.count - 1
        }
        return !keySets[frames.top.keySetIndex].insert(UTF8Key(key)).inserted
    }

    @inline(__always)
    func bytesEqual(_ a: Int, _ b: Int, count: Int) -> Bool {
        var k = 0
        while k < count {
            if base[a + k] != base[b + k] { return false }
            k += 1
        }
        return true
    }

    // MARK: Scalars

    @inline(__always)
    mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        let c = byte(pos)
        switch c {
        case ASCII.quote:
            return .string(try parseString())
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return try parseNumber()
        case 0x74: // t
            try expectLiteral("true")
            return .bool(true)
        case 0x66: // f
            try expectLiteral("false")
            return .bool(false)
        case 0x6E: // n
            if byte(pos + 1) == 0x61 { // "nan"
                throw fail(at: pos, "invalid JSON: NaN and Infinity are not allowed")
            }
            try expectLiteral("null")
            return .null
        default:
            throw unexpectedWhereValueExpected()
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let length = word.utf8CodeUnitCount
        let expected = word.utf8Start
        for i in 0..<length where byte(pos + i) != expected[i] {
            throw fail(at: pos + i, "invalid JSON: expected '\(word)'")
        }
        pos += length
    }

    func unexpectedWhereValueExpected() -> JSONParseError {
        guard pos < end else {
            return JSONParseError(offset: pos, reason: "invalid JSON: unexpected end of input, expected a value")
        }
        let c = base[pos]
        switch c {
        case 0x27:
            return fail(at: pos, "invalid JSON: strings need double quotes, not single quotes")
        case ASCII.slash:
            return fail(at: pos, "invalid JSON: comments are not allowed")
        case ASCII.plus:
            return fail(at: pos, "invalid JSON: a number cannot start with '+'")
        case ASCII.dot:
            return fail(at: pos, "invalid JSON: a number needs a digit before '.'")
        case 0x4E, 0x49: // N, I
            return fail(at: pos, "invalid JSON: NaN and Infinity are not allowed")
        case ASCII.closeBrace, ASCII.closeBracket, ASCII.comma, ASCII.colon:
            return fail(at: pos, "invalid JSON: expected a value before \(describeByte(at: pos))")
        case 0xEF where byte(pos + 1) == 0xBB && byte(pos + 2) == 0xBF:
            return fail(at: pos, "invalid JSON: a byte order mark is not allowed")
        default:
            return fail(at: pos, "invalid JSON: expected a value, found \(describeByte(at: pos))")
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = pos
        var i = pos
        let negative = base[i] == ASCII.minus
        if negative { i += 1 }

        var c = byte(i)
        guard c >= ASCII.zero && c <= ASCII.nine else {
            if c == 0x49 || c == 0x4E { throw fail(at: start, "invalid JSON: NaN and Infinity are not allowed") }
            throw fail(at: i, "invalid JSON: expected a digit after '-'")
        }

        // Up to 19 digits fit a UInt64; a longer mantissa leaves exact decoding to the slow path.
        var mantissa: UInt64 = 0
        var truncated = false
        @inline(__always) func accumulate(_ digit: UInt8) {
            if mantissa <= (UInt64.max - 9) / 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit &- ASCII.zero)
            } else {
                truncated = true
            }
        }

        if c == ASCII.zero {
            i += 1
            c = byte(i)
            if c >= ASCII.zero && c <= ASCII.nine {
                throw fail(at: start, "invalid JSON: numbers cannot have leading zeros")
            }
        } else {
            repeat {
                accumulate(c)
                i += 1
                c = byte(i)
            } while c >= ASCII.zero && c <= ASCII.nine
        }

        var isInteger = true
        var fractionDigits = 0
        if c == ASCII.dot {
            isInteger = false
            i += 1
            c = byte(i)
            guard c >= ASCII.zero && c <= ASCII.nine else {
                throw fail(at: i, "invalid JSON: a number needs digits after '.'")
            }
            repeat {
                accumulate(c)
                fractionDigits += 1
                i += 1
                c = byte(i)
            } while c >= ASCII.zero && c <= ASCII.nine
        }

        var exponent = 0
        if c == 0x65 || c == 0x45 { // e, E
            isInteger = false
            i += 1
            c = byte(i)
            var exponentNegative = false
            if c == ASCII.plus || c == ASCII.minus {
                exponentNegative = c == ASCII.minus
                i += 1
                c = byte(i)
            }
            guard c >= ASCII.zero && c <= ASCII.nine else {
                throw fail(at: i, "invalid JSON: a number needs digits in its exponent")
            }
            repeat {
                // Far beyond any double's range; capping keeps the arithmetic from overflowing.
                if exponent < 100_000 { exponent = exponent * 10 + Int(c &- ASCII.zero) }
                i += 1
                c = byte(i)
            } while c >= ASCII.zero && c <= ASCII.nine
            if exponentNegative { exponent = -exponent }
        }
        pos = i

        if isInteger {
            guard !truncated else { throw JSONParseError(offset: start, reason: "number out of range") }
            if negative {
                guard mantissa <= UInt64(Int64.max) + 1 else { throw JSONParseError(offset: start, reason: "number out of range") }
                return .int(Int64(bitPattern: 0 &- mantissa))
            }
            guard mantissa <= UInt64(Int64.max) else { throw JSONParseError(offset: start, reason: "number out of range") }
            return .int(Int64(mantissa))
        }

        // Clinger's fast path: an exact mantissa times or over an exact power of ten is a single
        // correctly rounded operation.
        let scale = exponent - fractionDigits
        if !truncated && mantissa <= 1 << 53 && scale >= -22 && scale <= 22 {
            var d = Double(mantissa)
            if scale < 0 {
                d /= exactPowersOfTen[-scale]
            } else {
                d *= exactPowersOfTen[scale]
            }
            return .double(negative ? -d : d)
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw JSONParseError(offset: start, reason: "number out of range")
        }
        return .double(d)
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = pos
        var i = pos + 1
        var isASCII = true
        while true {
            // Jump over plain ASCII eight bytes at a time, straight to the next byte that matters.
            while i &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let special = specialByteMask(word)
                if special == 0 {
                    i &+= 8
                } else {
                    i &+= special.trailingZeroBitCount >> 3
                    break
                }
            }
            guard i < end else { throw JSONParseError(offset: open, reason: "unterminated string") }
            let b = base[i]
            if b >= 0x20 && b < 0x80 {
                if b == ASCII.quote {
                    pos = i + 1
                    return makeString(validated: UnsafeBufferPointer(start: base + open + 1, count: i - open - 1), isASCII: isASCII)
                }
                if b == ASCII.backslash {
                    return try parseEscapedString(open: open, firstEscape: i)
                }
                i += 1
            } else if b >= 0x80 {
                let length = utf8SequenceLength(at: i)
                guard length > 0 else { throw JSONParseError(offset: i, reason: "invalid UTF-8") }
                i += length
                isASCII = false
            } else {
                throw controlCharacterError(at: i)
            }
        }
    }

    /// The slow path for strings with escapes: decodes into `scratch`, copying plain runs whole.
    mutating func parseEscapedString(open: Int, firstEscape: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + open + 1, count: firstEscape - open - 1))
        var i = firstEscape
        var runStart = i
        while true {
            guard i < end else { throw JSONParseError(offset: open, reason: "unterminated string") }
            let b = base[i]
            if b >= 0x20 && b < 0x80 && b != ASCII.quote && b != ASCII.backslash {
                i += 1
                continue
            }
            if b >= 0x80 {
                let length = utf8SequenceLength(at: i)
                guard length > 0 else { throw JSONParseError(offset: i, reason: "invalid UTF-8") }
                i += length
                continue
            }
            if b < 0x20 { throw controlCharacterError(at: i) }
            scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
            if b == ASCII.quote {
                pos = i + 1
                return scratch.withUnsafeBufferPointer { makeString(validated: $0, isASCII: false) }
            }
            // A backslash.
            let e = byte(i + 1)
            switch e {
            case ASCII.quote, ASCII.backslash, ASCII.slash:
                scratch.append(e)
                i += 2
            case 0x62: scratch.append(0x08); i += 2  // \b
            case 0x66: scratch.append(0x0C); i += 2  // \f
            case 0x6E: scratch.append(0x0A); i += 2  // \n
            case 0x72: scratch.append(0x0D); i += 2  // \r
            case 0x74: scratch.append(0x09); i += 2  // \t
            case 0x75:                               // \u
                i = try appendUnicodeEscape(at: i)
            default:
                if i + 1 >= end { throw JSONParseError(offset: open, reason: "unterminated string") }
                if e == 0 { throw JSONParseError(offset: i + 1, reason: "NUL byte in input") }
                if e >= 0x80 && utf8SequenceLength(at: i + 1) == 0 {
                    throw JSONParseError(offset: i + 1, reason: "invalid UTF-8")
                }
                if e > 0x20 && e < 0x7F {
                    throw JSONParseError(offset: i, reason: "invalid escape \\\(Character(Unicode.Scalar(e)))")
                }
                throw JSONParseError(offset: i, reason: "invalid escape: '\\' followed by \(describeByte(at: i + 1))")
            }
            runStart = i
        }
    }

    /// Decodes `\uXXXX` (or a surrogate pair of them) at `i` into `scratch`; returns the index after it.
    mutating func appendUnicodeEscape(at i: Int) throws(JSONParseError) -> Int {
        guard let unit = hex4(at: i + 2) else {
            throw fail(at: i, "invalid JSON: \\u needs four hex digits")
        }
        var scalar = unit
        var next = i + 6
        if unit >= 0xD800 && unit <= 0xDBFF {
            guard byte(i + 6) == ASCII.backslash, byte(i + 7) == 0x75,
                  let low = hex4(at: i + 8), low >= 0xDC00 && low <= 0xDFFF else {
                throw JSONParseError(offset: i, reason: "lone surrogate \\u\(hex4String(unit))")
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            next = i + 12
        } else if unit >= 0xDC00 && unit <= 0xDFFF {
            throw JSONParseError(offset: i, reason: "lone surrogate \\u\(hex4String(unit))")
        }
        appendUTF8(scalar)
        return next
    }

    @inline(__always)
    func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = base[i + k]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c &- 0x30
            case 0x61...0x66: digit = c &- 0x61 &+ 10
            case 0x41...0x46: digit = c &- 0x41 &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence at `i` (a byte >= 0x80), or 0 if it is
    /// ill-formed: overlong, a surrogate, above U+10FFFF, or cut short.
    @inline(__always)
    func utf8SequenceLength(at i: Int) -> Int {
        let lead = base[i]
        let available = end - i
        @inline(__always) func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
        switch lead {
        case 0x00..<0x80:
            return 1
        case 0xC2...0xDF:
            return available >= 2 && isContinuation(base[i + 1]) ? 2 : 0
        case 0xE0...0xEF:
            guard available >= 3 else { return 0 }
            let second = base[i + 1]
            // E0 would allow overlong forms below A0; ED would reach the surrogates from A0.
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            return second >= low && second <= high && isContinuation(base[i + 2]) ? 3 : 0
        case 0xF0...0xF4:
            guard available >= 4 else { return 0 }
            let second = base[i + 1]
            // F0 would allow overlong forms below 90; F4 would pass U+10FFFF from 90.
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            return second >= low && second <= high && isContinuation(base[i + 2]) && isContinuation(base[i + 3]) ? 4 : 0
        default:
            return 0
        }
    }

    // MARK: Errors

    func controlCharacterError(at i: Int) -> JSONParseError {
        if base[i] == 0 { return JSONParseError(offset: i, reason: "NUL byte in input") }
        return JSONParseError(offset: i, reason: "invalid JSON: control character \(describeByte(at: i)) in a string must be escaped")
    }

    /// A syntax error at `i`, unless the byte there is a NUL or starts invalid UTF-8: those are
    /// the real problem and get their own reasons.
    func fail(at i: Int, _ reason: String) -> JSONParseError {
        if i < end {
            let b = base[i]
            if b == 0 { return JSONParseError(offset: i, reason: "NUL byte in input") }
            if b >= 0x80 && utf8SequenceLength(at: i) == 0 { return JSONParseError(offset: i, reason: "invalid UTF-8") }
        } else if reason.hasPrefix(syntaxPrefix + "expected ") {
            // A cut-off line is the likelier story than a wrong character.
            return JSONParseError(offset: end, reason: syntaxPrefix + "unexpected end of input, " + reason.dropFirst(syntaxPrefix.count))
        }
        return JSONParseError(offset: i, reason: reason)
    }

    /// Names the character at `i` for a message: `'x'` for printable ASCII, `U+XXXX` otherwise.
    func describeByte(at i: Int) -> String {
        guard i < end else { return "the end of input" }
        let b = base[i]
        if b > 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return "U+\(hex4String(UInt32(b)).uppercased())" }
        let length = utf8SequenceLength(at: i)
        guard length > 0 else { return "invalid UTF-8" }
        var scalar = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { scalar = scalar << 6 | UInt32(base[i + k] & 0x3F) }
        return "U+\(hex4String(scalar).uppercased())"
    }
}

/// For eight string bytes (the first in the low byte), a mask whose lowest set bit is the high
/// bit of the first byte that a string scan must look at: `"`, `\`, a control character or a
/// non-ASCII byte; zero if there is none. These are the "some byte is below n" bit tricks:
/// borrows can flag bytes above a real hit, never below it, so the lowest bit is exact.
@inline(__always)
private func specialByteMask(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quotes = word ^ (ones &* 0x22)
    let backslashes = word ^ (ones &* 0x5C)
    let special = word                                          // a byte >= 0x80
        | ((word &- ones &* 0x20) & ~word)                      // a byte < 0x20
        | ((quotes &- ones) & ~quotes)                          // a '"'
        | ((backslashes &- ones) & ~backslashes)                // a '\\'
    return special & highs
}

/// At least four lowercase hex digits, zero-padded.
private func hex4String(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// The key as it would be written in JSON, shortened so a huge key cannot flood a message.
private func quotedForMessage(_ key: String) -> String {
    let limit = 60
    let shown = key.unicodeScalars.count > limit ? String(String.UnicodeScalarView(key.unicodeScalars.prefix(limit))) + "…" : key
    var bytes: [UInt8] = []
    appendCanonicalJSONString(shown, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// A LIFO work stack that starts in memory the caller provides (stack memory) and moves to the
/// heap only if it outgrows it. Containers take their elements out by moving them, so building
/// a value costs no reference counting beyond the value's own.
private struct ScratchStack<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int
    private var onHeap = false

    init(_ initial: UnsafeMutableBufferPointer<Element>) {
        base = initial.baseAddress!
        capacity = initial.count
    }

    var top: Element {
        @inline(__always) get { base[count - 1] }
    }

    @inline(__always)
    mutating func push(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Pushes `element` by swapping it out of the caller's variable, which keeps `placeholder`;
    /// unlike a copy, this costs no reference counting.
    @inline(__always)
    mutating func push(taking element: inout Element, leaving placeholder: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: placeholder)
        swap(&base[count], &element)
        count += 1
    }

    @inline(__always)
    mutating func dropTop() {
        count -= 1
        (base + count).deinitialize(count: 1)
    }

    /// Moves the elements from `start` up into a new array.
    mutating func moveOut(from start: Int) -> [Element] {
        let n = count - start
        let source = base + start
        var result: [Element] = []
        result.reserveCapacity(n)
        for i in 0..<n {
            result.append((source + i).move())
        }
        count = start
        return result
    }

    /// Shrinks the stack to `start` after the caller has moved those elements out itself.
    @inline(__always)
    mutating func forgetMoved(downTo start: Int) {
        count = start
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        if onHeap { base.deallocate() }
        base = newBase
        capacity = newCapacity
        onHeap = true
    }

    /// Destroys the remaining elements and frees a heap block; the stack is empty afterwards.
    mutating func release() {
        base.deinitialize(count: count)
        count = 0
        if onHeap {
            base.deallocate()
            onHeap = false
        }
    }
}
