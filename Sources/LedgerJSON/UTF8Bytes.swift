// Byte-level string helpers. Swift's String `==` and `<` follow Unicode canonical equivalence,
// but JSON keys and the canonical key order are defined on the raw UTF-8 bytes.

/// Calls `body` with the string's UTF-8 in contiguous memory (native strings need no copy).
@inline(__always)
internal func withUTF8Bytes<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = string
    return copy.withUTF8(body)
}

@inline(__always)
internal func utf8Equal(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    return withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in x.elementsEqual(y) } }
}

/// Whether `a` sorts before `b` by UTF-8 bytes, which is also Unicode code point order.
@inline(__always)
internal func utf8Less(_ a: String, _ b: String) -> Bool {
    // Keys usually differ in their first byte, which needs no buffer access at all.
    if let p = a.utf8.first, let q = b.utf8.first, p != q { return p < q }
    return withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in bytesLess(x, y) } }
}

@inline(__always)
internal func bytesLess(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    let common = min(x.count, y.count)
    var i = 0
    while i < common {
        let p = x[i], q = y[i]
        if p != q { return p < q }
        i += 1
    }
    return x.count < y.count
}

/// A string from bytes already known to be well-formed UTF-8.
@inline(__always)
internal func makeString(validated bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
    if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
        // `String(decoding:as:)` would validate a second time; for non-ASCII text that second
        // pass costs as much as the parser's whole scan.
        return String(copying: unsafe UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// A string key hashed and compared by its UTF-8 bytes (exact, no Unicode normalisation:
/// hashing a non-ASCII `String` normalises it again at every lookup).
public struct UTF8Key: Hashable, Sendable {
    public let string: String

    public init(_ string: String) {
        self.string = string
    }

    public static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        utf8Equal(lhs.string, rhs.string)
    }

    public func hash(into hasher: inout Hasher) {
        withUTF8Bytes(string) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

internal func hasUniqueKeys(_ keys: some Collection<String>) -> Bool {
    if keys.count <= 16 {
        var seen: [String] = []
        seen.reserveCapacity(keys.count)
        for key in keys {
            if seen.contains(where: { utf8Equal($0, key) }) { return false }
            seen.append(key)
        }
        return true
    }
    var seen = Set<UTF8Key>(minimumCapacity: keys.count)
    for key in keys where !seen.insert(UTF8Key(key)).inserted {
        return false
    }
    return true
}
