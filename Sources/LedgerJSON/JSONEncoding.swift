extension JSONValue {
    /// Canonical form: objects' keys sorted by their UTF-8 bytes, no insignificant whitespace, strings escaped minimally.
    public var canonicalString: String {
        var writer = ByteWriter()
        writer.writeCanonical(self)
        return writer.finishString()
    }

    /// Serializes keeping object key order as built; `pretty` uses two-space indentation and newlines.
    public func serialized(pretty: Bool = false) -> String {
        var writer = ByteWriter()
        if pretty {
            writer.writePretty(self, indent: 0)
        } else {
            writer.writeCompact(self)
        }
        return writer.finishString()
    }
}

/// Output in a heap block that doubles when full: every write is a store behind one capacity
/// check, and the result is copied out once at the end.
private struct ByteWriter {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// Most event lines fit without growing.
    init(capacity: Int = 512) {
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        self.capacity = capacity
    }

    mutating func finishBytes() -> [UInt8] {
        defer { base.deallocate() }
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    mutating func finishString() -> String {
        defer { base.deallocate() }
        // Only whole strings and ASCII punctuation went in, so the bytes are valid UTF-8.
        return makeString(validated: UnsafeBufferPointer(start: base, count: count), isASCII: false)
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(toAtLeast: count + extra) }
    }

    private mutating func grow(toAtLeast needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func write(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    private mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count &+= bytes.count
    }

    @inline(__always)
    private mutating func write(_ text: StaticString) {
        write(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Values

    mutating func writeCanonical(_ value: JSONValue) {
        switch value {
        case .array(let elements):
            write(0x5B)
            for i in elements.indices {
                if i > 0 { write(0x2C) }
                writeCanonical(elements[i])
            }
            write(0x5D)
        case .object(let object):
            write(0x7B)
            writeMembersSorted(object.storage)
            write(0x7D)
        default:
            writeScalar(value)
        }
    }

    private mutating func writeMembersSorted(_ members: [JSONObject.Element]) {
        var sorted = true
        var i = 1
        while i < members.count {
            if !utf8Less(members[i - 1].key, members[i].key) {
                sorted = false
                break
            }
            i += 1
        }
        if sorted {
            for i in members.indices {
                if i > 0 { write(0x2C) }
                writeQuoted(members[i].key)
                write(0x3A)
                writeCanonical(members[i].value)
            }
            return
        }
        // Sort an index list in scratch memory rather than the members themselves.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { scratch in
            var order = scratch
            for i in 0..<members.count { order.initializeElement(at: i, to: i) }
            order.sort { utf8Less(members[$0].key, members[$1].key) }
            for n in 0..<members.count {
                if n > 0 { write(0x2C) }
                let member = members[order[n]]
                writeQuoted(member.key)
                write(0x3A)
                writeCanonical(member.value)
            }
        }
    }

    mutating func writeCompact(_ value: JSONValue) {
        switch value {
        case .array(let elements):
            write(0x5B)
            for i in elements.indices {
                if i > 0 { write(0x2C) }
                writeCompact(elements[i])
            }
            write(0x5D)
        case .object(let object):
            write(0x7B)
            let members = object.storage
            for i in members.indices {
                if i > 0 { write(0x2C) }
                writeQuoted(members[i].key)
                write(0x3A)
                writeCompact(members[i].value)
            }
            write(0x7D)
        default:
            writeScalar(value)
        }
    }

    mutating func writePretty(_ value: JSONValue, indent: Int) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            write(0x5B)
            for i in elements.indices {
                if i > 0 { write(0x2C) }
                writeNewline(indent: indent + 1)
                writePretty(elements[i], indent: indent + 1)
            }
            writeNewline(indent: indent)
            write(0x5D)
        case .object(let object) where !object.isEmpty:
            write(0x7B)
            let members = object.storage
            for i in members.indices {
                if i > 0 { write(0x2C) }
                writeNewline(indent: indent + 1)
                writeQuoted(members[i].key)
                write(": ")
                writePretty(members[i].value, indent: indent + 1)
            }
            writeNewline(indent: indent)
            write(0x7D)
        default:
            writeCompact(value)
        }
    }

    private mutating func writeNewline(indent: Int) {
        reserve(1 + indent * 2)
        base[count] = 0x0A
        (base + count + 1).update(repeating: 0x20, count: indent * 2)
        count += 1 + indent * 2
    }

