public import Transparency
import LedgerJSON

/// The stored Merkle tree over the log (`merkle_nodes`): the hash of every complete subtree of
/// 16 leaves or more, keyed by its last leaf and its level; smaller subtrees are hashed from
/// their events when needed. Appends run inside the caller's write transaction (a rolled
/// back append leaves no node). Between appends of one transaction the tree's right edge (the
/// complete subtrees an append may merge with, at most log2(n)) is kept in memory, so an
/// append reads nothing; the caller forgets it (`forgetEdge`) when a write transaction begins
/// and when a savepoint is undone, and an append at a size other than the edge's reloads it.
public final class MerkleTree {
    /// The smallest subtree stored: 2^storedLevel leaves. The smaller ones are hashed again from
    /// their events when a proof or the tree's right edge needs them (at most 2^storedLevel − 1
    /// events). Storing every leaf and every subtree cost an import 17–20% (two B-tree inserts an
    /// event); from 16 leaves up it is one row every eight events.
    public static let storedLevel: Int64 = 4

    public let db: Database
    private let insertStatement: Statement
    private let nodeStatement: Statement
    private let eventsStatement: Statement
    /// Reused for every line hashed (0x00 ‖ the export line).
    private var lineScratch: [UInt8] = []

    public init(db: Database) throws(SQLiteError) {
        self.db = db
        insertStatement = try db.prepare("INSERT INTO merkle_nodes (last_leaf, level, hash) VALUES (?, ?, ?)")
        nodeStatement = try db.prepare("SELECT hash FROM merkle_nodes WHERE last_leaf = ? AND level = ?")
        eventsStatement = try db.prepare("SELECT \(StoredEvent.columns) FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq")
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

    /// Adds the leaf of `event` (the number of leaves before it is its seq − 1).
    public func append(_ event: StoredEvent) throws {
        try append(leafHash: event.leafHash(scratch: &lineScratch), index: event.seq - 1)
    }

    /// Adds leaf `index` (the number of leaves before it) and stores the subtrees of 16 leaves
    /// or more it completes: one row every eight events on average, at most log2(n) − 3, and
    /// no lookup once the edge is loaded.
    public func append(leafHash: [UInt8], index: Int64) throws {
        if edgeSize != index { try loadEdge(size: index) }
        var hash = leafHash
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
            if level >= Self.storedLevel { try insert(lastLeaf: index, level: level, hash: hash) }
        }
        edge.append((level, hash))
        edgeSize = index + 1
    }

    /// Reads the right edge of a tree of `size` leaves: one subtree per set bit of the size.
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

    /// The hash of the complete subtree of 2^level leaves ending at `lastLeaf`: its row, or
    /// below the stored level, hashed from its events.
    public func node(lastLeaf: Int64, level: Int64) throws -> [UInt8] {
        guard level >= Self.storedLevel else {
            let first = lastLeaf - (1 << level) + 1
            return Merkle.root(leafHashes: try leafHashes(first...lastLeaf)[...])
        }
        let stmt = nodeStatement
        defer { stmt.reset() }
        try stmt.bind(lastLeaf, at: 1)
        try stmt.bind(level, at: 2)
        guard try stmt.step() else { throw MerkleTreeDamaged(lastLeaf: lastLeaf, level: level) }
        let hash = stmt.blob(0)
        guard hash.count == Merkle.hashSize else { throw MerkleTreeDamaged(lastLeaf: lastLeaf, level: level) }
        return hash
    }

    /// The leaf hashes of leaves `range` (0-based), from their events' lines.
    private func leafHashes(_ range: ClosedRange<Int64>) throws -> [[UInt8]] {
        let stmt = eventsStatement
        defer { stmt.reset() }
        try stmt.bind(range.lowerBound + 1, at: 1)
        try stmt.bind(range.upperBound + 1, at: 2)
        var hashes: [[UInt8]] = []
        while try stmt.step() {
            let event = StoredEvent(row: stmt)
            guard event.seq == range.lowerBound + 1 + Int64(hashes.count) else { break }
            hashes.append(event.leafHash(scratch: &lineScratch))
        }
        guard hashes.count == range.count else {
            throw MerkleTreeDamaged(lastLeaf: range.upperBound, level: Int64(range.count.trailingZeroBitCount), missingEvent: range.lowerBound + 1 + Int64(hashes.count))
        }
        return hashes
    }

