public import LedgerJSON

/// The office signed a checkpoint of its ledger (C2SP tlog-checkpoint, `docledger checkpoint`):
/// the Merkle tree of its first `size` events had root `root`. Recorded after the events it
/// covers, so the ledger remembers what it signed: the application checks that the root is its
/// tree's at that size when it appends the event, and `verify` checks it again.
public struct CheckpointSigned: Equatable, Sendable {
    /// The checkpoint's origin line: the signing key's name.
    public var origin: String
    /// The signing key's id (8 lowercase hex digits, as in its verifier key).
    public var keyID: String
    /// The number of events the checkpoint covers.
    public var size: Int
    /// The root hash of those events, base64 as in the checkpoint.
    public var root: String

    public init(origin: String, keyID: String, size: Int, root: String) {
        self.origin = origin
        self.keyID = keyID
        self.size = size
        self.root = root
    }

    /// The event's data.
    public var data: JSONObject {
        ["origin": .string(origin), "key_id": .string(keyID), "size": .int(Int64(size)), "root": .string(root)]
    }
}

extension CheckpointSigned {
    init(reading r: inout FieldReader) throws(DomainError) {
        origin = try r.text("origin")
        if origin.unicodeScalars.contains(where: { $0 == "+" || $0.properties.isWhitespace }) {
            throw DomainError(field: "data.origin", reason: "\"\(origin)\" is not a key name (no spaces or '+')")
        }
        keyID = try r.text("key_id")
        guard keyID.utf8.count == 8, keyID.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw DomainError(field: "data.key_id", reason: "\"\(keyID)\" is not a key id (8 lowercase hex digits)")
        }
        size = try r.int("size", in: 1...Int(Int32.max))
        root = try r.text("root")
        guard Self.isBase64Hash(root) else {
            throw DomainError(field: "data.root", reason: "is not the base64 of a 32-byte hash (44 characters ending in '=')")
        }
    }

    /// 32 bytes in padded base64: 43 characters of the alphabet, the last with its two low bits
    /// zero, then `=`.
    static func isBase64Hash(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        guard bytes.count == 44, bytes[43] == UInt8(ascii: "=") else { return false }
        for (i, c) in bytes[..<43].enumerated() {
            guard let value = alphabet.firstIndex(of: c) else { return false }
            if i == 42 && value & 3 != 0 { return false }
        }
        return true
    }
}
