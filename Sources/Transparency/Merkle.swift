import Crypto

/// RFC 9162 §2.1: the Merkle tree hash of a log. Leaf hash = SHA-256(0x00 ‖ leaf), node hash =
/// SHA-256(0x01 ‖ left ‖ right); the tree of n > 1 leaves splits at k, the largest power of two
/// smaller than n. Hashes are 32-byte arrays.
public enum Merkle {
    public static let hashSize = 32

    /// Lowercase hex of a hash, as the messages print it.
    public static func hexString(_ bytes: [UInt8]) -> String { hex(bytes) }

    /// SHA-256(0x00 ‖ leaf).
    public static func leafHash<Bytes: Sequence>(_ leaf: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        hash([0x00] + Array(leaf))
    }

    /// SHA-256(0x00 ‖ the UTF-8 bytes of `line`).
    public static func leafHash(line: String) -> [UInt8] {
        leafHash(Array(line.utf8))
    }

    /// SHA-256 of `bytes`, in one call (the prefix byte already in them).
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var sha = SHA256()
        bytes.withUnsafeBytes { sha.update(bufferPointer: $0) }
        return Array(sha.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right), hashed from one 65-byte buffer on the stack (any other
    /// lengths, which no tree holds, hashed piece by piece).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        guard left.count == hashSize, right.count == hashSize else {
            var sha = SHA256()
            sha.update(data: [0x01])
            sha.update(data: left)
            sha.update(data: right)
            return Array(sha.finalize())
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + 2 * hashSize) { buffer in
            buffer[0] = 0x01
            _ = UnsafeMutableBufferPointer(rebasing: buffer[1...hashSize]).initialize(from: left)
            _ = UnsafeMutableBufferPointer(rebasing: buffer[(1 + hashSize)...]).initialize(from: right)
            var sha = SHA256()
            sha.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return Array(sha.finalize())
        }
    }

    /// The root of the empty tree: SHA-256 of nothing.
    public static var emptyRoot: [UInt8] { Array(SHA256.hash(data: [UInt8]())) }

    /// The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree.
    public static func split(_ n: Int64) -> Int64 {
        precondition(n >= 2)
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The root of a list of leaf hashes, computed from scratch (for tests and small trees).
    public static func root(leafHashes: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leafHashes.count {
        case 0: return emptyRoot
        case 1: return leafHashes.first!
        default:
            let k = Int(split(Int64(leafHashes.count)))
            let start = leafHashes.startIndex
            return nodeHash(root(leafHashes: leafHashes[start..<start + k]), root(leafHashes: leafHashes[(start + k)...]))
        }
    }

    // MARK: Proofs from a source of subtree hashes

    /// The inclusion proof of leaf `index` in the tree of the first `size` leaves (RFC 9162
    /// §2.1.3.1), built from `subtree(start, end)`, the hash of leaves start..<end.
    public static func inclusionProof(index: Int64, size: Int64,
                                      subtree: (Int64, Int64) throws -> [UInt8]) throws -> [[UInt8]] {
        precondition(index >= 0 && index < size)
        var path: [[UInt8]] = []
        func walk(_ m: Int64, _ start: Int64, _ end: Int64) throws {
            let n = end - start
            guard n > 1 else { return }
            let k = split(n)
            if m < k {
                try walk(m, start, start + k)
                path.append(try subtree(start + k, end))
            } else {
                try walk(m - k, start + k, end)
                path.append(try subtree(start, start + k))
            }
        }
        try walk(index, 0, size)
        return path
    }

    /// The consistency proof between the trees of the first `oldSize` and `newSize` leaves
    /// (RFC 9162 §2.1.4.1), 0 < oldSize ≤ newSize.
    public static func consistencyProof(oldSize: Int64, newSize: Int64,
                                        subtree: (Int64, Int64) throws -> [UInt8]) throws -> [[UInt8]] {
        precondition(oldSize > 0 && oldSize <= newSize)
        var proof: [[UInt8]] = []
        func subproof(_ m: Int64, _ start: Int64, _ end: Int64, _ complete: Bool) throws {
            let n = end - start
            if m == n {
                if !complete { proof.append(try subtree(start, end)) }
                return
            }
            let k = split(n)
            if m <= k {
                try subproof(m, start, start + k, complete)
                proof.append(try subtree(start + k, end))
            } else {
                try subproof(m - k, start + k, end, false)
                proof.append(try subtree(start, start + k))
            }
        }
        try subproof(oldSize, 0, newSize, true)
        return proof
    }

    // MARK: Verification (RFC 9162 §2.1.3.2 and §2.1.4.2)

    /// The root an inclusion proof gives for `leafHash` at `index` in a tree of `size`, or why
    /// the proof cannot be one.
    public static func rootFromInclusionProof(index: Int64, size: Int64, leafHash: [UInt8],
                                              proof: [[UInt8]]) throws(ProofFailure) -> [UInt8] {
        guard index >= 0, index < size else {
            throw ProofFailure("leaf index \(index) is not in a tree of \(size) leaves")
        }
        guard leafHash.count == hashSize else { throw ProofFailure("the leaf hash is \(leafHash.count) bytes, not 32") }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            guard p.count == hashSize else { throw ProofFailure("an inclusion proof hash is \(p.count) bytes, not 32") }
            guard sn != 0 else { throw ProofFailure("the inclusion proof has \(proof.count) hashes, more than a tree of \(size) leaves needs") }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw ProofFailure("the inclusion proof has \(proof.count) hashes, fewer than a tree of \(size) leaves needs") }
        return r
    }

    /// Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(index: Int64, size: Int64, leafHash: [UInt8], proof: [[UInt8]],
                                       root: [UInt8]) throws(ProofFailure) {
        let computed = try rootFromInclusionProof(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else {
            throw ProofFailure("the inclusion proof leads to root \(hex(computed)), not the checkpoint's \(hex(root))")
        }
    }

    /// Checks that the tree of `newSize` leaves with root `newRoot` extends the tree of
    /// `oldSize` leaves with root `oldRoot` (its first `oldSize` leaves are that tree's).
    public static func verifyConsistency(oldSize: Int64, newSize: Int64, oldRoot: [UInt8], newRoot: [UInt8],
                                         proof: [[UInt8]]) throws(ProofFailure) {
        guard oldSize >= 0, oldSize <= newSize else {
            throw ProofFailure("the old tree (\(oldSize) leaves) is larger than the new one (\(newSize)): a log never shrinks")
        }
        guard oldRoot.count == hashSize, newRoot.count == hashSize else { throw ProofFailure("a root is not 32 bytes") }
        if oldSize == newSize {
            guard proof.isEmpty else { throw ProofFailure("trees of the same size need an empty consistency proof, not \(proof.count) hashes") }
            guard oldRoot == newRoot else {
                throw ProofFailure("two trees of \(oldSize) leaves have different roots (\(hex(oldRoot)) and \(hex(newRoot))): the log was rewritten")
            }
            return
        }
        if oldSize == 0 {
            guard proof.isEmpty else { throw ProofFailure("the empty tree needs an empty consistency proof") }
            return
        }
        guard !proof.isEmpty else { throw ProofFailure("the consistency proof is empty") }
        for p in proof where p.count != hashSize {
            throw ProofFailure("a consistency proof hash is \(p.count) bytes, not 32")
        }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw ProofFailure("the consistency proof has \(proof.count) hashes, more than these sizes need") }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw ProofFailure("the consistency proof has \(proof.count) hashes, fewer than these sizes need") }
        guard fr == oldRoot else {
            throw ProofFailure("the consistency proof does not lead to the old root \(hex(oldRoot)) (it gives \(hex(fr))): the first \(oldSize) events are not the ones signed then")
        }
        guard sr == newRoot else {
            throw ProofFailure("the consistency proof does not lead to the new root \(hex(newRoot)) (it gives \(hex(sr)))")
        }
    }
}

/// Why a proof, a checkpoint or a signature does not verify: one sentence.
public struct ProofFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Lowercase hex of bytes.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