    /// The hash of leaves start..<end: hashed from their events when fewer than 16, one row
    /// when a complete, aligned subtree, else folded from the subtrees it splits into (RFC
    /// 9162's split).
    public func subtree(_ start: Int64, _ end: Int64) throws -> [UInt8] {
        let n = end - start
        precondition(n >= 1)
        if n < 1 << Self.storedLevel { return Merkle.root(leafHashes: try leafHashes(start...(end - 1))[...]) }
        if n & (n - 1) == 0 && start % n == 0 {
            return try node(lastLeaf: end - 1, level: Int64(n.trailingZeroBitCount))
        }
        let k = Merkle.split(n)
        return Merkle.nodeHash(try subtree(start, start + k), try subtree(start + k, end))
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

    /// Recomputes the tree from every event's line, in sequence order, and compares every
    /// stored row with it in one ordered scan of each table. The first difference is the
    /// problem; `root` is the recomputed root.
    public static func check(_ db: Database, onEvent: (StoredEvent) throws -> Void = { _ in }) throws -> MerkleTreeCheck {
        let nodes = try db.prepare("SELECT last_leaf, level, hash FROM merkle_nodes ORDER BY last_leaf, level")
        var stack: [[UInt8]] = []   // the complete subtrees of the leaves so far, largest first
        var leaves: Int64 = 0
        var problem: String?
        var scratch: [UInt8] = []
        try EventLog.forEach(db) { event in
            try onEvent(event)
            guard problem == nil else { return }
            let index = event.seq - 1
            guard index == leaves else {
                problem = "merkle tree: event \(event.seq) follows event \(leaves) (the log has a gap)"
                return
            }
            var hash = event.leafHash(scratch: &scratch)
            var level: Int64 = 0
            while (index >> level) & 1 == 1 {
                hash = Merkle.nodeHash(stack.removeLast(), hash)
                level += 1
                guard level >= storedLevel else { continue }
                let first = index + 1 - (1 << level) + 1
                guard try nodes.step() else {
                    problem = "merkle tree: the node of events \(first)…\(event.seq) is missing (`docledger repair` rebuilds the tree)"
                    return
                }
                guard nodes.int64(0) == index, nodes.int64(1) == level else {
                    problem = "merkle tree: found a node of \(1 << nodes.int64(1)) leaves ending at event \(nodes.int64(0) + 1) where the node of events \(first)…\(event.seq) belongs (`docledger repair` rebuilds the tree)"
                    return
                }
                guard nodes.blob(2) == hash else {
                    problem = "merkle tree: the node of events \(first)…\(event.seq) is not the hash of their lines (an event among them or the tree was altered; if the chain is intact, `docledger repair` rebuilds the tree)"
                    return
                }
            }
            stack.append(hash)
            leaves += 1
        }
        if problem == nil, try nodes.step() {
            problem = "merkle tree: it holds a node past the log's \(leaves) events, ending at event \(nodes.int64(0) + 1) (`docledger repair` rebuilds it)"
        }
        var root = stack.last ?? Merkle.emptyRoot
        for left in stack.dropLast().reversed() { root = Merkle.nodeHash(left, root) }
        return MerkleTreeCheck(leaves: leaves, root: root, problem: problem)
    }

    /// Fills an empty tree from every event's line, in sequence order; returns the leaves.
    @discardableResult
    public static func rebuild(_ db: Database) throws -> Int64 {
        try reset(db)
        let tree = try MerkleTree(db: db)
        var leaves: Int64 = 0
        try EventLog.forEach(db) { event in
            try tree.append(event)
            leaves += 1
        }
        return leaves
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

/// A node the tree should hold and does not (or holds damaged), or an event missing under a
/// subtree hashed from its events: the tree needs `repair`, or the log is damaged.
public struct MerkleTreeDamaged: Error, CustomStringConvertible {
    public let lastLeaf: Int64
    public let level: Int64
    /// The event (seq) a subtree below the stored level needed and the log lacks.
    public var missingEvent: Int64? = nil

    public var description: String {
        if let missingEvent {
            return "the ledger's log lacks event \(missingEvent), under the Merkle tree's subtree ending at event \(lastLeaf + 1); run `docledger verify`"
        }
        return "the ledger's Merkle tree lacks the node of \(1 << level) leaf(s) ending at event \(lastLeaf + 1); run `docledger verify`, then `docledger repair`"
    }
}

extension StoredEvent {
    /// The event as one JSON line, as `docledger export` prints it: id, type, stream, data,
    /// recorded_at, actor. Appending it to an empty ledger gives the same event; the Merkle
    /// tree's leaf is its hash.
    public var exportLine: String {
        var bytes: [UInt8] = []
        appendExportLine(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the export line's bytes to `out`, written once into it (no intermediate strings:
    /// the tree hashes the line of every event appended).
    public func appendExportLine(to out: inout [UInt8]) {
        out.reserveCapacity(out.count + data.utf8.count + id.utf8.count + stream.utf8.count + type.utf8.count + actor.utf8.count + 90)
        out.append(contentsOf: #"{"id":"#.utf8)
        appendCanonicalJSONString(id, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        appendCanonicalJSONString(type, to: &out)
        out.append(contentsOf: #","stream":"#.utf8)
        appendCanonicalJSONString(stream, to: &out)
        out.append(contentsOf: #","data":"#.utf8)
        out.append(contentsOf: data.utf8)
        out.append(contentsOf: #","recorded_at":"#.utf8)
        appendCanonicalJSONString(recordedAt, to: &out)
        out.append(contentsOf: #","actor":"#.utf8)
        appendCanonicalJSONString(actor, to: &out)
        out.append(0x7D)
    }

    /// Its leaf in the Merkle tree: SHA-256(0x00 ‖ its export line).
    public var leafHash: [UInt8] {
        var scratch: [UInt8] = []
        return leafHash(scratch: &scratch)
    }

    /// The leaf hash, with `scratch` (emptied first) holding 0x00 ‖ the line: a caller hashing
    /// many events reuses one buffer.
    public func leafHash(scratch: inout [UInt8]) -> [UInt8] {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(0x00)
        appendExportLine(to: &scratch)
        return Merkle.hash(scratch)
    }
}
