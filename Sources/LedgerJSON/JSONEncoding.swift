extension JSONValue {
    /// Canonical form: objects' keys sorted by their UTF-8 bytes, no insignificant whitespace, strings escaped minimally.
    public var canonicalString: String {
        String(decoding: canonicalBytes(), as: UTF8.self)
    }

    /// The canonical form's UTF-8 bytes, the exact bytes that get hashed.
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendCanonical(self, to: &out)
        return out
    }

    /// Serializes keeping object key order as built; `pretty` uses two-space indentation and newlines.
    public func serialized(pretty: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        if pretty {
            appendPretty(self, indent: 0, to: &out)
        } else {
            appendCompact(self, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Writers

private func appendCanonical(_ value: JSONValue, to out: inout [UInt8]) {
    switch value {
    case .array(let elements):
        out.append(0x5B)
        for (i, element) in elements.enumerated() {
            if i > 0 { out.append(0x2C) }
            appendCanonical(element, to: &out)
        }
        out.append(0x5D)
    case .object(let object):
        let members = object.storage
        out.append(0x7B)
        if isSortedByUTF8(members) {
            for i in members.indices {
                if i > 0 { out.append(0x2C) }
                appendQuoted(members[i].key, to: &out)
                out.append(0x3A)
                appendCanonical(members[i].value, to: &out)
            }
        } else {
            let order = members.indices.sorted { utf8Less(members[$0].key, members[$1].key) }
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(0x2C) }
                appendQuoted(members[i].key, to: &out)
                out.append(0x3A)
                appendCanonical(members[i].value, to: &out)
            }
        }
        out.append(0x7D)
    default:
        appendScalar(value, to: &out)
    }
}

private func isSortedByUTF8(_ members: [JSONObject.Element]) -> Bool {
    var i = 1
    while i < members.count {
        if !utf8Less(members[i - 1].key, members[i].key) { return false }
        i += 1
    }
    return true
}

private func appendCompact(_ value: JSONValue, to out: inout [UInt8]) {
    switch value {
    case .array(let elements):
        out.append(0x5B)
        for (i, element) in elements.enumerated() {
            if i > 0 { out.append(0x2C) }
            appendCompact(element, to: &out)
        }
        out.append(0x5D)
    case .object(let object):
        out.append(0x7B)
        for (i, member) in object.storage.enumerated() {
            if i > 0 { out.append(0x2C) }
            appendQuoted(member.key, to: &out)
            out.append(0x3A)
            appendCompact(member.value, to: &out)
        }
        out.append(0x7D)
    default:
        appendScalar(value, to: &out)
    }
}

private func appendPretty(_ value: JSONValue, indent: Int, to out: inout [UInt8]) {
    @inline(__always) func newline(_ level: Int) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: level * 2))
    }
    switch value {
    case .array(let elements) where !elements.isEmpty:
        out.append(0x5B)
        for (i, element) in elements.enumerated() {
            if i > 0 { out.append(0x2C) }
            newline(indent + 1)
            appendPretty(element, indent: indent + 1, to: &out)
        }
        newline(indent)
        out.append(0x5D)
    case .object(let object) where !object.isEmpty:
        out.append(0x7B)
        for (i, member) in object.storage.enumerated() {
            if i > 0 { out.append(0x2C) }
            newline(indent + 1)
            appendQuoted(member.key, to: &out)
            out.append(0x3A)
            out.append(0x20)
            appendPretty(member.value, indent: indent + 1, to: &out)
        }
        newline(indent)
        out.append(0x7D)
    default:
        appendCompact(value, to: &out)
    }
}

private func appendScalar(_ value: JSONValue, to out: inout [UInt8]) {
    switch value {
    case .null:
        appendASCII("null", to: &out)
    case .bool(let b):
        appendASCII(b ? "true" : "false", to: &out)
    case .int(let i):
        appendDecimal(i, to: &out)
    case .double(let d):
        if d.isFinite {
            // Swift's description is the shortest text that reads back to the same double,
            // and every finite form it prints ("1.0", "1e-05", "-0.0") is valid JSON.
            out.append(contentsOf: d.description.utf8)
        } else {
            // JSON has no spelling for NaN or infinity; the parser never produces them.
            appendASCII("null", to: &out)
        }
    case .string(let s):
        appendQuoted(s, to: &out)
    case .array, .object:
        preconditionFailure("containers are written by the caller")
    }
}

@inline(__always)
private func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
    out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

private func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
    if value < 0 { out.append(0x2D) }
    var magnitude = value.magnitude
    if magnitude < 10 {
        out.append(0x30 &+ UInt8(magnitude))
        return
    }
    // 20 digits hold any UInt64; fill from the right, then copy the used part.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
        var i = 20
        while magnitude > 0 {
            i -= 1
            digits[i] = 0x30 &+ UInt8(magnitude % 10)
            magnitude /= 10
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
    }
}

private let hexDigits: StaticString = "0123456789abcdef"

/// Writes `text` as a JSON string with the minimal escaping the canonical form prescribes.
internal func appendQuoted(_ text: String, to out: inout [UInt8]) {
    out.append(0x22)
    var text = text
    text.withUTF8 { utf8 in
        var runStart = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            out.append(0x5C)
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x08: out.append(0x62)  // b
            case 0x0C: out.append(0x66)  // f
            case 0x0A: out.append(0x6E)  // n
            case 0x0D: out.append(0x72)  // r
            case 0x09: out.append(0x74)  // t
            default:
                out.append(contentsOf: [0x75, 0x30, 0x30])  // u00
                out.append(hexDigits.utf8Start[Int(b >> 4)])
                out.append(hexDigits.utf8Start[Int(b & 0x0F)])
            }
            runStart = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }
    out.append(0x22)
}
