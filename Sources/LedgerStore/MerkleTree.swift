public import Transparency

/// The stored Merkle tree over the log (`merkle_nodes`): every complete subtree's hash, keyed
/// by its last leaf and its level. Appends run inside the caller's write transaction (a rolled
/// back append leaves no node). Between appends of one transaction the tree's right edge (the
/// complete subtrees an append may merge with, at most log2(n)) is kept in memory, so an
/// append reads nothing; the caller forgets it (`forgetEdge`) when a write transaction begins
/// and when a savepoint is undone, and an append at a size other than the edge's reloads it.
public final class MerkleTree {
    public let db: Database
    private let insertStatement: Statement
    private let nodeStatement: Statement

    public init(db: Database) throws(SQLiteError) {
        self.db = db
        insertStatement = try db.prepare("INSERT INTO merkle_nodes (last_leaf, level, hash) VALUES (?, ?, ?)")
        nodeStatement = try db.prepare("SELECT hash FROM merkle_nodes WHERE last_leaf = ? AND level = ?")
    }

    /// The right edge as of `edgeSize` leaves: the complete subtrees of the binary
    /// decomposition of the size, largest first (levels strictly decreasing). -1: not loaded.
    private var edge: [(level: Int64, hash: [UInt8])] = []
    private var edgeSize: Int64 = -1

    /// Forget the right edge kept in memory (a write transaction begins, or a savepoint was undone).
    public func forgetEdge() {
        edgeSize = -1
        edge.removeAll(keepingCapacity: true)
    }

    /// Adds leaf `index` (the number of leaves before it) and the subtrees it completes:
    /// on average two rows, at most log2(n) + 1 rows, and no lookup once the edge is loaded
    /// (measured: an import's tree cost was one lookup an event more without it).
    public func append(leafHash: [UInt8], index: Int64) throws {
        if edgeSize != index { try loadEdge(size: index) }
        var hash = leafHash
        try insert(lastLeaf: index, level: 0, hash: hash)
        var level: Int64 = 0
        // Leaf `index` completes a subtree of 2^(level+1) leaves while the bits below are ones;
        // its left half is the edge's smallest subtree.
        while (index >> level) & 1 == 1 {
            guard let left = edge.popLast(), left.level == level else {
                forgetEdge()
                throw MerkleTreeDamaged(lastLeaf: index - (1 << level), level: level)
            }
            hash = Merkle.nodeHash(left.hash, hash)
            level += 1
            try insert(lastLeaf: index, level: level, hash: hash)
        }
        edge.append((level, hash))
        edgeSize = index + 1
    }

    /// Reads the right edge of a tree of `size` leaves: one row per set bit of the size.
    private func loadEdge(size: Int64) throws {
        forgetEdge()
        var start: Int64 = 0
        for level in stride(from: Int64(63 - size.leadingZeroBitCount), through: 0, by: -1) where (size >> level) & 1 == 1 {
            let end = start + (1 << level)
            edge.append((level, try node(lastLeaf: end - 1, level: level)))
            start = end
        }
        edgeSize = size
    }

    private func insert(lastLeaf: Int64, level: Int64, hash: [UInt8]) throws(SQLiteError) {
        let stmt = insertStatement
        defer { stmt.reset() }
        try stmt.bind(lastLeaf, at: 1)
        try stmt.bind(level, at: 2)
        try stmt.bind(blob: hash, at: 3)
        _ = try stmt.step()
    }

    /// The stored hash of the complete subtree of 2^level leaves ending at `lastLeaf`.
    public func node(lastLeaf: Int64, level: Int64) throws -> [UInt8] {
        let stmt = nodeStatement
        defer { stmt.reset() }
        try stmt.bind(lastLeaf, at: 1)
        try stmt.bind(level, at: 2)
        guard try stmt.step() else { throw MerkleTreeDamaged(lastLeaf: lastLeaf, level: level) }
        let hash = stmt.blob(0)
        guard hash.count == Merkle.hashSize else { throw MerkleTreeDamaged(lastLeaf: lastLeaf, level: level) }
        return hash
    }

    /// The hash of leaves start..<end: one row when it is a complete, aligned subtree, else
    /// folded from the complete subtrees it splits into (RFC 9162's split).
    public func subtree(_ start: Int64, _ end: Int64) throws -> [UInt8] {
        let n = end - start
        precondition(n >= 1)
        if n & (n - 1) == 0 && start % n == 0 {
            return try node(lastLeaf: end - 1, level: Int64(n.trailingZeroBitCount))
        }
        let k = Merkle.split(n)
        return Merkle.nodeHash(try subtree(start, start + k), try subtree(start + k, end))
    }

