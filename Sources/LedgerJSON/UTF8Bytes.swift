// Byte-level string helpers. Swift's String `==` and `<` follow Unicode canonical equivalence,
// but JSON keys and the canonical key order are defined on the raw UTF-8 bytes.

@inline(__always)
internal func utf8Equal(_ a: String, _ b: String) -> Bool {
    let x = a.utf8, y = b.utf8
    return x.count == y.count && x.elementsEqual(y)
}

@inline(__always)
internal func utf8Less(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

/// A string key hashed and compared by its UTF-8 bytes.
internal struct UTF8Key: Hashable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        utf8Equal(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
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