    private mutating func writeScalar(_ value: JSONValue) {
        switch value {
        case .null:
            write("null")
        case .bool(let b):
            write(b ? "true" : "false")
        case .int(let i):
            writeDecimal(i)
        case .double(let d):
            if d.isFinite {
                // Swift's description is the shortest text that reads back to the same double,
                // and every finite form it prints ("1.0", "1e-05", "-0.0") is valid JSON.
                withUTF8Bytes(d.description) { write($0) }
            } else {
                // JSON has no spelling for NaN or infinity; the parser never produces them.
                write("null")
            }
        case .string(let s):
            writeQuoted(s)
        case .array, .object:
            preconditionFailure("containers are written by the caller")
        }
    }

    private mutating func writeDecimal(_ value: Int64) {
        reserve(20)
        if value < 0 {
            base[count] = 0x2D
            count += 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var i = count + digits
        repeat {
            i -= 1
            base[i] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += digits
    }

    /// Writes `text` as a JSON string with the minimal escaping the canonical form prescribes.
    mutating func writeQuoted(_ text: String) {
        withUTF8Bytes(text) { utf8 in
            // Room for the common case of no escapes; escapes reserve as they go.
            reserve(utf8.count + 2)
            base[count] = 0x22
            count += 1
            scanForEscapes(utf8, run: { write($0) }, escape: { writeEscape($0) })
            write(0x22)
        }
    }

    mutating func writeEscape(_ b: UInt8) {
        switch b {
        case 0x22: write(#"\""#)
        case 0x5C: write(#"\\"#)
        case 0x08: write(#"\b"#)
        case 0x0C: write(#"\f"#)
        case 0x0A: write(#"\n"#)
        case 0x0D: write(#"\r"#)
        case 0x09: write(#"\t"#)
        default:
            write(#"\u00"#)
            let hex: StaticString = "0123456789abcdef"
            write(hex.utf8Start[Int(b >> 4)])
            write(hex.utf8Start[Int(b & 0x0F)])
        }
    }
}

/// For eight bytes (the first in the low byte), a mask whose lowest set bit marks the first
/// byte that needs escaping: `"`, `\` or a control character. Borrows in these bit tricks can
/// flag bytes above a real hit but never below it, so the lowest bit is exact.
@inline(__always)
private func escapeByteMask(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quotes = word ^ (ones &* 0x22)
    let backslashes = word ^ (ones &* 0x5C)
    let special = ((word &- ones &* 0x20) & ~word)              // a byte < 0x20
        | ((quotes &- ones) & ~quotes)                          // a '"'
        | ((backslashes &- ones) & ~backslashes)                // a '\'
    return special & highs
}

/// Calls `run` with each stretch of `utf8` that needs no escaping and `escape` with each byte
/// between them that does (`"`, `\`, a control character), in order.
@inline(__always)
private func scanForEscapes(_ utf8: UnsafeBufferPointer<UInt8>, run: (UnsafeBufferPointer<UInt8>) -> Void, escape: (UInt8) -> Void) {
    let n = utf8.count
    var i = 0
    var runStart = 0
    while i < n {
        if i &+ 8 <= n {
            // Skip eight bytes at a time while none needs escaping.
            let word = UInt64(littleEndian: UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self))
            let mask = escapeByteMask(word)
            if mask == 0 {
                i &+= 8
                continue
            }
            i &+= mask.trailingZeroBitCount >> 3
        }
        let b = utf8[i]
        if b < 0x20 || b == 0x22 || b == 0x5C {
            run(UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            escape(b)
            runStart = i + 1
        }
        i += 1
    }
    run(UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
}

/// Appends `text` to `out` as a JSON string in the canonical spelling (quoted, minimal escapes):
/// the bytes of `JSONValue.string(text).canonicalString`, without building that string. For
/// lines assembled from parts (the export line, hashed for every event appended).
public func appendCanonicalJSONString(_ text: String, to out: inout [UInt8]) {
    withUTF8Bytes(text) { utf8 in
        out.append(0x22)
        scanForEscapes(utf8, run: { out.append(contentsOf: $0) }, escape: { b in
            var writer = ByteWriter(capacity: 8)
            writer.writeEscape(b)
            out.append(contentsOf: writer.finishBytes())
        })
        out.append(0x22)
    }
}
