import Testing
import Transparency

/// A tree in memory with the stored tree's shape (every complete subtree by its last leaf and
/// level), so that proofs of every size are cheap to make in a test.
struct MemoryTree {
    var leaves: [[UInt8]] = []
    var nodes: [Int64: [[UInt8]]] = [:]   // last leaf → hashes by level

    mutating func append(_ leafHash: [UInt8]) {
        let index = Int64(leaves.count)
        leaves.append(leafHash)
        var hash = leafHash
        var column = [hash]
        var level: Int64 = 0
        while (index >> level) & 1 == 1 {
            hash = Merkle.nodeHash(nodes[index - (1 << level)]![Int(level)], hash)
            column.append(hash)
            level += 1
        }
        nodes[index] = column
    }

    func subtree(_ start: Int64, _ end: Int64) -> [UInt8] {
        let n = end - start
        if n & (n - 1) == 0 && start % n == 0 { return nodes[end - 1]![n.trailingZeroBitCount] }
        let k = Merkle.split(n)
        return Merkle.nodeHash(subtree(start, start + k), subtree(start + k, end))
    }

    func root(_ size: Int64) -> [UInt8] { size == 0 ? Merkle.emptyRoot : subtree(0, size) }
    func inclusion(_ index: Int64, _ size: Int64) -> [[UInt8]] {
        try! Merkle.inclusionProof(index: index, size: size) { subtree($0, $1) }
    }
    func consistency(_ old: Int64, _ new: Int64) -> [[UInt8]] {
        try! Merkle.consistencyProof(oldSize: old, newSize: new) { subtree($0, $1) }
    }
}

func unhex(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(text.utf8)[...]
    while chars.count >= 2 {
        out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
        chars = chars.dropFirst(2)
    }
    return out
}

/// `proof` with one bit of one of its hashes changed, in every way.
func singleBitChanges(of proof: [[UInt8]]) -> [[[UInt8]]] {
    proof.indices.flatMap { position in
        singleBitChanges(proof[position]).map { changed in
            var bad = proof
            bad[position] = changed
            return bad
        }
    }
}

/// Every copy of `bytes` with exactly one bit changed.
func singleBitChanges(_ bytes: [UInt8]) -> [[UInt8]] {
    var out: [[UInt8]] = []
    for i in bytes.indices {
        for bit in 0..<8 {
            var changed = bytes
            changed[i] ^= 1 << bit
            out.append(changed)
        }
    }
    return out
}

