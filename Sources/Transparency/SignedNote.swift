import Crypto

// C2SP signed-note (c2sp.org/signed-note) with Ed25519 keys, the format Go's sumdb/note and
// every tlog witness read: a note is text ending in a newline, a blank line, then signature
// lines `— NAME BASE64(key id ‖ signature)`. A key's id is the first four bytes of
// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).

/// A verifier key: `NAME+KEYID+BASE64(0x01 ‖ Ed25519 public key)`.
public struct NoteVerifier: Sendable, Equatable {
    public let name: String
    public let keyID: UInt32
    public let publicKey: [UInt8]

    /// Ed25519's algorithm byte in signed-note keys.
    static let ed25519: UInt8 = 0x01

    public init(name: String, publicKey: [UInt8]) throws(ProofFailure) {
        try Self.checkName(name)
        guard publicKey.count == 32 else { throw ProofFailure("an Ed25519 public key is 32 bytes, not \(publicKey.count)") }
        self.name = name
        self.publicKey = publicKey
        keyID = Self.keyID(name: name, algorithmAndKey: [Self.ed25519] + publicKey)
    }

    /// Parses `NAME+KEYID+BASE64`, as `docledger key generate` writes PREFIX.pub.
    public init(parsing text: String) throws(ProofFailure) {
        let text = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw ProofFailure("a verifier key is NAME+KEYID+KEY (as in the .pub file), this is not one") }
        guard let id = Self.parseKeyID(parts[1]) else { throw ProofFailure("the key id of a verifier key is 8 lowercase hex digits, not \"\(parts[1])\"") }
        guard let key = Base64.decode(parts[2]), key.count == 33, key[0] == Self.ed25519 else {
            throw ProofFailure("the verifier key is not base64 of an Ed25519 key (0x01 and 32 bytes)")
        }
        try self.init(name: String(parts[0]), publicKey: Array(key[1...]))
        guard keyID == id else { throw ProofFailure("the verifier key's id \(parts[1]) is not the id of its name and key; the .pub file was altered") }
    }

    /// `NAME+KEYID+BASE64(0x01 ‖ key)`.
    public var encoded: String { "\(name)+\(Self.hexID(keyID))+\(Base64.encode([Self.ed25519] + publicKey))" }

    /// Checks one Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    static func keyID(name: String, algorithmAndKey: [UInt8]) -> UInt32 {
        var sha = SHA256()
        sha.update(data: Array(name.utf8) + [0x0A])
        sha.update(data: algorithmAndKey)
        let digest = Array(sha.finalize())
        return UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
    }

    static func hexID(_ id: UInt32) -> String {
        hex([UInt8(id >> 24 & 255), UInt8(id >> 16 & 255), UInt8(id >> 8 & 255), UInt8(id & 255)])
    }

    static func parseKeyID(_ text: Substring) -> UInt32? {
        guard text.utf8.count == 8, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return UInt32(text, radix: 16)
    }

    /// A key name: not empty, no spaces, no `+`, no control characters (signed-note's rule).
    static func checkName(_ name: String) throws(ProofFailure) {
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ProofFailure("a key name must be non-empty, without spaces, '+' or control characters (e.g. ubnd.kiengiang.gov.vn/docledger), not \"\(name)\"")
        }
    }
}

/// A signing key: `PRIVATE+KEY+NAME+KEYID+BASE64(0x01 ‖ Ed25519 seed)`.
public struct NoteSigner: Sendable {
    public let verifier: NoteVerifier
    let seed: [UInt8]

    public var name: String { verifier.name }
    /// The key id as 8 lowercase hex digits.
    public var keyIDHex: String { NoteVerifier.hexID(verifier.keyID) }

    /// A new key from the system's random generator.
    public static func generate(name: String) throws(ProofFailure) -> NoteSigner {
        let key = Curve25519.Signing.PrivateKey()
        return try NoteSigner(name: name, seed: Array(key.rawRepresentation))
    }

    public init(name: String, seed: [UInt8]) throws(ProofFailure) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw ProofFailure("an Ed25519 seed is 32 bytes, not \(seed.count)")
        }
        self.seed = seed
        verifier = try NoteVerifier(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// Parses `PRIVATE+KEY+NAME+KEYID+BASE64`, as PREFIX.key holds it.
    public init(parsing text: String) throws(ProofFailure) {
        let text = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let parts = text.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw ProofFailure("a signing key is PRIVATE+KEY+NAME+KEYID+KEY (as `docledger key generate` writes PREFIX.key), this is not one")
        }
        guard let id = NoteVerifier.parseKeyID(parts[3]) else { throw ProofFailure("the key id of a signing key is 8 lowercase hex digits, not \"\(parts[3])\"") }
        guard let key = Base64.decode(parts[4]), key.count == 33, key[0] == NoteVerifier.ed25519 else {
            throw ProofFailure("the signing key is not base64 of an Ed25519 seed (0x01 and 32 bytes)")
        }
        try self.init(name: String(parts[2]), seed: Array(key[1...]))
        guard verifier.keyID == id else { throw ProofFailure("the signing key's id \(parts[3]) is not the id of its name and key; the .key file was altered") }
    }

    /// `PRIVATE+KEY+NAME+KEYID+BASE64(0x01 ‖ seed)`.
    public var encoded: String {
        "PRIVATE+KEY+\(name)+\(NoteVerifier.hexID(verifier.keyID))+\(Base64.encode([NoteVerifier.ed25519] + seed))"
    }

    /// The note: `text`, a blank line, and this key's signature line.
    public func sign(text: String) throws(ProofFailure) -> String {
        try SignedNote.checkText(text)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed),
              let signature = try? key.signature(for: Array(text.utf8)) else {
            throw ProofFailure("the signing key could not sign")
        }
        return text + "\n" + SignedNote.signatureLine(name: name, keyID: verifier.keyID, signature: Array(signature))
    }
}

