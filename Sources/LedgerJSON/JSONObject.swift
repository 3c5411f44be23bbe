/// A JSON object: ordered (key, value) pairs with unique keys.
///
/// Keys are told apart by their UTF-8 bytes, not by Swift's Unicode-aware `==`, so an NFC key
/// and its NFD spelling are two different keys, as they are in the canonical bytes. Equality
/// ignores key order, as JSON does.
public struct JSONObject: Equatable, Sendable, Sequence {
    /// A member as the sequence yields it.
    public typealias Element = (key: String, value: JSONValue)

    // Kept as tuples so `pairs` hands out the storage itself; a struct element would parse about
    // 4% faster but make every `pairs` call copy.
    internal var storage: [Element]

    /// An empty object.
    public init() {
        storage = []
    }

    /// An object with these pairs in this order; the keys must be unique.
    public init(_ pairs: [(String, JSONValue)]) {
        precondition(hasUniqueKeys(pairs.lazy.map { $0.0 }), "JSONObject keys must be unique")
        storage = pairs.map { (key: $0.0, value: $0.1) }
    }

    /// Takes members already known to have unique keys (the parser checks them as it reads).
    internal init(uniqueMembers: [Element]) {
        storage = uniqueMembers
    }

    /// The members in their order.
    public var pairs: [(key: String, value: JSONValue)] { storage }

    /// The keys in their order.
    public var keys: [String] { storage.map(\.key) }

    /// The number of members.
    public var count: Int { storage.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { storage.isEmpty }

    /// The value for `key`; setting appends a new key, replaces an existing one in place, and `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = index(of: key) else { return nil }
            return storage[i].value
        }
        set {
            if let i = index(of: key) {
                if let newValue {
                    storage[i].value = newValue
                } else {
                    storage.remove(at: i)
                }
            } else if let newValue {
                storage.append((key: key, value: newValue))
            }
        }
    }

    /// Iterates the members in their order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        storage.makeIterator()
    }

    /// The number of members, which iteration yields exactly.
    public var underestimatedCount: Int { storage.count }

    private func index(of key: String) -> Int? {
        storage.firstIndex { utf8Equal($0.key, key) }
    }

    /// The same members, compared by key bytes and exact values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.storage.count == rhs.storage.count else { return false }
        // Same order is the common case (values from one source); it needs no lookups.
        var sameOrder = true
        for (l, r) in zip(lhs.storage, rhs.storage) where !utf8Equal(l.key, r.key) {
            sameOrder = false
            break
        }
        if sameOrder {
            for (l, r) in zip(lhs.storage, rhs.storage) where l.value != r.value {
                return false
            }
            return true
        }
        if lhs.storage.count <= 16 {
            for (key, value) in lhs {
                guard let other = rhs[key], other == value else { return false }
            }
            return true
        }
        var byKey: [UTF8Key: JSONValue] = [:]
        byKey.reserveCapacity(rhs.storage.count)
        for (key, value) in rhs {
            byKey[UTF8Key(key)] = value
        }
        for (key, value) in lhs {
            guard let other = byKey[UTF8Key(key)], other == value else { return false }
        }
        return true
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from a literal, keeping the written key order; keys must be unique.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    /// The compact serialization, keeping key order as built.
    public var description: String { JSONValue.object(self).serialized() }
}