@Suite("Merkle tree (RFC 6962 / RFC 9162)")
struct MerkleTests {
    // The reference test tree of RFC 6962's implementations (Certificate Transparency, Trillian,
    // transparency-dev/merkle): eight leaves, the roots of every prefix and proofs in it.
    static let leaves: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                    "606162636465666768696a6b6c6d6e6f"].map(unhex)
    static let roots: [String] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    // (leaf index 0-based, tree size, proof)
    static let inclusionVectors: [(Int64, Int64, [String])] = [
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]
    // (old size, new size, proof)
    static let consistencyVectors: [(Int64, Int64, [String])] = [
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    static var referenceTree: MemoryTree {
        var tree = MemoryTree()
        for leaf in leaves { tree.append(Merkle.leafHash(leaf)) }
        return tree
    }

    @Test("the roots of the reference tree, of every size 0…8")
    func referenceRoots() {
        #expect(Merkle.hexString(Merkle.emptyRoot) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let tree = Self.referenceTree
        for size in 1...8 {
            #expect(Merkle.hexString(tree.root(Int64(size))) == Self.roots[size - 1], "size \(size)")
            let hashes = Self.leaves[..<size].map { Merkle.leafHash($0) }
            #expect(Merkle.hexString(Merkle.root(leafHashes: hashes[...])) == Self.roots[size - 1], "size \(size), from scratch")
        }
    }

    @Test("the reference inclusion proofs: made exactly so, and verified")
    func referenceInclusion() throws {
        let tree = Self.referenceTree
        for (index, size, proof) in Self.inclusionVectors {
            let expected = proof.map(unhex)
            #expect(tree.inclusion(index, size) == expected, "leaf \(index) of \(size)")
            try Merkle.verifyInclusion(index: index, size: size, leafHash: Merkle.leafHash(Self.leaves[Int(index)]),
                                       proof: expected, root: unhex(Self.roots[Int(size) - 1]))
        }
    }

    @Test("the reference consistency proofs: made exactly so, and verified")
    func referenceConsistency() throws {
        let tree = Self.referenceTree
        for (old, new, proof) in Self.consistencyVectors {
            let expected = proof.map(unhex)
            #expect(tree.consistency(old, new) == expected, "\(old) → \(new)")
            try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: unhex(Self.roots[Int(old) - 1]),
                                         newRoot: unhex(Self.roots[Int(new) - 1]), proof: expected)
        }
    }

    @Test("a node hash is SHA-256(0x01 ‖ left ‖ right), for hashes of 32 bytes and for any other lengths")
    func nodeHashDefinition() {
        let a = Merkle.leafHash([1]), b = Merkle.leafHash([2])
        #expect(Merkle.nodeHash(a, b) == Merkle.hash([0x01] + a + b))
        #expect(Merkle.nodeHash(b, a) != Merkle.nodeHash(a, b))
        for (left, right) in [([UInt8](), [UInt8]()), ([1, 2, 3], a), (a + [0], b)] {
            #expect(Merkle.nodeHash(left, right) == Merkle.hash([0x01] + left + right))
        }
    }

    @Test("the reference edge cases: sizes 0 and equal sizes, a log that shrinks, an empty proof")
    func referenceEdges() {
        let a = Merkle.leafHash([1]), b = Merkle.leafHash([2])
        #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: a, newRoot: b, proof: []) }
        #expect(throws: Never.self) { try Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: a, newRoot: a, proof: []) }
        #expect(throws: Never.self) { try Merkle.verifyConsistency(oldSize: 0, newSize: 1, oldRoot: a, newRoot: b, proof: []) }
        #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: 2, newSize: 1, oldRoot: a, newRoot: b, proof: []) }
        #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: 1, newSize: 2, oldRoot: a, newRoot: b, proof: []) }
        #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: a, newRoot: a, proof: [Merkle.emptyRoot]) }
        #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: 0, size: 0, leafHash: a, proof: [], root: a) }
        #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: 1, size: 1, leafHash: a, proof: [], root: a) }
        #expect(throws: Never.self) { try Merkle.verifyInclusion(index: 0, size: 1, leafHash: a, proof: [], root: a) }
    }

    static let big: MemoryTree = {
        var tree = MemoryTree()
        for i in 0..<300 { tree.append(Merkle.leafHash(Array("leaf \(i)".utf8))) }
        return tree
    }()

    @Test("every tree size 1…300: the root is RFC 9162's, every leaf's inclusion proof verifies (and not for another leaf)")
    func everyInclusion() throws {
        let tree = Self.big
        for size in Int64(1)...300 {
            let root = tree.root(size)
            #expect(root == Merkle.root(leafHashes: tree.leaves[..<Int(size)]), "size \(size)")
            for index in 0..<size {
                let proof = tree.inclusion(index, size)
                try Merkle.verifyInclusion(index: index, size: size, leafHash: tree.leaves[Int(index)], proof: proof, root: root)
                let other = tree.leaves[Int((index + 1) % 300)]
                #expect(throws: ProofFailure.self, "leaf \(index) of \(size): another leaf") {
                    try Merkle.verifyInclusion(index: index, size: size, leafHash: other, proof: proof, root: root)
                }
            }
        }
    }

    @Test("every pair of sizes 1 ≤ m ≤ n ≤ 300: the consistency proof verifies, and not against another old root")
    func everyConsistency() throws {
        let tree = Self.big
        let roots = (0...300).map { tree.root(Int64($0)) }
        for new in Int64(1)...300 {
            for old in Int64(1)...new {
                let proof = tree.consistency(old, new)
                try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: roots[Int(old)], newRoot: roots[Int(new)], proof: proof)
                if old < new {
                    #expect(throws: ProofFailure.self, "\(old) → \(new) with the root of \(old - 1)") {
                        try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: roots[Int(old) - 1], newRoot: roots[Int(new)], proof: proof)
                    }
                }
            }
        }
    }

    static let flipSizes: [Int64] = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 64, 100, 127, 255, 256, 257, 300]

    @Test("every single-bit change of an inclusion proof, its leaf or its root is rejected", arguments: flipSizes)
    func inclusionBitFlips(size: Int64) {
        let tree = Self.big
        let root = tree.root(size)
        for index in Set([0, size / 2, size - 1, (size * 2) / 3]) {
            let leaf = tree.leaves[Int(index)], proof = tree.inclusion(index, size)
            for bad in singleBitChanges(of: proof) {
                #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: index, size: size, leafHash: leaf, proof: bad, root: root) }
            }
            for changed in singleBitChanges(leaf) {
                #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: index, size: size, leafHash: changed, proof: proof, root: root) }
            }
            for changed in singleBitChanges(root) {
                #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: index, size: size, leafHash: leaf, proof: proof, root: changed) }
            }
            // A proof one hash short or long, or for the wrong index or size.
            if !proof.isEmpty {
                #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: index, size: size, leafHash: leaf, proof: Array(proof.dropLast()), root: root) }
            }
            #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: index, size: size, leafHash: leaf, proof: proof + [root], root: root) }
            #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: index, size: size * 2, leafHash: leaf, proof: proof, root: root) }
            if index + 1 < size {
                #expect(throws: ProofFailure.self) { try Merkle.verifyInclusion(index: index + 1, size: size, leafHash: leaf, proof: proof, root: root) }
            }
        }
    }

    @Test("every single-bit change of a consistency proof or either root is rejected", arguments: flipSizes)
    func consistencyBitFlips(new: Int64) {
        let tree = Self.big
        let newRoot = tree.root(new)
        for old in Set([1, new / 2, new - 1, (new * 2) / 3].filter { $0 >= 1 && $0 < new }) {
            let oldRoot = tree.root(old), proof = tree.consistency(old, new)
            for bad in singleBitChanges(of: proof) {
                #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: bad) }
            }
            for changed in singleBitChanges(oldRoot) {
                #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: changed, newRoot: newRoot, proof: proof) }
            }
            for changed in singleBitChanges(newRoot) {
                #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: changed, proof: proof) }
            }
            #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: Array(proof.dropLast())) }
            #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof + [newRoot]) }
            #expect(throws: ProofFailure.self) { try Merkle.verifyConsistency(oldSize: old + 1, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof) }
        }
    }
}