    /// The number of leaves stored (one per event).
    public func size() throws(SQLiteError) -> Int64 {
        (try db.scalarInt("SELECT max(last_leaf) + 1 FROM merkle_nodes WHERE level = 0")) ?? 0
    }

    /// The root of the tree of the first `size` leaves (the empty tree's root for 0).
    public func root(size: Int64) throws -> [UInt8] {
        size == 0 ? Merkle.emptyRoot : try subtree(0, size)
    }

    public func inclusionProof(index: Int64, size: Int64) throws -> [[UInt8]] {
        try Merkle.inclusionProof(index: index, size: size) { try subtree($0, $1) }
    }

    public func consistencyProof(oldSize: Int64, newSize: Int64) throws -> [[UInt8]] {
        try Merkle.consistencyProof(oldSize: oldSize, newSize: newSize) { try subtree($0, $1) }
    }

    /// Empties the tree (inside the caller's transaction), before a rebuild.
    public static func reset(_ db: Database) throws(SQLiteError) {
        try db.execute("DELETE FROM merkle_nodes")
    }

    /// Recomputes the tree from the leaves `leafHash` gives for every event of the log, in
    /// sequence order, and compares every stored row with it in one ordered scan of each
    /// table. The first difference is the problem; `root` is the recomputed root.
    public static func check(_ db: Database, leafHash: (StoredEvent) throws -> [UInt8],
                             onEvent: (StoredEvent) throws -> Void = { _ in }) throws -> MerkleTreeCheck {
        let nodes = try db.prepare("SELECT last_leaf, level, hash FROM merkle_nodes ORDER BY last_leaf, level")
        var stack: [[UInt8]] = []   // the complete subtrees of the leaves so far, largest first
        var leaves: Int64 = 0
        var problem: String?
        try EventLog.forEach(db) { event in
            try onEvent(event)
            guard problem == nil else { return }
            let index = event.seq - 1
            guard index == leaves else {
                problem = "merkle tree: event \(event.seq) follows event \(leaves) (the log has a gap)"
                return
            }
            var hash = try leafHash(event)
            var level: Int64 = 0
            while true {
                guard try nodes.step() else {
                    problem = "merkle tree: the node of \(1 << level) leaf(s) ending at event \(event.seq) is missing (`docledger repair` rebuilds the tree)"
                    return
                }
                guard nodes.int64(0) == index, nodes.int64(1) == level else {
                    problem = "merkle tree: found a node of level \(nodes.int64(1)) ending at event \(nodes.int64(0) + 1) where the node of level \(level) ending at event \(event.seq) belongs (`docledger repair` rebuilds the tree)"
                    return
                }
                guard nodes.blob(2) == hash else {
                    problem = level == 0
                        ? "merkle tree: the leaf of event \(event.seq) is not the hash of its line (the event or the tree was altered)"
                        : "merkle tree: the node of \(1 << level) leaves ending at event \(event.seq) is not the hash of the nodes below it (the tree was altered; `docledger repair` rebuilds it)"
                    return
                }
                guard (index >> level) & 1 == 1 else { break }
                hash = Merkle.nodeHash(stack.removeLast(), hash)
                level += 1
            }
            stack.append(hash)
            leaves += 1
        }
        if problem == nil, try nodes.step() {
            problem = "merkle tree: it holds nodes past the log's \(leaves) events (`docledger repair` rebuilds it)"
        }
        var root = stack.last ?? Merkle.emptyRoot
        for left in stack.dropLast().reversed() { root = Merkle.nodeHash(left, root) }
        return MerkleTreeCheck(leaves: leaves, root: root, problem: problem)
    }

    /// Fills an empty tree with every event's leaf, in sequence order.
    public static func rebuild(_ db: Database, leafHash: (StoredEvent) throws -> [UInt8]) throws {
        try reset(db)
        let tree = try MerkleTree(db: db)
        try EventLog.forEach(db) { event in
            try tree.append(leafHash: try leafHash(event), index: event.seq - 1)
        }
    }
}

/// What `MerkleTree.check` found.
public struct MerkleTreeCheck: Sendable {
    public let leaves: Int64
    /// The root recomputed from the events.
    public let root: [UInt8]
    /// The first difference between the stored tree and the recomputed one; nil when equal.
    public let problem: String?
}

/// A node the tree should hold and does not (or holds damaged): the tree needs `repair`.
public struct MerkleTreeDamaged: Error, CustomStringConvertible {
    public let lastLeaf: Int64
    public let level: Int64
    public var description: String {
        "the ledger's Merkle tree lacks the node of \(1 << level) leaf(s) ending at event \(lastLeaf + 1); run `docledger verify`, then `docledger repair`"
    }
}