/// A signed note opened with a verifier: its text, once a signature of that key checks.
public enum SignedNote {
    static let dash = "\u{2014} "

    static func signatureLine(name: String, keyID: UInt32, signature: [UInt8]) -> String {
        let id = [UInt8(keyID >> 24 & 255), UInt8(keyID >> 16 & 255), UInt8(keyID >> 8 & 255), UInt8(keyID & 255)]
        return dash + name + " " + Base64.encode(id + signature) + "\n"
    }

    /// A note's text: UTF-8 lines, each ending in a newline, no empty line, no control
    /// character other than the newlines.
    static func checkText(_ text: String) throws(ProofFailure) {
        guard !text.isEmpty, text.hasSuffix("\n") else { throw ProofFailure("a note's text must end with a newline") }
        guard !text.contains("\n\n"), !text.hasPrefix("\n") else { throw ProofFailure("a note's text cannot contain an empty line") }
        guard !text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }) else {
            throw ProofFailure("a note's text cannot contain control characters")
        }
    }

    /// The text of `note` when it carries a valid signature by `verifier`. Signatures by other
    /// keys are ignored, as signed-note says; a signature line that claims this key's name and
    /// id but does not verify fails, and so does a note without any signature of the key.
    public static func open(_ note: String, verifier: NoteVerifier) throws(ProofFailure) -> String {
        let (text, signatures) = try split(note)
        var found = false
        for line in signatures.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix(dash) else { throw ProofFailure("a signature line of the note does not start with \"— \"") }
            let rest = line.dropFirst(dash.count)
            guard let space = rest.lastIndex(of: " ") else { throw ProofFailure("a signature line of the note has no signature") }
            let name = rest[..<space]
            guard let blob = Base64.decode(rest[rest.index(after: space)...]), blob.count >= 5 else {
                throw ProofFailure("a signature of the note is not base64 of a key id and a signature")
            }
            let id = UInt32(blob[0]) << 24 | UInt32(blob[1]) << 16 | UInt32(blob[2]) << 8 | UInt32(blob[3])
            guard name == verifier.name, id == verifier.keyID else { continue }
            guard blob.count == 68, verifier.isValidSignature(Array(blob[4...]), of: Array(text.utf8)) else {
                throw ProofFailure("the signature of \(verifier.name) (key \(NoteVerifier.hexID(id))) does not verify: the note was altered after it was signed")
            }
            found = true
        }
        guard found else {
            throw ProofFailure("the note carries no signature of \(verifier.name) with key \(NoteVerifier.hexID(verifier.keyID)); it was signed by another key")
        }
        return text
    }

    /// The text of a note, its signatures unchecked (for the ledger, which compares the text
    /// with its own tree; the inspector checks the signature).
    public static func unverifiedText(_ note: String) throws(ProofFailure) -> String {
        try split(note).text
    }

    static func split(_ note: String) throws(ProofFailure) -> (text: String, signatures: String) {
        let bytes = Array(note.utf8)
        guard bytes.last == 0x0A else { throw ProofFailure("the note does not end with a newline (it was cut or altered)") }
        // The text ends at the last blank line: text, "\n", the signature lines.
        var split: Int? = nil
        var i = bytes.count - 2
        while i >= 1 {
            if bytes[i] == 0x0A && bytes[i - 1] == 0x0A { split = i; break }
            i -= 1
        }
        guard let split else { throw ProofFailure("the note has no signature block (no blank line before its signatures)") }
        let text = String(decoding: bytes[..<split], as: UTF8.self)
        guard Array(text.utf8) == Array(bytes[..<split]) else { throw ProofFailure("the note is not valid UTF-8") }
        try checkText(text)
        return (text, String(decoding: bytes[(split + 1)...], as: UTF8.self))
    }
}

/// A C2SP tlog-checkpoint body: origin, tree size, base64 root hash, each on its own line.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: Int64
    public let root: [UInt8]

    public init(origin: String, size: Int64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// `ORIGIN\nSIZE\nBASE64(ROOT)\n`.
    public var text: String { "\(origin)\n\(size)\n\(Base64.encode(root))\n" }

    /// Parses a checkpoint's text (extension lines after the third are allowed and ignored).
    public init(text: String) throws(ProofFailure) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "" else { throw ProofFailure("a checkpoint is at least three lines: origin, tree size, root hash") }
        guard !lines[0].isEmpty else { throw ProofFailure("the checkpoint's origin line is empty") }
        let sizeText = lines[1]
        guard !sizeText.isEmpty, sizeText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), sizeText == "0" || !sizeText.hasPrefix("0"),
              let size = Int64(sizeText) else {
            throw ProofFailure("the checkpoint's second line is not a tree size in decimal: \"\(sizeText)\"")
        }
        guard let root = Base64.decode(lines[2]), root.count == Merkle.hashSize else {
            throw ProofFailure("the checkpoint's third line is not the base64 of a 32-byte root hash")
        }
        self.init(origin: String(lines[0]), size: size, root: root)
    }

    /// A signed checkpoint: checks the note's signature with `verifier`, then its origin (the
    /// key's name) and its body.
    public static func open(_ note: String, verifier: NoteVerifier) throws(ProofFailure) -> Checkpoint {
        let checkpoint = try Checkpoint(text: SignedNote.open(note, verifier: verifier))
        guard checkpoint.origin == verifier.name else {
            throw ProofFailure("the checkpoint's origin is \"\(checkpoint.origin)\", not the key's \"\(verifier.name)\"")
        }
        return checkpoint
    }
}
