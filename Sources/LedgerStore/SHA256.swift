import Crypto

/// SHA-256 for the chain, the sessions and the proofs: swift-crypto's (BoringSSL, which uses the
/// CPU's SHA instructions where it has them), fed incrementally. The digest is the standard one:
/// the bytes of every hash stored in a ledger are unchanged by the library under them.
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    /// A hasher with the initial hash value.
    public init() {}

    /// Feeds these bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// Feeds these bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// Feeds the string's UTF-8.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// Finishes and returns the 32-byte digest; the value must not be used after.
    public mutating func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// Finishes and writes the 32-byte digest to `out`, allocating nothing; the value must not be used after.
    public mutating func finalize(into out: UnsafeMutableRawBufferPointer) {
        hasher.finalize().withUnsafeBytes { out.copyMemory(from: $0) }
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
